"""A figure asked for one year is the one its sentence ties to that year (``year_bound``)."""

from __future__ import annotations

import pytest

from qa_bot.answering.year_bound import for_the_year
from qa_bot.types import Span

SENTENCE = "Recorded assaults on staff rose from 58 in 2024 to 63 in 2025."
REVENUE = "Fare revenue reached $118.4 million, up 7.9% from $109.7 million in 2024."


def _span(sentence: str, figure: str, at: int = 100) -> Span:
    where = sentence.index(figure)
    start = at + where
    return Span(figure, 0.5, "a", start, start + len(figure), sentence, at, at + len(sentence), 0)


@pytest.mark.parametrize(
    ("question", "sentence", "answered", "expected"),
    [
        ("How many assaults were recorded in 2024?", SENTENCE, "63", "58"),
        ("How many assaults were recorded in 2025?", SENTENCE, "58", "63"),
        ("How much fare revenue came in during 2024?", REVENUE, "$118.4 million", "$109.7 million"),
    ],
)
def test_the_figure_tied_to_the_year_asked_is_quoted(
    question: str, sentence: str, answered: str, expected: str
) -> None:
    moved = for_the_year(question, _span(sentence, answered))
    assert moved.text == expected
    assert sentence[moved.start - 100 : moved.end - 100] == expected


@pytest.mark.parametrize(
    ("question", "sentence", "answered"),
    [
        ("How many assaults were recorded in 2025?", SENTENCE, "63"),  # already that year's
        ("How much fare revenue came in during 2025?", REVENUE, "$118.4 million"),  # none tied
        ("How many assaults were recorded?", SENTENCE, "63"),  # no year asked
        ("How many assaults were there in 2023?", SENTENCE, "63"),  # nothing for 2023
        ("By how much did revenue rise in 2024?", REVENUE, "7.9%"),  # another kind of figure
        ("Who spoke in 2024?", "Anna Berg spoke in 2025 and 58 in 2024 agreed.", "Anna Berg"),
    ],
)
def test_otherwise_the_answer_stays(question: str, sentence: str, answered: str) -> None:
    span = _span(sentence, answered)
    assert for_the_year(question, span) == span
