"""Who or what a follow-up's pronoun means: names in text, and the referent by the topic's kind.

The topic of a conversation is the title of the article its last answers came from. What the
topic *is* (a man, a woman, a group, a thing) is read from the article's own pronouns: an
article about a man says "he"/"his" far more than "she"; one about a band says "they"/"the
band"; one about a film or a city says "it". That kind decides whether "he" is the topic or the
last man named in the conversation ("Who directed We Can Be Heroes?" … "Robert Rodriguez" …
"How many kids had he raised?").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa_bot.answering.authorship import author_question
from qa_bot.answering.cues import FOCUS_TURNS as _FOCUS_TURNS
from qa_bot.answering.cues import asks_person, cued_names, cued_person
from qa_bot.answering.focus_names import earlier_name, headline_person, last_person, not_topic
from qa_bot.answering.names import is_organisation, names
from qa_bot.answering.published import date_question
from qa_bot.answering.thing_subject import is_calendar, subject_name
from qa_bot.answering.topic_kind import GROUP_WORDS


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation."""

    question: str  # as understood (the rewrite, or the question as asked)
    answer: str | None  # the answer span, None when declined
    topic: str | None = None  # title of the article the answer came from
    topic_kind: str | None = None  # "male", "female", "group" or "thing" (topic_kind()); None
    sentence: str | None = None  # the sentence the answer stands in (None: not known)


