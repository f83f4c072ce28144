"""Table cells answer questions that name their row and column (``answering/table_cells``)."""

from __future__ import annotations

import pytest

from qa_bot.answering.table_cells import cell_answer, tables_in

ROWS = [
    ("Branch", "2024 visits", "2025 visits", "Change"),
    ("Central", "412,000", "398,500", "-3.3%"),
    ("Eastside", "96,200", "171,800", "+78.6%"),
    ("Northgate", "150,300", "158,900", "+5.7%"),
]
TABLE = "\n\n".join(" | ".join(row) for row in ROWS)
TEXT = (
    "Harbor City Library Annual Report 2025\n\nVisits rose across the network, led by the new"
    f" Eastside branch.\n\n{TABLE}\n\nLoans of e-books grew by 22% to 640,000."
)


def test_a_run_of_rows_with_the_same_cells_is_one_table_its_header_first() -> None:
    (table,) = tables_in(TEXT)
    assert [tuple(cell.text for cell in row.cells) for row in table] == ROWS
    for row in table:
        for cell in row.cells:
            assert TEXT[cell.start : cell.end] == cell.text


def test_two_rows_or_a_change_of_width_are_not_one_table() -> None:
    assert tables_in("a | b\n\nc | d\n\nprose") == []
    assert tables_in("a | b\n\nc | d\n\ne | f | g\n\nh | i | j") == []


@pytest.mark.parametrize(
    ("question", "row", "column"),
    [
        ("How many visits did Northgate have in 2025?", 3, 2),
        ("How many visits did the Central branch get in 2024?", 1, 1),
        ("By how much did visits to Eastside change?", 2, 3),
        ("What was the change at Central?", 1, 3),
    ],
)
def test_the_cell_in_the_row_and_column_the_question_names(
    question: str, row: int, column: int
) -> None:
    found = cell_answer(question, TEXT)
    assert found is not None
    assert found.cell.text == ROWS[row][column]
    assert TEXT[found.cell.start : found.cell.end] == ROWS[row][column]
    assert found.quoted(TEXT) == f"{' | '.join(ROWS[0])} / {' | '.join(ROWS[row])}"


@pytest.mark.parametrize(
    "question",
    [
        "Which branch grew the most?",  # no row named
        "How many visits did Northgate have?",  # 2024 or 2025: a tie
        "Who runs the Eastside branch?",  # no column named
        "How many e-books were lent?",
    ],
)
def test_a_question_that_does_not_name_one_row_and_one_column_is_left_to_the_reader(
    question: str,
) -> None:
    assert cell_answer(question, TEXT) is None


def test_a_share_asked_for_settles_between_a_year_and_the_change_column() -> None:
    question = "By what percentage did visits to Northgate change in 2025?"
    found = cell_answer(question, TEXT)
    assert found is not None and found.cell.text == ROWS[3][3]
    counted = cell_answer("How many visits did Northgate have in 2025?", TEXT)
    assert counted is not None and counted.cell.text == ROWS[3][2]


def test_words_every_label_shares_do_not_name_a_row() -> None:
    text = "Line | Riders\n\nBlue Line | 13.1 million\n\nRed Line | 9.8 million"
    assert cell_answer("How many riders did the line carry?", text) is None
    found = cell_answer("How many riders did the Red Line carry?", text)
    assert found is not None and found.cell.text == "9.8 million"


MODELS = (
    "Model | Size | Sold between | Units\n\n"
    "PrimaCook PC-600 | 6 l | May 2024 – Dec 2025 | 48,900\n\n"
    "PrimaCook PC-800 | 8 l | May 2024 – Dec 2025 | 31,200\n\n"
    "PrimaCook PC-600 Duo | 6 l | Feb 2025 – Dec 2025 | 6,900\n\nTotal | - | - | 87,000"
)


@pytest.mark.parametrize(
    ("question", "cell"),
    [
        ("How many units of the PC-600 are affected?", "48,900"),
        ("How many PC-600 Duo cookers were sold?", "6,900"),
        ("What size is the PC-800?", "8 l"),
        ("When was the PC-600 Duo on sale?", "Feb 2025 – Dec 2025"),  # a column of dates
    ],
)
def test_a_row_is_named_by_the_words_that_tell_it_from_the_others(question: str, cell: str) -> None:
    found = cell_answer(question, MODELS)
    assert found is not None and found.cell.text == cell


