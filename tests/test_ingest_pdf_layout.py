"""PDF pages read in layout mode become paragraphs, tables and list items (ingest/pdf_layout)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from qa_bot.ingest.articles import read_file
from qa_bot.ingest.pdf_layout import layout_pages

BRIEF = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "brief-heat.pdf"
WIDE = "The council reviewed what the heat plan achieved in the summer and what it did"


def _page(body: list[str], number: int) -> str:
    header = (
        "City Council · Office of Health                                   Policy Brief 2026/03"
    )
    footer = (
        f"Keeping Cool                                                          Page {number} of 2"
    )
    return "\n".join([header, "", *body, "", footer])


def test_wrapped_lines_join_and_short_lines_end_a_paragraph() -> None:
    body = [
        " 1. The heat season",
        f" {WIDE}",
        " not achieve, district by district.",
        "",
        f" {WIDE}",
    ]
    (text,) = layout_pages(["\n".join(body)]) or [""]
    assert text.split("\n\n")[:2] == [
        "1. The heat season",
        f"{WIDE} not achieve, district by district.",
    ]


def test_running_header_and_footer_go_and_a_cut_paragraph_is_finished_on_its_page() -> None:
    first = _page([f" {WIDE}", " which the plan"], 1)
    second = _page([" dropped in 2023 to save money.", "", f" {WIDE}."], 2)
    texts = layout_pages([first, second])
    assert texts is not None
    assert "Page" not in " ".join(texts) and "Policy Brief" not in " ".join(texts)
    assert texts[0].endswith("which the plan dropped in 2023 to save money.")
    assert texts[1].startswith(WIDE)


def test_columns_on_consecutive_lines_are_a_table_of_cells() -> None:
    rows = [
        "   District          2024      2025     Change",
        "   Northside          148       263       +78%",
        "   Old Town           119       205       +72%",
    ]
    (text,) = layout_pages(["\n".join([f" {WIDE}", "", *rows])]) or [""]
    assert (
        "District | 2024 | 2025 | Change\nNorthside | 148 | 263 | +78%\nOld Town | 119 | 205 | +72%"
        in text
    )


def test_bullets_start_list_items_and_a_raised_footnote_marker_rejoins_its_line() -> None:
    lines = [
        " \x7f   Keep all cooling centres open until 10 pm on alert days, and open six more in",
        "     Harbourside by June 2026.",
        " 1, against 9 in",
        " The heatwaves between late June and late August brought 23 days of heat alerts",
        " 2024, and a new city record.",
    ]
    (text,) = layout_pages(["\n".join(lines)]) or [""]
    assert (
        "- Keep all cooling centres open until 10 pm on alert days, and open six more in "
        "Harbourside" in text
    )
    assert "23 days of heat alerts, against 9 in 2024, and a new city record." in text


def test_a_page_in_two_columns_is_left_to_the_plain_text() -> None:
    column = "word " * 9
    page = "\n".join(f"{column}        {column}" for _ in range(12))
    assert layout_pages([page]) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=300), max_size=4))
def test_any_page_text_is_laid_out_without_error(pages: list[str]) -> None:
    texts = layout_pages(pages)
    assert texts is None or len(texts) == len(pages)


def test_a_real_pdf_brief_reads_as_paragraphs_with_its_table() -> None:
    (article,), problems = read_file(BRIEF)
    assert not problems
    text = article.text
    assert text.count(article.title) == 1  # the wrapped title not repeated
    assert "Northside | 148 | 263 | +78%" in text
    assert "which the plan dropped in 2023 to save money" in text
    assert "Page 2 of 3" not in text and "heat-health alerts, against 9 in 2024" in text
    assert "\n- Plant 12,000 street trees by 2030" in text
    assert "City Council · March 2026\n\nDr. Amara Oyelaran" in text  # the date line apart
    # page offsets still point at each page's text
    assert len(article.pages) == 3 and text[article.pages[1] :].startswith("Table 1.")
