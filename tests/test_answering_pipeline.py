import math

import pytest

from qa_bot.answering.pipeline import clean_question, load_pipeline
from qa_bot.answering.reader import narrow_span
from qa_bot.errors import BadQuestionError
from qa_bot.index.build import build_index
from qa_bot.ingest.articles import make_article

TEXT = (
    "Town news\n\nThe new bridge opened on Monday. The mayor, Ana Ruiz, cut the ribbon. "
    "More than 3,000 people attended the ceremony.\n\nThe library will close in 2027 for repairs."
)


@pytest.fixture
def pipeline(tmp_path, settings, fake_embedder):
    build_index([make_article("Town news", TEXT, "town.txt")], tmp_path, settings, fake_embedder)
    return load_pipeline(settings, tmp_path, embedder=fake_embedder)


def test_answer_quotes_the_article(pipeline) -> None:
    answer = pipeline.answer("How many people attended the ceremony?")
    assert answer.text == "More than 3,000"
    assert answer.sentence == "More than 3,000 people attended the ceremony."
    article = pipeline.article_text(answer.source.article_id)
    assert article[answer.start : answer.end] == answer.text
    assert answer.source.title == "Town news"
    assert answer.passages and answer.latency_ms > 0


def test_unrelated_question_is_declined(pipeline) -> None:
    answer = pipeline.answer("What is the capital of Mongolia?")
    assert answer.text is None and answer.declined
    assert "could not find" in answer.declined_reason


def test_top_k_limits_passages(pipeline) -> None:
    assert len(pipeline.answer("bridge", top_k=1).passages) == 1


@pytest.mark.parametrize(
    "question", ["", "   \n\t", "\x00\x01\x02\x03\x04\x05", "?!?!", "\ud800\udfff"]
)
def test_unusable_questions_raise_a_clear_error(question: str) -> None:
    with pytest.raises(BadQuestionError):
        clean_question(question, 100)


def test_long_questions_are_cut_and_the_user_is_told() -> None:
    text, notes = clean_question("why " * 1000, 50)
    assert len(text) == 50 and "first 50 characters" in notes[0]


def test_narrowing_only_when_one_candidate() -> None:
    sentence = "The mayor, Ana Ruiz, cut the ribbon."
    a, b = narrow_span("Who cut the ribbon?", sentence)
    assert sentence[a:b] == "Ana Ruiz"
    a, b = narrow_span("Why was the ribbon cut?", sentence)
    assert (a, b) == (0, len(sentence))


class _FixedReader:
    """Reads every question the same way: one span of the first passage with a given margin."""

    def __init__(self, score: float) -> None:
        self.score = score

    def read(self, question: str, hits, titles=None, as_asked=None, avoid=()):
        from qa_bot.types import ReaderResult, Span

        chunk = hits[0].chunk
        where = chunk.text.index("Ana Ruiz")
        margin = math.log(self.score / (1 - self.score))  # the unfitted decision: sigmoid(margin)
        span = Span(
            "Ana Ruiz", self.score, chunk.article_id, chunk.start + where,
            chunk.start + where + 8, "The mayor, Ana Ruiz, cut the ribbon.", 0, 0, chunk.id,
            margin=margin,
        )  # fmt: skip
        return ReaderResult(spans=(span,), no_answer_score=1 - self.score)


def _neural_pipeline(tmp_path, settings, fake_embedder, score: float):
    from qa_bot.answering.pipeline import Pipeline

    build_index([make_article("Town news", TEXT, "town.txt")], tmp_path, settings, fake_embedder)
    tuned = settings.replace("reader", neural_threshold=0.5, neural_confident_threshold=0.8)
    return Pipeline(tuned, tmp_path, fake_embedder, _FixedReader(score), "neural")


@pytest.mark.parametrize(
    ("score", "answered", "confident"), [(0.9, True, True), (0.6, True, False), (0.3, False, False)]
)
def test_answers_between_the_two_thresholds_are_hedged_and_below_them_declined(
    tmp_path, settings, fake_embedder, score: float, answered: bool, confident: bool
) -> None:
    answer = _neural_pipeline(tmp_path, settings, fake_embedder, score).answer("Who is the mayor?")
    assert answer.declined is not answered
    assert answer.confident is confident
    assert answer.score == pytest.approx(score)
    if answered:  # a hedged answer is an answer: text, offsets, sentence and source are set
        assert answer.text == "Ana Ruiz"
        assert TEXT[answer.start : answer.end] == "Ana Ruiz"
        assert answer.sentence == "The mayor, Ana Ruiz, cut the ribbon."
        assert answer.source is not None and answer.source.title == "Town news"
    else:
        assert answer.text is None and answer.source is None
        assert answer.alternatives and answer.alternatives[0].text == "Ana Ruiz"
