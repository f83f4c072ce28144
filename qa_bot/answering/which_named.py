"""A follow-up's "the company" after "Which company built the rocket?": the one answered.

A chat names a thing by the question that found it: "Which company built the rocket that broke
apart?" "Halcyon Aerospace." "Who founded the company?" Here "the company" is Halcyon
Aerospace, not the story's headline or the last name asked about. A "the/that/this <noun>" of a
follow-up is read as the answer to a recent "Which/What <noun> …?" that was answered with a
name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa_bot.answering.names import names
from qa_bot.answering.referents import Turn

__all__ = ["which_named"]

_WHICH = re.compile(r"^\W*(?:and\s+|so\s+)?(?:which|what)\s+([a-z][a-z-]+)\b", re.I)
# "Which year …?", "What kind …?", "What is …?": no thing a follow-up names by its noun
_NOT_A_THING = frozenset(
    {
        *("year", "years", "day", "days", "date", "time", "month", "week", "number", "kind"),
        *("type", "sort", "way", "percentage", "share", "amount", "happened"),
        *("is", "was", "are", "were", "did", "does", "do", "has", "have", "had", "can", "could"),
        *("will", "would", "should"),
    }
)
RECENT_TURNS = 3  # how far back a "Which <noun> …?" still names "the <noun>"


def _answered(noun: str, turns: Sequence[Turn]) -> str | None:
    """The name answering the latest recent "Which <noun> …?", or None."""
    for turn in reversed(turns[-RECENT_TURNS:]):
        asked = _WHICH.match(turn.question)
        if asked is None or asked.group(1).lower() != noun or not turn.answer:
            continue
        name = re.sub(r"^(?:the|a|an)\s+", "", turn.answer.strip(" .,;:"), flags=re.I)
        return name if names(name) == [name] else None  # not "Georgia food company"
    return None


def which_named(question: str, turns: Sequence[Turn]) -> str | None:
    """``question`` with "the <noun>" read as the name a recent "Which <noun>?" found, or None."""
    for found in re.finditer(r"\b(?:the|that|this)\s+([a-z][a-z-]+)\b(?!\s+of\b)", question, re.I):
        noun = found.group(1).lower()
        if noun in _NOT_A_THING:
            continue
        name = _answered(noun, turns)
        if name is not None and name.lower() not in question.lower():
            return question[: found.start()] + name + question[found.end() :]
    return None
