"""A person's age beside their name, and the story's own outlet, go behind the other spans."""

from __future__ import annotations

import pytest

from qa_bot.answering.ages import age_regions, ages_in, not_ages
from qa_bot.answering.answer_type import Kind, kind_asked
from qa_bot.answering.outlet import not_the_outlet, outlet_of
from qa_bot.answering.span_order import put_behind
from qa_bot.types import Chunk, Hit, Region, Span

STORY = (
    "Ex-treasurer convicted\n\nBy Dana Whitfield, CNN\n\n"
    "MARLOW, Ohio (CNN) -- A jury found Linda Haskins, 58, guilty on 17 of the 21 counts of "
    'stealing more than $2.3 million, a county official told CNN. "I lost my job," said '
    "Ruiz (44). On March 5, 12 people testified.\n"
)


def _span(text: str, score: float, source: str = STORY) -> Span:
    start = source.index(text)
    end = start + len(text)
    return Span(text, score, "a", start, end, text, start, end, 0)


def _text(_article_id: str) -> str:
    return STORY


@pytest.mark.parametrize(
    ("number", "is_age"),
    [("58", True), ("44", True), ("17", False), ("21", False), ("12", False), ("2.3", False)],
)
def test_an_age_in_apposition_to_a_name_is_found(number: str, is_age: bool) -> None:
    at = STORY.index(number)
    assert ((at, at + len(number)) in ages_in(STORY, at, at + len(number))) is is_age


def test_a_figure_question_puts_the_age_behind() -> None:
    spans = [_span("58", 0.9), _span("Linda Haskins, 58", 0.7), _span("17", 0.8)]
    question = "On how many counts did the jury find Linda Haskins guilty?"
    assert [s.text for s in not_ages(question, spans, _text)][0] == "17"


@pytest.mark.parametrize(
    "question",
    ["How old is Linda Haskins?", "At what age was Haskins convicted?", "Who is Linda Haskins?"],
)
def test_other_questions_keep_the_readers_order(question: str) -> None:
    spans = [_span("58", 0.9), _span("17", 0.8)]
    assert [s.text for s in not_ages(question, spans, _text)] == ["58", "17"]


def test_the_ages_of_the_passages_read_are_regions_to_avoid_for_a_figure() -> None:
    hit = Hit(Chunk(0, "a", STORY, 0, len(STORY)), 1.0)
    at, then = STORY.index("58"), STORY.index("44")
    expected = (Region("a", at, at + 2), Region("a", then, then + 2))
    assert age_regions("How many counts was she convicted on?", [hit], _text) == expected
    assert age_regions("How old is Linda Haskins?", [hit], _text) == ()


def test_money_asked_with_a_noun_or_a_verb_of_taking_or_giving() -> None:
    assert kind_asked("How much public money was Linda Haskins convicted of stealing?") is (
        Kind.MONEY
    )
    assert kind_asked("How much relief did the U.N. pledge?") is Kind.MONEY
    assert kind_asked("How much did net profit fall?") is None
    assert kind_asked("How much did the shares drop?") is None


def test_the_outlet_is_read_from_the_stories_opening() -> None:
    assert outlet_of(STORY) == "CNN"
    assert outlet_of("Storm\n\nPARIS \u2014 The mayor said") is None
    assert outlet_of("") is None


def test_the_outlet_goes_behind_a_name() -> None:
    spans = [_span("CNN", 0.40), _span("Linda Haskins", 0.39)]
    question = "Who was convicted by the jury?"
    assert [s.text for s in not_the_outlet(question, spans, _text)] == ["Linda Haskins", "CNN"]


@pytest.mark.parametrize(
    "question", ["Who did the county official talk to?", "What did CNN learn about the case?"]
)
def test_the_outlet_stays_where_the_question_asks_for_it(question: str) -> None:
    spans = [_span("CNN", 0.40), _span("Linda Haskins", 0.39)]
    assert [s.text for s in not_the_outlet(question, spans, _text)] == ["CNN", "Linda Haskins"]


def test_put_behind_keeps_the_order_and_leaves_all_or_none_marked_alone() -> None:
    spans = [_span("58", 0.9), _span("17", 0.8), _span("CNN", 0.4)]
    assert [s.text for s in put_behind(spans, [True, False, False])] == ["17", "CNN", "58"]
    assert put_behind(spans, [True, True, True]) == tuple(spans)
    assert put_behind(spans, [False, False, False]) == tuple(spans)
