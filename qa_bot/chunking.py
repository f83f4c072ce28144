"""Cut an article into overlapping windows of whole sentences, with offsets into the article."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from qa_bot.config import ChunkingSettings
from qa_bot.types import Article, Chunk

TokenCounter = Callable[[Sequence[str]], list[int]]

# pysbd is slow on very long blocks; cut them at whitespace first.
_MAX_BLOCK_CHARS = 4000
_BLOCK = re.compile(r"[^\n]+")
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?…。！？]")


@functools.lru_cache(maxsize=1)
def _segmenter() -> object:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _blocks(text: str) -> list[tuple[int, int]]:
    """Lines of text, each at most _MAX_BLOCK_CHARS long (longer lines cut at whitespace)."""
    spans: list[tuple[int, int]] = []
    for match in _BLOCK.finditer(text):
        start, end = match.span()
        while end - start > _MAX_BLOCK_CHARS:
            cut = text.rfind(" ", start + 1, start + _MAX_BLOCK_CHARS)
            cut = cut if cut > start else start + _MAX_BLOCK_CHARS
            spans.append((start, cut))
            start = cut
        spans.append((start, end))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) character spans of the sentences of ``text``, in order."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        has_end = _SENTENCE_END.search(block)
        pieces = _segmenter().segment(block) if has_end else [block]  # type: ignore[attr-defined]
        cursor = 0
        for piece in pieces:
            piece = piece.strip()
            if not piece:
                continue
            found = block.find(piece, cursor)
            if found < 0:  # the splitter changed the text: fall back to the rest of the block
                found, piece = cursor, block[cursor:]
            span = _strip_span(text, block_start + found, block_start + found + len(piece))
            if span:
                spans.append(span)
            cursor = found + len(piece)
        if cursor < len(block):
            tail = _strip_span(text, block_start + cursor, block_end)
            if tail:
                spans.append(tail)
    return spans


def _split_long(
    text: str, span: tuple[int, int], tokens: int, limit: int, count: TokenCounter
) -> list[tuple[tuple[int, int], int]]:
    """Cut a sentence longer than ``limit`` word pieces into word windows that fit."""
    words = [
        (span[0] + m.start(), span[0] + m.end()) for m in _WORD.finditer(text[span[0] : span[1]])
    ]
    if len(words) <= 1:
        # One huge "word": cut by characters (a word piece is at least one character).
        size = max(1, limit)
        pieces = [(s, min(s + size, span[1])) for s in range(span[0], span[1], size)]
        return list(zip(pieces, count([text[a:b] for a, b in pieces]), strict=True))
    per_piece = max(1, int(len(words) * limit / max(tokens, 1) * 0.8))
    result: list[tuple[tuple[int, int], int]] = []
    for i in range(0, len(words), per_piece):
        group = words[i : i + per_piece]
        piece = (group[0][0], group[-1][1])
        (piece_tokens,) = count([text[piece[0] : piece[1]]])
        if piece_tokens > limit and len(group) > 1:
            result.extend(_split_long(text, piece, piece_tokens, limit, count))
        else:
            result.append((piece, piece_tokens))
    return result


def sentence_units(text: str, limit: int, count: TokenCounter) -> list[tuple[tuple[int, int], int]]:
    """Sentences of ``text`` with their word-piece counts, long ones cut to fit ``limit``."""
    spans = split_sentences(text)
    counts = count([text[a:b] for a, b in spans]) if spans else []
    units: list[tuple[tuple[int, int], int]] = []
    for span, tokens in zip(spans, counts, strict=True):
        if tokens > limit:
            units.extend(_split_long(text, span, tokens, limit, count))
        else:
            units.append((span, tokens))
    return units


def _windows(
    units: list[tuple[tuple[int, int], int]], settings: ChunkingSettings
) -> list[tuple[int, int]]:
    """Greedy packing of units into windows (start index, end index) with sentence overlap."""
    windows: list[tuple[int, int]] = []
    first = 0
    while first < len(units):
        last, total = first, 0
        while (
            last < len(units)
            and last - first < settings.max_sentences
            and (total + units[last][1] <= settings.max_tokens or last == first)
        ):
            total += units[last][1]
            last += 1
        windows.append((first, last))
        if last >= len(units):
            break
        first = max(first + 1, last - settings.overlap_sentences)
    return windows


def chunk_article(
    article: Article, settings: ChunkingSettings, count: TokenCounter, first_id: int = 0
) -> list[Chunk]:
    """Cut an article into chunks of whole sentences; ``chunk.text == article.text[start:end]``."""
    units = sentence_units(article.text, settings.max_tokens, count)
    chunks = []
    for number, (first, last) in enumerate(_windows(units, settings)):
        start, end = units[first][0][0], units[last - 1][0][1]
        chunks.append(Chunk(first_id + number, article.id, article.text[start:end], start, end))
    return chunks
