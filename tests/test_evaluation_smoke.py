"""Quality smoke tests: the real product on a seeded sample of SQuAD 2.0 dev must not regress.

Runs `qa-bot eval pipeline|retrieval|reader` in subprocesses (one index build over the 35 dev
articles, then 200 seeded questions each). Every floor below is a figure measured with the
command in its comment minus a margin; when a change improves a figure for good, raise its
floor (measured - margin) and update the comment. The sample is seeded, so the figures only
move when the product changes.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SQUAD_DEV, require_data

REPO = Path(__file__).resolve().parents[1]
DEV = SQUAD_DEV  # bundled: tests/data/README.md

# Measured 2026-11-26 with the default settings (weighted fusion, dense_weight 0.5, top_k 5):
# `qa-bot eval pipeline DEV --reader sentence --limit 200 --seed 0` gave EM 5.5, F1 15.9,
# HasAns F1 24.8, R@1 81.7, R@5 94.2 (104 answerable questions, so one question is ~1 point
# of recall). Margins: recall 3 points at R@5, 5 at R@1; F1 3 points, HasAns F1 4.
SENTENCE_FLOORS = {
    ("scores", "f1"): 15.9 - 3,
    ("scores", "HasAns_f1"): 24.8 - 4,
    ("recall", "1"): 81.7 - 5,
    ("recall", "5"): 94.2 - 3,
}

# Measured 2026-11-29, shipped neural reader (checkpoint step-011015) with the calibrated
# decision (answering/decision.py: decline below 0.10, hedged answers count as answers),
# `qa-bot eval pipeline DEV --reader neural --limit 200 --seed 0`: EM 49.5, F1 51.6, HasAns EM
# 69.2 / F1 73.3, NoAns declined 28.1 (96 unanswerable: ~1 point each; the decision is tuned to
# decline off-library questions and answer more, not to decline SQuAD's near-misses), R@1 82.7,
# R@5 94.2. Margins as above, HasAns F1 5 (fewer questions count), declines 6.
NEURAL_FLOORS = {
    ("scores", "f1"): 51.6 - 3,
    ("scores", "HasAns_f1"): 73.3 - 5,
    ("declined", "noans"): 28.1 - 6,
    ("recall", "1"): 82.7 - 5,
    ("recall", "5"): 94.2 - 3,
}

# Measured 2026-11-29, `qa-bot eval reader DEV --reader neural --limit 200 --seed 0` (each
# question's own paragraph; the reader alone never declines, its no-answer ranking shows in the
# best-threshold F1): HasAns EM 77.9 / F1 83.6, best F1 63.8.
NEURAL_READER_FLOORS = {"HasAns_exact": 77.9 - 5, "HasAns_f1": 83.6 - 4, "best_f1": 63.8 - 3}

# Measured 2026-11-26, `qa-bot eval retrieval DEV --limit 200 --seed 0` (104 answerable):
# dense R@1 60.6 R@5 89.4; BM25 81.7 / 94.2; fused (w 0.5) 81.7 / 94.2 / R@10 96.2.
RETRIEVAL_FLOORS = {
    ("dense", "5"): 89.4 - 4,
    ("bm25", "5"): 94.2 - 3,
    ("fused", "1"): 81.7 - 5,
    ("fused", "5"): 94.2 - 3,
}

# Measured 2026-11-26, `qa-bot eval reader DEV --reader sentence --limit 200 --seed 0`:
# EM 4.0, F1 15.6, HasAns F1 28.2 (the reader alone, on each question's own paragraph).
READER_FLOORS = {"f1": 15.6 - 3, "HasAns_f1": 28.2 - 4}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    """One index of the dev articles, shared by the pipeline and retrieval runs (reused)."""
    return tmp_path_factory.mktemp("eval-index")


def run_eval(mode: str, *options: str) -> dict:
    command = [
        sys.executable, "-m", "qa_bot", "eval", mode, str(require_data(DEV)),
        "--limit", "200", "--seed", "0", "--json", *options,
    ]  # fmt: skip
    # The floors hold for the default settings: no user config or QA_BOT_* overrides.
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_BOT_")}
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env, timeout=1800)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.slow
def test_pipeline_quality_floors_sentence_reader(tmp_path, index_dir):
    out = tmp_path / "predictions.json"
    report = run_eval(
        "pipeline", "--reader", "sentence", "--index-dir", str(index_dir), "--out", str(out)
    )
    assert report["questions"] == 200
    assert report["scores"]["total"] == 200
    predictions = json.loads(out.read_text(encoding="utf-8"))
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


@pytest.mark.slow
def test_retrieval_recall_floors(index_dir):
    report = run_eval("retrieval", "--index-dir", str(index_dir))
    assert report["answerable"] == 104
    measured = {(mode, k): report["recall"][mode][k] for mode, k in RETRIEVAL_FLOORS}
    below = {key: (measured[key], floor) for key, floor in RETRIEVAL_FLOORS.items()
             if measured[key] < floor}  # fmt: skip
    assert not below, f"retrieval recall regressed below the floors (measured, floor): {below}"


@pytest.mark.slow
def test_sentence_reader_alone_quality_floors():
    report = run_eval("reader", "--reader", "sentence")
    assert report["latency"]["count"] == 200
    below = {key: (report["scores"][key], floor) for key, floor in READER_FLOORS.items()
             if report["scores"][key] < floor}  # fmt: skip
    assert not below, f"reader quality regressed below the floors (measured, floor): {below}"


@pytest.mark.slow
def test_pipeline_quality_floors_neural_reader(index_dir):
    report = run_eval("pipeline", "--reader", "neural", "--index-dir", str(index_dir))
    assert report["reader"] == "neural"
    measured = {
        ("scores", "f1"): report["scores"]["f1"],
        ("scores", "HasAns_f1"): report["scores"]["HasAns_f1"],
        ("declined", "noans"): report["declined_noans"],
        ("recall", "1"): report["recall"]["answer"]["1"],
        ("recall", "5"): report["recall"]["answer"]["5"],
    }
    below = {key: (value, NEURAL_FLOORS[key]) for key, value in measured.items()
             if value < NEURAL_FLOORS[key]}  # fmt: skip
    assert not below, f"quality regressed below the floors (measured, floor): {below}"


@pytest.mark.slow
def test_neural_reader_alone_quality_floors():
    report = run_eval("reader", "--reader", "neural")
    assert report["reader"] == "neural"
    assert report["latency"]["count"] == 200
    below = {key: (report["scores"][key], floor) for key, floor in NEURAL_READER_FLOORS.items()
             if report["scores"][key] < floor}  # fmt: skip
    assert not below, f"reader quality regressed below the floors (measured, floor): {below}"
