"""A question naming the article's subject, read against a passage that only says "he".

News articles name their subject in the headline and the first lines, then call them "he",
"the filmmaker" or "the company". A reader trained on SQuAD 2.0 has learnt that a question
naming someone its passage never names is a trap (the adversarial unanswerable questions swap
names), so it declines "How many kids has Robert Rodriguez raised?" against "… the popular
filmmaker … I had just raised five kids" (margin −2.2), and answers "Who co-produced the film
with Robert Rodriguez?" from another passage ("Lava Girl"). Read with a pronoun in place of the
name ("How many kids has he raised?") the same passage gives "five" (margin +1.5).

So a passage that does not name every word of a name of two words or more which the question
and the article's headline share is also read with that name as a pronoun: "it" for a work, a
body or a place ("We Can Be Heroes", "Harvard University"), else "he" or "she" as the passage
itself says more often; "his"/"her" where the name is owned, "him"/"her" after a preposition. As
for a follow-up read as asked (``rewrite_reading``), the reader keeps that reading only where
its best span is mostly the one it found with the name: the pronoun changes how sure the reader
is, not what it answers. Names outside the headline are left alone: on SQuAD 2.0 dev,
replacing any name the passage lacks cost 0.4 EM on answerable questions and 2.3 points of
near-miss questions declined (docs/EVALUATION.md).
"""

from __future__ import annotations

import re

from qa_bot.answering.names import names

MIN_NAME_WORDS = 2  # "Robert Rodriguez", "We Can Be Heroes"; a lone capitalised word is too loose
_CAPITAL = re.compile(r"[A-Z][\w'’.-]*")
_PREPOSITIONS_TEXT = (
    "with by for to of about from at on in against after before than like as into over under "
    "between among behind without"
)
_PREPOSITIONS = frozenset(_PREPOSITIONS_TEXT.split())
_PERSON = {"male": ("he", "him", "his"), "female": ("she", "her", "her")}
_THING = ("it", "it", "its")
_MALE = re.compile(r"\b(?:he|his|him|himself)\b", re.I)
_FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
# A name holding one of these is a work, a body or a place, not a person ("We Can Be Heroes",
# "Harvard University", "Bank of England").
_NOT_PERSON_TEXT = (
    "we can be the of and a an in on at for to my your our is are was i you it me university "
    "college school company corporation corp inc ltd group bank party council parliament "
    "ministry department agency union league club band team city county state river mountain "
    "island street airport hospital church museum foundation institute court army navy "
    "festival award awards series season film movie show album"
)
_NOT_PERSON = frozenset(_NOT_PERSON_TEXT.split())
# A name after these modifies a noun ("Which Robert Rodriguez film"): no pronoun fits there.
_DETERMINERS_TEXT = "which what whose the a an this that these those every each"
_DETERMINERS = frozenset(_DETERMINERS_TEXT.split())


def _named(word: str, text: str) -> bool:
    return bool(re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))


def _pronouns(name: str, passage: str) -> tuple[str, str, str]:
    """Subject, object and possessive pronouns for ``name``, a person's by the passage's own."""
    if any(word.lower() in _NOT_PERSON or word[:1].isdigit() for word in name.split()):
        return _THING
    female = len(_FEMALE.findall(passage)) > len(_MALE.findall(passage))
    return _PERSON["female" if female else "male"]


def subject_names(question: str, title: str | None) -> list[str]:
    """Names of two words or more in the question whose every word the headline has too."""
    if not title:
        return []
    found = []
    for name in names(question):
        words = _CAPITAL.findall(name)
        if len(words) >= MIN_NAME_WORDS and all(_named(word, title) for word in words):
            found.append(name)
    return found


def pronoun_question(question: str, title: str | None, passage: str) -> str | None:
    """The question with the headline's names the passage lacks as pronouns (None: none)."""
    missing = [
        name
        for name in subject_names(question, title)
        if not all(_named(word, passage) for word in _CAPITAL.findall(name))
        and not question.startswith(name)
    ]
    if not missing:
        return None
    text = question
    for name in missing:
        match = re.search(rf"(?<![\w-]){re.escape(name)}(?P<owned>['’]s\b)?", text)
        if match is None:
            continue
        before = text[: match.start()].split()
        previous = before[-1].lower() if before else ""
        if previous in _DETERMINERS:
            continue
        subject, obj, owner = _pronouns(name, passage)
        if match.group("owned"):
            pronoun = owner
        elif previous in _PREPOSITIONS:
            pronoun = obj
        else:
            pronoun = subject
        text = text[: match.start()] + pronoun + text[match.end() :]
    return text if text != question else None