def test_words_every_model_shares_name_no_row() -> None:
    assert cell_answer("How many PrimaCook cookers were sold?", MODELS) is None


WEB_TABLE = (
    "Specifications\n| Model | Ethernet ports | Price | Warranty | \n|---|---|---|---|\n"
    "| Lumen R7 | 1 Internet, 3 gigabit LAN | £129 | 2 years | \n"
    "| Lumen R7 Pro | 1 Internet, 4 gigabit LAN | £199 | 3 years | \n"
    "| Lumen R7 Point | 1 gigabit LAN | £79 | 2 years | \nNote: the Point is an extender."
)


def test_a_web_pages_table_with_edge_pipes_and_a_rule_under_its_header() -> None:
    (table,) = tables_in(WEB_TABLE)
    assert [cell.text for cell in table[0].cells] == [
        "Model",
        "Ethernet ports",
        "Price",
        "Warranty",
    ]
    row = table[2]
    assert (
        WEB_TABLE[row.start : row.end]
        == "Lumen R7 Pro | 1 Internet, 4 gigabit LAN | £199 | 3 years"
    )
    assert all(WEB_TABLE[c.start : c.end] == c.text for r in table for c in r.cells)


@pytest.mark.parametrize(
    ("question", "cell"),
    [
        ("How much does the R7 Pro cost?", "£199"),  # a sum of money asked: the Price column
        ("What is the warranty on the R7?", "2 years"),  # "the R7": the row with no word of its own
        ("How many LAN ports does the R7 Pro have?", "1 Internet, 4 gigabit LAN"),  # not "3 years"
    ],
)
def test_a_product_table_is_read_by_model_and_column(question: str, cell: str) -> None:
    found = cell_answer(question, WEB_TABLE)
    assert found is not None and found.cell.text == cell


def test_a_question_about_the_brand_names_no_model() -> None:
    assert cell_answer("How much is the Lumen?", WEB_TABLE) is None
    assert cell_answer("How much does Lumen Shield cost?", WEB_TABLE) is None  # not a model


def test_a_count_of_something_else_is_no_answer_to_how_many() -> None:
    assert cell_answer("How many devices can the R7 Pro handle?", WEB_TABLE) is None
    found = cell_answer("How many years is the warranty on the R7 Pro?", WEB_TABLE)
    assert found is not None and found.cell.text == "3 years"


def test_by_how_much_something_rose_is_read_from_the_change_column() -> None:
    text = (
        "District | 2024 | 2025 | Change\nNorthside | 148 | 263 | +78%\n"
        "Eastgate | 176 | 331 | +88%\nOld Town | 119 | 205 | +72%"
    )
    question = "By how much did admissions in Eastgate rise from 2024 to 2025?"
    found = cell_answer(question, text)
    assert found is not None and found.cell.text == "+88%"
    found = cell_answer("How many admissions did Eastgate have in 2025?", text)
    assert found is not None and found.cell.text == "331"


SPECS = (
    "Trailmaster 3 review\n\nSpecification | Trailmaster 3\n\nMotor | 250W hub\n\n"
    "Battery | 500Wh, removable\n\nWeight | 22.1kg\n\nTop speed | 25km/h\n\n"
    "Claimed range | Up to 100km\n\nThe Roadrunner, its rival, weighs 19kg."
)


@pytest.mark.parametrize(
    ("question", "cell"),
    [
        ("Which motor does it have?", "250W hub"),  # one column of values: the row is enough
        ("How heavy is the Trailmaster 3?", "22.1kg"),  # "heavy" asks for the weight
        ("How much does it weigh?", "22.1kg"),
        ("What is its top speed?", "25km/h"),
        ("What is its claimed range?", "Up to 100km"),
    ],
)
def test_a_specifications_table_answers_by_its_row(question: str, cell: str) -> None:
    found = cell_answer(question, SPECS)
    assert found is not None and found.cell.text == cell
    assert SPECS[found.cell.start : found.cell.end] == cell


def test_a_specifications_table_does_not_answer_for_something_it_does_not_name() -> None:
    assert cell_answer("How heavy is the Roadrunner?", SPECS) is None
    assert cell_answer("Who designed it?", SPECS) is None  # no row named
    assert cell_answer("How far did it go in the test?", SPECS) is None  # not "claimed"
    assert cell_answer("How long is the warranty?", SPECS) is None
