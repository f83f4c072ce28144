"""Wires the stages: question -> retrieval -> reader -> Answer. answer() lives here."""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from qa_bot.answering import retrieval
from qa_bot.answering.ages import age_regions
from qa_bot.answering.candidates import ordered
from qa_bot.answering.context import widened_all
from qa_bot.answering.decision import (
    DecisionModel,
    Signals,
    Verdict,
    decision_model,
    signals_for,
    verdict,
)
from qa_bot.answering.focus import PREFER_DEPTH, focused_query
from qa_bot.answering.focus import prefer_article as focus_on
from qa_bot.answering.head import (
    declined_reason,
    head_answer,
    head_regions,
)
from qa_bot.answering.reader import Reader, SentenceReader
from qa_bot.answering.reading import passages_to_read
from qa_bot.answering.tables import FoundCell, cell_in_articles
from qa_bot.answering.whole_name import whole_name
from qa_bot.answering.year_bound import for_the_year
from qa_bot.config import Settings, confident_threshold, decline_threshold, load_settings
from qa_bot.embedding.embedder import Embedder, load_embedder
from qa_bot.errors import BadQuestionError
from qa_bot.index import store
from qa_bot.index.bm25 import bm25_tokens
from qa_bot.index.loading import LoadedIndex, load_index
from qa_bot.ingest.records import page_of
from qa_bot.types import NOT_FOUND, Answer, Hit, Source, Span

logger = logging.getLogger(__name__)

DECLINE_MESSAGE = NOT_FOUND
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


def make_reader(
    settings: Settings, embedder: Embedder, kind: str | None = None, model_dir: Path | None = None
) -> Reader:
    """Build the configured reader (the trained one loads its model on first use).

    ``model_dir``: the neural reader's model folder (default: the one shipped in the package).
    """
    if (kind or settings.reader.kind) == "neural":
        from qa_bot.answering.neural_reader import NeuralReader

        return NeuralReader(settings.reader, model_dir)
    return SentenceReader(settings.reader, embedder)


@dataclass(frozen=True)
class Considered:
    """A question's best candidate before the decision (what ``answer`` and calibration see)."""

    question: str  # as cleaned
    notes: tuple[str, ...]
    passages: tuple[Hit, ...]  # the top_k shown with the answer
    read: tuple[Hit, ...]  # the passages the reader read (best first)
    spans: tuple[Span, ...]  # best first
    signals: Signals | None  # neural reader only
    score: float  # the decision's answer score (the sentence reader's own score otherwise)
    source: Source | None  # of the best span, from the generation it was read in
    cell: tuple[FoundCell, Source] | None = None  # a table's cell the question names


