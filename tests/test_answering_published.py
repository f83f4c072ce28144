"""Questions about when an article was published, answered from its date line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from qa_bot.answering.published import date_question, dateline_answer
from qa_bot.config import load_settings
from qa_bot.types import Source

NEWS = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "news-storm.txt"


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("When was the article published?", ""),
        ("When was this written?", ""),
        ("What date was the story published?", ""),
        ("What's the article's date?", ""),
        ("When is the article from?", ""),
        ("What is the date of the article about the storm?", "the storm"),
        ("When was the article about Lisbon updated?", "Lisbon"),
        ("When was the annual report published?", ""),
        ("When was the feature published?", ""),
        ("When was this magazine feature about glaciers written?", "glaciers"),
    ],
)
def test_date_questions_are_recognised(question: str, about: str) -> None:
    asked = date_question(question)
    assert asked is not None and asked.about == about


@pytest.mark.parametrize(
    "question",
    [
        "When was Hamlet published?",
        "When was the film released?",
        "When was it published?",
        "When was this song released?",
        "When was this album put out?",
        "When was the Mueller report published?",
    ],
)
def test_questions_about_other_dates_are_not_date_questions(question: str) -> None:
    assert date_question(question) is None


def _source(offset: int) -> Source:
    return Source("a1", "Storm", "storm.txt", None, None, None)


def test_the_dateline_answer_quotes_the_date_and_its_line() -> None:
    text = "Storm\nUpdated 9:41 AM GMT, December 12, 2023\n\nThe storm came."
    answer = dateline_answer("When was it published?", text, _source, time.perf_counter())
    assert answer is not None
    assert answer.text == "December 12, 2023" == text[answer.start or 0 : answer.end]
    assert answer.sentence == "Updated 9:41 AM GMT, December 12, 2023"
    assert dateline_answer("When?", "Storm\n\nNo date.", _source, time.perf_counter()) is None


def test_real_pipeline_answers_who_wrote_a_news_story_and_when(
    tmp_path: Path, real_embedder
) -> None:
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    settings = load_settings(environ={})
    build_index(read_paths([NEWS]).articles, tmp_path / "index", settings, real_embedder)
    pipeline = load_pipeline(settings, tmp_path / "index", embedder=real_embedder)
    text = NEWS.read_text(encoding="utf-8")
    for question in ("When was the article published?", "Who are the authors?"):
        answer = pipeline.answer(question)
        assert answer.confident and answer.source is not None
        assert text[answer.start or 0 : answer.end] == answer.text
        assert (answer.text or "") in text.splitlines()[2] + text.splitlines()[3]
        (passage,) = answer.passages  # the passage it stands in ("Show passage")
        assert passage.chunk.start <= (answer.start or 0) < passage.chunk.end