def referent(
    turns: Sequence[Turn], kind: str, *, pronoun: bool = True, subject: bool = False
) -> str | None:
    """Who ("male", "female", "person"), what ("thing") or which group the last turns are about.

    ``pronoun`` False for a noun phrase ("the university"): a name just answered is its
    referent only when a "who" question named it. ``subject`` True for "he"/"she": after
    "Whom did Tamara marry?", "she" is Tamara, not the man answered.
    """
    if not turns:
        return None
    last = turns[-1]
    if subject and kind in {"male", "female", "person"} and _short_name(last.answer):
        asker = _OBJECT_QUESTION.match(last.question)  # not "Who did Castlebridge City sack?"
        found = [n for n in names(asker.group(1)) if not is_organisation(n)] if asker else []
        if found:
            return found[0]
    described = _WHO_IS_THE.match(last.question) if last.answer is None and pronoun else None
    if described and kind in {"male", "female", "person"}:
        return described.group(1)  # "Who is the lead author …?" (not found) "What does she …?"
    in_question = [n for n in names(last.question) if any(c.isalpha() for c in n)]  # not 10-12
    # "When was the article published?" "Who wrote it?": the article.
    article = ARTICLE.search(last.question) if kind == "thing" else None
    if article and (author_question(last.question) or date_question(last.question)):
        return f"the {article.group(1).lower()}"
    known_people: set[str] = set()
    if kind == "thing":  # "it" is not a person the conversation has said is one ("son Rebel")
        known_people = cued_names(turns[-_FOCUS_TURNS:], ("male", "female")) | people(turns)
        in_question = [n for n in in_question if re.sub(r"['’]s$", "", n) not in known_people]
        in_question = [n for n in in_question if not is_calendar(n)]  # "Monday" is no "it"
    topic_turn = next((turn for turn in reversed(turns) if turn.topic), None)
    topic = topic_turn.topic if topic_turn else None
    known = topic_turn.topic_kind if topic_turn else None
    if kind in {"male", "female", "person"}:
        # "Who discovered oxygen?" "Priestley." "Was he …"
        # "How old is his son Rebel?" … "What did he do?": the man the last question asks about
        cued = cued_person(turns, kind) if pronoun else None
        if cued and not (topic and set(cued.split()) & set(topic.split())):  # not "Queen Rania"
            return cued
        answered = answered_name(turns, person=True) if pronoun else _who_answer(turns[-1:])
        opposite = {"male": ("female",), "female": ("male",)}.get(kind, ())
        if answered and not any(answered in n for n in cued_names(turns[-_FOCUS_TURNS:], opposite)):
            return answered  # not "she" for "my uncle Kofi"
        if (
            topic
            and known is not None
            and (known == kind or kind == "person" and known in {"male", "female"})
        ):
            return topic if len(topic.split()) <= 6 else headline_person(topic)
        if known is not None and topic:
            named = last_person(turns, topic)
            if named:
                return named
        if topic and {kind, known} == {"male", "female"}:  # "he" in a story about a woman
            return earlier_name(turns, {headline_person(topic) or topic}, person=True)
        not_a_person = topic is not None and (
            len(topic.split()) > 6 or bool(GROUP_WORDS.search(topic))
        )
        if known in {"group", "thing"} and not_a_person:
            return None  # "he" is not the band, nor the film a headline names
        if topic is None and _WHO_DID.match(last.question):
            return None  # "Who wrote the Ninety-five Theses?" (not answered) "When was he born?"
    if kind == "group" and pronoun:
        listed = _listed_who_answer(last)  # "Who wrote it?" "Ana Ferreira and Tom Walsh." "they"
        if listed:
            return listed
    counted = _COUNTED_THINGS.match(last.question) if kind == "group" and pronoun else None
    if counted and not names(last.question):  # "How many boats sank?" "Who owns them?"
        return f"the {counted.group(1).lower()}"
    plural = _ABOUT_PLURAL.search(last.question) if kind == "group" and pronoun else None
    if plural:  # "What did she say about the delays?" "What caused them?"
        return f"the {plural.group(1)}"
    owned = _OWNED_PLURAL.search(last.question) if kind == "group" and pronoun else None
    if owned:  # "How old are Josefina Magbanua's daughters?" "What did they cling to?"
        return owned.group(1)
    if kind == "group" and topic and len(topic.split()) > 6:
        return None  # in a news story "they" is rarely a name: as asked, within the story
    if kind == "thing" and pronoun and last.answer is None and asks_person(last.question) is False:
        return None  # "Which service did they move?" (not answered) "What happened to it?"
    if kind == "thing" and pronoun:
        answered = answered_name(turns, person=False)  # "Which city …?" "Fresno." "When did it …"
        if answered:
            return answered
    bodies = [n for n in in_question if is_organisation(n)] if kind == "thing" and pronoun else []
    if bodies and asks_person(last.question):  # "Who chairs the Supporters' Trust?" "… it …"
        return max(bodies, key=len)
    storied = topic is not None and len(topic.split()) > 6  # a story's, not an encyclopedia's
    named_it = _subject_of(turns) if kind == "thing" and pronoun and storied else None
    if named_it:  # "How many acres has the Granite Ridge Fire in Colorado burned?" "… of it …"
        return named_it
    the_thing = _subject_phrase(last) if kind == "thing" and pronoun and in_question else None
    if the_thing and any(name in the_thing for name in in_question):
        return the_thing  # "How much did the Patagonian ice core project cost?" "Who paid for it?"
    if kind == "thing" and topic and len(topic.split()) > 6 and known not in {"male", "female"}:
        named_subject = _subject_phrase(
            last
        )  # "When did the storm hit Lisbon?" "What did it damage?"
        if named_subject:
            return named_subject
        # A news headline: "it" is what the last question and the headline both name ("Who
        # plays Missy in We Can Be Heroes?" … "Is it streaming?"), not the character.
        who = headline_person(topic) or "\0"
        shared = [n for n in in_question if n.lower() in topic.lower() and n not in who]
        if shared:
            return max(shared, key=len)
    if kind == "thing" and known != "thing":
        other = not_topic(in_question, topic)
        if other:
            return other
        if in_question and known not in {"male", "female"}:  # not the person it is about
            if topic and len(topic.split()) <= 6 and in_question[0] in topic:
                return topic
            return in_question[0]
    if topic and len(topic.split()) <= 6:
        return topic  # an encyclopedia-like title names what the article is about
    full_names = [n for n in in_question if len(n.split()) > 1]
    if kind in {"male", "female", "person"} and full_names:
        return full_names[0]
    phrase = _SUBJECT_PHRASE.match(last.question)  # "When did the fish market open?"
    if kind == "thing" and phrase and topic and len(topic.split()) > 6:
        return phrase.group(1)  # a news story: "it" is that, not a name of the headline
    # A headline: its first name, but not a lone word that is capitalised only because it
    # opens the headline ("Storm floods Lisbon harbour as …": "it" is not "Storm").
    # "He" is a person's full name there ("Carlos Moedas"), not "Lisbon"; "it" is no person.
    person = kind in {"male", "female", "person"}
    of_person = known in {"male", "female"} or not person
    about = headline_person(topic) if topic and of_person else None
    earlier = earlier_name(turns, known_people | {about or ""}, person=False)
    if earlier and not person and topic and len(topic.split()) > 6:
        return earlier  # "Where was Peel?" … "Who lent her the money?" … "Why did it close?"
    headline = [
        name
        for name in (names(topic) if topic else [])
        if (" " in name or not person and not (topic or "").startswith(name))
        and name not in known_people
        and (person or about is None or about not in name)  # "it" is not the woman it is about
    ]
    return next(iter(headline or in_question), None)


def _subject_of(turns: Sequence[Turn]) -> str | None:
    """The thing the last question that names one has for its subject (``thing_subject``)."""
    for turn in reversed(turns[-_FOCUS_TURNS:]):
        found = [n for n in names(turn.question) if not is_calendar(n)]
        if found:
            return subject_name(turn.question, found)
    return None


