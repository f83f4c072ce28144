"""Extractive readers: (question, retrieved passages) -> ranked answer spans."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from qa_bot.config import ReaderSettings
from qa_bot.embedding.embedder import Embedder
from qa_bot.types import Hit, ReaderResult, Region, Span


class Reader(Protocol):
    """Reads passages and proposes answer spans, best first.

    Span offsets are character offsets into the *article* (``hit.chunk.start`` plus the offset
    inside the chunk text). ``Span.score`` is comparable to the reader's decline threshold.
    """

    def read(
        self,
        question: str,
        hits: Sequence[Hit],
        titles: Mapping[str, str] | None = None,
        as_asked: str | None = None,
        avoid: Sequence[Region] = (),
    ) -> ReaderResult:
        """Return candidate spans (best first) and a no-answer score.

        ``titles``: article id -> title of the passages' articles, where the reader uses them.
        ``as_asked``: when ``question`` is a conversation's rewrite, the question as asked
        (``qa_bot.answering.rewrite_reading``), where the reader uses it.
        ``avoid``: parts of articles no answer may overlap (a byline, a date line), set aside
        before the best candidates are kept, where the reader uses it (the pipeline also drops
        such spans afterwards, for a reader that does not).
        """
        ...


_NUMBER = re.compile(
    r"(?:(?:more|less|fewer) than |about |nearly |almost |over |under )?"
    r"\$?\d[\d,.]*(?:\s(?:million|billion|thousand|hundred|percent|%))?",
    re.I,
)
_YEAR = re.compile(r"\b(?:1[0-9]|20)\d\d\b")
_NAME = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*")
_COMMON = frozenset(
    [
        "The",
        "A",
        "An",
        "His",
        "Her",
        "Their",
        "Its",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "In",
        "On",
        "At",
        "But",
        "And",
        "This",
        "That",
    ]
)
_CUE_PATTERNS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"^\s*how (?:many|much)\b", re.I), _NUMBER),
    (re.compile(r"^\s*(?:when|what year|in what year|which year)\b", re.I), _YEAR),
    (re.compile(r"^\s*(?:who|whom|whose)\b", re.I), _NAME),
)


def _content_tokens(text: str) -> set[str]:
    from qa_bot.index.bm25 import bm25_tokens

    return set(bm25_tokens([text])[0])


def narrow_span(question: str, sentence: str) -> tuple[int, int]:
    """Offsets of the answer inside the sentence: a typed phrase when exactly one fits, else all."""
    words = {w.lower().strip("’'s") for w in re.findall(r"[\w’']+", question)}
    for cue, pattern in _CUE_PATTERNS:
        if not cue.search(question):
            continue
        found = [
            m
            for m in pattern.finditer(sentence)
            if m.group().split()[0] not in _COMMON
            and not {w.lower().strip("’'s") for w in m.group().split()} <= words
        ]
        if len(found) == 1:
            return found[0].start(), found[0].end()
    return 0, len(sentence)


class SentenceReader:
    """Baseline reader: the retrieved sentence most similar to the question, narrowed where easy."""

    def __init__(self, settings: ReaderSettings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder

    def read(
        self,
        question: str,
        hits: Sequence[Hit],
        titles: Mapping[str, str] | None = None,
        as_asked: str | None = None,
        avoid: Sequence[Region] = (),
    ) -> ReaderResult:
        """Score every sentence of the top passages, best first (ignores the last three)."""
        from qa_bot.ingest.chunking import split_sentences

        candidates: list[tuple[Hit, int, int]] = []
        for hit in hits[: self.settings.passages]:
            candidates.extend((hit, a, b) for a, b in split_sentences(hit.chunk.text))
        if not candidates or not question.strip():
            return ReaderResult(())
        texts = [hit.chunk.text[a:b] for hit, a, b in candidates]
        vectors = self.embedder.encode([question, *texts])
        similarity = vectors[1:] @ vectors[0]
        asked = _content_tokens(question)
        spans: list[Span] = []
        for (hit, a, b), text, cosine in zip(candidates, texts, similarity, strict=True):
            overlap = len(asked & _content_tokens(text)) / len(asked) if asked else 0.0
            lexical = 0.5 * float(cosine) + 0.5 * overlap
            weight = self.settings.retrieval_weight
            score = (1 - weight) * lexical + weight * hit.score
            local_a, local_b = narrow_span(question, text)
            start = hit.chunk.start + a
            spans.append(
                Span(
                    text[local_a:local_b],
                    score,
                    hit.chunk.article_id,
                    start + local_a,
                    start + local_b,
                    text,
                    start,
                    hit.chunk.start + b,
                    hit.chunk.id,
                )
            )
        spans.sort(key=lambda span: -span.score)
        seen: set[tuple[str, int, int]] = set()
        unique: list[Span] = []
        for span in spans:
            if (span.article_id, span.start, span.end) not in seen:
                seen.add((span.article_id, span.start, span.end))
                unique.append(span)
        best = unique[0].score if unique else 0.0
        return ReaderResult(tuple(unique[:5]), no_answer_score=1.0 - best)
