"""Reading a question's full name as the surname the passage uses alone."""

from __future__ import annotations

import pytest

from qa_bot.answering.surname_reading import by_surname

PASSAGE = (
    "The board named Marijke de Vos, its chief financial officer, as interim chief executive. "
    'De Vos, 47, joined Vandermeer in 2003. "We will cut costs," said Whitcomb. '
    "The bank said the loss had grown. Adam Ashworth, a broker, disagreed."
)


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("How old is Marijke de Vos?", "How old is De Vos?"),  # an age after the surname
        ("What did Daniel Whitcomb promise?", "What did Whitcomb promise?"),  # a known first name
        ("When did Vandermeer Bank report the loss?", "When did Vandermeer Bank report the loss?"),
        ("Who is Thomas Ashworth?", "Who is Thomas Ashworth?"),  # another first name before it
        ("Where does Ingrid Solheim work?", "Where does Ingrid Solheim work?"),  # not in it
    ],
)
def test_a_full_name_is_read_as_the_surname_given_alone(question: str, read: str) -> None:
    assert by_surname(question, PASSAGE) == read


def test_a_question_that_already_names_the_surname_alone_is_unchanged() -> None:
    assert by_surname("How old is De Vos?", PASSAGE) == "How old is De Vos?"


def test_real_pipeline_answers_a_full_name_from_a_passage_that_says_the_surname(
    tmp_path,
    real_embedder,  # type: ignore[no-untyped-def]
) -> None:
    from pathlib import Path

    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.config import load_settings
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    story = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "news-cnn-bank.txt"
    settings = load_settings(environ={})
    build_index(read_paths([story]).articles, tmp_path / "index", settings, real_embedder)
    question = "When did Marijke de Vos join Vandermeer Bank?"  # "De Vos, 47, joined … in 2003"
    answer = load_pipeline(settings, tmp_path / "index", embedder=real_embedder).answer(question)
    assert answer.text == "2003"
    off = settings.replace("reader", surname_reading=False)
    before = load_pipeline(off, tmp_path / "index", embedder=real_embedder).answer(question)
    assert before.text is None  # read with the full name, the reader declines
