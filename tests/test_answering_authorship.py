"""Questions about who wrote an article, answered from its byline."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from qa_bot.answering.authorship import author_question, byline_answer, which_article
from qa_bot.config import load_settings
from qa_bot.types import NOT_FOUND, Source

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
NEWS = ROOT / "benchmarks" / "data" / "news-storm.txt"


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("Who wrote the article?", ""),
        ("who wrote this", ""),
        ("And who reported the story?", ""),
        ("Who is the author?", ""),
        ("Who's the writer of this piece?", ""),
        ("Who is the article by?", ""),
        ("Who was this story written by?", ""),
        ("By whom was the article written?", ""),
        ("Whose article is this?", ""),
        ("What is the author's name?", ""),
        ("Who wrote the article about Robert Rodriguez?", "Robert Rodriguez"),
        ("Who is the author of the article on the Lisbon flood?", "the Lisbon flood"),
        ("Who interviewed Ada Mensah?", "Ada Mensah"),
        ("Who wrote the annual report?", ""),
        ("Who wrote this magazine feature about glaciers?", "glaciers"),
        ("Who wrote the match report?", ""),
        ("Who wrote the obituary?", ""),
        ("Who wrote the policy brief on heatwaves?", "heatwaves"),
        ("Who wrote the help page?", ""),
    ],
)
def test_author_questions_are_recognised_with_what_they_are_about(
    question: str, about: str
) -> None:
    asked = author_question(question)
    assert asked is not None
    assert asked.about == about


@pytest.mark.parametrize(
    "question",
    [
        "Who wrote the Ninety-five Theses?",
        "Who is the author of Hamlet?",
        "Who wrote it?",  # "it" is what the conversation is about, resolved elsewhere
        "Who wrote the score?",
        "Who directed We Can Be Heroes?",
        "What did the author of the report find?",
        "Who wrote this song?",  # "this" is the article only when nothing else follows it
        "Who wrote this book about dogs?",
        "Who wrote the game?",
        "Who wrote the film Heroes?",
        "Who wrote the paper on relativity?",  # a scientist's paper, not the article
        "Who wrote the guide to the museum?",
    ],
)
def test_questions_about_other_writings_are_not_author_questions(question: str) -> None:
    assert author_question(question) is None


def _source(offset: int) -> Source:
    return Source("a1", "Storm hits coast", "storm.txt", None, None, None)


def test_the_byline_answer_quotes_the_name_and_its_line() -> None:
    text = "Storm hits coast\nBy Jane Doe, Reuters\n\nThe storm came early."
    answer = byline_answer("Who wrote the article?", text, _source, time.perf_counter())
    assert answer is not None
    assert answer.text == "Jane Doe" == text[answer.start or 0 : answer.end]
    assert answer.sentence == "By Jane Doe, Reuters"
    assert answer.confident and answer.kind == "span" and answer.source is not None


def test_an_article_without_a_byline_gives_no_answer() -> None:
    text = "Storm hits coast\nThe storm came early."
    assert byline_answer("Who wrote the article?", text, _source, time.perf_counter()) is None


def test_which_article_lists_a_small_librarys_titles_and_counts_a_large_one() -> None:
    asked = which_article(["Storm floods Lisbon", "We Can Be Heroes"])
    assert asked.startswith("Which article do you mean? I have 2:")
    assert "“Storm floods Lisbon”" in asked and "“We Can Be Heroes”" in asked
    assert "the article about Storm floods Lisbon" in asked
    many = which_article([f"Title {n}" for n in range(9)])
    assert "I have 9 articles." in many and "Title 8" not in many


def test_real_pipeline_asks_which_article_in_a_library_of_several(
    tmp_path: Path, real_embedder
) -> None:
    from qa_bot.answering.conversation import Conversation
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    settings = load_settings(environ={})
    articles = read_paths([SEEDS, NEWS]).articles
    build_index(articles, tmp_path / "index", settings, real_embedder)
    pipeline = load_pipeline(settings, tmp_path / "index", embedder=real_embedder)
    unclear = pipeline.answer("Who wrote the article?")
    assert unclear.text is None and unclear.declined_reason is not None
    assert unclear.declined_reason.startswith("Which article do you mean? I have 2:")
    assert all(article.title in unclear.declined_reason for article in articles)
    named = pipeline.answer("Who wrote the article about the storm in Lisbon?")
    assert named.text == "Ana Ferreira and Tom Walsh"
    # In a conversation, the article of the last answer is the one meant.
    conversation = Conversation(pipeline)
    conversation.ask("How many homes lost power?")
    assert conversation.ask("Who wrote the article?").text == "Ana Ferreira and Tom Walsh"
    # Other questions that find nothing decline as before.
    assert pipeline.answer("What is the capital of Portugal?").declined_reason == NOT_FOUND


def test_real_pipeline_names_the_seed_articles_writer(seed_index: Path, real_embedder) -> None:
    from qa_bot.answering.conversation import Conversation
    from qa_bot.answering.pipeline import load_pipeline

    pipeline = load_pipeline(load_settings(environ={}), seed_index, embedder=real_embedder)
    answer = pipeline.answer("Who wrote the article?")
    assert answer.source is not None and answer.confident
    text = pipeline.article_text(answer.source.article_id)
    assert text[answer.start or 0 : answer.end] == answer.text
    assert answer.text in (answer.sentence or "") and "Correspondent" in (answer.sentence or "")
    # Other writings are read as before: the reader answers or declines, never the byline.
    theses = pipeline.answer("Who wrote the Ninety-five Theses?")
    assert theses.text != answer.text
    assert pipeline.answer("Who wrote this song?").text != answer.text
    # In a conversation the writer becomes who "he" is.
    conversation = Conversation(pipeline)
    assert conversation.ask("Who wrote this?").text == answer.text
    works = conversation.ask("Where does he work?")
    assert works.understood_as == f"Where does {answer.text} work?"