def people(turns: Sequence[Turn]) -> set[str]:
    """Names the last turns gave as the answer to a "who" question: people, never an "it"."""
    recent = turns[-_FOCUS_TURNS:]
    found = {_short_name(turn.answer) for turn in recent if asks_person(turn.question)}
    return {name for name in found if name}


def _listed_who_answer(turn: Turn) -> str | None:
    """The names a "who" question was answered with when there are several ("A and B")."""
    if not turn.answer or asks_person(turn.question) is not True:
        return None
    answer = turn.answer.strip().rstrip(".")
    parts = [part.strip() for part in re.split(r",|\band\b|&", answer) if part.strip()]
    if len(parts) < 2 or not all(names(part) == [part] for part in parts):
        return None
    return answer


def topic_of(turns: Sequence[Turn]) -> tuple[str | None, str | None]:
    """The conversation's topic (the last article title) and its kind."""
    turn = next((turn for turn in reversed(turns) if turn.topic), None)
    return (turn.topic, turn.topic_kind) if turn else (None, None)


def _who_answer(turns: Sequence[Turn]) -> str | None:
    """The short name a "who" question was last answered with."""
    for turn in reversed(turns):
        if turn.answer and turn.question.lower().startswith("who"):
            short = turn.answer.strip().rstrip(".")
            if 0 < len(short.split()) <= 5 and names(short) == [short]:
                return short
    return None


def companion(turns: Sequence[Turn], used: str) -> str | None:
    """A second referent beside ``used``: the other name of the exchange that named ``used``.

    "Who established the Confederation of the Rhine?" "Napoleon." "When did he establish it?":
    "he" is Napoleon, "it" the Confederation of the Rhine; "Whom did Tamara marry?"
    "Tadeusz." "When did she marry him?": "him" is Tadeusz.
    """
    for turn in reversed(turns[-_FOCUS_TURNS:]):
        answer = _short_name(turn.answer)
        if answer is not None and answer != used and used in turn.question:
            return answer
        if answer == used:
            others = [
                n
                for n in names(turn.question)
                if len(n) > 2 and not set(n.split()) & set(used.split())
            ]
            return others[0] if others else None
    return None


def answered_name(turns: Sequence[Turn], *, person: bool) -> str | None:
    """The short name a "who"/"which X"/"what X" question was answered with, still the focus.

    ``person`` asks for the answer of a question about a person ("Who …?", "Which naval
    officer …?"), else of one about a thing ("Which city …?", "What is the capital …?"). The
    answer stays the focus while every later question (as understood) names it: "Who was
    defeated …?" "Braddock." "When was Braddock defeated?" … "When did he die?".
    """
    for position in range(len(turns) - 1, max(len(turns) - _FOCUS_TURNS, 0) - 1, -1):
        turn = turns[position]
        name = _short_name(turn.answer)
        if name is None or asks_person(turn.question) is not person:
            continue
        later = turns[position + 1 :]
        # "Who was his mother?" names a relative, "Who did he play for?" an object: the
        # focus for one turn, no longer, unless every later question names the object ("Who
        # did Castlebridge City sack?" "Vanderveld." "How old is Vanderveld?" "Where was he …").
        asked = _OBJECT_QUESTION.match(turn.question)  # not "Who did he play for?"
        object_named = (
            asked is not None
            and not re.match(r"(?:he|she|they|it)\b", asked.group(1), re.I)
            and all(_names_it(name, t.question) for t in later)
        )
        if later and _RELATION.search(turn.question) and not object_named:
            return None
        kept = all(_names_it(name, t.question) or not _names_other(name, t.question) for t in later)
        return name if kept else None
    return None


def _names_other(name: str, question: str) -> bool:
    """True when a question names someone or something else than ``name`` by a full name.

    "Who leads the association?" "Rui Costa." "How much could the losses reach?" "What did he
    ask?": the question between names nobody, so "he" is still Rui Costa; a one-word name that
    is not a person's ("How much will Lisbon set aside?") does not move the focus either.
    """
    return any(len(other.split()) > 1 and other != name for other in names(question))


