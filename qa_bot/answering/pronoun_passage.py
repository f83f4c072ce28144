"""A "Who …?" question over a passage that says "she did it": the passage read with the name.

"His daughter Rhiannon not only inspired lead character Missy …, she also drew all of the
illustrations": asked "Who drew the illustrations in the film?", the reader finds Rhiannon
unsure of itself (margin −0.23, declined), because the sentence that answers says "she". The
passage is also read with each subject "he"/"she" replaced by the last person named before it
("Rhiannon also drew …": margin +0.50); a span found in a replaced name is the name where the
passage gives it, other spans keep their place in the passage as it is.

The last person named: the last capitalised name before the pronoun that a word such as
"daughter", "son", "Mr" or "actress" introduces, or that has two or three words ("Kevin
Lindsay"); a name introduced for the other sex, or none at all, leaves the pronoun as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa_bot.answering.cues import person_names

__all__ = ["Substituted", "original_offsets", "who_question", "with_names"]

_WHO = re.compile(r"^\s*who\b(?!\s+(?:is|was|are|were)\s+(?:he|she)\b)", re.IGNORECASE)
_SUBJECT = re.compile(
    r"(?:(?<=^)|(?<=[.!?;]\s)|(?<=,\s)|(?<=\band\s)|(?<=\bbut\s))(?P<word>[Ss]he|[Hh]e)"
    r"(?=\s+(?:also\s+|later\s+|then\s+|had\s+|has\s+|was\s+)?[a-z]+)"
)


@dataclass(frozen=True)
class Substituted:
    """A passage with its subject pronouns replaced by names, and where each edit is.

    ``edits``: (start, end) of the name in the new text, and (start, end) of the same name
    where the passage gives it, one entry per replaced pronoun, in text order; ``shifts``: for
    each edit, the pronoun's (start, end) in the passage.
    """

    text: str
    edits: tuple[tuple[int, int, int, int], ...]
    shifts: tuple[tuple[int, int], ...]


def who_question(question: str) -> bool:
    """True for a question asking who did something ("Who drew the illustrations?")."""
    return bool(_WHO.match(question))


def with_names(passage: str) -> Substituted | None:
    """The passage with each subject "he"/"she" as the person last named; None if none is."""
    people = person_names(passage)
    if not people:
        return None
    pieces: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    shifts: list[tuple[int, int]] = []
    done = 0
    length = 0
    for match in _SUBJECT.finditer(passage):
        gender = "female" if match.group("word").lower() == "she" else "male"
        antecedent = _antecedent(people, match.start(), gender)
        if antecedent is None:
            continue
        name, start, end = antecedent
        pieces.append(passage[done : match.start()])
        length += match.start() - done
        edits.append((length, length + len(name), start, end))
        shifts.append((match.start(), match.end()))
        pieces.append(name)
        length += len(name)
        done = match.end()
    if not edits:
        return None
    pieces.append(passage[done:])
    return Substituted("".join(pieces), tuple(edits), tuple(shifts))


def _antecedent(
    people: list[tuple[str, int, int, str | None]], at: int, gender: str
) -> tuple[str, int, int] | None:
    """The last person named before ``at``: of that sex if one is said to be, else any."""
    before = [person for person in people if person[2] <= at]
    same = [person for person in before if person[3] == gender]
    if same:
        return same[-1][:3]
    unknown = [person for person in before if person[3] is None]
    other = [person for person in before if person[3] not in (gender, None)]
    if unknown and not (other and other[-1][1] > unknown[-1][1]):
        return unknown[-1][:3]
    return None


def original_offsets(substituted: Substituted, start: int, end: int) -> tuple[int, int] | None:
    """Where a span of the substituted text is in the passage; None when it cuts a name."""
    for new_start, new_end, name_start, name_end in substituted.edits:
        if new_start <= start and end <= new_end:
            return name_start, name_end
        if start < new_end and end > new_start:
            return None  # a span across a replaced name: it is not in the passage as written
    return _back(substituted, start), _back(substituted, end)


def _back(substituted: Substituted, offset: int) -> int:
    """An offset of the substituted text outside the names, in the passage."""
    delta = 0
    for (new_start, new_end, _, _), (old_start, old_end) in zip(
        substituted.edits, substituted.shifts, strict=True
    ):
        if new_end <= offset:
            delta += (new_end - new_start) - (old_end - old_start)
    return offset - delta
