"""How many passages the reader reads."""

from __future__ import annotations

from qa_bot.answering.reading import ReadingCost, passages_to_read
from qa_bot.config import ReaderSettings

SETTINGS = ReaderSettings(
    passages=3, max_passages=6, close_score=0.8, small_library_chunks=12, read_budget_ms=120.0
)
BIG = 1000


def test_three_passages_when_retrieval_is_sure() -> None:
    assert passages_to_read([1.0, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1], SETTINGS, BIG, 20.0) == 3


def test_more_passages_while_they_score_close_to_the_best() -> None:
    assert passages_to_read([1.0, 0.95, 0.9, 0.85, 0.82, 0.5, 0.4], SETTINGS, BIG, 20.0) == 5


def test_never_more_than_the_maximum_nor_more_than_the_budget_affords() -> None:
    close = [1.0] * 10
    assert passages_to_read(close, SETTINGS, BIG, 20.0) == 6
    assert passages_to_read(close, SETTINGS, BIG, 30.0) == 4  # 120 ms / 30 ms
    assert passages_to_read(close, SETTINGS, BIG, 100.0) == 3  # the base is always read


def test_a_small_library_is_read_up_to_the_maximum() -> None:
    assert passages_to_read([1.0, 0.2, 0.1, 0.05, 0.0, 0.0], SETTINGS, 6, 20.0) == 6
    assert passages_to_read([1.0, 0.2], SETTINGS, 2, 20.0) == 2


def test_no_passages_read_none() -> None:
    assert passages_to_read([], SETTINGS, 0, 20.0) == 0


def test_the_cost_is_the_fastest_read_so_a_passing_load_does_not_change_it() -> None:
    cost = ReadingCost(initial_ms=20.0)
    cost.record(300.0, 3)  # the first measurement replaces the guess
    assert cost.ms_per_passage == 100.0
    cost.record(90.0, 3)
    cost.record(600.0, 3)  # a loaded moment
    assert cost.ms_per_passage == 30.0
    cost.record(10.0, 0)  # nothing read: ignored
    assert cost.ms_per_passage == 30.0
