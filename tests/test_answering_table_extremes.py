"""Which row of a table ranks first (``answering/table_extremes``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from qa_bot.answering.table_extremes import extreme_row

ROWS = [
    ("Service", "Mode", "Boardings 2024", "Boardings 2025", "Change"),
    ("Blue Line", "Light rail", "14,208,400", "15,104,900", "+6.3%"),
    ("Green Line", "Bus rapid transit", "6,874,300", "8,296,500", "+20.7%"),
    ("Harbor Ferry", "Ferry", "1,112,800", "1,007,300", "-9.5%"),
    ("Total", "-", "22,195,500", "24,408,700", "+10.0%"),
]
TEXT = "Ridership\n\n" + "\n\n".join(" | ".join(row) for row in ROWS)


@pytest.mark.parametrize(
    ("question", "label"),
    [
        ("Which service grew fastest in 2025?", "Green Line"),  # the change column
        ("Which service fell the most?", "Harbor Ferry"),  # the most negative change
        ("Which service had the most boardings in 2025?", "Blue Line"),  # Total left out
        ("Which service had the fewest boardings in 2024?", "Harbor Ferry"),
        ("Which service had the most boardings?", "Blue Line"),  # the latest year's column
        ("Which service had the fewest boardings?", "Harbor Ferry"),
    ],
)
def test_the_row_with_the_extreme_value_of_the_column_asked(question: str, label: str) -> None:
    found = extreme_row(question, TEXT)
    assert found is not None and found.cell.text == label
    assert TEXT[found.cell.start : found.cell.end] == label


@pytest.mark.parametrize(
    "question",
    [
        "Which service carried riders in 2025?",  # no superlative
        "What grew fastest?",  # names no kind of row
        "Which mode had the most boardings?",  # names no kind of row ("Service")
        "Which city has the most parks?",
    ],
)
def test_a_question_that_names_no_column_or_kind_of_row_is_left_alone(question: str) -> None:
    assert extreme_row(question, TEXT) is None


@given(st.text(max_size=300), st.text(max_size=60))
@hypothesis_settings(max_examples=150, deadline=None)
def test_any_text_or_question_gives_an_answer_or_none_never_an_error(text: str, asked: str) -> None:
    from qa_bot.answering.table_cells import cell_answer

    for question in (asked, f"Which {asked} grew the most?", f"How many {asked} in 2024?"):
        for found in (cell_answer(question, text), extreme_row(question, text)):
            assert found is None or text[found.cell.start : found.cell.end] == found.cell.text


@pytest.mark.parametrize(
    "text", [" | \n | \n | ", "a | b\n\n1 | \n\n2 | x", "|" * 5000, "\x00 | \xff\n" * 50]
)
def test_odd_tables_give_a_quoted_cell_or_none(text: str) -> None:
    from qa_bot.answering.table_cells import cell_answer

    for found in (cell_answer("How many b has a?", text), extreme_row("Which a has most b?", text)):
        assert found is None or text[found.cell.start : found.cell.end] == found.cell.text


def test_columns_of_years_alone_rank_by_the_latest() -> None:
    text = (
        "Admissions\n\nDistrict | 2024 | 2025 | Change\nNorthside | 148 | 263 | +78%\n"
        "Harbourside | 201 | 389 | +94%"
    )
    found = extreme_row("Which district had the most admissions?", text)
    assert found is not None and found.cell.text == "Harbourside"
    found = extreme_row("Which district had the fewest admissions?", text)
    assert found is not None and found.cell.text == "Northside"
    same_year = text.replace("2025", "2024")  # no latest year: left alone
    assert extreme_row("Which district had the most admissions?", same_year) is None
