"""Index type by corpus size, exact re-ranking of compressed short lists, and the manifest."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from qa_bot.config import IndexSettings, Settings
from qa_bot.index import faiss_index
from qa_bot.index.build import build_index
from qa_bot.index.loading import load_index
from qa_bot.index.store import MANIFEST, current_generation
from qa_bot.types import Article


def clustered(count: int, dimension: int, clusters: int, seed: int) -> np.ndarray:
    """Unit vectors scattered around random unit centres (a stand-in for text embeddings)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dimension)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    points = centres[rng.integers(clusters, size=count)]
    points = points + 0.6 / np.sqrt(dimension) * rng.standard_normal((count, dimension))
    points = points.astype(np.float32)
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def recall_at(found: np.ndarray, truth: np.ndarray) -> float:
    return float(
        np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth, strict=True)])
    )


@pytest.mark.parametrize(
    ("kind", "count", "expected"),
    [
        ("auto", 999, "flat"),
        ("auto", 1000, "ivf_sq8"),
        ("hnsw", 10, "hnsw"),
        ("flat", 10**7, "flat"),
    ],
)
def test_kind_follows_corpus_size(kind: str, count: int, expected: str) -> None:
    assert faiss_index.choose_kind(count, IndexSettings(kind=kind, compress_above=1000)) == expected


def _write_and_load(tmp_path: Path, vectors: np.ndarray, settings: IndexSettings):
    np.save(tmp_path / faiss_index.VECTORS_FILE, vectors)
    info = faiss_index.write(tmp_path / "faiss.index", vectors, settings)
    return info, faiss_index.load(tmp_path / "faiss.index", settings)


def test_ivf_with_rerank_matches_flat_on_clustered_data(tmp_path: Path) -> None:
    data = clustered(20_200, 64, 200, seed=0)
    data, queries = data[:20_000], data[20_000:]  # held-out points of the same clusters
    _, truth = faiss_index.build(data, IndexSettings(kind="flat"))[0].search(queries, 10)
    settings = IndexSettings(kind="auto", compress_above=10_000, nprobe=16, rerank=4)
    info, index = _write_and_load(tmp_path, data, settings)
    assert info["kind"] == "ivf_sq8" and info["nlist"] == min(
        int(4 * np.sqrt(20_000)), 20_000 // 39
    )
    assert isinstance(index, faiss_index.RerankedIndex) and index.index.nprobe == 16
    scores, ids = index.search(queries, 10)
    assert recall_at(ids, truth) >= 0.95
    # Re-ranked scores are the exact inner products, best first.
    np.testing.assert_allclose(scores[:, 0], (data[ids[:, 0]] * queries).sum(1), rtol=1e-5)
    assert np.all(np.diff(scores, axis=1) <= 1e-6)
    plain = faiss_index.load(tmp_path / "faiss.index", dataclasses.replace(settings, rerank=1))
    assert not isinstance(plain, faiss_index.RerankedIndex)
    assert recall_at(ids, truth) >= recall_at(plain.search(queries, 10)[1], truth)


def test_search_parameters_come_from_settings(tmp_path: Path) -> None:
    data = clustered(3_000, 32, 30, seed=1)
    settings = IndexSettings(kind="hnsw", ef_search=99)
    info, index = _write_and_load(tmp_path, data, settings)
    assert info == {
        "kind": "hnsw",
        "dimension": 32,
        "vectors": 3000,
        "metric": "inner_product",
        "M": 32,
        "ef_construction": 80,
    }
    assert index.index.hnsw.efSearch == 99
    flat_info, flat = _write_and_load(tmp_path, data, IndexSettings(kind="flat"))
    assert flat_info["kind"] == "flat" and not isinstance(flat, faiss_index.RerankedIndex)


def test_short_lists_and_tiny_corpora(tmp_path: Path) -> None:
    data = clustered(50, 16, 5, seed=2)
    settings = IndexSettings(kind="ivf_sq8", rerank=4)
    info, index = _write_and_load(tmp_path, data, settings)
    assert info["nlist"] == 1
    scores, ids = index.search(data[:3], 80)  # deeper than the corpus: padded with -1
    assert (ids[:, :50] >= 0).all() and (ids[:, 50:] == -1).all()
    assert ids[0, 0] == 0 and scores[0, 0] == pytest.approx(1.0, abs=1e-5)


def test_manifest_records_index_type_and_pipeline_reranks(
    tmp_path: Path, settings: Settings, fake_embedder
) -> None:
    words = [
        "tower",
        "river",
        "bridge",
        "castle",
        "museum",
        "garden",
        "palace",
        "market",
        "station",
        "harbour",
    ]
    articles = [
        Article(
            f"a{i}", f"Article {i}", f"The {w} number {i}. It is old. " * 3, f"{i}.txt", f"h{i}"
        )
        for i, w in enumerate(words * 6)
    ]
    settings = settings.replace("index", kind="ivf_sq8", nprobe=3, rerank=2)
    build_index(articles, tmp_path, settings, fake_embedder)
    manifest = json.loads((current_generation(tmp_path) / MANIFEST).read_text())
    assert manifest["index"]["kind"] == "ivf_sq8"
    assert {"nlist", "quantizer", "metric", "train_vectors"} <= set(manifest["index"])
    assert "vectors.npy" in manifest["files"]
    loaded = load_index(tmp_path, settings, fake_embedder.dimension)
    assert isinstance(loaded.faiss, faiss_index.RerankedIndex)
    assert loaded.faiss.index.nprobe == 3 and loaded.faiss.factor == 2
    loaded.table.close()
