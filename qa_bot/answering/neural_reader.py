"""Our trained extractive span reader (ONNX Runtime, int8), shipped in qa_bot/models/reader/."""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from qa_bot.answering.pronoun_passage import original_offsets, who_question, with_names
from qa_bot.answering.question_forms import reading_form
from qa_bot.answering.rewrite_reading import added_names, question_for
from qa_bot.answering.span_decoding import top_spans
from qa_bot.answering.span_text import (
    after_break,
    covering_sentence,
    cut_at_sentence,
    in_chunk,
    whole_words,
)
from qa_bot.answering.subject_reading import pronoun_question
from qa_bot.config import ReaderSettings
from qa_bot.errors import ModelLoadError
from qa_bot.types import Hit, ReaderResult, Region, Span

logger = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "reader"
MAX_SPANS = 5
# A follow-up read as asked must find what its rewrite finds: this share of their words shared.
SAME_ANSWER = 0.5
# ...and it is read as asked only where the rewrite's best margin is at least this: a passage
# that does not come near an answer is not read twice (each reading costs ~20 ms).
NEAR_ANSWER_MARGIN = -4.0
# Longer questions are cut to this many word pieces, so every window keeps room for the passage
# (a question filling the window would leave less context than the stride: a tokenizer panic).
MAX_QUESTION_TOKENS = 64


@dataclass(frozen=True)
class ReaderModelInfo:
    """What ``reader.json`` says about the shipped model."""

    model_file: str = "model.onnx"
    max_length: int = 256
    stride: int = 64
    threshold: float | None = None
    margin_scale: float = 1.0  # confidence = sigmoid((span logit - null logit) / margin_scale)
    # The answer-or-decline combination fitted by calibrate_decision (answering/decision.py).
    decision: dict[str, Any] | None = None


@dataclass(frozen=True)
class _Candidate:
    hit_index: int
    start: int  # character offsets in the chunk text
    end: int
    margin: float  # (span logit - null logit) / margin_scale

    @property
    def confidence(self) -> float:
        return _sigmoid(self.margin)


@dataclass(frozen=True)
class _Loaded:
    session: Any
    tokenizer: Any
    info: ReaderModelInfo


def read_model_info(model_dir: Path) -> ReaderModelInfo:
    """Read ``reader.json`` (defaults when it is absent)."""
    path = model_dir / "reader.json"
    if not path.exists():
        return ReaderModelInfo()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = ReaderModelInfo.__dataclass_fields__
        info = ReaderModelInfo(**{key: value for key, value in raw.items() if key in known})
        scale = float(info.margin_scale)
    except (OSError, ValueError, TypeError) as error:
        raise ModelLoadError(
            f"{path} is unreadable ({error}); reinstall qa-bot or re-export the reader"
        ) from error
    if not scale > 0:
        raise ModelLoadError(f"{path}: margin_scale must be positive, got {info.margin_scale}")
    return info


def _clip_question(tokenizer: Any, question: str) -> str:
    """The question cut to MAX_QUESTION_TOKENS word pieces (at a token boundary)."""
    encoded = tokenizer(question, add_special_tokens=False, return_offsets_mapping=True)
    offsets = encoded["offset_mapping"]
    if len(offsets) <= MAX_QUESTION_TOKENS:
        return question
    return question[: offsets[MAX_QUESTION_TOKENS - 1][1]]


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -60 else 0.0


