"""A span that only repeats the question goes behind the others."""

from __future__ import annotations

import time

import pytest

from qa_bot.answering.echo import echoes_question, not_echoes
from qa_bot.types import Span


def _span(text: str, score: float) -> Span:
    return Span(text, score, "a", 0, len(text), text, 0, len(text), 0)


@pytest.mark.parametrize(
    ("span", "echo"),
    [
        ("A former county treasurer", True),
        ("Ex-county treasurer", True),
        ("treasurer", True),
        ("Linda Haskins", False),
        ("county treasurer Linda Haskins", False),
        ("", False),
        ("...", False),
    ],
)
def test_a_span_of_the_questions_own_words_echoes_it(span: str, echo: bool) -> None:
    question = "Who is the former county treasurer convicted of stealing public funds?"
    assert echoes_question(question, span) is echo


def test_echoes_go_behind_the_others_in_their_order() -> None:
    question = "Who is the former county treasurer convicted of stealing public funds?"
    spans = [_span("A former county treasurer", 0.7), _span("Linda Haskins", 0.5)]
    spans.append(_span("treasurer", 0.4))
    assert [s.text for s in not_echoes(question, spans)] == [
        "Linda Haskins",
        "A former county treasurer",
        "treasurer",
    ]


def test_a_choice_question_is_answered_with_one_of_its_words() -> None:
    spans = [_span("Lyon", 0.7), _span("the north", 0.5)]
    assert not_echoes("Was the film shot in Paris or Lyon?", spans)[0].text == "Lyon"


def test_only_echoes_are_left_as_they_are() -> None:
    spans = [_span("treasurer", 0.7), _span("the treasurer", 0.5)]
    assert not_echoes("Who was the treasurer?", spans) == tuple(spans)


def test_a_huge_question_and_span_are_quick() -> None:
    began = time.perf_counter()
    assert not echoes_question("word " * 50_000, "word " * 50_000 + "other")
    assert time.perf_counter() - began < 2
