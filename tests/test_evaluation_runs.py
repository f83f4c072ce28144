from typing import Any

import pytest

from qa_bot.evaluation.runs import (
    corpus_from_squad,
    run_pipeline_eval,
    run_reader_eval,
    run_retrieval_eval,
    sample_questions,
)
from qa_bot.evaluation.squad import parse_squad
from qa_bot.types import Answer, Chunk, Hit, ReaderResult, Span

RAW = {
    "version": "v2.0",
    "data": [
        {
            "title": "Seven_Years%27_War",
            "paragraphs": [
                {
                    "context": "The war began in 1756.  ",
                    "qas": [
                        {
                            "id": "a",
                            "question": "When did the war begin?",
                            "answers": [{"text": "1756", "answer_start": 17}],
                        }
                    ],
                },
                {
                    "context": "It ended in 1763\r\nwith a treaty.",
                    "qas": [
                        {
                            "id": "b",
                            "question": "When did it end?",
                            # wrong offset on purpose: looked up in the paragraph instead
                            "answers": [{"text": "1763", "answer_start": 0}],
                        },
                        {"id": "c", "question": "Who won the lottery?", "answers": []},
                    ],
                },
            ],
        }
    ],
}


def test_corpus_offsets_point_at_the_gold_answers():
    dataset = parse_squad(RAW)
    corpus = corpus_from_squad(dataset, "tiny.json")
    (article,) = corpus.articles
    assert article.title == "Seven Years' War"
    assert article.text.startswith("Seven Years' War\n\nThe war began")
    for question in dataset.questions():
        spans = corpus.gold_spans(question, dataset.context_of(question))
        assert [article.text[s.start : s.end] for s in spans] == list(question.answers)
        assert all(s.article_id == article.id for s in spans)


def test_a_story_that_opens_with_its_headline_is_not_headed_twice():
    story = "Storm hits Lisbon\n\nBy Ana Reis\n\nThe storm struck on Monday."
    raw = {
        "version": "v2.0",
        "data": [
            {
                "title": "Storm hits Lisbon",
                "paragraphs": [
                    {
                        "context": story,
                        "qas": [
                            {
                                "id": "s",
                                "question": "When did the storm strike?",
                                "answers": [{"text": "Monday", "answer_start": story.index("Mon")}],
                            }
                        ],
                    }
                ],
            }
        ],
    }
    dataset = parse_squad(raw)
    (article,) = corpus_from_squad(dataset, "story.json").articles
    assert article.text == story
    (question,) = dataset.questions()
    (span,) = corpus_from_squad(dataset, "story.json").gold_spans(
        question, dataset.context_of(question)
    )
    assert article.text[span.start : span.end] == "Monday"


def test_sample_is_seeded_and_in_file_order():
    dataset = parse_squad(RAW)
    first = [q.id for q in sample_questions(dataset, 2, seed=3)]
    assert first == [q.id for q in sample_questions(dataset, 2, seed=3)]
    assert first == sorted(first)
    assert len(sample_questions(dataset, None, seed=0)) == 3


class FakeReader:
    """Answers the first 4-digit number of the passage, with confidence 0.9; else nothing."""

    def read(self, question, hits, titles=None, as_asked=None, avoid=()):
        import re

        text = hits[0].chunk.text
        match = re.search(r"\d{4}", text)
        if "lottery" in question or not match:
            return ReaderResult((), no_answer_score=1.0)
        start = hits[0].chunk.start + match.start()
        span = Span(
            match.group(),
            0.9,
            hits[0].chunk.article_id,
            start,
            start + 4,
            text,
            hits[0].chunk.start,
            hits[0].chunk.end,
            hits[0].chunk.id,
        )
        return ReaderResult((span,), no_answer_score=0.1)


def test_reader_eval_scores_and_declines():
    dataset = parse_squad(RAW)
    report = run_reader_eval(
        dataset, list(dataset.questions()), FakeReader(), 0.5, source="t", reader_name="fake"
    )
    assert report.predictions == {"a": "1756", "b": "1763", "c": ""}
    assert report.scores["exact"] == 100.0
    assert report.declined_noans == 100.0
    assert report.latency is not None and report.latency.count == 3
    strict = run_reader_eval(
        dataset, list(dataset.questions()), FakeReader(), 0.95, source="t", reader_name="fake"
    )
    assert strict.scores["HasAns_exact"] == 0.0
    # the best-threshold search finds that accepting score 0.9 answers is right
    assert strict.scores["best_exact"] == 100.0


