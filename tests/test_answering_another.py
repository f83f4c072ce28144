"""'Who else …?': an answer the conversation has not given already."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_bot.answering.another import NOTHING_ELSE, another_answer, asks_for_another
from qa_bot.answering.followup import Turn, resolve
from qa_bot.config import load_settings
from qa_bot.types import Answer, Source, Span

SENTENCE = "Oxygen was discovered by Carl Wilhelm Scheele in 1773 and Joseph Priestley in 1774."


def _span(text: str, margin: float) -> Span:
    start = SENTENCE.index(text)
    return Span(text, 0.5, "a", start, start + len(text), SENTENCE, 0, len(SENTENCE), 0, margin)


def _answer(text: str, *alternatives: Span) -> Answer:
    start = SENTENCE.index(text)
    source = Source("a", "Oxygen", "oxygen.txt")
    return Answer(
        "Who else discovered oxygen?", text, 0.9, SENTENCE, source, start, start + len(text),
        alternatives=alternatives,
    )  # fmt: skip


def _source(article_id: str, offset: int) -> Source:
    return Source(article_id, "Oxygen", "oxygen.txt")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who else discovered oxygen?", True),
        ("What other cities are in the valley?", True),
        ("Besides Scheele, who found it?", True),
        ("Who discovered oxygen?", False),
    ],
)
def test_questions_asking_for_another_answer(question: str, expected: bool) -> None:
    assert asks_for_another(question) is expected


def test_an_answer_given_before_gives_way_to_the_next_one_not_given() -> None:
    answer = _answer(
        "Carl Wilhelm Scheele",
        _span("Carl Wilhelm Scheele in 1773", 1.5),  # shares words with what was said
        _span("Joseph Priestley", 1.1),
    )
    other = another_answer(answer, ["Carl Wilhelm Scheele"], _source)
    assert other.text == "Joseph Priestley" and not other.confident
    assert other.start is not None and SENTENCE[other.start : other.end] == "Joseph Priestley"


def test_nothing_else_worth_giving_declines_rather_than_repeat() -> None:
    answer = _answer("Carl Wilhelm Scheele", _span("Joseph Priestley", -0.2))
    declined = another_answer(answer, ["Carl Wilhelm Scheele"], _source)
    assert declined.text is None and declined.declined_reason == NOTHING_ELSE


def test_a_new_answer_is_kept() -> None:
    answer = _answer("Joseph Priestley", _span("Carl Wilhelm Scheele", 1.0))
    assert another_answer(answer, ["Antoine Lavoisier"], _source) is answer


def test_who_else_asks_the_last_question_again_for_someone_else() -> None:
    turns = [Turn("Who discovered oxygen?", "Carl Wilhelm Scheele", "Oxygen", "thing")]
    assert resolve("Who else?", turns) == "Who else discovered oxygen?"
    again = [Turn("Who else discovered oxygen?", "Joseph Priestley", "Oxygen", "thing")]
    assert resolve("Who else?", again) == "Who else discovered oxygen?"
    assert resolve("When?", turns) == "When was oxygen discovered by Carl Wilhelm Scheele?"


def test_real_conversation_names_someone_else(
    tmp_path: Path, real_embedder, squad_dev: Path
) -> None:
    from qa_bot.answering.conversation import Conversation
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.evaluation.runs import corpus_from_squad
    from qa_bot.evaluation.squad import load_squad
    from qa_bot.index.build import build_index

    corpus = corpus_from_squad(load_squad(squad_dev), squad_dev.name)
    oxygen = [article for article in corpus.articles if article.title == "Oxygen"]
    settings = load_settings(environ={})
    build_index(oxygen, tmp_path / "index", settings, real_embedder)
    conversation = Conversation(load_pipeline(settings, tmp_path / "index", embedder=real_embedder))
    first = conversation.ask("Who discovered oxygen?")
    assert first.text is not None
    other = conversation.ask("Who else?")
    assert other.understood_as == "Who else discovered oxygen?"
    assert other.text is not None and not set(other.text.split()) & set(first.text.split())
