"""FAISS index by corpus size: exact (flat) for small corpora, compressed IVF-SQ8 or HNSW above."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any

import numpy as np

from qa_bot.config import IndexSettings

logger = logging.getLogger(__name__)

TRAIN_SAMPLE = 100_000


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
    info: dict[str, Any] = {"kind": kind, "dimension": int(dimension), "vectors": int(count)}
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
        rng = np.random.default_rng(0)
        sample = vectors[rng.choice(count, size=min(count, TRAIN_SAMPLE), replace=False)]
        index.train(sample)
        info.update(nlist=nlist)
    if count:
        index.add(vectors)
    return index, info


def write(path: Path, vectors: np.ndarray, settings: IndexSettings) -> dict[str, Any]:
    """Build the index and write it to ``path``; return its parameters for the manifest."""
    import faiss

    index, info = build(vectors, settings)
    faiss.write_index(index, str(path))
    return info


def load(path: Path, settings: IndexSettings) -> Any:
    """Read an index written by ``write`` and apply the search-time parameters."""
    import faiss

    index = faiss.read_index(str(path))
    if hasattr(index, "nprobe"):
        index.nprobe = settings.nprobe
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = settings.ef_search
    return index