class FakePipeline:
    reader_kind = "fake"

    def __init__(self, corpus, dataset):
        self.reader = FakeReader()
        article = corpus.articles[0]
        # chunk 0: the first paragraph; chunk 1: the second one
        cut = article.text.index("It ended")
        self.chunks = [
            Chunk(0, article.id, article.text[:cut], 0, cut),
            Chunk(1, article.id, article.text[cut:], cut, len(article.text)),
        ]

    def answer(self, question, *, top_k=None):
        order = [1, 0] if "end" in question else [0, 1]
        hits = tuple(Hit(self.chunks[i], 1.0) for i in order)
        result = self.reader.read(question, hits[:1])
        best = result.spans[0] if result.spans else None
        return Answer(
            question,
            best.text if best else None,
            best.score if best else 0.0,
            None,
            None,
            None,
            None,
            passages=hits[:top_k],
        )


def test_pipeline_eval_reports_recall_from_passages():
    dataset = parse_squad(RAW)
    corpus = corpus_from_squad(dataset, "t")
    pipeline: Any = FakePipeline(corpus, dataset)
    report = run_pipeline_eval(dataset, corpus, list(dataset.questions()), pipeline, 2, source="t")
    assert report.scores["f1"] == 100.0
    assert report.recall == {"answer": {1: 100.0, 2: 100.0}}
    assert report.answerable == 2


class FakeRetriever:
    def __init__(self, chunks):
        self.chunks = chunks

    def embed(self, question):
        return None

    def search(self, question, k, mode="fused", *, query_vector=None):
        order = [0, 1] if mode == "dense" else [1, 0]
        return [Hit(self.chunks[i], 1.0) for i in order][:k]


def test_retrieval_eval_per_mode():
    dataset = parse_squad(RAW)
    corpus = corpus_from_squad(dataset, "t")
    chunks = FakePipeline(corpus, dataset).chunks
    retriever: Any = FakeRetriever(chunks)
    report = run_retrieval_eval(
        dataset, corpus, list(dataset.questions()), retriever, 10, source="t"
    )
    # question a is in chunk 0, b in chunk 1: dense puts 0 first, the others 1 first
    assert report.recall["dense"] == {1: 50.0, 5: 100.0, 10: 100.0}
    assert report.recall["bm25"][1] == pytest.approx(50.0)
    assert report.answerable == 2


class CountingEmbedder:
    """Wraps the fake embedder and records every text it encodes."""

    def __init__(self, inner):
        self.inner = inner
        self.name, self.dimension = inner.name, inner.dimension
        self.encoded: list[str] = []

    def encode(self, texts, **kwargs):
        self.encoded.extend(texts)
        return self.inner.encode(texts, **kwargs)

    def count_tokens(self, texts):
        return self.inner.count_tokens(texts)


def test_retrieval_eval_encodes_each_question_once(tmp_path, settings, fake_embedder):
    from qa_bot.answering.pipeline import Pipeline
    from qa_bot.answering.reader import SentenceReader
    from qa_bot.evaluation.metrics import first_hit_rank, recall_at
    from qa_bot.index.build import build_index

    dataset = parse_squad(RAW)
    corpus = corpus_from_squad(dataset, "t")
    embedder = CountingEmbedder(fake_embedder)
    build_index(corpus.articles, tmp_path, settings, embedder)
    pipeline = Pipeline(
        settings, tmp_path, embedder, SentenceReader(settings.reader, embedder), "sentence"
    )
    questions = list(dataset.questions())
    embedder.encoded.clear()
    report = run_retrieval_eval(dataset, corpus, questions, pipeline.retriever, 3, source="t")
    answerable = [q.question for q in questions if q.has_answer]
    assert embedder.encoded == answerable  # once each, not once per dense and fused search

    def recall(mode):  # the plain search, embedding the question itself
        ranks = [
            first_hit_rank(
                pipeline.retriever.search(q.question, 3, mode=mode),
                corpus.gold_spans(q, dataset.context_of(q)),
            )
            for q in questions
            if q.has_answer
        ]
        return recall_at(ranks, [1, 3])

    assert report.recall == {mode: recall(mode) for mode in ("dense", "bm25", "fused")}
