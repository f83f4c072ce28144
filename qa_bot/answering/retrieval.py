"""Dense (FAISS) and BM25 retrieval, fused by weighted scores or reciprocal rank."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from qa_bot.answering.acronyms import expanded_query
from qa_bot.answering.decision import word_share
from qa_bot.config import RetrievalSettings
from qa_bot.embedding.embedder import Embedder
from qa_bot.index.bm25 import bm25_tokens
from qa_bot.types import Chunk, Hit

logger = logging.getLogger(__name__)

MODES = ("fused", "dense", "bm25")


def _minmax(scores: dict[int, float]) -> dict[int, float]:
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high - low < 1e-9:
        return {key: 1.0 for key in scores}
    return {key: (value - low) / (high - low) for key, value in scores.items()}


def _title_rows(chunks: Sequence[Chunk], titles: Mapping[str, str]) -> dict[str, list[np.ndarray]]:
    """Title word (BM25 stem) -> for each article whose title has it, its passages' positions."""
    rows: dict[str, list[int]] = {}
    for position, chunk in enumerate(chunks):
        rows.setdefault(chunk.article_id, []).append(position)
    ids = [article for article in titles if article in rows]
    stems = bm25_tokens([titles[article] for article in ids]) if ids else []
    titled: dict[str, list[np.ndarray]] = {}
    for article, words in zip(ids, stems, strict=True):
        for word in set(words):
            titled.setdefault(word, []).append(np.asarray(rows[article]))
    return titled


def fuse(
    dense: dict[int, float], sparse: dict[int, float], settings: RetrievalSettings
) -> dict[int, float]:
    """Combine two score maps (chunk id -> score) into one, higher is better."""
    if settings.fusion == "rrf":
        fused: dict[int, float] = {}
        for scores in (dense, sparse):
            ranked = sorted(scores, key=lambda key: -scores[key])
            for rank, key in enumerate(ranked):
                fused[key] = fused.get(key, 0.0) + 1.0 / (settings.rrf_k + rank + 1)
        return fused
    weight = settings.dense_weight
    dense_n, sparse_n = _minmax(dense), _minmax(sparse)
    keys = set(dense_n) | set(sparse_n)
    return {k: weight * dense_n.get(k, 0.0) + (1 - weight) * sparse_n.get(k, 0.0) for k in keys}


class Retriever:
    """Searches one loaded index generation."""

    def __init__(
        self,
        chunks: Sequence[Chunk],
        faiss_index: Any,
        bm25: Any,
        embedder: Embedder,
        settings: RetrievalSettings,
        titles: Mapping[str, str] | None = None,
    ) -> None:
        """Search ``chunks``; ``titles`` (article id -> title) enables ``settings.title_credit``."""
        self.chunks = chunks
        self._faiss = faiss_index
        self._bm25 = bm25
        self._vocab: dict[str, int] = dict(getattr(bm25, "vocab_dict", {}) or {})
        self.embedder = embedder
        self.settings = settings
        self._titled = _title_rows(chunks, titles or {})

    def embed(self, question: str) -> np.ndarray:
        """The question's vector (shape 1 x dimension), reusable across ``search`` calls."""
        return self.embedder.encode([question])

    def dense_scores(
        self, question: str, depth: int, query_vector: np.ndarray | None = None
    ) -> dict[int, float]:
        """Inner product of the question with the nearest chunk vectors.

        Args:
            question: the question text, embedded unless ``query_vector`` is given.
            depth: how many nearest chunks to score.
            query_vector: the question's vector from ``embed``, to skip encoding it again.
        """
        if not self.chunks:
            return {}
        vector = self.embed(question) if query_vector is None else query_vector
        scores, ids = self._faiss.search(vector, min(depth, len(self.chunks)))
        return {int(i): float(s) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0}

    def library_words(self, asked: set[str]) -> float:
        """Share of the question's content words (BM25 stems) found anywhere in the library."""
        return word_share(asked, self._vocab)

    def bm25_scores(self, question: str, depth: int) -> dict[int, float]:
        """BM25 scores of the best-matching chunks (empty when no question word is indexed)."""
        tokens = [t for t in bm25_tokens([question])[0] if t in self._vocab]
        if not tokens or not self.chunks:
            return {}
        ids, scores = self._bm25.retrieve(
            [tokens], k=min(depth, len(self.chunks)), show_progress=False, n_threads=1
        )
        if self.settings.title_credit and self._titled.keys() & set(tokens):
            return self._bm25_title_credit(tokens, depth)
        return {int(i): float(s) for i, s in zip(ids[0], scores[0], strict=True) if s > 0}

    def _spelled_out(self, question: str, dense: dict[int, float]) -> str:
        """The question plus the words of an acronym it uses that no passage does."""
        texts = (self.chunks[i].text for i in sorted(dense, key=lambda i: -dense[i]))
        return expanded_query(question, texts, self._known)

    def _known(self, word: str) -> bool:
        return all(token in self._vocab for token in bm25_tokens([word])[0])

    def _bm25_title_credit(self, tokens: list[str], depth: int) -> dict[int, float]:
        """BM25 where a question word in an article's title counts the same for all its passages.

        A title word names the article, so the passage that happens to repeat it (often the
        opening one) must not outrank the passage that answers: each passage of the article gets
        the word's best score among the article's passages, which keeps the article ahead of
        others and leaves the ranking inside it to the other words.
        """
        total = np.zeros(len(self.chunks), dtype=np.float64)
        for token, count in Counter(tokens).items():
            scores = np.asarray(self._bm25.get_scores([token]), dtype=np.float64)
            for rows in self._titled.get(token, ()):
                scores[rows] = scores[rows].max()
            total += count * scores
        top = np.argsort(-total, kind="stable")[:depth]
        return {int(i): float(total[i]) for i in top if total[i] > 0}

    def search(
        self,
        question: str,
        k: int,
        mode: str = "fused",
        *,
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        """Return the top ``k`` chunks for the question, best first.

        ``query_vector`` (from ``embed``) spares encoding the question again when it is searched
        in several modes.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        depth = max(k, self.settings.candidates)
        dense = self.dense_scores(question, depth, query_vector) if mode != "bm25" else {}
        spelled = self._spelled_out(question, dense) if mode == "fused" else question
        if spelled != question:  # "AWS" the library never uses: search its words too
            question = spelled
            dense = self.dense_scores(question, depth)
        sparse = self.bm25_scores(question, depth) if mode != "dense" else {}
        if mode == "dense":
            fused = dense
        elif mode == "bm25":
            fused = sparse
        else:
            fused = fuse(dense, sparse, self.settings)
        ranked = sorted(fused, key=lambda key: (-fused[key], key))[:k]
        return [Hit(self.chunks[i], float(fused[i]), dense.get(i), sparse.get(i)) for i in ranked]
