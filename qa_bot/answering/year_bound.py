"""A figure asked for one year, when the sentence gives two: "rose from 58 in 2024 to 63 in 2025".

Reports and news give a year's figure beside the year before's, and the span reader, which
reads the numbers well but the years loosely, answers "How many assaults were recorded in
2024?" with 63 (the 2025 figure) from "Recorded assaults on staff rose from 58 in 2024 to 63 in
2025", and "And in 2024?" after the fare revenue with 2025's. When the question names one year
and the answer is a figure that its sentence does not tie to that year ("63 in 2025", or
"$118.4 million, up from $109.7 million in 2024" asked about 2024), the figure of the same kind
that the sentence ties to the year asked ("58 in 2024") is quoted instead. Nothing
changes when the sentence has no such figure.
"""

from __future__ import annotations

import dataclasses
import re

from qa_bot.types import Span

__all__ = ["for_the_year"]

_YEAR = r"(?:1[0-9]{3}|20[0-9]{2})"
_ASKED_YEAR = re.compile(rf"\b({_YEAR})\b")
_UNIT = r"(?:\s?(?:%|per\s?cent|percent|million|billion|thousand|bn|m)\b)?"
_FIGURE = rf"[$€£]?\d[\d,.]*{_UNIT}"
_TIED = re.compile(rf"(?P<figure>{_FIGURE})\s+(?:in|for|during)\s+(?P<year>{_YEAR})\b", re.I)
_A_FIGURE = re.compile(rf"^{_FIGURE}$", re.I)


def _shape(figure: str) -> tuple[str, bool]:
    """What kind of figure: its currency sign or unit, and whether it has a unit word."""
    sign = figure[:1] if figure[:1] in "$€£" else ""
    unit = re.search(r"(%|per\s?cent|percent|million|billion|thousand|bn|m)$", figure, re.I)
    return sign + (unit.group(1).lower() if unit else ""), bool(unit)


def for_the_year(question: str, span: Span) -> Span:
    """``span``, or the figure its sentence gives for the one year the question names."""
    years = set(_ASKED_YEAR.findall(question))
    if len(years) != 1 or not _A_FIGURE.match(span.text.strip()):
        return span
    (asked,) = years
    within = span.start - span.sentence_start
    tied = list(_TIED.finditer(span.sentence))
    own = next((t for t in tied if t.start("figure") <= within < t.end("figure")), None)
    if own is not None and own.group("year") == asked:
        return span
    wanted = _shape(span.text.strip())
    for other in tied:
        if other.group("year") == asked and _shape(other.group("figure")) == wanted:
            start = span.sentence_start + other.start("figure")
            figure = other.group("figure")
            return dataclasses.replace(span, text=figure, start=start, end=start + len(figure))
    return span
