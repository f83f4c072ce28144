"""Quality smoke test: the real pipeline on a seeded sample of SQuAD 2.0 dev must not regress.

Runs `qa-bot eval pipeline` in a subprocess (index build over the 35 dev articles, then 200
questions). Every floor below is a figure measured with this exact command minus a margin;
when a change improves a figure for good, raise its floor (measured - margin) and update the
comment. The sample is seeded, so the figures only move when the product changes.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "data" / "squad-v2.0-dev.json.gz"

# Measured 2026-11-26 (twice, identical), sentence reader, default settings (weighted fusion w=0.3, top_k 5,
# sent180 chunks), `qa-bot eval pipeline DEV --reader sentence --limit 200 --seed 0`:
# EM 4.5, F1 14.9, HasAns F1 24.8, R@1 82.7, R@5 95.2 (104 answerable questions, so one
# question is ~1 point of recall). Margins: recall 3 points at R@5, 5 at R@1; F1 3 points.
SENTENCE_FLOORS = {
    ("scores", "f1"): 14.9 - 3,
    ("scores", "HasAns_f1"): 24.8 - 4,
    ("recall", "1"): 82.7 - 5,
    ("recall", "5"): 95.2 - 3,
}


def run_eval(tmp_path: Path, reader: str) -> dict:
    if not DEV.exists():
        pytest.fail(f"evaluation data missing: {DEV}")
    command = [
        sys.executable, "-m", "qa_bot", "eval", "pipeline", str(DEV),
        "--reader", reader, "--limit", "200", "--seed", "0", "--json",
        "--out", str(tmp_path / "predictions.json"),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.slow
def test_pipeline_quality_floors_sentence_reader(tmp_path):
    report = run_eval(tmp_path, "sentence")
    assert report["questions"] == 200
    assert report["scores"]["total"] == 200
    predictions = json.loads((tmp_path / "predictions.json").read_text(encoding="utf-8"))
    assert len(predictions) == 200
    assert report["latency"]["count"] == 200
    assert report["index_chunks"] > 1000
    measured = {
        ("scores", "f1"): report["scores"]["f1"],
        ("scores", "HasAns_f1"): report["scores"]["HasAns_f1"],
        ("recall", "1"): report["recall"]["answer"]["1"],
        ("recall", "5"): report["recall"]["answer"]["5"],
    }
    below = {key: (value, SENTENCE_FLOORS[key]) for key, value in measured.items()
             if value < SENTENCE_FLOORS[key]}  # fmt: skip
    assert not below, f"quality regressed below the floors (measured, floor): {below}"
