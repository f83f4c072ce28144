"""What the reader sees of a passage: the passage and the rest of its paragraph around it.

Chunks are windows of sentences cut for retrieval (``chunking.max_tokens`` word pieces), so a
chunk often starts or ends inside a paragraph, and the sentence that says who "he" is or what
"the treaty" was falls into the chunk before. The reader was trained on whole paragraphs. With
``reader.context_tokens`` set, it reads each retrieved passage widened by whole sentences of the
same paragraph (never across a blank line), the nearest first, alternately before and after,
while the question and the text fit in that many word pieces — one window of the reader. Offsets
stay offsets into the article, so an answer found in the widening is quoted like any other; the
passages shown to the user stay as retrieved. Off by default: at the shipped chunk size it moved
no measure for good (docs/EVALUATION.md, "Reading a passage in its paragraph").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from qa_bot.types import Hit

TokenCounter = Callable[[Sequence[str]], list[int]]

# Reader windows hold [CLS] question [SEP] passage [SEP].
SPECIAL_TOKENS = 3
_PARAGRAPH_BREAK = "\n\n"
_REACH = 2000  # characters looked at on each side of a passage
_SENTENCE_GAP = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences (or lines) of ``text``, whitespace between them left out."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for gap in _SENTENCE_GAP.finditer(text):
        if gap.start() > cursor:
            spans.append((cursor, gap.start()))
        cursor = gap.end()
    if cursor < len(text):
        spans.append((cursor, len(text)))
    return spans


def _before(article: str, start: int) -> list[tuple[int, int]]:
    """Whole sentences of the paragraph before ``start``, nearest first."""
    low = max(0, start - _REACH)
    head = article[low:start]
    cut = head.rfind(_PARAGRAPH_BREAK)
    whole = cut >= 0 or low == 0
    if cut >= 0:
        low += cut + len(_PARAGRAPH_BREAK)
    spans = [(low + a, low + b) for a, b in _sentences(article[low:start])]
    if not whole:
        spans = spans[1:]  # the first may be cut by the reach
    return spans[::-1]


def _after(article: str, end: int) -> list[tuple[int, int]]:
    """Whole sentences of the paragraph after ``end``, nearest first."""
    high = min(len(article), end + _REACH)
    tail = article[end:high]
    cut = tail.find(_PARAGRAPH_BREAK)
    whole = cut >= 0 or high == len(article)
    if cut >= 0:
        high = end + cut
    spans = [(end + a, end + b) for a, b in _sentences(article[end:high])]
    if not whole:
        spans = spans[:-1]
    return spans


def widened(hit: Hit, article: str, budget: int, count: TokenCounter) -> Hit:
    """``hit`` with its passage grown by sentences of its paragraph, within ``budget`` pieces.

    Args:
        hit: a retrieved passage; ``hit.chunk.text == article[chunk.start:chunk.end]``.
        article: the full text of the passage's article.
        budget: word pieces the passage may have once widened.
        count: word pieces of each text (the embedder's tokenizer: the reader's vocabulary).
    """
    chunk = hit.chunk
    if article[chunk.start : chunk.end] != chunk.text:
        return hit  # not this article's text: read as retrieved
    before, after = _before(article, chunk.start), _after(article, chunk.end)
    sides = (before, after)
    costs = count([chunk.text, *(article[a:b] for a, b in (*before, *after))])
    used = costs[0]
    cost = dict(zip((*before, *after), costs[1:], strict=True))
    start, end = chunk.start, chunk.end
    open_sides = [bool(side) for side in sides]
    while any(open_sides):
        for side_number, side in enumerate(sides):
            if not open_sides[side_number]:
                continue
            sentence = side.pop(0)
            if used + cost[sentence] > budget:
                open_sides[side_number] = False
                continue
            used += cost[sentence]
            start, end = (sentence[0], end) if side_number == 0 else (start, sentence[1])
            open_sides[side_number] = bool(side)
    if (start, end) == (chunk.start, chunk.end):
        return hit
    grown = dataclasses.replace(chunk, text=article[start:end], start=start, end=end)
    return dataclasses.replace(hit, chunk=grown)


def widened_all(
    question: str,
    hits: Sequence[Hit],
    article_text: Callable[[str], str],
    window: int,
    count: TokenCounter,
) -> list[Hit]:
    """Every passage widened to fill one reader window of ``window`` word pieces."""
    budget = window - SPECIAL_TOKENS - count([question])[0]
    texts: dict[str, str] = {}
    grown = []
    for hit in hits:
        article_id = hit.chunk.article_id
        if article_id not in texts:
            texts[article_id] = article_text(article_id)
        grown.append(widened(hit, texts[article_id], budget, count))
    return grown
