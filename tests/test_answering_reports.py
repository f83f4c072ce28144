"""A report with a table and a web feature, through the real model and index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_bot.answering.head import in_head_lines
from qa_bot.answering.table_cells import tables_in
from qa_bot.config import load_settings
from qa_bot.types import Span

DATA = Path(__file__).resolve().parent.parent / "benchmarks" / "data"
REPORT = DATA / "report-transit.md"
FEATURE = DATA / "feature-glacier.html"
INTERVIEW = DATA / "interview-chef.txt"


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory, real_embedder):  # type: ignore[no-untyped-def]
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    index = tmp_path_factory.mktemp("reports") / "index"
    settings = load_settings(environ={})
    build_index(read_paths([REPORT, FEATURE, INTERVIEW]).articles, index, settings, real_embedder)
    return load_pipeline(settings, index, embedder=real_embedder)


def _table_questions() -> list[tuple[str, list[str]]]:
    """The report's questions whose answer stands in a row of its table."""
    (article,) = json.loads((DATA / "report-questions.json").read_text(encoding="utf-8"))["data"]
    (paragraph,) = article["paragraphs"]
    rows = [(row.start, row.end) for table in tables_in(paragraph["context"]) for row in table]
    asked = []
    for qa in paragraph["qas"]:
        starts = [answer["answer_start"] for answer in qa["answers"]]
        if starts and all(any(a <= s < b for a, b in rows) for s in starts):
            asked.append((qa["question"], [answer["text"] for answer in qa["answers"]]))
    return asked


def test_the_report_has_questions_answered_by_its_table() -> None:
    assert len(_table_questions()) >= 4


@pytest.mark.parametrize(("question", "answers"), _table_questions())
def test_a_question_naming_a_row_and_a_column_is_answered_from_the_cell(  # type: ignore[no-untyped-def]
    pipeline, question: str, answers: list[str]
) -> None:
    answer = pipeline.answer(question)
    assert answer.text in answers
    assert answer.confident and answer.sentence is not None and " / " in answer.sentence
    assert answer.source is not None and answer.source.path.endswith(REPORT.name)


def test_the_report_is_dated_by_its_publisher_line(pipeline) -> None:  # type: ignore[no-untyped-def]
    answer = pipeline.answer("When was the annual report on transit published?")
    assert answer.text == "14 February 2026"


def test_the_writer_of_a_feature_is_not_the_answer_to_who_leads_its_project(pipeline) -> None:  # type: ignore[no-untyped-def]
    from qa_bot.ingest.articles import read_paths
    from qa_bot.ingest.byline import find_byline

    (feature,) = read_paths([FEATURE]).articles
    byline = find_byline(feature.text)
    assert byline is not None
    answer = pipeline.answer("Who leads the project to drill the Patagonian ice core?")
    assert answer.text != byline.author
    assert pipeline.answer("Who wrote the feature about the ice core?").text == byline.author


def _span(start: int, end: int, text: str) -> Span:
    return Span(text[start:end], 1.0, "a", start, end, "", 0, 0, 0)


def test_a_span_on_the_byline_name_or_the_date_is_in_the_head_lines() -> None:
    text = "Ice\nPublished 2025-06-12\nBy Helena Marsh, Meridian Science\nAt dawn the drill stopped"
    name = text.index("Helena Marsh")
    outlet = text.index("Meridian Science")
    date = text.index("2025-06-12")
    assert in_head_lines("Who leads the team?", _span(name, name + 12, text), text)
    assert in_head_lines("When did the drill stop?", _span(date, date + 10, text), text)
    assert not in_head_lines("Who wrote it?", _span(name, name + 12, text), text)
    assert not in_head_lines("When was it published?", _span(date, date + 10, text), text)
    assert not in_head_lines("Which magazine ran it?", _span(outlet, outlet + 16, text), text)


def test_a_figure_asked_for_one_year_is_the_one_its_sentence_gives_for_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = REPORT.read_text(encoding="utf-8")
    assert "rose from 58 in 2024 to 63 in 2025" in text
    assert pipeline.answer("How many assaults on staff were recorded in 2024?").text == "58"


def test_words_of_the_topic_a_passage_lacks_do_not_hide_its_answer(pipeline) -> None:  # type: ignore[no-untyped-def]
    answer = pipeline.answer("How much did the Patagonian ice core project cost?")
    assert answer.text == "US$2.4 million"


def test_no_answer_quotes_an_interviews_speaker_label(pipeline) -> None:  # type: ignore[no-untyped-def]
    from qa_bot.answering.speaker_labels import label_spans
    from qa_bot.ingest.byline import find_byline

    text = INTERVIEW.read_text(encoding="utf-8")
    assert {text[a:b].strip() for a, b in label_spans(text)} == {"Larder:", "Mensah:"}
    for question in ("What is her book called?", "Who is her sous-chef?"):
        answer = pipeline.answer(question)
        assert answer.text is None or not answer.text.startswith(("Mensah", "Larder"))
    byline = find_byline(text)
    assert byline is not None
    assert pipeline.answer("Who interviewed Ada Mensah?").text == byline.author
