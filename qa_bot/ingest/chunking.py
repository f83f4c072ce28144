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
# pysbd costs about 10 s per MB and grows with the square of the full stops in a block (4000
# chars of "1. 2. 3. " take seconds). Past these limits a plain regex splitter takes over, so
# a 10 MB file or a dense list stays linear; real articles are far below both.
_PYSBD_MAX_CHARS = 200_000
_PYSBD_MAX_STOPS = 100
_BLOCK = re.compile(r"[^\n]+")
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?…。！？]")
_REGEX_BOUNDARY = re.compile(r"[.!?…。！？]+[\"'”’)\]]*(?=\s)")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|vs|etc|e\.g|i\.e|No)|\b[A-Z])\.$")


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


def _pysbd_pieces(block: str) -> list[tuple[int, int]]:
    """Sentences found by pysbd, as offsets into the block; text it drops stays in a piece."""
    pieces: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(block):  # type: ignore[attr-defined]
        piece = piece.strip()
        if not piece:
            continue
        found = block.find(piece, cursor)
        if found < 0:  # the splitter changed the text: the rest of the block is one piece
            break
        if block[cursor:found].strip():  # the splitter dropped some text: keep it
            pieces.append((cursor, found))
        pieces.append((found, found + len(piece)))
        cursor = found + len(piece)
    pieces.append((cursor, len(block)))
    return pieces


def _regex_pieces(block: str) -> list[tuple[int, int]]:
    """Cut after sentence punctuation followed by a space, except after common abbreviations."""
    pieces: list[tuple[int, int]] = []
    cursor = 0
    for match in _REGEX_BOUNDARY.finditer(block):
        if _ABBREVIATION.search(block, max(cursor, match.end() - 8), match.end()):
            continue
        pieces.append((cursor, match.end()))
        cursor = match.end()
    pieces.append((cursor, len(block)))
    return pieces


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) character spans of the sentences of ``text``, in order."""
    spans: list[tuple[int, int]] = []
    pysbd_budget = _PYSBD_MAX_CHARS
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        stops = len(_SENTENCE_END.findall(block))
        if not stops:
            pieces = [(0, len(block))]
        elif stops <= _PYSBD_MAX_STOPS and pysbd_budget > 0:
            pysbd_budget -= len(block)
            pieces = _pysbd_pieces(block)
        else:
            pieces = _regex_pieces(block)
        for start, end in pieces:
            span = _strip_span(text, block_start + start, block_start + end)
            if span:
                spans.append(span)
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
        if piece_tokens > limit:  # one long word among short ones is cut by characters too
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
