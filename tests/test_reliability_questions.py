"""Bad questions always get an Answer or a QaBotError; an empty corpus or no index is explained."""

from __future__ import annotations

import math
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from reliability_helpers import REPO, make_corpus, python_env, run_cli, to_articles

from qa_bot.answering.pipeline import Pipeline, load_pipeline
from qa_bot.config import load_settings
from qa_bot.errors import BadQuestionError, QaBotError
from qa_bot.index.build import build_index
from qa_bot.types import Answer

QUESTION_EXAMPLES = 300
_ODD = st.sampled_from(
    [
        "\ud800",
        "\udfff",
        "\u200f",
        "\u202e",
        "\u200b",
        "\u200d",
        "\ufeff",
        "\x00",
        "\x1b[31m",
        "\x7f",
        "\r\n",
        "🙂",
        "👩‍👩‍👧",
        "\U0010ffff",
        "مرحبا",
        "שלום",
        "\u0301",
        "?",
        " ",
        "\t",
        "river",
        "When",
        "Who",
        "How many",
        "1901",
        "topic3a",
    ]
)
CORPUS = make_corpus(12, "a", 6)
_SENTENCES = [s for r in CORPUS for s in r["text"].split("\n\n")[1].split(". ")]


def _noisy(sentence: str, noise: list[tuple[int, str]]) -> str:
    """A sentence of the corpus with odd characters dropped in (so many get answered)."""
    for at, bit in noise:
        at %= len(sentence) + 1
        sentence = sentence[:at] + bit + sentence[at:]
    return sentence


QUESTIONS = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=200),
    st.builds(_noisy, st.sampled_from(_SENTENCES), st.lists(st.tuples(st.integers(0, 300), _ODD))),
    st.lists(st.one_of(_ODD, st.text(max_size=10)), max_size=40).map(" ".join),
    st.lists(_ODD, max_size=60).map("".join),
)


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    from conftest import FakeEmbedder

    settings = load_settings(environ={}).replace("reader", kind="sentence")
    index_dir = tmp_path_factory.mktemp("questions")
    build_index(to_articles(CORPUS), index_dir, settings, FakeEmbedder())
    return load_pipeline(settings, index_dir, embedder=FakeEmbedder())


def check_answer(pipeline: Pipeline, question: object) -> str:
    """An Answer that quotes its article exactly, or a QaBotError; returns which."""
    try:
        answer = pipeline.answer(question)  # type: ignore[arg-type]
    except QaBotError as exc:
        assert str(exc)  # a message for the user
        return type(exc).__name__
    assert isinstance(answer, Answer)
    assert math.isfinite(answer.score) and answer.latency_ms >= 0
    assert len(answer.question) <= pipeline.settings.limits.max_question_chars
    answer.question.encode("utf-8")  # printable and sendable: no lone surrogates
    if answer.text is None:
        assert answer.declined and answer.declined_reason and answer.source is None
        return "declined"
    assert answer.source is not None and answer.start is not None and answer.end is not None
    text = pipeline.article_text(answer.source.article_id)
    assert text[answer.start : answer.end] == answer.text
    assert answer.sentence is not None and answer.text in answer.sentence
    return "answered"


@hypothesis_settings(max_examples=QUESTION_EXAMPLES, deadline=None)
@given(question=QUESTIONS)
def test_any_question_gets_an_answer_or_a_clear_error(pipeline: Pipeline, question: str) -> None:
    event(check_answer(pipeline, question))