class NeuralReader:
    """Reads a few passages (each in its own batch) and proposes answer spans, best first."""

    def __init__(
        self, settings: ReaderSettings, model_dir: Path | None = None, threads: int | None = None
    ) -> None:
        self.settings = settings
        self.model_dir = model_dir if model_dir is not None else DEFAULT_MODEL_DIR
        self.threads = threads if threads is not None else min(2, os.cpu_count() or 1)
        self._loaded: _Loaded | None = None
        self._lock = threading.Lock()

    def _load(self) -> _Loaded:
        """Load the ONNX model and tokenizer once (thread-safe)."""
        with self._lock:
            if self._loaded is None:
                self._loaded = _load_model(self.model_dir, self.threads)
            return self._loaded

    def read(
        self,
        question: str,
        hits: Sequence[Hit],
        titles: Mapping[str, str] | None = None,
        as_asked: str | None = None,
        avoid: Sequence[Region] = (),
    ) -> ReaderResult:
        """Return up to five spans (deduplicated by text, best first) and a no-answer score.

        ``titles`` (article id -> title): a trailing phrase of the question that only names a
        passage's article is left out when reading that passage (``title_phrase``), and an
        acronym the passage spells out is read as its words (``acronyms``).
        ``as_asked``: a follow-up as asked, when ``question`` is its rewrite; a passage that
        does not name all the words the rewrite added is read with both, and the reading as
        asked is kept when its best span is mostly the rewrite's (``rewrite_reading``).
        """
        if not hits or not question.strip():
            return ReaderResult(spans=(), no_answer_score=1.0)
        loaded = self._load()
        blocked = [in_chunk(avoid, hit.chunk) for hit in hits]
        candidates = self._candidates(loaded, question, hits, titles or {}, as_asked, blocked)
        candidates = _outside(candidates, hits, avoid) if avoid else candidates
        if not candidates:
            return ReaderResult(spans=(), no_answer_score=1.0)
        best_confidence = max(candidate.confidence for candidate in candidates)
        spans = self._to_spans(candidates, hits)
        return ReaderResult(spans=tuple(spans), no_answer_score=1.0 - best_confidence)

    def _candidates(
        self,
        loaded: _Loaded,
        question: str,
        hits: Sequence[Hit],
        titles: Mapping[str, str],
        as_asked: str | None = None,
        blocked: Sequence[Sequence[tuple[int, int]]] = (),
    ) -> list[_Candidate]:
        """Score candidate spans of every window of every passage, one passage at a time.

        ``blocked``: per passage, stretches of it (regions to avoid) that no span may overlap.

        Each passage is its own batch: the int8 model quantizes its activations with one scale
        per batch, so reading passages together made a passage's logits (and, on near ties, its
        answer) depend on which other passages were read beside it.
        """
        question = _clip_question(loaded.tokenizer, question.strip())
        original = _clip_question(loaded.tokenizer, as_asked.strip()) if as_asked else None
        added = added_names(question, original) if original else frozenset()
        candidates: list[_Candidate] = []
        surnames = self.settings.surname_reading
        for hit_index, hit in enumerate(hits):
            text = hit.chunk.text
            title = titles.get(hit.chunk.article_id)
            asked = reading_form(question, title, text, surnames=surnames)
            fenced = blocked[hit_index] if blocked else ()
            read = self._passage_candidates(loaded, asked, hit_index, text, fenced)
            other = self._other_question(question, original, added, title, text)
            if other is not None and _near_answer(read):
                other_asked = reading_form(other, title, text, surnames=surnames)
                other_read = self._passage_candidates(loaded, other_asked, hit_index, text, fenced)
                if _same_answer(_best_text(other_read, text), _best_text(read, text)):
                    read = other_read
            if who_question(asked):
                read += self._named_candidates(loaded, asked, hit_index, text)
            candidates.extend(read)
        return candidates

    def _named_candidates(
        self, loaded: _Loaded, question: str, hit_index: int, text: str
    ) -> list[_Candidate]:
        """Spans of the passage read with "she"/"he" as the name (``pronoun_passage``).

        Placed in the passage as written: a span in a replaced name is that name where the
        passage gives it; a span across one is dropped.
        """
        substituted = with_names(text)
        if substituted is None:
            return []
        found: list[_Candidate] = []
        for candidate in self._passage_candidates(loaded, question, hit_index, substituted.text):
            where = original_offsets(substituted, candidate.start, candidate.end)
            if where is not None:
                found.append(dataclasses.replace(candidate, start=where[0], end=where[1]))
        return found

    def _other_question(
        self,
        question: str,
        original: str | None,
        added: frozenset[str],
        title: str | None,
        passage: str,
    ) -> str | None:
        """A second form of the question for a passage that lacks a name it asks about.

        A follow-up as asked, when the passage lacks whom its rewrite added
        (``rewrite_reading``); else the headline's name as a pronoun (``subject_reading``).
        """
        if original is not None and question_for(question, original, added, passage) != question:
            return original
        if not self.settings.subject_as_pronoun:
            return None
        return pronoun_question(question, title, passage)

    def _passage_candidates(
        self,
        loaded: _Loaded,
        question: str,
        hit_index: int,
        text: str,
        blocked: Sequence[tuple[int, int]] = (),
    ) -> list[_Candidate]:
        """Candidate spans of one passage's windows, margins against its lowest null logit.

        A window's best spans that overlap ``blocked`` are passed over, not counted.
        """
        info = loaded.info
        encoded = loaded.tokenizer(
            [question],
            [text],
            truncation="only_second",
            max_length=info.max_length,
            stride=info.stride,
            return_overflowing_tokens=True,
            return_offsets_mapping=True,
            padding=True,
            return_tensors="np",
        )
        feeds = {
            "input_ids": encoded["input_ids"].astype(np.int64),
            "attention_mask": encoded["attention_mask"].astype(np.int64),
            "token_type_ids": encoded["token_type_ids"].astype(np.int64),
        }
        start_logits, end_logits = loaded.session.run(["start_logits", "end_logits"], feeds)
        null = float((start_logits[:, 0] + end_logits[:, 0]).min())
        candidates: list[_Candidate] = []
        for window in range(start_logits.shape[0]):
            mask = np.array([sid == 1 for sid in encoded.sequence_ids(window)])
            offsets = encoded["offset_mapping"][window]
            spans = top_spans(
                start_logits[window], end_logits[window], mask, self.settings.max_answer_tokens
            )
            kept = 0
            for span in spans:
                if kept == 2 * MAX_SPANS:
                    break
                start, end = int(offsets[span.start][0]), int(offsets[span.end][1])
                start, end = whole_words(text, start, end)
                if any(a < end and start < b for a, b in blocked):
                    continue
                kept += 1
                margin = (span.logit - null) / info.margin_scale
                start = after_break(text, start, end)
                candidates.append(_Candidate(hit_index, start, end, float(margin)))
        return candidates

    def _to_spans(self, candidates: list[_Candidate], hits: Sequence[Hit]) -> list[Span]:
        """Combine with retrieval scores, sort, deduplicate by text and attach sentences."""
        weight = self.settings.retrieval_weight
        scored = sorted(
            candidates,
            key=lambda c: (1 - weight) * c.confidence + weight * hits[c.hit_index].score,
            reverse=True,
        )
        spans: list[Span] = []
        seen: set[str] = set()
        sentences: dict[int, list[tuple[int, int]]] = {}
        for candidate in scored:
            chunk = hits[candidate.hit_index].chunk
            if candidate.hit_index not in sentences:
                sentences[candidate.hit_index] = _sentence_spans(chunk.text)
            end = cut_at_sentence(
                candidate.start, candidate.end, sentences[candidate.hit_index], chunk.text
            )
            candidate = dataclasses.replace(candidate, end=end)
            text = chunk.text[candidate.start : candidate.end]
            key = " ".join(text.lower().split())
            if not key or key in seen:
                continue
            seen.add(key)
            s_start, s_end = covering_sentence(
                sentences[candidate.hit_index], candidate.start, candidate.end
            )
            score = (1 - weight) * candidate.confidence + weight * hits[candidate.hit_index].score
            spans.append(
                Span(
                    text=text,
                    score=float(min(1.0, max(0.0, score))),
                    article_id=chunk.article_id,
                    start=chunk.start + candidate.start,
                    end=chunk.start + candidate.end,
                    sentence=chunk.text[s_start:s_end],
                    sentence_start=chunk.start + s_start,
                    sentence_end=chunk.start + s_end,
                    chunk_id=chunk.id,
                    margin=candidate.margin,
                )
            )
            if len(spans) == MAX_SPANS:
                break
        return spans