def _decision_model(reader: Reader) -> DecisionModel:
    """The decision weights stored beside the neural reader's model (unfitted otherwise)."""
    model_dir = getattr(reader, "model_dir", None)
    if model_dir is None:
        return DecisionModel()
    from qa_bot.answering.neural_reader import read_model_info

    return decision_model(read_model_info(model_dir).decision)


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
        self.decision = _decision_model(reader)
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
            index.table.chunks,
            index.faiss,
            index.bm25,
            self.embedder,
            self.settings.retrieval,
            {article.id: article.title for article in index.table.articles.values()},
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

    @property
    def confident_threshold(self) -> float:
        """Answer score from which an answer is given without a caveat."""
        return confident_threshold(self.settings, self.reader_kind)

    def source(
        self, article_id: str, index: LoadedIndex | None = None, offset: int | None = None
    ) -> Source:
        """Metadata of an indexed article (with the PDF page holding ``offset``, if paged)."""
        meta = (index or self.index).table.articles[article_id]
        page = page_of(meta.pages, offset) if offset is not None else None
        return Source(meta.id, meta.title, meta.path, meta.url, meta.date, page)

    def article_text(self, article_id: str) -> str:
        """Full text of an indexed article."""
        return self.index.table.article_text(article_id)

    def retrieve(self, question: str, k: int | None = None) -> list[Hit]:
        """The top passages for a question."""
        return self.retriever.search(question, k or self.settings.retrieval.top_k)

    def consider(
        self,
        question: str,
        *,
        top_k: int | None = None,
        context: str | None = None,
        prefer_article: str | None = None,
        prefer_margin: float | None = None,
        as_asked: str | None = None,
    ) -> Considered:
        """Retrieve, read and score the best candidate, without deciding (see ``answer``)."""
        text, notes = clean_question(question, self.settings.limits.max_question_chars)
        original = self._as_asked(as_asked)
        if top_k is not None and top_k < 1:
            raise BadQuestionError("top_k must be at least 1")
        k = top_k or self.settings.retrieval.top_k
        index, retriever = self._loaded
        depth = max(k, self.settings.reader.max_passages)
        if prefer_article is None:
            hits = retriever.search(focused_query(text, context), depth)
        else:
            if prefer_margin is None:
                prefer_margin = self.settings.conversation.prefer_margin
            found = retriever.search(focused_query(text, context), max(depth, PREFER_DEPTH))
            hits = focus_on(found, prefer_article, prefer_margin)[:depth]
        count = passages_to_read(
            [hit.score for hit in hits],
            self.settings.reader,
            len(index.table.chunks),
        )
        read = hits[:count]
        articles = index.table.articles
        titles = {hit.chunk.article_id: articles[hit.chunk.article_id].title for hit in read}
        article_text = functools.cache(index.table.article_text)  # read once per question
        avoid = (*head_regions(text, read, article_text), *age_regions(text, read, article_text))
        shown = self._in_context(text, read, index)
        result = self.reader.read(text, shown, titles, original, avoid=avoid)
        spans = ordered(text, result.spans, article_text)
        spans = (whole_name(text, for_the_year(text, spans[0])), *spans[1:]) if spans else spans
        best = spans[0] if spans else None
        signals = None
        score = best.score if best else 0.0
        if best is not None and self.reader_kind == "neural":
            signals = self._signals(text, best, read, retriever)
            score = self.decision.score(signals)
        source = self.source(best.article_id, index, best.start) if best else None
        passages = tuple(hits[:k])
        in_passages = [hit.chunk.article_id for hit in passages]
        named = cell_in_articles(text, in_passages, article_text)
        cell = (named, self.source(named.article_id, index, named.start)) if named else None
        return Considered(text, notes, passages, tuple(read), spans, signals, score, source, cell)

    def _in_context(self, question: str, read: list[Hit], index: LoadedIndex) -> list[Hit]:
        """The passages as the neural reader reads them: widened within their paragraphs."""
        window = self.settings.reader.context_tokens
        if self.reader_kind != "neural" or not window:
            return read
        return widened_all(
            question, read, index.table.article_text, window, self.embedder.count_tokens
        )

    def _head_answer(
        self, question: str, prefer_article: str | None, began: float
    ) -> Answer | None:
        """Who wrote the article a question asks about, when, what about: its head (``head``)."""
        text, notes = clean_question(question, self.settings.limits.max_question_chars)
        found = head_answer(text, prefer_article, self._loaded, self.source, began)
        return dataclasses.replace(found, notes=notes) if found is not None else None

    def _declined_reason(self, question: str, prefer_article: str | None) -> str:
        """Why nothing is shown: the usual message, or "which article?" (``head``)."""
        return declined_reason(question, prefer_article, self.index)

    def _as_asked(self, as_asked: str | None) -> str | None:
        """A follow-up as the user asked it, cleaned like a question (None if nothing is left)."""
        if as_asked is None:
            return None
        try:
            return clean_question(as_asked, self.settings.limits.max_question_chars)[0]
        except BadQuestionError:
            return None

    @staticmethod
    def _signals(
        question: str, best: Span, read: list[Hit], retriever: retrieval.Retriever
    ) -> Signals:
        passage = next((hit.chunk.text for hit in read if hit.chunk.id == best.chunk_id), "")
        asked, found = bm25_tokens([question, passage])
        words = set(asked)
        return signals_for(best, read, words, set(found), retriever.library_words(words))

    def answer(
        self,
        question: str,
        *,
        top_k: int | None = None,
        context: str | None = None,
        prefer_article: str | None = None,
        prefer_margin: float | None = None,
        as_asked: str | None = None,
        focus_threshold: float | None = None,
    ) -> Answer:
        """Answer from the articles with a quoted span (hedged when unsure), or decline.

        ``context`` (a conversation's earlier words) is added to the retrieval query;
        ``prefer_article``'s passages come first when they score within ``prefer_margin``
        (default ``conversation.prefer_margin``) of the best (``qa_bot.answering.focus``);
        ``as_asked``: when ``question`` is a conversation's rewrite of a follow-up, the
        follow-up as asked, which the reader reads against a passage that does not name what
        the rewrite added (``qa_bot.answering.rewrite_reading``); ``focus_threshold``: the
        decline threshold instead of the reader's when the answer comes from
        ``prefer_article`` (a conversation's follow-up that refers back to it).
        """
        began = time.perf_counter()
        written = self._head_answer(question, prefer_article, began)
        if written is not None:
            return written
        considered = self.consider(
            question,
            top_k=top_k,
            context=context,
            prefer_article=prefer_article,
            prefer_margin=prefer_margin,
            as_asked=as_asked,
        )
        if considered.cell is not None:  # a table's cell, named by row and column
            cell, source = considered.cell
            return Answer(
                question=considered.question,
                text=cell.text,
                score=max(considered.score, self.confident_threshold),
                sentence=cell.sentence,
                source=source,
                start=cell.start,
                end=cell.end,
                passages=considered.passages,
                alternatives=considered.spans,
                latency_ms=(time.perf_counter() - began) * 1000,
                notes=considered.notes,
            )
        spans = considered.spans
        threshold = self.threshold
        if focus_threshold is not None and spans and spans[0].article_id == prefer_article:
            threshold = min(threshold, focus_threshold)
        outcome = verdict(considered.score, threshold, self.confident_threshold)
        if not spans or outcome is Verdict.DECLINED:
            return Answer(
                question=considered.question,
                text=None,
                score=considered.score,
                sentence=None,
                source=None,
                start=None,
                end=None,
                passages=considered.passages,
                alternatives=spans,
                declined_reason=self._declined_reason(considered.question, prefer_article),
                latency_ms=(time.perf_counter() - began) * 1000,
                notes=considered.notes,
                confident=False,
            )
        best = spans[0]
        return Answer(
            question=considered.question,
            text=best.text,
            score=considered.score,
            sentence=best.sentence,
            source=considered.source,
            start=best.start,
            end=best.end,
            passages=considered.passages,
            alternatives=spans[1:],
            latency_ms=(time.perf_counter() - began) * 1000,
            notes=considered.notes,
            confident=outcome is Verdict.CONFIDENT,
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
