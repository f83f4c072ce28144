"""Several SQuAD files asked as one library: `qa-bot eval pipeline A.json B.json`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from qa_bot.errors import EvaluationDataError
from qa_bot.evaluation.squad import load_squads

DATA = Path(__file__).resolve().parents[1] / "benchmarks" / "data"
NEWS, BLOG = DATA / "news-questions.json", DATA / "blog-questions.json"


def _squad(path: Path, title: str, context: str, qid: str, answer: str) -> Path:
    qa = {"id": qid, "question": "Q?", "answers": [{"text": answer, "answer_start": 0}]}
    raw = {
        "version": "v2.0",
        "data": [{"title": title, "paragraphs": [{"context": context, "qas": [qa]}]}],
    }
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def test_files_are_merged_in_order_with_their_own_paragraphs(tmp_path: Path) -> None:
    one = _squad(tmp_path / "a.json", "Owls", "Owls hunt at night.", "a-1", "Owls")
    two = _squad(tmp_path / "b.json", "Bees", "Bees make honey.", "b-1", "Bees")
    merged = load_squads([one, two])
    assert [article.title for article in merged.articles] == ["Owls", "Bees"]
    questions = list(merged.questions())
    assert [q.id for q in questions] == ["a-1", "b-1"]
    assert merged.context_of(questions[1]) == "Bees make honey."
    assert load_squads([one]).articles == merged.articles[:1]


def test_repeated_question_ids_across_files_are_refused(tmp_path: Path) -> None:
    one = _squad(tmp_path / "a.json", "Owls", "Owls hunt at night.", "q-1", "Owls")
    two = _squad(tmp_path / "b.json", "Bees", "Bees make honey.", "q-1", "Bees")
    with pytest.raises(EvaluationDataError, match="q-1"):
        load_squads([one, two])


def test_real_eval_asks_two_question_sets_of_one_library(tmp_path: Path) -> None:
    out = tmp_path / "predictions.json"
    done = subprocess.run(
        [sys.executable, "-m", "qa_bot", "eval", "pipeline", str(NEWS), str(BLOG)]
        + ["--reader", "neural", "--json", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["scores"]["total"] == 21 + 27
    files = report["files"]
    assert {name: scores["total"] for name, scores in files.items()} == {
        NEWS.name: 21,
        BLOG.name: 27,
    }
    overall = (files[NEWS.name]["exact"] * 21 + files[BLOG.name]["exact"] * 27) / 48
    assert abs(overall - report["scores"]["exact"]) < 1e-6
    predictions = json.loads(out.read_text(encoding="utf-8"))
    # "Who wrote the article?" cannot be told apart in a library of two: the bot asks which.
    assert predictions["news-000"] == "" and predictions["blog-000"] == ""
    assert report["scores"]["HasAns_exact"] > 50
