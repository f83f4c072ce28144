"""The real model, a real index on disk, the real CLI in a subprocess and the REPL in a pty."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from repl_helpers import repl_env, spawn_repl

from qa_bot.answering.pipeline import load_pipeline
from qa_bot.config import load_settings

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

SEED_QUESTIONS = [
    ("Who composed the film's orchestral score?", "Rebel"),
    ("How many viewers did the film draw over the holidays?", "more than 44 million"),
    ("Who plays Missy?", "Yaha Gosselin"),
]


@pytest.fixture(scope="module")
def pipeline(seed_index, real_embedder):
    return load_pipeline(load_settings(environ={}), seed_index, embedder=real_embedder)


@pytest.mark.parametrize(("question", "expected"), SEED_QUESTIONS)
def test_seed_questions_quote_the_right_sentence(pipeline, question: str, expected: str) -> None:
    answer = pipeline.answer(question)
    assert answer.text is not None, answer
    assert expected in answer.sentence
    assert answer.text in answer.sentence
    assert pipeline.article_text(answer.source.article_id)[answer.start : answer.end] == answer.text
    assert answer.source.title.startswith("'We Can Be Heroes'")


def test_budget_question_is_declined(pipeline) -> None:
    assert pipeline.answer("What was the film's budget?").text is None


def _env() -> dict[str, str]:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}


def test_cli_index_and_ask_json(tmp_path: Path) -> None:
    index_dir = tmp_path / "idx"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa_bot",
            "index",
            "--index-dir",
            str(index_dir),
            str(REPO / "seeds"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env(),
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "indexed 1 articles" in run.stdout
    ask = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa_bot",
            "ask",
            "--json",
            "--index-dir",
            str(index_dir),
            "Who composed the film's orchestral score?",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env(),
        timeout=300,
    )
    assert ask.returncode == 0, ask.stderr
    data = json.loads(ask.stdout)
    assert set(data) >= {
        "question",
        "answer",
        "score",
        "sentence",
        "source",
        "start",
        "end",
        "passages",
        "latency_ms",
    }
    assert "Rebel" in data["sentence"] and data["answer"] in data["sentence"]
    assert set(data["source"]) >= {"article_id", "title", "path"}
    assert {"text", "score", "article_id", "start", "end"} <= set(data["passages"][0])


ISSUE_QUESTIONS = [
    ("Who directed We Can Be Heroes?", "Robert Rodriguez"),
    ("Who plays Missy in We Can Be Heroes?", "Yaha Gosselin"),  # in the 4th passage retrieved
    ("How many viewers did the film draw?", "44 million"),
]
HEDGE_EVERYTHING = {
    "QA_BOT_READER__NEURAL_THRESHOLD": "0",
    "QA_BOT_READER__NEURAL_CONFIDENT_THRESHOLD": "1.0",
}


@pytest.mark.parametrize(("question", "expected"), ISSUE_QUESTIONS)
def test_the_issues_seed_questions_are_answered_possibly_hedged(
    pipeline, question: str, expected: str
) -> None:
    answer = pipeline.answer(question)
    assert not answer.declined, answer
    assert expected in answer.text or answer.text in expected
    assert answer.source is not None and answer.text in answer.sentence


@pytest.mark.parametrize(
    "question", ["Who is the president of France?", "What is the boiling point of mercury?"]
)
def test_questions_about_things_not_in_the_library_are_declined(pipeline, question: str) -> None:
    answer = pipeline.answer(question)
    assert answer.declined and answer.text is None and answer.source is None
    assert not answer.confident


def test_a_hedged_answer_is_an_answer_with_its_sentence_and_source(pipeline) -> None:
    """With the confident threshold above every score, a real answer comes back hedged."""
    unsure = pipeline.settings.replace(
        "reader", neural_threshold=0.0, neural_confident_threshold=1.0
    )
    hedging = load_pipeline(unsure, pipeline.index_dir, embedder=pipeline.embedder)
    question, expected = SEED_QUESTIONS[2]
    answer = hedging.answer(question)
    assert not answer.declined and not answer.confident
    assert expected in answer.sentence and answer.text in answer.sentence
    assert hedging.article_text(answer.source.article_id)[answer.start : answer.end] == answer.text
    assert answer.source.title.startswith("'We Can Be Heroes'")


def test_cli_ask_words_a_hedged_answer_as_probably(seed_index: Path) -> None:
    question, expected = SEED_QUESTIONS[2]
    runs = [
        subprocess.run(
            [sys.executable, "-m", "qa_bot", "ask", *flags, "--index-dir", str(seed_index)]
            + [question],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**_env(), **HEDGE_EVERYTHING},
            timeout=300,
        )
        for flags in ([], ["--json"])
    ]
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    lines = runs[0].stdout.splitlines()
    assert lines[0].startswith("Probably ") and lines[0].endswith(" (not fully sure)")
    assert expected in lines[1] and "«" in lines[1]
    assert "We Can Be Heroes" in lines[2]
    data = json.loads(runs[1].stdout)
    assert data["confident"] is False and data["answer"] in data["sentence"]
    assert data["source"]["title"].startswith("'We Can Be Heroes'")


def test_cli_ask_replies_to_a_yes_no_question_with_its_evidence_as_the_repl_does(
    seed_index: Path,
) -> None:
    question = "Is We Can Be Heroes streaming on Netflix?"
    run = subprocess.run(
        [sys.executable, "-m", "qa_bot", "ask", "--json", "--index-dir", str(seed_index), question],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env(),
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["kind"] == "evidence"  # the whole sentence, not the span "Netflix"
    assert data["answer"] == data["sentence"] and "streaming on Netflix" in data["answer"]


def test_cli_refuses_missing_and_corrupt_index_without_traceback(
    tmp_path: Path, seed_index: Path
) -> None:
    missing = subprocess.run(
        [sys.executable, "-m", "qa_bot", "ask", "--index-dir", str(tmp_path / "none"), "Who?"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env(),
        timeout=300,
    )
    assert missing.returncode == 1
    assert "qa-bot index" in missing.stderr and "Traceback" not in missing.stderr
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(seed_index, copy)
    generation = copy / (copy / "CURRENT").read_text().split()[0]
    (generation / "faiss.index").write_bytes(b"garbage")
    corrupt = subprocess.run(
        [sys.executable, "-m", "qa_bot", "ask", "--index-dir", str(copy), "Who plays Missy?"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env(),
        timeout=300,
    )
    assert corrupt.returncode == 1
    assert "corrupt" in corrupt.stderr and "Traceback" not in corrupt.stderr


def test_cli_rejects_empty_question(seed_index: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "qa_bot", "ask", "--index-dir", str(seed_index), "   "],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env(),
        timeout=300,
    )
    assert run.returncode == 1 and "question" in run.stderr and "Traceback" not in run.stderr


def test_repl_in_a_pseudo_terminal(seed_index: Path, tmp_path: Path) -> None:
    child = spawn_repl(seed_index, repl_env(tmp_path))
    try:
        child.expect(r"articles indexed")
        child.expect("ask>")
        child.sendline("Who plays Missy?")
        child.expect("Yaha Gosselin")
        child.expect("We Can Be Heroes")
        child.expect("ask>")
        child.sendline(":sources")
        child.expect(r"\[1\] score")
        child.expect("ask>")
        child.sendline(":k 2")
        child.expect("Showing 2 passages")
        child.sendline("")
        child.sendline(":quit")
        child.expect("bye")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_repl_chat_thanks_and_tell_me_more(seed_index: Path, tmp_path: Path) -> None:
    child = spawn_repl(seed_index, repl_env(tmp_path))
    try:
        child.expect("ask>")
        child.sendline("hi")
        child.expect("Hello! Ask me anything about the articles")
        child.expect("ask>")
        child.sendline("Who wrote the article?")
        child.expect("Kevin Polowy")
        child.expect("ask>")
        child.sendline("Tell me more")  # the story after its byline
        child.expect("The article says: .*Netflix had a stellar 2020")
        child.expect("ask>")
        child.sendline("thanks!")
        child.expect("You're welcome")
        child.expect("ask>")
        child.sendline(":quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


def test_repl_words_a_hedged_answer_as_probably(seed_index: Path, tmp_path: Path) -> None:
    child = spawn_repl(seed_index, repl_env(tmp_path, **HEDGE_EVERYTHING))
    try:
        child.expect("ask>")
        child.sendline("Who plays Missy?")
        child.expect(r"Probably .*Yaha Gosselin.* \(not fully sure\)")
        child.expect("We Can Be Heroes")
        child.expect("ask>")
        child.sendline(":quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
