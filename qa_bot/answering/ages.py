"""A person's age beside their name answers only a question about age.

News copy gives a person's age in apposition: "A Bexford County jury found Linda Haskins, 58,
guilty on 17 of the 21 counts …", "said Ruiz, 44, who now works part-time". Asked "On how many
counts did the jury find Linda Haskins guilty?" or "How much public money was she convicted of
stealing?", the span reader quoted "58": the one bare number beside the name the question
repeats. When a question asks for a figure (how many, how much, how long, what percentage …)
and not for an age, spans that quote such an age go behind the others (their order kept).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qa_bot.answering.span_order import put_behind
from qa_bot.types import Span

__all__ = ["age_offsets", "not_ages"]

_FIGURE_ASKED = re.compile(
    r"\bhow\s+(?:many|much|long|far|big|large|high|tall|heavy|fast|deep|wide|often)\b"
    r"|\bwhat\s+(?:percentage|percent|share|proportion|number|amount|sum|fraction)\b",
    re.IGNORECASE,
)
_AGE_ASKED = re.compile(r"\b(?:old|olds|older|age|ages|aged|born|birthday)\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,$£€])\d{1,3}(?![\w.%])")
# "Linda Haskins, 58," / "said Ruiz, 44." / "Ruiz (44)" / "Ruiz, aged 44,"
_BEFORE = re.compile(r"\b[A-Z][\w'’.-]*(?:,\s+(?:aged\s+)?|\s+\()$")
_AFTER = re.compile(r"^(?:[,;)]|\.(?:\s|$))")
_MONTHS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    ]
)
_LOOK = 40  # characters looked at before a number


def age_offsets(text: str, start: int, end: int) -> list[int]:
    """Offsets of the ages in apposition to a name within ``text[start:end]``."""
    found = []
    for number in _NUMBER.finditer(text, start, end):
        if int(number.group()) > 120:
            continue
        before = _BEFORE.search(text[max(0, number.start() - _LOOK) : number.start()])
        if before is None or not _AFTER.match(text[number.end() : number.end() + 2]):
            continue
        if before.group().split(",")[0].split("(")[0].strip() in _MONTHS:
            continue  # "March 5, 12 …" is a date, not an age
        found.append(number.start())
    return found


def not_ages(
    question: str, spans: Sequence[Span], article_text: Callable[[str], str]
) -> tuple[Span, ...]:
    """``spans`` with those quoting an age put behind, when the question asks for a figure."""
    if not _FIGURE_ASKED.search(question) or _AGE_ASKED.search(question):
        return tuple(spans)
    ages = [bool(age_offsets(article_text(s.article_id), s.start, s.end)) for s in spans]
    return put_behind(spans, ages)
