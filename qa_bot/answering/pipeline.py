"""Wires the stages: question -> retrieval -> reader -> Answer. answer() lives here."""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from pathlib import Path

from qa_bot.answering import retrieval
from qa_bot.answering.reader import Reader, SentenceReader
from qa_bot.config import Settings, decline_threshold, hint_threshold, load_settings
from qa_bot.embedding.embedder import Embedder, load_embedder
from qa_bot.errors import BadQuestionError
from qa_bot.index import store
from qa_bot.index.loading import LoadedIndex, load_index
from qa_bot.types import Answer, Hint, Hit, Source, Span

logger = logging.getLogger(__name__)

DECLINE_MESSAGE = "I could not find that in the articles."
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")


def clean_question(question: str, limit: int) -> tuple[str, tuple[str, ...]]:
    """Return a usable question and notes for the user, or raise BadQuestionError."""
    if not isinstance(question, str):
        raise BadQuestionError("The question must be text.")
    unprintable = len(_UNPRINTABLE.findall(question))
    text = " ".join(_UNPRINTABLE.sub(" ", question).split())
    if not text:
        raise BadQuestionError("Please type a question, e.g. “Who directed the film?”")
    if unprintable > max(3, len(question) // 4):
        raise BadQuestionError(
            "That looks like binary data, not a question. Please type a question."
        )
    if not any(ch.isalnum() for ch in text):
        raise BadQuestionError("Please type a question with some words in it.")
    notes: tuple[str, ...] = ()
    if len(text) > limit:
        text = text[:limit]
        notes = (f"Your question was long, so only its first {limit} characters were used.",)
    return text, notes


def make_reader(settings: Settings, embedder: Embedder, kind: str | None = None) -> Reader:
    """Build the configured reader (the trained one loads its model on first use)."""
    if (kind or settings.reader.kind) == "neural":
        from qa_bot.answering.neural_reader import NeuralReader

        return NeuralReader(settings.reader)
    return SentenceReader(settings.reader, embedder)


class Pipeline:
    """The loaded models and index; answer() is safe to call from several threads."""

    def __init__(
        self,
        settings: Settings,
        index_dir: Path,
        embedder: Embedder,
        reader: Reader,
        reader_kind: str,
    ) -> None:
        self.settings = settings
        self.index_dir = index_dir
        self.embedder = embedder
        self.reader = reader
        self.reader_kind = reader_kind
        self._lock = threading.Lock()
        index = load_index(index_dir, settings, embedder.dimension)
        # One attribute, swapped whole by reload(), so answer() never mixes two generations.
        self._loaded = (index, self._make_retriever(index))

    @property
    def index(self) -> LoadedIndex:
        """The generation being served."""
        return self._loaded[0]

    @property
    def retriever(self) -> retrieval.Retriever:
        """The retriever over the generation being served."""
        return self._loaded[1]

    def _make_retriever(self, index: LoadedIndex) -> retrieval.Retriever:
        return retrieval.Retriever(
            index.table.chunks, index.faiss, index.bm25, self.embedder, self.settings.retrieval
        )

    def reload(self) -> bool:
        """Switch to the newest generation on disk; True if it changed."""
        with self._lock:
            if store.current_generation(self.index_dir) == self.index.generation:
                return False
            index = load_index(self.index_dir, self.settings, self.embedder.dimension)
            self._loaded = (index, self._make_retriever(index))
            return True

    @property
    def threshold(self) -> float:
        """Answer score below which the bot declines."""
        return decline_threshold(self.settings, self.reader_kind)

    def hint(self, best: Span | None, index: LoadedIndex) -> Hint | None:
        """The best candidate of a declined question, if it scores at least the hint threshold."""
        if best is None or best.score < hint_threshold(self.settings, self.reader_kind):
            return None
        return Hint(best.text, best.score, best.sentence, self.source(best.article_id, index))

    def source(self, article_id: str, index: LoadedIndex | None = None) -> Source:
        """Metadata of an indexed article."""
        meta = (index or self.index).table.articles[article_id]
        return Source(meta.id, meta.title, meta.path, meta.url, meta.date)

    def article_text(self, article_id: str) -> str:
        """Full text of an indexed article."""
        return self.index.table.article_text(article_id)

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]:
        """The top passages for a question."""
        return self.retriever.search(question, k or self.settings.retrieval.top_k)

    def answer(self, question: str, *, top_k: int | None = None) -> Answer:
        """Answer from the articles with a quoted span, or decline."""
        began = time.perf_counter()
        text, notes = clean_question(question, self.settings.limits.max_question_chars)
        if top_k is not None and top_k < 1:
            raise BadQuestionError("top_k must be at least 1")
        k = top_k or self.settings.retrieval.top_k
        index, retriever = self._loaded
        hits = retriever.search(text, max(k, self.settings.reader.passages))
        result = self.reader.read(text, hits[: self.settings.reader.passages])
        elapsed = lambda: (time.perf_counter() - began) * 1000  # noqa: E731
        best = result.spans[0] if result.spans else None
        if best is None or best.score < self.threshold:
            return Answer(
                question=text,
                text=None,
                score=best.score if best else 0.0,
                sentence=None,
                source=None,
                start=None,
                end=None,
                passages=tuple(hits[:k]),
                alternatives=result.spans,
                declined_reason=DECLINE_MESSAGE,
                latency_ms=elapsed(),
                notes=notes,
                hint=self.hint(best, index),
            )
        return Answer(
            question=text,
            text=best.text,
            score=best.score,
            sentence=best.sentence,
            source=self.source(best.article_id, index),
            start=best.start,
            end=best.end,
            passages=tuple(hits[:k]),
            alternatives=result.spans[1:],
            latency_ms=elapsed(),
            notes=notes,
        )


def load_pipeline(
    settings: Settings | None = None,
    index_dir: Path | None = None,
    *,
    reader_kind: str | None = None,
    embedder: Embedder | None = None,
) -> Pipeline:
    """Load models and the index once; share the result between front ends."""
    settings = settings or load_settings()
    embedder = embedder or load_embedder(settings)
    kind = reader_kind or settings.reader.kind
    reader = make_reader(settings, embedder, kind)
    return Pipeline(settings, index_dir or Path(settings.paths.index_dir), embedder, reader, kind)


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The pipeline behind ``qa_bot.answer()``: default settings and index folder."""
    return load_pipeline()
