"""A question's kind of answer sets candidates of another kind behind (``answer_type``)."""

from __future__ import annotations

import pytest

from qa_bot.answering.answer_type import MAX_DROP, Kind, fits, kind_asked, typed_first
from qa_bot.types import Span

SENTENCE = (
    "The study was funded by a $3.2 million grant from the National Heart, Lung, and Blood "
    "Institute, and announced on 3 March 2026 (call 0800 022 4455)."
)


def _span(text: str, score: float) -> Span:
    start = SENTENCE.index(text)
    return Span(text, score, "a", start, start + len(text), SENTENCE, 0, len(SENTENCE), 0)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who paid for the research?", Kind.SOMEONE),
        ("And whom did she marry?", Kind.SOMEONE),
        ("How many villages were buried?", Kind.COUNT),
        ("In what year did the plant open?", Kind.YEAR),
        ("On what date was the recall announced?", Kind.DATE),
        ("How much does the Glide 2 cost in pounds?", Kind.MONEY),
        ("How much did the insurance pay?", Kind.MONEY),
        ("How much protein is in it?", None),  # an amount, not a sum of money
        ("How long after liftoff did the rocket fail?", Kind.DURATION),
        ("How long were the miners trapped underground?", Kind.DURATION),
        ("How long is the Nile?", None),  # a length
        ("How long was the bridge?", None),
        ("What did experts blame?", None),
        ("When did the slide strike?", None),  # "when" may be answered by a clause
        ("Why did it close?", None),
        ("Whose idea was it?", None),
    ],
)
def test_the_kind_a_question_opens_with(question: str, kind: Kind | None) -> None:
    assert kind_asked(question) is kind


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (Kind.SOMEONE, "the National Heart, Lung, and Blood Institute", True),
        (Kind.SOMEONE, "Dr. Helena Varga", True),
        (Kind.SOMEONE, "$3.2 million", False),
        (Kind.SOMEONE, "a $3.2 million", False),
        (Kind.SOMEONE, "47", False),
        (Kind.SOMEONE, "3 March 2026", False),
        (Kind.SOMEONE, "38%", False),
        (Kind.COUNT, "three", True),
        (Kind.COUNT, "more than 1,200", True),
        (Kind.COUNT, "Thulo Pokhari", False),
        (Kind.YEAR, "in 1998", True),
        (Kind.YEAR, "the 1990s", True),
        (Kind.YEAR, "the Rhine", False),
        (Kind.DATE, "3 March 2026", True),
        (Kind.DATE, "on Tuesday", True),
        (Kind.DATE, "0800 022 4455", False),
        (Kind.MONEY, "£1,899", True),
        (Kind.MONEY, "40,000 euros", True),
        (Kind.MONEY, "24.8kg", False),
        (Kind.MONEY, "good deal cheaper", False),
        (Kind.DURATION, "139 seconds", True),
        (Kind.DURATION, "about 14 hours over three days", True),
        (Kind.DURATION, "11 times", False),
        (Kind.DURATION, "May 2008", False),
        (Kind.DURATION, "since March 2022", True),
        (Kind.DURATION, "11 times since its debut", False),
    ],
)
def test_what_fits_a_kind(kind: Kind, text: str, expected: bool) -> None:
    assert fits(kind, text) is expected


def test_a_candidate_of_the_kind_asked_comes_first_when_it_scores_close() -> None:
    money, body = (
        _span("$3.2 million", 0.75),
        _span("National Heart, Lung, and Blood Institute", 0.6),
    )
    assert typed_first("Who paid for the research?", [money, body]) == (body, money)


def test_a_candidate_far_below_the_best_is_not_promoted() -> None:
    money = _span("$3.2 million", 0.75)
    body = _span("National Heart, Lung, and Blood Institute", 0.75 - MAX_DROP - 0.01)
    assert typed_first("Who paid for the research?", [money, body]) == (money, body)


@pytest.mark.parametrize(
    "question",
    [
        "What was the grant?",  # an open question
        "Who paid for the research?",  # its best already fits: unchanged
    ],
)
def test_spans_stay_in_order_when_nothing_needs_to_change(question: str) -> None:
    spans = [_span("National Heart, Lung, and Blood Institute", 0.7), _span("$3.2 million", 0.6)]
    assert typed_first(question, spans) == tuple(spans)


def test_no_candidate_of_the_kind_keeps_the_order() -> None:
    spans = [_span("0800 022 4455", 0.7), _span("$3.2 million", 0.6)]
    assert typed_first("On what date was the recall announced?", spans) == tuple(spans)
    assert typed_first("On what date was it announced?", [*spans, _span("3 March 2026", 0.5)])[
        0
    ].text == ("3 March 2026")


def test_a_sum_naming_its_currency_comes_before_a_bare_figure() -> None:
    from qa_bot.answering.answer_type import typed_first
    from qa_bot.types import Span

    def span(text: str, score: float) -> Span:
        return Span(text, score, "a", 0, len(text), text, 0, len(text), 0)

    spans = [span("17", 0.45), span("$2.3 million", 0.39)]
    question = "How much public money was she convicted of stealing?"
    assert [s.text for s in typed_first(question, spans)] == ["$2.3 million", "17"]
    far = [span("17", 0.45), span("$2.3 million", 0.10)]  # too far below the best
    assert [s.text for s in typed_first(question, far)] == ["17", "$2.3 million"]
