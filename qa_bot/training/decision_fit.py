"""Fitting the answer-or-decline decision and choosing its two thresholds (pure functions).

Used by ``qa_bot.training.calibrate_decision``; kept apart so each step is unit-tested.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa_bot.answering.decision import FEATURES, DecisionModel
from qa_bot.evaluation.decline import Observation, summarise

GRID = tuple(round(0.02 * i, 2) for i in range(1, 50))
CORRECT_F1 = 0.5  # an answer counts as right from this token F1 with a gold answer


def is_correct(observation: Observation) -> bool:
    """An answerable question answered with F1 >= CORRECT_F1."""
    return observation.kind == "answerable" and observation.f1 >= CORRECT_F1


def fit_logistic(
    features: np.ndarray, labels: np.ndarray, l2: float = 1e-2, iterations: int = 50
) -> DecisionModel:
    """Logistic regression by Newton's method (L2 on the weights, not the bias).

    Args:
        features: one row of ``FEATURES`` per question.
        labels: 1 where the candidate answer is right, else 0.
        l2: ridge penalty, which keeps the fit finite when a signal separates perfectly.
        iterations: Newton steps (it converges in a handful).
    """
    if features.ndim != 2 or features.shape[1] != len(FEATURES):
        raise ValueError(f"features must have {len(FEATURES)} columns, got {features.shape}")
    if len(set(labels.tolist())) < 2:
        raise ValueError("the calibration set needs both right and wrong candidates")
    x = np.hstack([np.ones((len(features), 1)), features.astype(np.float64)])
    y = labels.astype(np.float64)
    beta = np.zeros(x.shape[1])
    penalty = np.diag([0.0] + [l2] * len(FEATURES))
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -60, 60)))
        gradient = x.T @ (p - y) + penalty @ beta
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian + 1e-9 * np.eye(len(beta)), gradient)
        beta -= step
        if float(np.abs(step).max()) < 1e-8:
            break
    return DecisionModel(tuple(float(b) for b in beta[1:]), float(beta[0]))


@dataclass(frozen=True)
class Row:
    """The trade-off at one decline threshold (percentages 0-100)."""

    threshold: float
    answerable_exact: float
    answerable_f1: float
    near_miss_declined: float
    off_library_declined: float
    answered_precision: float  # share of all answers given (any kind) that are right


def precision(observations: Sequence[Observation], threshold: float) -> tuple[float, int]:
    """Share of the answers scoring at least ``threshold`` that are right, and their number."""
    given = [o for o in observations if o.text and o.score >= threshold]
    if not given:
        return math.nan, 0
    return 100.0 * sum(is_correct(o) for o in given) / len(given), len(given)


def trade_off(observations: Sequence[Observation], grid: Sequence[float] = GRID) -> list[Row]:
    """The table: what each decline threshold keeps and declines."""
    rows = []
    for threshold in grid:
        report = summarise(observations, threshold, threshold)
        rows.append(
            Row(
                threshold,
                report.answerable_exact,
                report.answerable_f1,
                report.near_miss_declined,
                report.off_library_declined,
                precision(observations, threshold)[0],
            )
        )
    return rows


def pick_lower(
    rows: Sequence[Row], off_library: float, near_miss: float = 0.0, shown: float = 0.0
) -> tuple[Row, str]:
    """The decline threshold: best answerable EM with every target met.

    Args:
        rows: the trade-off table.
        off_library: least % of off-library questions declined.
        near_miss: least % of near-miss questions declined.
        shown: least % of the answers shown (hedged or not, any kind of question) that are right:
            below it a candidate is more likely wrong than worth showing.

    When no threshold meets them all, the near-miss and precision targets are dropped (and said
    so); when none meets even the off-library one, the threshold declining most of those wins.
    """
    met = [
        r
        for r in rows
        if r.off_library_declined >= off_library
        and r.near_miss_declined >= near_miss
        and r.answered_precision >= shown
    ]
    if met:
        return max(met, key=lambda r: (r.answerable_exact, -r.threshold)), "all targets met"
    off = [r for r in rows if r.off_library_declined >= off_library]
    if off:
        best = max(off, key=lambda r: (r.answerable_exact, -r.threshold))
        return best, "near-miss or precision target not reachable with the off-library one"
    best = max(rows, key=lambda r: (r.off_library_declined, -r.threshold))
    return best, f"off-library target {off_library:g} % not reachable"


def pick_upper(
    observations: Sequence[Observation],
    lower: float,
    target: float,
    grid: Sequence[float] = GRID,
    min_answers: int = 20,
) -> float:
    """The lowest threshold >= ``lower`` whose answers are right at least ``target`` % of the time.

    Thresholds keeping fewer than ``min_answers`` answers are too noisy to trust; when none
    qualifies the answer is 1.0: every answer is hedged.
    """
    for threshold in sorted(t for t in grid if t >= lower):
        share, count = precision(observations, threshold)
        if count >= min_answers and share >= target:
            return threshold
    return 1.0
