"""The reader reads a passage with the rest of its paragraph around it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from qa_bot.answering.context import SPECIAL_TOKENS, widened, widened_all
from qa_bot.config import ConfigError, load_settings
from qa_bot.types import Chunk, Hit

ARTICLE = (
    "Brightwater's long road\n\n"
    "Lena Park grew up in Bergen. She studied chemistry in Trondheim. "
    "In 2009 she founded Brightwater. The company makes water filters. "
    "It now employs 140 people.\n\n"
    "Its first product was a bottle. It sold poorly until 2012."
)


def words(texts: Sequence[str]) -> list[int]:
    """A stand-in tokenizer: one piece per word or punctuation mark."""
    return [len(re.findall(r"\w+|[^\w\s]", text)) for text in texts]


def hit_on(sentence: str, article: str = ARTICLE) -> Hit:
    start = article.index(sentence)
    return Hit(Chunk(7, "a1", sentence, start, start + len(sentence)), 0.9)


def test_a_passage_grows_by_whole_sentences_of_its_paragraph_nearest_first() -> None:
    hit = hit_on("In 2009 she founded Brightwater.")
    grown = widened(hit, ARTICLE, budget=100, count=words)
    assert grown.chunk.text == ARTICLE[grown.chunk.start : grown.chunk.end]
    # The whole paragraph, and nothing of the headline or the next paragraph.
    assert grown.chunk.text.startswith("Lena Park grew up in Bergen.")
    assert grown.chunk.text.endswith("It now employs 140 people.")
    assert (grown.chunk.id, grown.chunk.article_id, grown.score) == (7, "a1", 0.9)


def test_the_budget_takes_the_nearest_sentences_on_both_sides() -> None:
    hit = hit_on("In 2009 she founded Brightwater.")
    budget = words([hit.chunk.text])[0] + 12
    grown = widened(hit, ARTICLE, budget=budget, count=words)
    assert grown.chunk.text == (
        "She studied chemistry in Trondheim. In 2009 she founded Brightwater. "
        "The company makes water filters."
    )
    assert words([grown.chunk.text])[0] <= budget


def test_a_passage_already_at_its_budget_is_read_as_retrieved() -> None:
    hit = hit_on("In 2009 she founded Brightwater.")
    assert widened(hit, ARTICLE, budget=3, count=words) is hit


def test_a_passage_that_is_not_its_articles_text_is_left_alone() -> None:
    hit = hit_on("In 2009 she founded Brightwater.")
    assert widened(hit, ARTICLE.replace("2009", "2010"), budget=100, count=words) is hit


def test_a_passage_far_into_a_long_paragraph_takes_no_cut_sentence() -> None:
    filler = " ".join(f"Sentence number {n} is here." for n in range(300))
    article = filler + " The answer is 42. " + filler
    hit = hit_on("The answer is 42.", article)
    grown = widened(hit, article, budget=40, count=words)
    assert grown.chunk.text.startswith("Sentence number")
    assert grown.chunk.text.endswith("is here.")
    assert "The answer is 42." in grown.chunk.text


def test_every_passage_fills_one_window_with_its_question() -> None:
    asked: list[str] = []

    def article_text(article_id: str) -> str:
        asked.append(article_id)
        return ARTICLE

    hits = [hit_on("In 2009 she founded Brightwater."), hit_on("It sold poorly until 2012.")]
    question = "Who founded Brightwater?"
    window = 30
    grown = widened_all(question, hits, article_text, window, words)
    budget = window - SPECIAL_TOKENS - words([question])[0]
    assert [hit.chunk.id for hit in grown] == [7, 7]
    assert all(words([hit.chunk.text])[0] <= budget for hit in grown)
    assert grown[1].chunk.text == "Its first product was a bottle. It sold poorly until 2012."
    assert asked == ["a1"]  # one article, read once


def test_a_negative_context_window_is_refused() -> None:
    with pytest.raises(ConfigError, match="context_tokens"):
        load_settings(environ={"QA_BOT_READER__CONTEXT_TOKENS": "-1"})


@pytest.mark.parametrize(
    ("question", "expected", "sentence"),
    [
        ("What does Brightwater make?", "water filters", "The company makes water filters."),
        (
            "Where did the founder of Brightwater study chemistry?",
            "Trondheim",
            "She studied chemistry in Trondheim.",
        ),
    ],
)
def test_real_pipeline_answers_from_a_passage_that_needs_its_paragraph(
    tmp_path: Path, real_embedder, question: str, expected: str, sentence: str
) -> None:
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "brightwater.txt").write_text(ARTICLE, encoding="utf-8")
    # One sentence per passage: "The company makes water filters." does not say which company.
    settings = load_settings(environ={}).replace(
        "chunking", max_tokens=40, max_sentences=1, overlap_sentences=0
    )
    settings = settings.replace("reader", context_tokens=250)
    index = tmp_path / "index"
    build_index(read_paths([tmp_path / "articles"]).articles, index, settings, real_embedder)
    answer = load_pipeline(settings, index, embedder=real_embedder).answer(question)
    assert answer.text == expected
    assert answer.start is not None and answer.end is not None
    assert ARTICLE[answer.start : answer.end] == expected
    assert answer.sentence == sentence
    narrow = settings.replace("reader", context_tokens=0)
    assert load_pipeline(narrow, index, embedder=real_embedder).answer(question).text is None
