"""Putting some candidate spans behind the others, their order otherwise kept."""

from __future__ import annotations

from collections.abc import Sequence

from qa_bot.types import Span

__all__ = ["put_behind"]


def put_behind(spans: Sequence[Span], marked: Sequence[bool]) -> tuple[Span, ...]:
    """``spans`` with the marked ones last; unchanged when none or all are marked."""
    if not any(marked) or all(marked):
        return tuple(spans)
    kept = [span for span, mark in zip(spans, marked, strict=True) if not mark]
    return (*kept, *(span for span, mark in zip(spans, marked, strict=True) if mark))
