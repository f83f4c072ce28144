"""A fact box's "Label: value" lines answer the question that names their label (``fact_lines``)."""

from __future__ import annotations

import pytest

from qa_bot.answering.fact_lines import fact_answer, fact_runs
from qa_bot.answering.tables import cell_in_articles

REVIEW = (
    "Trailmaster 3 review: a sturdy hub-motor commuter\n\nBy Jo Park · 2 May 2025\n\n"
    "Score: 7/10\n\nPrice: £1,499 / $1,799\n\nWeight: 22.1kg\n\n"
    "The Trailmaster 3 is the cheapest bike here. Its rival, the Roadrunner, costs £1,999."
)
INTERVIEW = (
    "Five questions for Ada Mensah\n\nQ: Where did you grow up?\n\nMensah: In Kumasi, mostly.\n\n"
    "Q: Who taught you to cook?\n\nMensah: My grandmother, Akua."
)


def test_a_run_of_label_lines_is_a_fact_box() -> None:
    (run,) = fact_runs(REVIEW)
    assert [(f.label.text, f.value.text) for f in run] == [
        ("Score", "7/10"),
        ("Price", "£1,499 / $1,799"),
        ("Weight", "22.1kg"),
    ]
    for fact in run:
        assert REVIEW[fact.value.start : fact.value.end] == fact.value.text


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("How much does the Trailmaster 3 cost?", "£1,499 / $1,799"),  # "cost" asks for a price
        ("What score did it get?", "7/10"),
        ("How heavy is it?", "22.1kg"),
    ],
)
def test_the_line_whose_label_the_question_names_answers(question: str, value: str) -> None:
    found = fact_answer(question, REVIEW)
    assert found is not None and found.cell.text == value
    assert found.quoted(REVIEW) == REVIEW[found.line.start : found.line.end]
    assert found.quoted(REVIEW).endswith(value)


@pytest.mark.parametrize(
    "question",
    [
        "What is the price of the Roadrunner?",  # another bike than the box's
        "Who reviewed it?",  # no label named
        "How many gears does it have?",
    ],
)
def test_a_question_the_box_does_not_answer_is_left_to_the_reader(question: str) -> None:
    assert fact_answer(question, REVIEW) is None


def test_an_interviews_speaker_lines_are_not_facts() -> None:
    assert fact_runs(INTERVIEW) == ()
    assert fact_answer("Where did Mensah grow up?", INTERVIEW) is None
    long_line = "Mensah: " + "I cooked for my family every night of the week. " * 3
    assert fact_runs(f"Title\n\n{long_line}\n\n{long_line}") == ()


def test_the_pipeline_finds_the_fact_in_a_retrieved_article() -> None:
    found = cell_in_articles("How much does the Trailmaster 3 cost?", ["r"], lambda _: REVIEW)
    assert found is not None
    assert (found.text, found.sentence) == ("£1,499 / $1,799", "Price: £1,499 / $1,799")
    assert REVIEW[found.start : found.end] == found.text


def test_empty_binary_or_hostile_text_has_no_fact_box_and_reads_fast() -> None:
    assert fact_runs("") == ()
    assert fact_answer("How much is it?", "\x00\ufffd: \ufffd\n\x07: \x08") is None
    padded = "Price: 5" + " " * 200_000 + "x\nWeight: 2kg"  # once quadratic in the padding
    assert fact_answer("How much does it cost?", padded) is None
