"""The date line under a headline: when the article was published, with offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_bot.ingest.dateline import find_dateline, find_place_line, with_dateline

NEWS = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "news-storm.txt"
DATA = NEWS.parent


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Storm\nUpdated 9:41 AM GMT, December 12, 2023\n\nBody.", "December 12, 2023"),
        ("Storm\nBy Jane Doe, 3 May 2023\nBody.", "3 May 2023"),
        ("Storm\n2023-05-03\nBody.", "2023-05-03"),
        ("Storm\nPublished: Mar. 4, 2021 at 10:30 a.m.\nBody.", "Mar. 4, 2021"),
        (
            "# Cloud bill\n\n*By Priya Raman, Head of Infrastructure at Tallyfield · March 4, 2025"
            " · 7 min read*\n\nBody.",
            "March 4, 2025",
        ),
        (
            "Cloud bill\nPriya Raman | Head of Infrastructure, Tallyfield | 2025-03-04\n",
            "2025-03-04",
        ),
        (  # a report's publisher line, longer than a byline, says what its date is
            "Annual Report 2025\n\nPublished by the Office of Performance and Planning, Riverton"
            " Regional Transit Authority · 14 February 2026\n\nExecutive summary",
            "14 February 2026",
        ),
    ],
)
def test_date_lines_are_found_with_offsets_quoting_the_date(text: str, date: str) -> None:
    found = find_dateline(text)
    assert found is not None
    assert found.date == date == text[found.start : found.end]
    assert found.line_start <= found.start < found.end <= found.line_end


@pytest.mark.parametrize(
    "text",
    [
        "Storm\nOn May 3, 2023 the storm came early and flooded the old harbour, officials said.\n",
        "May 3, 2023\nThe storm came early.",  # the headline is no date line
        "Storm\nThe storm came early.\n",
        "Storm\nHarbour · On May 3, 2023 the storm flooded the old harbour · Lisbon\n",
        "Storm\nPublished reports say that on May 3, 2023 the storm flooded the old harbour of"
        " Lisbon and the quays of Cascais, and that the fishermen of both towns lost their boats,"
        " their nets and most of the season's income.\n",
        "",
    ],
)
def test_lines_that_only_mention_a_date_are_not_date_lines(text: str) -> None:
    assert find_dateline(text) is None


def test_the_news_storys_dateline_is_found() -> None:
    text = NEWS.read_text(encoding="utf-8")
    found = find_dateline(text)
    assert found is not None and found.date in text.splitlines()[3]


def test_with_dateline_adds_a_metadata_date_only_where_the_head_has_none() -> None:
    assert with_dateline("Storm\n\nBody.", "2023-05-03") == "Storm\nPublished 2023-05-03\nBody."
    feed_date = "Tue, 03 May 2023 10:00:00 GMT"
    assert with_dateline("Storm\n\nBody.", feed_date) == "Storm\nPublished 03 May 2023\nBody."
    dated = "Storm\n2023-05-03\nBody."
    assert with_dateline(dated, "2024-01-01") == dated
    assert with_dateline("Storm\n\nBody.", "yesterday") == "Storm\n\nBody."
    assert with_dateline("Storm\n\nBody.", None) == "Storm\n\nBody."


def test_a_long_paragraph_is_no_date_line_even_where_the_head_cuts_it_short() -> None:
    # the dated paragraph starts 30 characters before the head ends: cut there, it is short
    first = ("The university was founded by the state legislature. " * 30)[:1446]
    dated = "On February 20, 1863, Governor Thomas Carney signed the bill into law. " * 5
    text = f"University of Kansas\n\n{first}\n\n{dated}\n\nMore."
    assert text.index("On February") == 1500 - 30
    assert find_dateline(text) is None


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        (
            "Storm\n\nBy Ana Ruiz, CNN\n\nMARLOW, Ohio (CNN) -- A jury found",
            "MARLOW, Ohio (CNN) -- ",
        ),
        ("Storm\n\nLISBON (Reuters) - The storm hit", "LISBON (Reuters) - "),
        ("Storm\n\nNEW YORK (AP) \u2014 The storm hit", "NEW YORK (AP) \u2014 "),
        ("Storm\n\n(CNN) -- The storm hit", "(CNN) -- "),
        ("Storm\n\nWASHINGTON, D.C. (Reuters) - x", "WASHINGTON, D.C. (Reuters) - "),
        ("Storm\n\nPARIS \u2014 The mayor said", "PARIS \u2014 "),
    ],
)
def test_the_place_a_story_was_filed_from_is_found(text: str, opening: str) -> None:
    found = find_place_line(text)
    assert found is not None and text[found.start : found.end] == opening


@pytest.mark.parametrize(
    "text",
    [
        "Storm\n\nThe US (and its allies) -- said nothing",
        "Storm\n\nIn 2010 AB -- no",
        "Storm\n\nA quiet day in Lisbon (Portugal) -- the storm",
        "",
        "\x00\x01 binary",
        "Storm\n\n" + "A" * 20_000 + " (CNN) -- x",
    ],
)
def test_other_openings_are_no_place_line(text: str) -> None:
    assert find_place_line(text) is None


def test_the_cnn_storys_place_line_is_found() -> None:
    text = (DATA / "news-cnn-verdict.txt").read_text(encoding="utf-8")
    found = find_place_line(text)
    assert found is not None and text[found.start : found.end].startswith("MARLOW, Ohio (CNN)")
