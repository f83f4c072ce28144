"""Where a span's characters begin and end in its passage: past a paragraph break, its sentence.

Character-offset helpers of the neural reader, on the passage text: whole words, and the
stretches of a passage no span may overlap.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa_bot.types import Chunk, Region

__all__ = ["after_break", "covering_sentence", "cut_at_sentence", "in_chunk", "whole_words"]


def after_break(text: str, start: int, end: int) -> int:
    """Where a span starts once cut after its last blank line.

    A span running from a headline into the paragraph under it ("Warsaw", blank line, "Warsaw")
    or over a paragraph break quotes no sentence; its last part is the one in running text.
    """
    cut = text.rfind("\n\n", start, end)
    if cut < 0:
        return start
    after = cut + 2
    while after < end and text[after].isspace():
        after += 1
    return after if after < end else start


def covering_sentence(
    sentences: Sequence[tuple[int, int]], start: int, end: int
) -> tuple[int, int]:
    """The sentence (or run of sentences) that contains [start, end); the span itself if none."""
    overlapping = [(s, e) for s, e in sentences if s < end and e > start]
    if not overlapping:
        return start, end
    return min(start, overlapping[0][0]), max(end, overlapping[-1][1])


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``start`` and ``end`` moved out to whole words: never "auer Werke" of "Brandauer Werke".

    The reader picks word pieces; a span that starts or ends inside a word ("Brand", "##auer")
    is widened to the word's edges.
    """
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def in_chunk(regions: Sequence[Region], chunk: Chunk) -> list[tuple[int, int]]:
    """The parts of ``regions`` inside ``chunk``, as offsets into the chunk's text."""
    return [
        (max(region.start, chunk.start) - chunk.start, min(region.end, chunk.end) - chunk.start)
        for region in regions
        if region.overlaps(chunk.article_id, chunk.start, chunk.end)
    ]


def cut_at_sentence(start: int, end: int, sentences: Sequence[tuple[int, int]], text: str) -> int:
    """The end of a span cut at the end of the sentence it starts in.

    A span running on into the next sentence ("Thursday. It will be the first time …") quotes
    more than an answer; its first sentence holds what the reader found first.
    """
    first = next((e for s, e in sentences if s <= start < e), None)
    if first is None or end <= first:
        return end
    cut = first
    while cut > start and (text[cut - 1].isspace() or text[cut - 1] in ".!?;:,"):
        cut -= 1
    return cut if cut > start else end
