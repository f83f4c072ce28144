"""The byline under a headline: who wrote the article, with offsets into its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_bot.ingest.byline import HEAD_LINES, find_byline, with_byline
from qa_bot.ingest.dateline import find_dateline

SEED = Path(__file__).resolve().parents[1] / "seeds" / "we-can-be-heroes-rodriguez-interview.txt"


@pytest.mark.parametrize(
    ("text", "author"),
    [
        ("Storm\n\nBy Jane Doe and John Roe, CNN\nUpdated 2020\n\nBody.", "Jane Doe and John Roe"),
        ("Storm hits coast\nWords by J. K. Rowling\nBody.", "J. K. Rowling"),
        ("Storm hits coast\nJane Doe, staff writer\nThe storm came.", "Jane Doe"),
        ("Storm hits coast\nJane Doe\nStaff writer · 4 min read\nThe storm came.", "Jane Doe"),
        ("Storm hits coast\nBY Maria de la Cruz | Reuters\nBody.", "Maria de la Cruz"),
        ("Storm hits coast\nBy JANE DOE, Associated Press\nBody.", "JANE DOE"),
        ("Storm\nBy Ann Lee, Jane Doe and John Roe\nBody.", "Ann Lee, Jane Doe and John Roe"),
        ("Storm hits coast\nPosted by Jane Doe on March 3, 2020\nBody.", "Jane Doe"),
        ("Storm hits coast\nAuthor: Jane Doe\nBody.", "Jane Doe"),
        ("Storm hits coast\n*By Jane Doe*\n\nBody.", "Jane Doe"),
        ("Storm hits coast\n_By Jane Doe_\nBody.", "Jane Doe"),
        ("Storm hits coast\nBy Jane Doe for The Guardian\nBody.", "Jane Doe"),
    ],
)  # fmt: skip
def test_bylines_are_found_with_offsets_quoting_the_name(text: str, author: str) -> None:
    byline = find_byline(text)
    assert byline is not None
    assert byline.author == author
    assert text[byline.start : byline.end] == author
    assert byline.line_start <= byline.start < byline.end <= byline.line_end


@pytest.mark.parametrize(
    "text",
    [
        "Storm hits coast\nBy the way, the storm came early.\nBody.",
        "Storm hits coast\nBY THE WAY, the storm came early.\nBody.",
        "Storm hits coast\nBreaking News\nThe storm came early.",
        "Storm hits coast\nSenior Correspondent\nReuters 2020",
        "Jane Doe\nThe storm came early.",  # a headline is no byline
        "Storm hits coast\nJane Doe\nThe storm came early.",  # a name line with nothing of a byline
        # an encyclopedia's first paragraph opens with the name, a parenthesis and years
        "Frédéric Chopin\n\nFrédéric François Chopin (22 February or 1 March 1810 – 17 October "
        "1849) was a Polish composer and a virtuoso pianist of the Romantic era.",
        "Storm hits coast\nBy Christmas Day, the storm had flooded the harbour and the old town "
        "both, and the mayor said the clean-up would take weeks.",
        "Storm hits coast\nBy Christmas Day, it was over.\nBody.",
        "Storm hits coast\nBy Monday Morning, it was over.\nBody.",
        "",
    ],
)
def test_lines_that_are_not_bylines_give_none(text: str) -> None:
    assert find_byline(text) is None


def test_a_byline_far_below_the_headline_is_not_taken() -> None:
    filler = "".join(f"Paragraph {n} of the story goes on.\n" for n in range(HEAD_LINES + 1))
    assert find_byline(f"Storm hits coast\n{filler}By Jane Doe\n") is None


def test_the_seed_articles_byline_runs_over_its_role_line() -> None:
    text = SEED.read_text(encoding="utf-8")
    byline = find_byline(text)
    assert byline is not None
    line = text[byline.line_start : byline.line_end]
    assert line.startswith(byline.author) and "Correspondent" in line
    assert byline.author in text.splitlines()[:4]


def test_a_page_whose_metadata_names_the_writer_gets_a_byline_to_quote(tmp_path: Path) -> None:
    from qa_bot.ingest.articles import read_paths

    page = tmp_path / "storm.html"
    page.write_text(
        '<html><head><title>Storm hits the coast</title><meta name="author" content="Jane Doe">'
        '<meta property="article:published_time" content="2023-05-03T10:00:00Z">'
        "</head><body><article><h1>Storm hits the coast</h1><p>The storm came early on Monday "
        "and flooded the harbour district, officials said. Hundreds of homes lost power for most "
        "of the day.</p><p>The mayor said the clean-up would take weeks.</p></article></body>"
        "</html>",
        encoding="utf-8",
    )
    (article,) = read_paths([page]).articles
    byline = find_byline(article.text)
    assert byline is not None and byline.author == "Jane Doe"
    assert article.text[byline.start : byline.end] == "Jane Doe"
    assert "flooded the harbour district" in article.text
    dated = find_dateline(article.text)  # the page's date, likewise
    assert dated is not None and dated.date == "2023-05-03"


def test_with_byline_keeps_a_byline_already_there_and_text_without_an_author() -> None:
    text = "Storm\nBy Jane Doe\n\nThe storm came."
    assert with_byline(text, "Jane Doe") == text
    assert with_byline(text, "John Roe") == text  # the text's own byline wins
    assert with_byline("Storm\n\nThe storm came.", None) == "Storm\n\nThe storm came."
    assert with_byline("Storm\n\nThe storm came.", "Jane Doe; John Roe") == (
        "Storm\nBy Jane Doe and John Roe\nThe storm came."
    )


def test_metadata_that_is_no_persons_name_adds_nothing() -> None:
    for author in ("admin", "CNN staff", "Editorial Staff"):
        assert with_byline("Storm\n\nThe storm came.", author) == "Storm\n\nThe storm came."
