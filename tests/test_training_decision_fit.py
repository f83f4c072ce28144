"""Fitting the decision and picking its thresholds, on tiny made-up observations."""

from __future__ import annotations

import numpy as np
import pytest

from qa_bot.answering.decision import FEATURES, Signals
from qa_bot.evaluation.decline import Observation
from qa_bot.training.decision_fit import (
    Row,
    fit_logistic,
    pick_lower,
    pick_upper,
    precision,
    trade_off,
)


def _obs(kind: str, score: float, right: bool = False) -> Observation:
    return Observation(kind, "x", float(right), 1.0 if right else 0.0, None, score, 10.0)


def test_the_fit_weights_a_signal_that_separates_right_from_wrong() -> None:
    rng = np.random.default_rng(0)
    right = rng.random(400) < 0.5
    library = np.where(right, 0.9, 0.3) + rng.normal(0, 0.1, 400)
    noise = rng.normal(0, 1, (400, 3))
    features = np.column_stack([noise[:, 0], noise[:, 1], noise[:, 2], library])
    model = fit_logistic(features, right.astype(int))
    assert model.weights[3] > 5 * max(abs(w) for w in model.weights[:3])
    assert model.score(Signals(0, 0, 0, 0.95)) > 0.9 > 0.1 > model.score(Signals(0, 0, 0, 0.25))


def test_the_fit_refuses_labels_of_one_kind_only() -> None:
    with pytest.raises(ValueError, match="both right and wrong"):
        fit_logistic(np.zeros((3, 4)), np.ones(3))


OBSERVED = [
    _obs("answerable", 0.9, right=True),
    _obs("answerable", 0.7, right=True),
    _obs("answerable", 0.5, right=False),
    _obs("answerable", 0.3, right=True),
    _obs("near_miss", 0.6),
    _obs("near_miss", 0.2),
    _obs("off_library", 0.4),
    _obs("off_library", 0.1),
]


def test_the_table_trades_answerable_exact_match_against_declines() -> None:
    rows = {row.threshold: row for row in trade_off(OBSERVED, (0.25, 0.45, 0.65))}
    assert rows[0.25].answerable_exact == 75.0 and rows[0.25].off_library_declined == 50.0
    assert rows[0.45].answerable_exact == 50.0 and rows[0.45].off_library_declined == 100.0
    assert rows[0.45].near_miss_declined == 50.0
    assert rows[0.65].near_miss_declined == 100.0 and rows[0.65].answerable_exact == 50.0
    assert rows[0.65].answered_precision == 100.0


def test_the_lower_threshold_is_the_best_exact_match_meeting_both_decline_targets() -> None:
    rows = trade_off(OBSERVED, (0.25, 0.45, 0.65, 0.8))
    row, note = pick_lower(rows, off_library=90, near_miss=90)
    assert row.threshold == 0.65 and note == "all targets met"
    row, note = pick_lower(rows, off_library=90, near_miss=40)
    assert row.threshold == 0.45  # same EM as 0.65, the lower threshold answers more


def test_the_lower_threshold_says_when_a_target_cannot_be_met() -> None:
    rows = [Row(0.3, 60, 70, 20, 95, 50), Row(0.5, 50, 60, 30, 99, 60)]
    row, note = pick_lower(rows, off_library=90, near_miss=80)
    assert row.threshold == 0.3 and "near-miss" in note
    row, note = pick_lower(rows, off_library=90, shown=55)
    assert row.threshold == 0.5 and note == "all targets met"  # answers right >= 55 %
    row, note = pick_lower(rows, off_library=99.5, near_miss=0)
    assert row.threshold == 0.5 and "off-library" in note


def test_the_upper_threshold_is_the_lowest_with_precise_enough_answers() -> None:
    assert precision(OBSERVED, 0.65) == (100.0, 2)
    assert pick_upper(OBSERVED, 0.25, 90, grid=(0.25, 0.45, 0.65, 0.8), min_answers=2) == 0.65
    assert pick_upper(OBSERVED, 0.25, 90, grid=(0.25, 0.45, 0.65, 0.8), min_answers=5) == 1.0


def _signalled(kind: str, margin: float, right: bool) -> Observation:
    signals = Signals(margin=margin, dense=0.5, passage_words=0.5, library_words=0.9)
    return Observation(kind, "x", float(right), float(right), signals, 0.0, 10.0)


def test_keep_weights_chooses_thresholds_for_the_shipped_decision(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """--keep-weights rescores with reader.json's decision; without it the fit replaces it."""
    import json

    from qa_bot.evaluation.decline import save_observations
    from qa_bot.training import calibrate_decision

    rng = np.random.default_rng(1)
    observed = [_signalled("answerable", m, m > 0) for m in rng.normal(1, 2, 120)]
    observed += [_signalled("off_library", m, False) for m in rng.normal(-3, 1, 120)]
    observed += [_signalled("near_miss", m, False) for m in rng.normal(0, 1, 60)]
    saved = tmp_path / "observed.jsonl"
    save_observations(observed, saved)
    shipped = {"weights": {"margin": 0.7, "dense": 0.1, "passage_words": 0.2, "library_words": 0.3}}
    (tmp_path / "reader.json").write_text(json.dumps({"decision": {**shipped, "bias": -0.4}}))

    def chosen(*extra: str) -> dict[str, object]:
        out = tmp_path / "out.json"
        common = ["--from-observations", str(saved), "--model-dir", str(tmp_path), "--dry-run"]
        files = ["--out", str(out), "--markdown", str(tmp_path / "out.md")]
        calibrate_decision.main([*common, *files, *extra])
        report: dict[str, object] = json.loads(out.read_text())
        return report

    kept = chosen("--keep-weights")
    assert kept["decision"] == {"features": list(FEATURES), **shipped, "bias": -0.4}
    assert "--keep-weights" in str(kept["rule"])
    refit = chosen()
    assert refit["decision"] != kept["decision"]
    for report in (kept, refit):  # the default objective: off-library declined >= 96 %
        at_chosen = report["at_chosen"]
        assert isinstance(at_chosen, dict) and at_chosen["off_library_declined"] >= 96
