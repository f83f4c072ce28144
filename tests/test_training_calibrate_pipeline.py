"""Threshold calibration in the pipeline: the table, the rule, the held-out report sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SQUAD_DEV

from qa_bot.evaluation.squad import SquadQuestion
from qa_bot.training import calibrate_pipeline as cal

ANSWERED = [
    cal.Answered(True, 1.0, 1.0, 0.9),
    cal.Answered(True, 0.0, 0.5, 0.6),
    cal.Answered(True, 1.0, 1.0, 0.4),
    cal.Answered(False, 0.0, 0.0, 0.8),
    cal.Answered(False, 0.0, 0.0, 0.5),
    cal.Answered(False, 0.0, 0.0, 0.2),
    cal.Answered(False, 0.0, 0.0, 0.0),
]


def _question(qid: str) -> SquadQuestion:
    return SquadQuestion(
        id=qid, question="q?", answers=(), answer_starts=(), article_index=0, paragraph_index=0
    )


def test_trade_off_counts_declines_as_wrong_and_unanswerables_declined() -> None:
    row = cal.trade_off(ANSWERED, 0.55)
    assert row["HasAns_exact"] == pytest.approx(100 / 3)  # the 0.4 answer is declined
    assert row["HasAns_f1"] == pytest.approx(100 * 1.5 / 3)
    assert row["NoAns_declined"] == pytest.approx(75.0)  # 0.5, 0.2 and 0.0 are below


def test_the_rule_takes_the_lowest_threshold_reaching_the_decline_target() -> None:
    table = [cal.trade_off(ANSWERED, t) for t in (0.1, 0.3, 0.55, 0.85)]
    chosen = cal.lowest_declining(table, 60.0)
    assert chosen is not None and chosen["threshold"] == 0.55
    assert cal.lowest_declining(table[:3], 100.0) is None  # 0.8 is still answered at 0.55


def test_the_report_sample_is_left_out_of_calibration() -> None:
    questions = [_question(f"q{i}") for i in range(10)]
    held = questions[2:5]
    kept = cal.calibration_questions(questions, held, None)
    assert [q.id for q in kept] == ["q0", "q1", "q5", "q6", "q7", "q8", "q9"]
    assert [q.id for q in cal.calibration_questions(questions, held, 3)] == ["q0", "q1", "q5"]


@pytest.mark.slow
def test_calibration_runs_through_the_real_pipeline(tmp_path: Path) -> None:
    out = tmp_path / "calibration.json"
    cal.main(
        [
            "--dev",
            str(SQUAD_DEV),
            "--limit",
            "40",
            "--index-dir",
            str(tmp_path / "index"),
            "--out",
            str(out),
        ]
    )
    report = json.loads(out.read_text())
    assert report["questions"] == 40
    assert 0 < report["answerable"] < 40
    table = report["table"]
    assert [row["threshold"] for row in table] == sorted(row["threshold"] for row in table)
    declined = [row["NoAns_declined"] for row in table]
    kept = [row["HasAns_exact"] for row in table]
    assert declined == sorted(declined) and kept == sorted(kept, reverse=True)
    assert declined[-1] > declined[0]  # the reader's scores really spread over the grid
    chosen = report["chosen"]
    assert chosen is None or chosen["NoAns_declined"] >= 60.0
