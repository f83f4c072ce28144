"""`qa-bot eval decline`: the article split, the kinds of question and the report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qa_bot.errors import EvaluationDataError
from qa_bot.evaluation.decline import (
    Observation,
    kind_of,
    questions_of,
    split_articles,
    summarise,
)
from qa_bot.evaluation.squad import SquadQuestion, load_squad

REPO = Path(__file__).resolve().parent.parent


def _question(article: int, answers: tuple[str, ...]) -> SquadQuestion:
    return SquadQuestion("q", "Who?", answers, (0,) * len(answers), article, 0)


def test_the_split_is_seeded_and_leaves_articles_out() -> None:
    indexed = split_articles(35, 0.5, seed=0)
    assert len(indexed) == 17 and indexed == split_articles(35, 0.5, seed=0)
    assert indexed != split_articles(35, 0.5, seed=1)
    assert len(split_articles(2, 0.9, seed=0)) == 1  # always something left out
    with pytest.raises(EvaluationDataError, match="indexed-share"):
        split_articles(35, 1.0, seed=0)


def test_a_smaller_sample_is_part_of_a_larger_one_with_the_same_seed(squad_dev) -> None:
    dataset = load_squad(squad_dev)
    small = {q.id for q in questions_of(dataset, 50, 0)}
    large = {q.id for q in questions_of(dataset, 1000, 0)}
    assert len(small) == 50 and small < large
    rest = questions_of(dataset, 200, 0, exclude=large)
    assert len(rest) == 200 and not {q.id for q in rest} & large


def test_each_question_is_answerable_near_miss_or_off_library() -> None:
    assert kind_of(_question(1, ("Ana",)), {1}) == "answerable"
    assert kind_of(_question(1, ()), {1}) == "near_miss"
    assert kind_of(_question(2, ("Ana",)), {1}) == "off_library"
    assert kind_of(_question(2, ()), {1}) == "off_library"


def test_hedged_answers_count_as_answers_and_declines_are_counted_per_kind() -> None:
    observed = [
        Observation("answerable", "Ana", 1.0, 1.0, None, 0.9, 10.0, 6, True),  # confident, right
        Observation("answerable", "Ana", 1.0, 1.0, None, 0.5, 20.0),  # hedged, right
        Observation("answerable", "Bo", 0.0, 0.5, None, 0.1, 30.0),  # declined
        Observation("near_miss", "Cy", 0.0, 0.0, None, 0.2, 40.0),
        Observation("off_library", "Di", 0.0, 0.0, None, 0.6, 50.0),
        Observation("off_library", "", 0.0, 0.0, None, 0.0, 60.0),  # nothing found: declined
    ]
    report = summarise(observed, 0.4, 0.8)
    assert report.answerable_exact == pytest.approx(200 / 3)
    assert report.answerable_hedged == pytest.approx(100 / 3)
    assert report.near_miss_declined == 100.0
    assert report.off_library_declined == 50.0
    assert report.counts == {"answerable": 3, "near_miss": 1, "off_library": 2}
    assert report.latency.count == 6
    assert report.recall_read == pytest.approx(100 / 3) and report.passages_read == 1.0


def _eval_decline(*args: str) -> dict[str, Any]:
    """Run the real `qa-bot eval decline ARGS --json` and return its report."""
    run = subprocess.run(
        [sys.executable, "-m", "qa_bot", "eval", "decline", *args, "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr
    report: dict[str, Any] = json.loads(run.stdout)
    return report


@pytest.mark.slow
def test_eval_decline_runs_end_to_end_on_the_dev_file(squad_dev) -> None:
    """The real command: real embedder, real index of half the articles, real reader."""
    report = _eval_decline(str(squad_dev), "--limit", "40")
    assert report["indexed_articles"] == 17 and report["articles"] == 35
    assert sum(report["counts"].values()) == 40
    assert report["off_library_declined"] >= 50  # questions about articles not in the index
    assert 0 <= report["answerable_exact"] <= report["answerable_f1"] <= 100
    assert report["latency"]["p50"] > 0


def test_observations_round_trip_and_a_bad_file_is_refused(tmp_path: Path) -> None:
    from qa_bot.answering.decision import Signals
    from qa_bot.evaluation.decline import load_observations, save_observations

    observed = [
        Observation("answerable", "Ana", 1.0, 1.0, Signals(1.5, 0.7, 0.8, 1.0), 0.9, 12.0, 4, True),
        Observation("off_library", "", 0.0, 0.0, None, 0.0, 0.0),
    ]
    path = tmp_path / "observations.jsonl"
    save_observations(observed, path)
    assert load_observations(path) == observed
    (tmp_path / "bad.jsonl").write_text("{not json\n")
    with pytest.raises(EvaluationDataError, match="observations"):
        load_observations(tmp_path / "bad.jsonl")


NEWS = ("recall", "heist", "launch", "transfer")


def test_eval_decline_takes_several_files_as_one_library_of_news() -> None:
    """Four news stories, two indexed: the other two's questions are off-library."""
    files = [REPO / "benchmarks" / "data" / f"cnn-{name}-questions.json" for name in NEWS]
    report = _eval_decline(*map(str, files))
    assert report["articles"] == 4 and report["indexed_articles"] == 2
    asked = sum(len(json.loads(f.read_text())["data"][0]["paragraphs"][0]["qas"]) for f in files)
    assert sum(report["counts"].values()) == asked
    assert report["counts"]["off_library"] > 0 and report["counts"]["answerable"] > 0
    assert report["off_library_declined"] >= 50
    assert report["dataset"] == "4 files"
