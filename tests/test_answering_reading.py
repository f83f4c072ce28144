"""How many passages the reader reads."""

from __future__ import annotations

from dataclasses import replace

from qa_bot.answering.reading import passages_to_read
from qa_bot.config import ReaderSettings

SETTINGS = ReaderSettings(
    passages=3,
    max_passages=6,
    close_score=0.8,
    small_library_chunks=12,
    read_budget_ms=120.0,
    passage_ms=20.0,
)
BIG = 1000


def test_three_passages_when_retrieval_is_sure() -> None:
    assert passages_to_read([1.0, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1], SETTINGS, BIG) == 3


def test_more_passages_while_they_score_close_to_the_best() -> None:
    assert passages_to_read([1.0, 0.95, 0.9, 0.85, 0.82, 0.5, 0.4], SETTINGS, BIG) == 5


def test_never_more_than_the_maximum_nor_more_than_the_budget_affords() -> None:
    close = [1.0] * 10
    assert passages_to_read(close, SETTINGS, BIG) == 6
    assert passages_to_read(close, replace(SETTINGS, passage_ms=30.0), BIG) == 4  # 120 / 30
    assert passages_to_read(close, replace(SETTINGS, read_budget_ms=20.0), BIG) == 3  # the base


def test_a_small_library_is_read_up_to_the_maximum() -> None:
    assert passages_to_read([1.0, 0.2, 0.1, 0.05, 0.0, 0.0], SETTINGS, 6) == 6
    assert passages_to_read([1.0, 0.2], SETTINGS, 2) == 2
    off = replace(SETTINGS, small_library_chunks=0)
    assert passages_to_read([1.0, 0.2, 0.1, 0.05, 0.0, 0.0], off, 6) == 3


def test_no_passages_read_none() -> None:
    assert passages_to_read([], SETTINGS, 0) == 0