def _subject_phrase(turn: Turn) -> str | None:
    """The "the …" subject of a "When did the storm hit Lisbon?" question, as its answer says it.

    The subject ends where the words stop appearing in the answer's sentence ("the storm", not
    "the storm hit"); None without such a subject or sentence.
    """
    opening = _SUBJECT_OPENING.match(turn.question)
    if opening is None:
        return None
    words = opening.group(2).split()
    if opening.group(1).lower() in {"is", "was", "are", "were"}:
        words.append("")  # "Where is the serial number?": no verb follows the subject
    if not turn.sentence:  # not answered: all but the verb, when it reads as one phrase
        whole = words[:-1]
        short = 0 < len(whole) <= 4 and all(w.islower() or w[:1].isupper() for w in whole)
        return "the " + " ".join(whole) if short and not words[-1].istitle() else None
    said = set(re.findall(r"[a-z]+", turn.sentence.lower()))
    for count in range(min(3, len(words) - 1), 0, -1):  # a verb must follow the subject
        if all(word.lower() in said for word in words[:count]):
            return "the " + " ".join(words[:count])
    return None


_COUNTED_THINGS = re.compile(r"^how\s+many\s+([a-z][\w-]*s)\b", re.IGNORECASE)
# people or things a named owner has, asked about: "Josefina Magbanua's daughters"
_OWNED_PLURAL = re.compile(
    r"\b((?!(?:Are|Were|Is|Was|Did|Do|Does|Has|Have|Had|What|Who|How|Which|Why|When|Where)\b)"
    r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}['’]s\s+[a-z]+[^s\W]s)\b"
)
# a plural common noun the last question asks about: "… say about the delays?"
_ABOUT_PLURAL = re.compile(
    r"\b(?:about|of|on|for|over|behind|against)\s+the\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*[^s\W]s)\?*$"
)
_SUBJECT_OPENING = re.compile(
    r"^(?i:when|where|why|how(?:\s+(?:much|many|long|far|often|old))?)\s+"
    r"((?i:did|does|do|was|is|were|are|will|would|can|could))\s+"
    r"(?i:the)\s+((?:[A-Z][\w-]*\s+)?(?!(?:of|on|in|at|for|with|to|from|by)\b)[a-z][\w-]*"
    r"(?:\s+(?!(?:of|on|in|at|for|with|to|from|by)\b)[a-z][\w-]*)+)"
)  # "When did the storm hit Lisbon?"; a preposition ends the phrase ("the serial number on")
_SUBJECT_PHRASE = re.compile(
    r"^(?i:when|where|why|how)\s+(?i:did|does|do|was|is|were|are|will|would|can|could)\s+"
    r"(the\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s+[a-z]+\s*\??$"
)
# "Who wrote …?": the names in it are what was done, not who did it
_WHO_DID = re.compile(r"^who\s+(?!(?:is|was|are|were|did|does|do|has|have|had)\b)[a-z]+", re.I)
# "Who is the lead author of the brief?": a person described, not named
_WHO_IS_THE = re.compile(
    r"^who\s+(?:is|was)\s+(the\s+(?:(?!\b(?:he|she|his|her|they|their|it|its)\b)[^?])+?)\s*\??$",
    re.I,
)
# "the article", "this story": a question about the article itself (``followup`` too)
ARTICLE = re.compile(r"\b(?:the|this)\s+(article|story|piece|post|report|interview)\b", re.I)
_OBJECT_QUESTION = re.compile(
    r"^whom?\s+(?:did|does|do|has|had|will|would|could)\s+(.+)$", re.I
)  # "Whom did Tamara de Lempicka marry?": its subject is not the answer
# "Who was his mother?", "Who is Ann's son?" (not "the fishermen's association")
_RELATION = re.compile(
    r"(?-i:[A-Z][\w-]*)['’]s\b|\b(?:his|her|their|its)\b|^whom?\s+(?:did|does|do)\b", re.I
)


def _short_name(answer: str | None) -> str | None:
    """The answer when it is a short capitalised name ("Telenet", "the University of Chicago")."""
    if not answer or re.search(r"[,(]|\band\b", answer):  # a list, or a name with a note
        return None
    short = re.sub(r"^the\s+", "", answer.strip().rstrip("."), flags=re.I)
    described = _DESCRIBED_NAME.match(short)  # "son Rebel", "his daughter Rhiannon"
    if described and names(described.group(1)) == [described.group(1)]:
        short = described.group(1)
    words = short.split()
    linked = all(w[:1].isupper() or w in _NAME_LINKS for w in words) and words[0][:1].isupper()
    if 0 < len(words) <= 6 and (names(short) == [short] or linked and len(words) > 2):
        return short
    return None


# "son Rebel", "his daughter Rhiannon", "20-year-old son Rebel"
_DESCRIBED_NAME = re.compile(r"^(?:(?:[a-z]|\d+-)[\w-]*\s+){1,3}([A-Z]\S*(?:\s+[A-Z]\S*){0,3})$")
_NAME_LINKS = {"of", "the", "on", "for", "and", "de", "in", "la", "von", "van", "del", "da"}


def _names_it(name: str, text: str) -> bool:
    return name.lower() in text.lower()
