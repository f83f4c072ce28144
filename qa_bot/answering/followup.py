"""Follow-up questions: does a question stand alone, and if not, what does it mean?

Rules over the text, measured on CANARD dev (docs/EVALUATION.md), no model:

- a question with a referring pronoun or possessive ("he", "its", "their", "that character",
  "the film") gets the referent of the conversation in its place (the first one only, so
  "Where did he live during his childhood?" reads "Where did Adolf Hitler live during his
  childhood?");
- a fragment ("And his mother?", "To the south?", "What about in 2012?") is put into the
  previous question in place of the part it replaces, or appended to it;
- a bare "Why?" / "When?" asks the previous question again with that question word;
- a question that leaves its subject out ("What happened in 1987?", "Any siblings?") takes the
  topic (``qa_bot.answering.implicit``).

Who a pronoun means (``qa_bot.answering.referents``): "it"/"he"/"she" is the short name a
"which city"/"which officer"/"who" question was just answered with (and stays so while later
questions name it), else for "he"/"she" the topic (the title of the article the last answer
came from) when that article is about a person, else the person the last answer names; "it" is
the name in the last question, else the topic; "they" is the topic. A question with none of these
stands alone and is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa_bot.answering.authorship import author_question
from qa_bot.answering.bound_pronoun import DUMMY_IT, bound
from qa_bot.answering.fragments import PREPOSITION, ask_again, merge_fragment
from qa_bot.answering.gender import gender_of, same_sex
from qa_bot.answering.how_many import BARE_HOW_MANY, how_many_of
from qa_bot.answering.implicit import implicit_subject, with_subject
from qa_bot.answering.names import names
from qa_bot.answering.published import date_question
from qa_bot.answering.referents import (
    ARTICLE,
    Turn,
    answered_name,
    companion,
    people,
    referent,
    topic_of,
)
from qa_bot.answering.role_named import role_named
from qa_bot.answering.which_named import which_named

__all__ = ["Turn", "names", "needs_context", "referent", "resolve"]


PERSON = {"he": "", "she": "", "him": "", "his": "'s", "hers": "'s", "her": ""}
THING = {"it": "", "its": "'s", "they": "", "them": "", "their": "'s", "theirs": "'s"}
_NOUNS = (
    "film|movie|book|novel|album|song|single|band|group|company|city|country|team|show|series|"
    "character|game|play|church|university|school|war|battle|empire|river|building|party|"
    "organization|organisation|state|town|region|island|ship|episode|player|person|man|"
    "woman|author|singer|artist|president|king|queen|family|couple|pair|club"
)
_DEMONSTRATIVE = re.compile(
    rf"\b(?:that|this|the)\s+(?:{_NOUNS})\b(?:'s)?"
    r"(?-i:(?!,?\s+[A-Z0-9\"“]|\s+of\s+(?:the\s+)?[A-Z]))",  # "the University of Chicago"
    re.IGNORECASE,
)
HEADLINE_WORDS = 6  # a title longer than this is a headline (a story), not a name
_GROUP_NOUNS = {"band", "group", "team", "club", "company", "party", "family", "couple", "pair"}
# Words that lean on what was said before ("What happened next?", "Who else played?").
_ANCHORLESS = re.compile(
    r"\b(?:next|then|else|afterwards?|"
    # "another success" leans on one said before; "another name for X" does not
    r"another(?!\s+(?:name|term|word|example|way|type|form|kind|problem)\b)(?!\s+\w+\s+(?:for|of)\b)|"
    r"after that|before that|at the time|at that time|"
    r"this time|that time|the same|later|earlier|any other|other than that)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\b(he|she|him|his|hers|her|it|its|they|them|their|theirs)\b", re.I)
_FRAGMENT_LEAD = re.compile(r"^(?:and|what about|how about|also|but|so|then)\b[\s,]*", re.I)
_PREPOSITIONAL_QUESTION = re.compile(
    rf"{PREPOSITION.pattern}\s+(?:what|which|whom|whose|when|where|how)\b(?:\s+[\w'-]+){{0,3}}?"
    r"\s+(?:is|was|are|were|do|does|did|has|have|had|can|could|will|would|should)\b",
    re.I,
)
_WH = re.compile(r"^(?:why|when|where|how|who|what|which|how come|since when|how long)\??$", re.I)
_QUESTION_START = re.compile(
    r"^(?:who|whom|whose|what|which|when|where|why|how|is|are|was|were|do|does|did|can|could|"
    r"will|would|should|has|have|had|may|might|must|shall|name|list|tell|give|describe|explain)\b",
    re.I,
)


def needs_context(question: str) -> bool:
    """True when the question cannot be understood without the conversation."""
    text = question.strip()
    if _WH.match(text) or _is_fragment(text) or BARE_HOW_MANY.match(text):
        return True
    if _referring(text) is not None or _anchorless(text):
        return True
    return implicit_subject(text) and not names(text)


def _anchorless(text: str) -> bool:
    """A question with no name of its own that leans on earlier turns."""
    return bool(_ANCHORLESS.search(text)) and not names(text)


def _is_fragment(text: str) -> bool:
    if _FRAGMENT_LEAD.match(text) and len(text.split()) <= 8:
        return True
    if _PREPOSITIONAL_QUESTION.match(text):  # "Until when did it last?", "On what railroad …"
        return False
    return bool(PREPOSITION.match(text)) and len(text.split()) <= 6


def _referring(text: str) -> re.Match[str] | None:
    """The first referring pronoun or demonstrative noun phrase, skipping a dummy "it"."""
    dummy = {m.start() for m in re.finditer(r"\bit\b", text, re.I) if DUMMY_IT.search(text)}
    found = [m for m in _PRONOUN.finditer(text) if m.start() not in dummy and not bound(text, m)]
    found += list(_DEMONSTRATIVE.finditer(text))
    return min(found, key=lambda m: m.start()) if found else None


def resolve(question: str, turns: Sequence[Turn]) -> str | None:
    """The question rewritten to stand alone, or None when it stands alone (or cannot be)."""
    text = " ".join(question.split())
    if not turns or not needs_context(text):
        return role_named(text, turns) if turns else None  # "the striker" just answered
    again = _WH_ELSE.match(text)
    else_again = _else_again(again.group(1), turns[-1].question) if again else None
    if else_again is not None:  # "Who discovered oxygen?" "Who else?": for someone else
        return else_again
    counted = how_many_of(text, turns[-1])  # "Which district had the most …?" "How many?"
    if counted is not None:
        return counted
    if _WH.match(text):
        return ask_again(text.rstrip("?").lower(), turns[-1])
    fragment = _FRAGMENT_LEAD.sub("", text).strip()
    is_fragment = _is_fragment(text) and not _QUESTION_START.match(fragment)
    if is_fragment:
        fragment = _replace_pronoun(fragment, turns) if _owner(fragment) else fragment
        resolved = _replace_pronoun(merge_fragment(fragment, turns[-1].question), turns)
    else:
        grouped = _of_them(text, turns[-1]) or _article_meant(text, turns)
        grouped = grouped or which_named(text, turns)
        resolved = grouped or _second_pronoun(_replace_pronoun(text, turns), text, turns)
    topic, kind = topic_of(turns)
    encyclopedic = topic is not None and len(topic.split()) <= HEADLINE_WORDS  # not a headline
    if resolved == text and encyclopedic and implicit_subject(text) and not names(text):
        resolved = with_subject(text, topic or "", kind) or text
    if resolved == text and _anchorless(text):
        topic = referent(turns, "group")
        resolved = _with_topic(text, topic) if topic else text
    return resolved if resolved != text else None


def _article_meant(text: str, turns: Sequence[Turn]) -> str | None:
    """The article the talk is about, for "When was it published?" or "Who wrote it?".

    Not when "it" has a referent of its own: a thing just answered ("Which novel …?"
    "Hamlet.") or named in the last question ("Who wrote Hamlet?"), other than the topic and
    the people the conversation named ("What is Priya Raman's job?" … "When was it published?").
    """
    match = re.search(r"\bit\b", text, re.IGNORECASE)
    if match is None:
        return None
    said = (ARTICLE.search(turn.question) for turn in reversed(turns))
    piece = next((found.group(1).lower() for found in said if found), "article")
    candidate = f"{text[: match.start()]}the {piece}{text[match.end() :]}"
    if not (author_question(candidate) or date_question(candidate)):
        return None
    if answered_name(turns, person=False) is not None:
        return None
    topic, _ = topic_of(turns)
    known = people(turns) | {topic or ""}
    named = [n for n in names(turns[-1].question) if not any(n in k or k in n for k in known if k)]
    return None if named else candidate


_WH_ELSE = re.compile(r"^(?:and\s+)?(who|what|where|which)\s+else\s*\??$", re.IGNORECASE)


def _else_again(wh: str, last: str) -> str | None:
    """The last question with "else" after its question word, if it opens with that word."""
    opening = re.match(rf"^{wh}\b(\s+else\b)?", last, re.IGNORECASE)
    if opening is None:
        return None
    if opening.group(1):
        return last
    return f"{last[: opening.end()]} else{last[opening.end() :]}"


_OF_THEM = re.compile(r"\b(?:of|among)\s+(them)\b", re.IGNORECASE)
_COUNTED = re.compile(r"\bhow\s+many\s+([a-z][\w-]*s)\b", re.IGNORECASE)
_ASKED_FOR = re.compile(r"^(?:what|which)\s+([a-z][\w-]*s)\s", re.IGNORECASE)


def _of_them(text: str, last: Turn) -> str | None:
    """What "Which of them …?" asks about: the things the last question counted or asked for.

    "How many kids had Robert Rodriguez raised?" … "Which of them composed the score?" reads
    "Which of Robert Rodriguez's kids composed the score?"; after an answer that lists names
    ("Rogue, Rebel and Racer") "them" is those names. None when neither says what "them" is.
    """
    match = _OF_THEM.search(text)
    if match is None:
        return None
    counted = _COUNTED.search(last.question) or _ASKED_FOR.match(last.question)
    if counted:
        noun = counted.group(1)
        owners = [re.sub(r"['’]s$", "", n) for n in names(last.question) if n != noun]
        group = f"{owners[0]}'s {noun}" if owners else f"the {noun}"
    elif last.answer and re.search(r",|\band\b", last.answer) and names(last.answer):
        group = last.answer.strip().rstrip(".")
    else:
        return None
    return text[: match.start(1)] + group + text[match.end(1) :]


def _replace_pronoun(text: str, turns: Sequence[Turn]) -> str:
    match = _referring(text)
    if match is None:
        return text
    word = match.group(0).lower()
    kind = _kind_of(word)
    who = same_sex(
        referent(turns, kind, pronoun=" " not in word, subject=word in {"he", "she"}), kind, turns
    )
    # A name before "his" is its owner ("Did Luther change his mind?"); an object pronoun
    # is someone else ("Does Xander like her?").
    owned = word in {"his", "its", "their"} and names(text[: match.start()])
    if who is None or owned or _mentioned(who, text):
        return text
    if " " in word and _group_under_headline(word, turns):
        return text
    if " " in word:  # "the album": the topic's album when the topic is who made it
        return text[: match.start()] + _described(word, who, turns) + text[match.end() :]
    possessive = word.endswith("'s") or PERSON.get(word) == "'s" or THING.get(word) == "'s"
    if word == "her" and _possessive_her(text, match.end()):
        possessive = True
    possession = _OWNED_NOUN.match(text, match.end()) if word in {"its", "their"} else None
    if possession:  # "What was its capital?" -> "What was the capital of Yuan dynasty?"
        noun = possession.group(1)
        return f"{text[: match.start()]}the {noun} of {who}{text[possession.end() :]}"
    replacement = f"{who}'s" if possessive else who
    return text[: match.start()] + replacement + text[match.end() :]


# A thing's one-word possession that ends the question or its clause ("its capital?"): read as
# "the capital of X", the form the reader was trained on ("X's capital" gave "Great Yuan").
_OWNED_NOUN = re.compile(
    r"\s+([a-z][\w-]*)(?=\s*[?.!,]|\s*$|\s+(?:in|on|at|for|with|from|by|during|after|before|"
    r"when|and|or)\b)"
)


def _second_pronoun(resolved: str, asked: str, turns: Sequence[Turn]) -> str:
    """After "he" became Napoleon, "it" in "When did he establish it?" is what he established."""
    first = _referring(asked)
    if resolved == asked or first is None or " " in first.group(0):
        return resolved
    used = resolved[first.start() :].removesuffix(asked[first.end() :]).removesuffix("'s")
    second = _referring(resolved[first.start() + len(used) :])
    if second is None or " " in second.group(0):
        return resolved
    word = second.group(0).lower()
    tail = resolved[first.start() + len(used) :]
    other_person = word == "him" or word == "her" and not _possessive_her(tail, second.end())
    same_kind = _is_person(_kind_of(word)) == _is_person(_kind_of(first.group(0).lower()))
    if same_kind and not (other_person and first.group(0).lower() in {"he", "she"}):
        return resolved  # "Where did he live during his childhood?": the same one
    other = companion(turns, used)
    if other is None or _mentioned(other, resolved) or word == "it" and gender_of(other):
        return resolved  # "it" is not "Helen Cartwright"
    start = first.start() + len(used) + second.start()
    possessive = word in {"its", "his", "their"}
    replacement = f"{other}'s" if possessive else other
    return resolved[:start] + replacement + resolved[start + len(second.group(0)) :]


def _is_person(kind: str) -> bool:
    return kind in {"male", "female", "person"}


def _group_under_headline(phrase: str, turns: Sequence[Turn]) -> bool:
    """True for "the family" or "the band" when the topic is a news headline, not a name.

    A headline names a story, not a family: in a story about a film, "Where is the family
    based?" stays as asked rather than become "Where is We Can Be Heroes based?".
    """
    topic, _ = topic_of(turns)
    noun = phrase.split()[-1].removesuffix("'s").lower()
    return noun in _GROUP_NOUNS and topic is not None and len(topic.split()) > HEADLINE_WORDS


def _described(phrase: str, who: str, turns: Sequence[Turn]) -> str:
    """What "the album" / "the band" stands for: "King Crimson's album" or "King Crimson"."""
    noun = phrase.split()[-1].removesuffix("'s")
    topic, kind = topic_of(turns)
    own = noun in _GROUP_NOUNS and kind == "group" or _is_person_noun(noun) and kind != "group"
    if topic == who and kind in {"male", "female", "group"} and not own:
        return f"{who}'s {noun}"
    return f"{who}'s" if phrase.endswith("'s") else who


def _kind_of(word: str) -> str:
    """What a referring word points at: "male", "female", "person", "group" or "thing"."""
    if word in {"he", "him", "his"}:
        return "male"
    if word in {"she", "her", "hers"}:
        return "female"
    if word in {"they", "them", "their", "theirs"}:
        return "group"
    return "person" if _is_person_noun(word) else "thing"


def _with_topic(text: str, topic: str) -> str:
    """``text`` about ``topic``: "What happened next?" -> "What happened next in Frank Zappa?"."""
    body = text.rstrip(" ?")
    return f"{body} in {topic}?"


def _mentioned(name: str, text: str) -> bool:
    """True when a word of the name (not a short or common one) is already in the text."""
    words = set(re.findall(r"[\w'-]+", text.lower()))
    common = {"the", "and", "of", "for", "with", "from", "its", "his", "her", "their"}
    return any(
        w.lower() in words
        for w in re.findall(r"[\w'-]+", name)
        if len(w) > 2 and w[:1].isupper() and w.lower() not in common
    )


def _is_person_noun(phrase: str) -> bool:
    return bool(re.search(r"\b(?:character|person|man|woman|author|singer|player|king)\b", phrase))


def _possessive_her(text: str, end: int) -> bool:
    rest = text[end:].lstrip()
    following = re.match(r"[A-Za-z]+", rest)
    if following is None:
        return False
    return following.group(0).lower() not in {
        "to", "in", "on", "at", "for", "with", "from", "by", "and", "or", "the", "a", "an",
        "as", "about", "after", "before", "that", "when", "if", "first", "up", "out", "off",
    }  # fmt: skip


def _owner(fragment: str) -> bool:
    return bool(re.match(r"^(?:his|her|its|their)\s", fragment, re.I))
