"""FAISS index by corpus size: exact (flat) for small corpora, compressed IVF-SQ8 or HNSW above.

Compressed indexes return a short list of ``k * rerank`` candidates that is re-scored exactly
against the float vectors stored beside the index (``vectors.npy``, memory-mapped: only the rows
of the candidates are read), so the final scores are true inner products.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import numpy as np

from qa_bot.config import IndexSettings
from qa_bot.index import npy

logger = logging.getLogger(__name__)

TRAIN_SAMPLE = 100_000
TRAIN_PER_LIST = 40  # faiss warns below 39 training points per inverted list
VECTORS_FILE = "vectors.npy"  # the float vectors of a generation (see store.VECTORS_FILE)


def version() -> str:
    """Return the installed faiss version."""
    import faiss

    return str(faiss.__version__)


def choose_kind(count: int, settings: IndexSettings) -> str:
    """Pick the index type for a corpus of ``count`` chunks."""
    if settings.kind != "auto":
        return settings.kind
    return "flat" if count < settings.compress_above else "ivf_sq8"


def build(vectors: np.ndarray, settings: IndexSettings) -> tuple[Any, dict[str, Any]]:
    """Build a FAISS inner-product index over unit vectors; return it and its parameters."""
    import faiss

    count, dimension = vectors.shape
    kind = choose_kind(count, settings)
    index: Any
    info: dict[str, Any] = {
        "kind": kind,
        "dimension": int(dimension),
        "vectors": int(count),
        "metric": "inner_product",
    }
    if kind == "flat" or count == 0:
        index = faiss.IndexFlatIP(dimension)
        info["kind"] = "flat"
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        info.update(M=32, ef_construction=80)
    else:
        nlist = max(1, min(int(4 * math.sqrt(count)), count // 39))
        quantizer = faiss.IndexFlatIP(dimension)
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, dimension, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        size = min(count, max(TRAIN_SAMPLE, TRAIN_PER_LIST * nlist))
        rng = np.random.default_rng(0)
        sample = vectors[np.sort(rng.choice(count, size=size, replace=False))]
        index.train(np.ascontiguousarray(sample, dtype=np.float32))
        info.update(nlist=nlist, quantizer="SQ8", train_vectors=int(size))
    if count:
        index.add(vectors)
    return index, info


def write(path: Path, vectors: np.ndarray, settings: IndexSettings) -> dict[str, Any]:
    """Build the index and write it to ``path``; return its parameters for the manifest."""
    import faiss

    index, info = build(vectors, settings)
    faiss.write_index(index, str(path))
    return info


class RerankedIndex:
    """A compressed index whose short list is re-scored exactly with the float vectors."""

    def __init__(self, index: Any, vectors: np.ndarray, factor: int) -> None:
        self.index = index
        self.vectors = vectors
        self.factor = factor

    @property
    def ntotal(self) -> int:
        """Number of indexed vectors."""
        return int(self.index.ntotal)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Like faiss ``search``: (scores, ids) of shape (len(queries), k), best first."""
        depth = min(max(k, k * self.factor), self.ntotal)
        _, candidates = self.index.search(queries, depth)
        scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        ids = np.full((len(queries), k), -1, dtype=np.int64)
        for row, query in enumerate(queries):
            found = np.sort(candidates[row][candidates[row] >= 0])  # sorted: sequential reads
            exact = np.asarray(self.vectors[found], dtype=np.float32) @ query
            best = np.argsort(-exact, kind="stable")[:k]
            scores[row, : len(best)] = exact[best]
            ids[row, : len(best)] = found[best]
        return scores, ids


def load(path: Path, settings: IndexSettings, vectors_file: Path | None = None) -> Any:
    """Read an index written by ``write`` and apply the search-time parameters.

    Args:
        path: the FAISS file.
        settings: nprobe, ef_search and rerank come from here.
        vectors_file: float vectors for exact re-ranking (default: ``vectors.npy`` beside
            ``path``); compressed indexes are returned unwrapped when it does not exist.
    """
    import faiss

    index = faiss.read_index(str(path))
    if hasattr(index, "nprobe"):
        index.nprobe = settings.nprobe
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = settings.ef_search
    vectors_file = vectors_file or path.with_name(VECTORS_FILE)
    exact = isinstance(index, faiss.IndexFlat)
    if exact or settings.rerank <= 1 or not vectors_file.is_file():
        return index
    vectors = npy.load(vectors_file, mmap=True)
    if vectors.shape != (index.ntotal, index.d):
        raise ValueError(f"{vectors_file} has shape {vectors.shape}, the index {index.ntotal}")
    return RerankedIndex(index, vectors, settings.rerank)
