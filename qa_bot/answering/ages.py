"""A person's age beside their name answers only a question about age.

News copy gives a person's age in apposition: "A Bexford County jury found Linda Haskins, 58,
guilty on 17 of the 21 counts …", "said Ruiz, 44, who now works part-time". Asked "On how many
counts did the jury find Linda Haskins guilty?" or "How much public money was she convicted of
stealing?", the span reader quoted "58": the one bare number beside the name the question
repeats. When a question asks for a figure (how many, how much, how long, what percentage …)
and not for an age, such ages are regions the neural reader sets aside before it keeps its best
spans (``age_regions``: all five of its best were "58", "58, guilty on 17", "Linda Haskins, 58"
…), and spans that quote one go behind the others (``not_ages``, for any reader).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qa_bot.answering.span_order import put_behind
from qa_bot.types import Hit, Region, Span

__all__ = ["age_regions", "ages_in", "figure_not_age", "not_ages"]

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
    {
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr"),
        *("Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"),
    }
)
_LOOK = 40  # characters looked at before a number


def ages_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where the ages in apposition to a name are within ``text[start:end]``."""
    found = []
    for number in _NUMBER.finditer(text, start, end):
        if int(number.group()) > 120:
            continue
        before = _BEFORE.search(text[max(0, number.start() - _LOOK) : number.start()])
        if before is None or not _AFTER.match(text[number.end() : number.end() + 2]):
            continue
        if before.group().split(",")[0].split("(")[0].strip() in _MONTHS:
            continue  # "March 5, 12 …" is a date, not an age
        found.append((number.start(), number.end()))
    return found


def figure_not_age(question: str) -> bool:
    """True when ``question`` asks for a figure (how many, how much …) and not for an age."""
    return bool(_FIGURE_ASKED.search(question)) and not _AGE_ASKED.search(question)


def age_regions(
    question: str, hits: Sequence[Hit], article_text: Callable[[str], str]
) -> tuple[Region, ...]:
    """The ages in the passages ``hits``, to avoid when ``question`` asks for another figure."""
    if not figure_not_age(question):
        return ()
    regions = []
    for hit in hits:
        text = article_text(hit.chunk.article_id)
        for start, end in ages_in(text, hit.chunk.start, hit.chunk.end):
            regions.append(Region(hit.chunk.article_id, start, end))
    return tuple(regions)


def not_ages(
    question: str, spans: Sequence[Span], article_text: Callable[[str], str]
) -> tuple[Span, ...]:
    """``spans`` with those quoting an age put behind, when the question asks for a figure."""
    if not figure_not_age(question):
        return tuple(spans)
    ages = [bool(ages_in(article_text(s.article_id), s.start, s.end)) for s in spans]
    return put_behind(spans, ages)
