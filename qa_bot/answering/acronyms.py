"""An acronym the question uses and the passage spells out: "AWS" read as "Amazon Web Services".

A reader trained on questions that copy the passage's words does not link "What did the CFO
set?" to "Our chief financial officer, Marcus Oyelaran, gave … a simple target", nor "What did
Tallyfield spend on AWS?" to "our monthly bill from Amazon Web Services". When a passage lacks
an acronym of the question (two to six capitals, "CFOs" too) and has a run of words whose
initials spell it ("chief financial officer"; "of", "and", "the", "for" may stand between them:
"Department of Energy" = "DOE"), that passage is read with the words in the acronym's place.
The passage itself, and the answer's offsets, are not touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

__all__ = ["expanded_query", "spelled_out"]

_ACRONYM = re.compile(r"\b([A-Z]{2,6})(s?)\b")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_JOINERS = frozenset({"of", "and", "the", "for", "&"})


def spelled_out(question: str, passage: str) -> str:
    """``question`` with each acronym the passage lacks but spells out replaced by its words."""
    result = question
    spelled: dict[str, str | None] = {}  # each acronym looked up once, however often it is asked
    for match in reversed(list(_ACRONYM.finditer(question))):
        acronym, plural = match.group(1), match.group(2)
        if acronym not in spelled:
            used = re.search(rf"\b{acronym}s?\b", passage)
            spelled[acronym] = None if used else expansion(acronym, passage)
        words = spelled[acronym]
        if words is None:
            continue
        plural = "" if words.endswith("s") else plural
        result = f"{result[: match.start()]}{words}{plural}{result[match.end() :]}"
    return result


def expanded_query(question: str, texts: Iterable[str], known: Callable[[str], bool]) -> str:
    """``question`` followed by the words of each acronym the library lacks, found in ``texts``.

    For retrieval: an acronym ``known`` says the library never uses ("AWS") is looked up in
    ``texts`` (the passages a first search found), and its words ("Amazon Web Services") are
    added to the query so that the passage spelling it out can be found.
    """
    asked = dict.fromkeys(m.group(1) for m in _ACRONYM.finditer(question))  # once each, in order
    missing = [acronym for acronym in asked if not known(acronym)]
    if not missing:
        return question
    found: list[str] = []
    for text in texts:
        for acronym in list(missing):
            words = expansion(acronym, text)
            if words is not None:
                found.append(words)
                missing.remove(acronym)
        if not missing:
            break
    return f"{question} {' '.join(found)}" if found else question


def expansion(acronym: str, passage: str) -> str | None:
    """The first run of words in ``passage`` whose initials spell ``acronym``, else None."""
    words = list(_WORD.finditer(passage))
    letters = acronym.lower()
    for first in range(len(words)):
        taken = _spell(words, first, letters)
        if taken is not None and _a_name(words[first : taken + 1], letters):
            return passage[words[first].start() : words[taken].end()]
    return None


def _a_name(run: list[re.Match[str]], letters: str) -> bool:
    """True for capitalised words ("United States") or three or more long ones.

    "chief financial officer" spells "CFO"; "under new" is no "UN".
    """
    spelled = [m.group(0) for m in run if m.group(0).lower() not in _JOINERS]
    if all(word[:1].isupper() for word in spelled):
        return True
    return len(letters) >= 3 and all(len(word) >= 4 for word in spelled)


def _spell(words: list[re.Match[str]], at: int, letters: str, first: bool = True) -> int | None:
    """The index of the last word when the words from ``at`` spell ``letters``, else None.

    A joining word ("of", "and") may stand between the words, or give a letter itself
    ("Department of Energy" is "DOE" and "DE"); it never begins or ends the run.
    """
    if at >= len(words):
        return None
    word = words[at].group(0).lower()
    joiner = word in _JOINERS
    if word[0] == letters[0] and not (joiner and (first or len(letters) == 1)):
        if len(letters) == 1:
            return at
        done = _spell(words, at + 1, letters[1:], first=False)
        if done is not None:
            return done
    if joiner and not first:
        return _spell(words, at + 1, letters, first=False)
    return None
