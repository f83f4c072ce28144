import pytest

from qa_bot.articles import make_article
from qa_bot.errors import BadQuestionError
from qa_bot.indexing import build_index
from qa_bot.pipeline import clean_question, load_pipeline
from qa_bot.reader import narrow_span

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