@pytest.mark.parametrize(
    "question",
    [
        "When did the old river " + "flow " * 250_000,  # 1 MB+
        "🙂" * 300_000,
        "\ud800" * 500_000,
        "\u200b" * 1_000_000,
        "Who guards the castle?" + "\x00" * 100_000,
        "   \n\t  ",
        "",
        b"Who guards the castle?",
        None,
    ],
    ids=[
        "1MB-words",
        "emoji",
        "surrogates",
        "zero-width",
        "nul-tail",
        "blank",
        "empty",
        "bytes",
        "none",
    ],
)
def test_huge_and_odd_questions(pipeline: Pipeline, question: object) -> None:
    began = time.perf_counter()
    outcome = check_answer(pipeline, question)
    assert time.perf_counter() - began < 10
    if isinstance(question, str) and len(question) > 100_000 and question.startswith("When"):
        assert outcome in ("answered", "declined")
        assert "first 1000 characters" in pipeline.answer(question).notes[0]
    elif not isinstance(question, str) or not question.strip():
        assert outcome == "BadQuestionError"


def test_a_question_is_answered_from_the_corpus(pipeline: Pipeline) -> None:
    """The property above is not vacuous: ordinary questions do get quoted answers."""
    assert check_answer(pipeline, "When did the golden topic3a guard the river?") == "answered"


@pytest.mark.slow
def test_odd_questions_through_the_real_model(seed_index: Path, real_embedder) -> None:
    pipeline = load_pipeline(load_settings(environ={}), seed_index, embedder=real_embedder)
    outcomes = [
        check_answer(pipeline, question)
        for question in [
            "Who plays Missy?\u200f\u200b",
            "\u202eWho composed the film's orchestral score?",
            "🙂 Who plays Missy? 🙂",
            "Who plays Missy?" + "\ud800",
            "مرحبا؟",
            "x" * 1_000_000,
            "Who " * 5000,
            "\x00\x01\x02",
            "\U0010ffff?",
        ]
    ]
    assert outcomes[0] == "answered" and outcomes[7] == "BadQuestionError"


# --- empty corpus, no index -------------------------------------------------------------


def test_indexing_an_empty_folder_says_so_without_loading_the_model(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    began = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "qa_bot", "index", "--index-dir", str(tmp_path / "index")]
        + [str(tmp_path / "empty")],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=python_env(),
        timeout=300,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "no readable articles in" in run.stderr and ".txt" in run.stderr
    assert time.perf_counter() - began < 30  # the real model is never loaded
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_a_folder_of_only_unreadable_files_keeps_the_old_index(
    tmp_path: Path, settings, fake_embedder
) -> None:
    index_dir = tmp_path / "index"
    build_index(to_articles(make_corpus(2, "k", 3)), index_dir, settings, fake_embedder)
    before = (index_dir / "CURRENT").read_text()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)))
    run = run_cli("index", "--index-dir", str(index_dir), str(bad))
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "skipped" in run.stderr and "no readable articles" in run.stderr
    assert (index_dir / "CURRENT").read_text() == before


def test_asking_without_an_index_says_how_to_build_one(tmp_path: Path) -> None:
    run = run_cli("ask", "--index-dir", str(tmp_path / "none"), "Who?")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"no index in {tmp_path / 'none'}: build one with: qa-bot index" in run.stderr


def test_asking_with_no_index_and_empty_seeds_explains_both(tmp_path: Path) -> None:
    """The default index is built from seeds/ on first use; with no seeds that is explained."""
    (tmp_path / "seeds").mkdir()
    env = {
        **python_env(),
        "QA_BOT_PATHS__SEEDS_DIR": str(tmp_path / "seeds"),
        "QA_BOT_PATHS__INDEX_DIR": str(tmp_path / "index"),
    }
    run = run_cli("ask", "Who?", env=env)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "no readable articles" in run.stderr


def test_empty_question_to_the_cli(tmp_path: Path, settings, fake_embedder) -> None:
    build_index(to_articles(make_corpus(2, "q", 3)), tmp_path, settings, fake_embedder)
    for question in ["", "   ", "\x01\x02\x03\x04"]:  # argv cannot carry NUL
        run = run_cli("ask", "--index-dir", str(tmp_path), question)
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert run.stderr.startswith("qa-bot: ") and "question" in run.stderr
    assert issubclass(BadQuestionError, QaBotError)
