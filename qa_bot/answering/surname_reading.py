"""A question naming "Marijke de Vos", read against a passage that only says "De Vos".

News gives a person's full name once, then the surname alone: "De Vos, 47, joined Vandermeer
in 2003". A reader trained on SQuAD 2.0 has learnt that a question naming someone the passage
does not name is likely a trap, so "When did Marijke de Vos join Vandermeer Bank?" read against
that passage scored a margin of -2.1 (declined); "When did De Vos join Vandermeer Bank?" -0.05,
answered "2003". So against a passage that gives a person's surname alone (and no other first
name before it), the question is read with the surname as the passage writes it.
A person is a name whose first word is a known first name (``first_names``).
"""

from __future__ import annotations

import re

from qa_bot.answering.first_names import FEMALE, MALE
from qa_bot.answering.names import is_organisation, names

__all__ = ["by_surname"]

_FIRST_NAMES = FEMALE | MALE
_PERSON_CUE = re.compile(r",\s+\d{1,3},|\s+(?:said|says|told|added)\b")  # "De Vos, 47,"
_SAID = re.compile(r"\b(?:said|says|told|added)\s+$")  # "said de Vos"


def _occurrences(words: str, passage: str) -> list[re.Match[str]]:
    return list(re.finditer(rf"(?<![\w-]){re.escape(words)}(?![\w-])", passage, re.IGNORECASE))


def _another_person(passage: str, at: int, first: str) -> bool:
    """True when the word before ``at`` is a first name other than ``first`` ("Adam Smith")."""
    before = re.search(r"([A-Z][\w'’-]*)\s+$", passage[:at])
    return before is not None and before.group(1).lower() in _FIRST_NAMES - {first.lower()}


def _alone(words: list[str], passage: str) -> list[re.Match[str]]:
    """The surname's occurrences not right after the first name."""
    first = re.compile(rf"{re.escape(words[0])}\s+$")
    found = _occurrences(" ".join(words[1:]), passage)
    capital = [m for m in found if m.group(0).split()[-1][:1].isupper()]  # not "the bank said"
    return [m for m in capital if not first.search(passage[: m.start()])]


def _a_person(words: list[str], passage: str, alone: list[re.Match[str]]) -> bool:
    """A known first name, or a surname the passage quotes or gives an age ("De Vos, 47,")."""
    if words[0].lower() in _FIRST_NAMES:
        return True
    cued = (
        _PERSON_CUE.match(passage, m.end()) or _SAID.search(passage[: m.start()]) for m in alone
    )
    return any(cued)


def by_surname(question: str, passage: str) -> str:
    """``question`` with each person's full name as the surname, where the passage has it alone."""
    for name in names(question):
        words = name.split()
        if len(words) < 2 or not words[-1][:1].isupper() or is_organisation(name):
            continue
        alone = _alone(words, passage)
        if not alone or not _a_person(words, passage, alone):
            continue
        if not any(_another_person(passage, m.start(), words[0]) for m in alone):
            question = question.replace(name, alone[0].group(0), 1)
    return question