def _outside(
    candidates: list[_Candidate], hits: Sequence[Hit], avoid: Sequence[Region]
) -> list[_Candidate]:
    """The candidates that overlap none of the regions to avoid."""
    kept = []
    for candidate in candidates:
        chunk = hits[candidate.hit_index].chunk
        start, end = chunk.start + candidate.start, chunk.start + candidate.end
        if not any(region.overlaps(chunk.article_id, start, end) for region in avoid):
            kept.append(candidate)
    return kept


def _best_text(candidates: Sequence[_Candidate], text: str) -> str | None:
    """The text of the candidate with the highest margin (normalised), None if there is none."""
    if not candidates:
        return None
    best = max(candidates, key=lambda c: c.margin)
    return " ".join(text[best.start : best.end].lower().split())


def _near_answer(candidates: Sequence[_Candidate]) -> bool:
    """True when a passage's best span comes near an answer (margin >= NEAR_ANSWER_MARGIN)."""
    return any(c.margin >= NEAR_ANSWER_MARGIN for c in candidates)


def _same_answer(one: str | None, other: str | None) -> bool:
    """True when two best spans are mostly the same words ("son Rebel", "20-year-old son Rebel")."""
    if not one or not other:
        return False
    a, b = set(one.split()), set(other.split())
    return len(a & b) >= SAME_ANSWER * len(a | b)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    from qa_bot.ingest.chunking import split_sentences

    return split_sentences(text)


def _load_model(model_dir: Path, threads: int) -> _Loaded:
    """Open the ONNX session and the tokenizer; ModelLoadError if anything is missing."""
    info = read_model_info(model_dir)
    model_path = model_dir / info.model_file
    if not model_path.exists() or not (model_dir / "tokenizer.json").exists():
        raise ModelLoadError(
            f"the neural reader model is missing from {model_dir} (expected {info.model_file} "
            "and tokenizer.json); reinstall qa-bot or use the sentence reader (--reader sentence)"
        )
    try:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Spinning worker threads burn CPU that other requests (and processes) need.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    except Exception as exc:  # onnxruntime raises its own, untyped errors
        raise ModelLoadError(f"could not load the neural reader from {model_dir}: {exc}") from exc
    logger.info("loaded neural reader %s (%d threads)", model_path, threads)
    return _Loaded(session, tokenizer, info)
