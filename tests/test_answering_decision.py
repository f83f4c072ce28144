"""The answer-or-decline decision: signals, the logistic score and the two thresholds."""

from __future__ import annotations

import math

import pytest

from qa_bot.answering.decision import (
    DecisionModel,
    Signals,
    Verdict,
    decision_model,
    signals_for,
    verdict,
    word_share,
)
from qa_bot.errors import ModelLoadError
from qa_bot.types import Chunk, Hit, Span


def _span(chunk_id: int, margin: float | None) -> Span:
    return Span("Ana Ruiz", 0.9, "a1", 11, 19, "The mayor, Ana Ruiz.", 0, 20, chunk_id, margin)


def test_verdict_is_confident_from_the_upper_threshold_hedged_between_declined_below() -> None:
    assert verdict(0.9, 0.4, 0.8) is Verdict.CONFIDENT
    assert verdict(0.8, 0.4, 0.8) is Verdict.CONFIDENT
    assert verdict(0.6, 0.4, 0.8) is Verdict.HEDGED
    assert verdict(0.4, 0.4, 0.8) is Verdict.HEDGED
    assert verdict(0.39, 0.4, 0.8) is Verdict.DECLINED


def test_an_upper_threshold_below_the_lower_one_leaves_nothing_hedged() -> None:
    assert verdict(0.5, 0.4, 0.2) is Verdict.CONFIDENT
    assert verdict(0.3, 0.4, 0.2) is Verdict.DECLINED


def test_the_unfitted_model_is_the_readers_own_confidence() -> None:
    model = DecisionModel()
    assert model.score(Signals(0.0, 0.9, 1.0, 1.0)) == pytest.approx(0.5)
    assert model.score(Signals(2.0, 0.0, 0.0, 0.0)) == pytest.approx(1 / (1 + math.exp(-2)))


def test_the_score_rises_with_each_signal_that_has_a_positive_weight() -> None:
    model = DecisionModel((1.0, 2.0, 1.0, 4.0), -3.0)
    base = Signals(0.5, 0.3, 0.5, 0.5)
    assert model.score(Signals(1.5, 0.3, 0.5, 0.5)) > model.score(base)
    assert model.score(Signals(0.5, 0.3, 0.5, 1.0)) > model.score(base)
    assert model.score(Signals(0.5, 0.3, 0.5, 0.0)) < model.score(base)
    assert 0.0 <= model.score(Signals(-1e9, 0, 0, 0)) < 1e-3  # huge margins are clipped, no error


def test_a_question_whose_words_the_library_lacks_scores_low_with_a_fitted_model() -> None:
    model = DecisionModel((1.0, 1.0, 2.0, 9.0), -10.0)
    about_the_library = Signals(1.5, 0.7, 0.8, 0.8)
    elsewhere = Signals(1.5, 0.1, 0.3, 0.3)
    assert model.score(about_the_library) > 0.5 > model.score(elsewhere)


def test_word_share_counts_the_question_words_found() -> None:
    assert word_share({"mayor", "bridg"}, {"mayor": 1}) == 0.5
    assert word_share(set(), {"mayor"}) == 0.0


def test_signals_come_from_the_passage_the_answer_was_read_from() -> None:
    hits = [
        Hit(Chunk(1, "a1", "other", 0, 5), 1.0, dense_score=0.9),
        Hit(Chunk(2, "a1", "The mayor, Ana Ruiz.", 0, 20), 0.5, dense_score=0.4),
    ]
    signals = signals_for(_span(2, 1.2), hits, {"mayor", "bridg"}, {"mayor", "ana"}, 0.75)
    assert signals == Signals(1.2, 0.4, 0.5, 0.75)
    no_margin = signals_for(_span(3, None), hits, {"mayor"}, set(), 0.0)
    assert no_margin.margin == 0.0 and no_margin.dense == 0.0


def test_the_decision_block_round_trips_and_a_bad_one_is_refused() -> None:
    model = DecisionModel((0.9, 1.0, 2.4, 8.9), -12.7)
    assert decision_model(model.to_json()) == model
    assert decision_model(None) == DecisionModel()
    with pytest.raises(ModelLoadError, match="calibrate_decision"):
        decision_model({"weights": {"margin": 1.0}, "bias": 0.0})
    with pytest.raises(ModelLoadError, match="finite"):
        decision_model({**model.to_json(), "bias": float("nan")})


def test_calibration_asks_the_reader_whose_weights_it_fits(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """--model-dir is the reader observed, not only where reader.json is written."""
    from pathlib import Path

    from qa_bot.evaluation.squad import load_squad
    from qa_bot.training import calibrate_decision

    seen: dict[str, object] = {}

    def observe(*args: object, **kwargs: object) -> tuple[None, list[object]]:
        seen.update(kwargs)
        return None, []

    monkeypatch.setattr(calibrate_decision, "observe_split", observe)
    dev = Path(__file__).parent / "data" / "squad-v2.0-dev.json.gz"
    args = calibrate_decision.parse_args(
        ["--dev", str(dev), "--model-dir", str(tmp_path), "--limit", "5"]
    )
    calibrate_decision.ask(args, load_squad(dev), (0, 1))
    assert seen["model_dir"] == tmp_path
