"""'What is the article about?': the article's headline."""

from __future__ import annotations

import time

import pytest

from qa_bot.answering.article_named import named_article
from qa_bot.answering.authorship import ArticleQuestion
from qa_bot.answering.gist import gist_answer, gist_question
from qa_bot.types import Source

ARTICLE = (
    "Storm floods Lisbon harbour\n\nBy Ana Ferreira\n\n"
    "A winter storm flooded the harbour. It rained."
)


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("What is the article about?", ""),
        ("What's this post about?", ""),
        ("Summarize the article", ""),
        ("Can you summarise the story about the storm?", "the storm"),
        ("What is the gist of the article about the cloud bill?", "the cloud bill"),
        ("Give me a summary", ""),
        ("TL;DR", ""),
    ],
)
def test_questions_about_what_an_article_is_about(question: str, about: str) -> None:
    assert gist_question(question) == ArticleQuestion(about)


@pytest.mark.parametrize(
    "question", ["What is the movie about?", "Summarize this song", "What is the storm like?"]
)
def test_what_something_else_is_about_is_no_such_question(question: str) -> None:
    assert gist_question(question) is None


def _source(offset: int) -> Source:
    return Source("a", "Storm floods Lisbon harbour", "storm.txt")


def test_the_answer_quotes_the_headline_where_it_heads_the_article() -> None:
    answer = gist_answer("What is it about?", ARTICLE, "Storm floods Lisbon harbour", _source, 0.0)
    assert answer is not None and answer.text == "Storm floods Lisbon harbour"
    assert ARTICLE[answer.start : answer.end] == answer.text


def test_without_the_title_in_the_text_the_first_sentence_is_quoted() -> None:
    text = "A winter storm flooded the harbour. It rained."
    answer = gist_answer("What is it about?", text, "Lisbon storm", _source, time.perf_counter())
    assert answer is not None and answer.text == "A winter storm flooded the harbour."
    assert gist_answer("What is it about?", "", "Lisbon storm", _source, 0.0) is None


def test_a_reply_naming_the_article_asks_what_it_is_about() -> None:
    assert named_article("the storm one", "What is the article about?") == (
        "What is the article about the storm about?"
    )
