"""Embedder protocol and the sentence-transformers implementation (model from a PyPI package)."""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from qa_bot.config import EmbeddingSettings, Settings
from qa_bot.errors import ModelLoadError

logger = logging.getLogger(__name__)

SMALL_BATCH = 8


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    name: str
    dimension: int

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> np.ndarray:
        """Return an array of shape (len(texts), dimension), rows of unit length."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Return the number of word pieces of each text (no special tokens)."""
        ...


def offline_environment() -> None:
    """Make sure no library tries to reach a model hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers is a dependency
        pass


def model_path(package: str) -> Path:
    """Locate the model folder carried by an installed PyPI package."""
    try:
        module: Any = importlib.import_module(package.replace("-", "_"))
    except ImportError as exc:
        raise ModelLoadError(
            f"embedding model package {package!r} is not installed: pip install {package}"
        ) from exc
    return Path(str(module.get_model_path()))


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers on the CPU."""

    def __init__(self, settings: EmbeddingSettings) -> None:
        offline_environment()
        from sentence_transformers import SentenceTransformer

        path = model_path(settings.model)
        try:
            self._model = SentenceTransformer(str(path), device="cpu")
        except Exception as exc:  # sentence-transformers raises many kinds
            raise ModelLoadError(f"cannot load embedding model from {path}: {exc}") from exc
        self.name = settings.model
        self.dimension = int(self._model.get_embedding_dimension() or 0)
        self.max_tokens = int(self._model.max_seq_length or 0)
        self._tokenizer = self._model.tokenizer
        self.backend = {"backend": "torch"}

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> np.ndarray:
        """Embed texts; rows are unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        import torch

        # A question (a handful of short texts) runs on one thread: with two, torch's thread
        # barrier made one query cost ~370 ms instead of ~10 ms whenever another process held a
        # core (measured 2026-11-26). Big batches (indexing) keep every core.
        threads = torch.get_num_threads()
        if len(texts) <= SMALL_BATCH:
            torch.set_num_threads(1)
        try:
            vectors = self._model.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        finally:
            torch.set_num_threads(threads)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word pieces per text, without [CLS]/[SEP]."""
        if not texts:
            return []
        encoded = self._tokenizer(list(texts), add_special_tokens=False, verbose=False)["input_ids"]
        return [len(ids) for ids in encoded]


def load_embedder(settings: Settings) -> Embedder:
    """Load the configured embedding model (once per call; callers keep it)."""
    if settings.embedding.backend == "onnx":
        from qa_bot.embedding.onnx_encoder import OnnxEmbedder

        return OnnxEmbedder(settings.embedding)
    return SentenceTransformerEmbedder(settings.embedding)
