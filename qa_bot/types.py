"""Frozen dataclasses that cross module boundaries."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One article as read from disk: its full text plus metadata."""

    id: str
    title: str
    text: str
    path: str
    content_hash: str
    url: str | None = None
    date: str | None = None
    pages: tuple[int, ...] = ()  # PDF: character offset where each page starts (page 1 first)


@dataclass(frozen=True)
class Chunk:
    """A window of sentences of one article; ``text == article.text[start:end]``."""

    id: int
    article_id: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the scores it came from."""

    chunk: Chunk
    score: float
    dense_score: float | None = None
    bm25_score: float | None = None


@dataclass(frozen=True)
class Span:
    """A candidate answer: a span of an article, with offsets into the article text."""

    text: str
    score: float
    article_id: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    chunk_id: int
    # Neural reader: (span logit - null logit) / margin_scale, the decision's main signal.
    margin: float | None = None


@dataclass(frozen=True)
class Region:
    """A stretch of an article by character offsets (e.g. its byline line)."""

    article_id: str
    start: int
    end: int

    def overlaps(self, article_id: str, start: int, end: int) -> bool:
        """True when ``[start, end)`` of ``article_id`` shares a character with this region."""
        return article_id == self.article_id and start < self.end and self.start < end


@dataclass(frozen=True)
class ReaderResult:
    """What a reader returns: ranked spans and its confidence that there is no answer."""

    spans: tuple[Span, ...]
    no_answer_score: float = 0.0


@dataclass(frozen=True)
class Source:
    """Where an answer comes from."""

    article_id: str
    title: str
    path: str
    url: str | None = None
    date: str | None = None
    page: int | None = None  # the page (from 1) of a PDF the answer is on


# What an answer that shows nothing says, unless it has a more specific reason to give.
NOT_FOUND = "I could not find that in the articles."


@dataclass(frozen=True)
class Answer:
    """The bot's reply to one question; ``text is None`` when it declines.

    An answer scored between the two decline thresholds is hedged: ``text``, the offsets and the
    source are set, and ``confident`` is False (the fronts say "Probably ... (not fully sure)").
    """

    question: str
    text: str | None
    score: float
    sentence: str | None
    source: Source | None
    start: int | None
    end: int | None
    passages: tuple[Hit, ...] = ()
    alternatives: tuple[Span, ...] = ()
    declined_reason: str | None = None
    latency_ms: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)
    confident: bool = True
    # Conversation: the question as resolved from the earlier turns (None: used as asked).
    understood_as: str | None = None
    # "span": ``text`` is a span answering the question; "evidence": a yes/no question, and
    # ``text`` is the whole sentence that bears on it (the offsets still quote the article).
    kind: str = "span"

    @property
    def declined(self) -> bool:
        """True when the bot did not find an answer."""
        return self.text is None
