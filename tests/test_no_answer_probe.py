"""benchmarks/no_answer_probe.py: its margin-only row agrees with the reader's own calibration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SQUAD_DEV

from qa_bot.answering.neural_reader import NeuralReader
from qa_bot.config import ReaderSettings
from qa_bot.training.data import dev_examples, read_squad
from qa_bot.training.dev_eval import calibrate, predict_all

ROOT = Path(__file__).resolve().parents[1]
DEV = SQUAD_DEV

pytestmark = pytest.mark.slow  # a subprocess and the real reader over 210 questions


def _first_per_article(count: int) -> list:
    articles = read_squad(DEV)
    chosen = []
    for article in articles:
        examples = dev_examples([article])
        chosen += examples[:count]
    return chosen


def test_probe_reports_every_scorer_and_its_margin_row_matches_dev_eval(tmp_path: Path) -> None:
    out = tmp_path / "probe.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "no_answer_probe.py"),
            "--dev",
            str(DEV),
            "--per-article",
            "6",
            "--out",
            str(out),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    report = json.loads(out.read_text())
    assert report["questions"] == 6 * 35
    results = report["results"]
    assert len(results) == 3
    for row in results.values():
        assert 0.0 <= row["AUC"] <= 1.0
        assert row["HasAns_f1"] >= row["HasAns_f1_all"] - 5.0

    # The same questions through the shipped NeuralReader and dev_eval's calibration. The
    # probe reads the model's raw best span; the reader also cuts a span at the end of its
    # sentence and reads "Who …?" passages with "she"/"he" as the name, which moves a question
    # or two of these 210: within one point.
    predictions = predict_all(NeuralReader(ReaderSettings()), _first_per_article(6))
    expected = calibrate(predictions)["hasans_within_5"]
    margin = results["margin (reader 1 alone)"]
    assert margin["HasAns_f1_all"] == pytest.approx(
        calibrate(predictions)["no_threshold"]["HasAns_f1"], abs=1.0
    )
    assert margin["NoAns_acc"] == pytest.approx(expected["NoAns_acc"], abs=1.0)
    assert margin["HasAns_f1"] == pytest.approx(expected["HasAns_f1"], abs=1.0)
