"""Markdown posts are read as the text a browser shows, so answers quote no markup."""

from __future__ import annotations

from pathlib import Path

from qa_bot.ingest.articles import read_file
from qa_bot.ingest.byline import find_byline
from qa_bot.ingest.dateline import find_dateline
from qa_bot.ingest.markdown import markdown_to_text

BLOG = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "blog-cloud-bill.md"


def test_markup_is_dropped_and_blocks_keep_their_own_lines() -> None:
    text = markdown_to_text(
        "# Owls at *night*\n\n"
        "Owls **hunt** at night. See [the guide](http://example.org) and ![a barn owl](o.png).\n\n"
        "## Diet\n\n"
        "3. Mice\n4. Voles\n\n"
        "- small birds\n- `insects`\n\n"
        "| Owl | Weight |\n|---|---|\n| Barn owl | 500 g |\n"
    )
    lines = [line for line in text.splitlines() if line]
    assert lines == [
        "Owls at night",
        "Owls hunt at night. See the guide and a barn owl.",
        "Diet",
        "3. Mice",
        "4. Voles",
        "- small birds",
        "- insects",
        "Owl | Weight",
        "Barn owl | 500 g",
    ]
    assert "http" not in text and "*" not in text and "#" not in text


def test_an_empty_table_cell_keeps_its_place_so_the_columns_line_up() -> None:
    text = markdown_to_text("| Line | Mode | Riders |\n|---|---|---|\n| Total | | 48,612 |\n")
    header, total = (line.split(" | ") for line in text.splitlines() if line)
    assert len(header) == len(total) == 3
    assert total[2] == "48,612" and total[1] == "-"


def test_line_breaks_inside_a_paragraph_stay_and_code_is_kept_as_written() -> None:
    text = markdown_to_text("Jane Doe\nSenior writer\n\n```\nx  =  1\n```\n")
    assert text.splitlines()[:2] == ["Jane Doe", "Senior writer"]
    assert "x  =  1" in text
    assert markdown_to_text("Snake_case_name and 2 * 3 * 4") == "Snake_case_name and 2 * 3 * 4"


def test_front_matter_gives_title_byline_and_date() -> None:
    post = '---\ntitle: "Owls at night"\nauthor: Jane Doe\ndate: 2024-05-03\n---\nOwls hunt.\n'
    text = markdown_to_text(post)
    assert text.splitlines()[0] == "Owls at night"
    byline, dateline = find_byline(text), find_dateline(text)
    assert byline is not None and dateline is not None
    assert text[byline.start : byline.end] == "Jane Doe"
    assert dateline.date == "2024-05-03"
    assert "title:" not in text and "---" not in text


def test_a_post_read_from_disk_has_its_byline_and_date_without_markup() -> None:
    (article,), skipped = read_file(BLOG)
    assert skipped == []
    assert article.title == "How we cut our cloud bill by 38% without slowing anything down"
    assert not article.text.startswith("#")
    byline, dateline = find_byline(article.text), find_dateline(article.text)
    assert byline is not None and "Priya Raman" in article.text[byline.start : byline.end]
    assert dateline is not None and dateline.date == "March 4, 2025"
    assert "**" not in article.text
    assert "1. Scheduling the analytics cluster. The cluster now starts at 1 a.m." in article.text


def test_real_pipeline_quotes_a_markdown_post_without_its_markup(
    tmp_path: Path, real_embedder
) -> None:
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.config import load_settings
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    settings = load_settings(environ={})
    build_index(read_paths([BLOG]).articles, tmp_path / "index", settings, real_embedder)
    pipeline = load_pipeline(settings, tmp_path / "index", embedder=real_embedder)
    published = pipeline.answer("When was the post published?")
    assert published.text == "March 4, 2025"
    fell = pipeline.answer("How much did the bill fall?")
    assert fell.text is not None and "38%" in fell.text
    assert "#" not in fell.text and "#" not in (fell.sentence or "")
