"""Export all-MiniLM-L6-v2 to ONNX from the shipped weights: fused, unmasked, optionally int8.

The graph is BERT + mean pooling + L2 normalisation, traced with torch and fused by onnxruntime's
BERT optimizer into MultiHeadAttention nodes whose padding mask is then dropped, so that
onnxruntime takes its flash-attention kernel; callers must therefore never pad (see
``qa_bot.embedding.onnx_encoder``). ``int8`` quantizes the matrix products dynamically, per channel,
except the feed-forward output projections of ``FP32_FFN_LAYERS``. Exports are cached in
``$XDG_CACHE_HOME/qa_bot/onnx/<key>/`` under a file lock, built in a temporary folder and renamed
into place; the key hashes the source weights, the recipe and the library versions.
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
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qa_bot.errors import ModelLoadError
from qa_bot.hashing import sha256_file

logger = logging.getLogger(__name__)

RECIPE_VERSION = 2
MODEL_FILE = "model.onnx"
INFO_FILE = "export.json"
SOURCE_FILES = ("model.safetensors", "config.json", "tokenizer.json", "sentence_bert_config.json")
# int8 keeps the feed-forward output projections of these layers in fp32: quantizing all of them
# put 10 of 800 SQuAD dev texts (400 chunks, 400 questions) below cosine 0.99 to torch (min
# 0.985); keeping layers 0-2 lifts the minimum to 0.993, as high as keeping all six, for 13.9
# instead of 16.3 CPU ms per chunk (10.7 all-int8; benchmarks/embedding_int8_layers.py).
FP32_FFN_LAYERS = (0, 1, 2)


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
    # quantize_dynamic logs a generic "consider pre-processing" hint on the root logger.
    hint = _DropMessage("pre-processing before quantization")
    logging.getLogger().addFilter(hint)
    try:
        quantize_dynamic(
            str(fused),
            str(out / MODEL_FILE),
            per_channel=True,
            weight_type=QuantType.QInt8,
            nodes_to_exclude=keep,
            extra_options={"DefaultTensorType": 1},  # TensorProto.FLOAT, for the fused ops
        )
    finally:
        logging.getLogger().removeFilter(hint)
    fused.unlink()


class _DropMessage(logging.Filter):
    """Drops log records whose message contains a given text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def filter(self, record: logging.LogRecord) -> bool:
        """False (drop) for the unwanted message."""
        return self.text not in record.getMessage()


def _superseded(folder: Path, info: dict[str, Any]) -> bool:
    """True for an export of the same weights and precision made by an older recipe."""
    try:
        other = json.loads((folder / INFO_FILE).read_text("utf-8"))
        return bool(
            other["precision"] == info["precision"]
            and other["source_sha256"] == info["source_sha256"]
            and int(other["recipe_version"]) < int(info["recipe_version"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return False  # not ours to judge: leave it


def prune_superseded(root: Path, key: str, info: dict[str, Any]) -> list[Path]:
    """Delete exports that an older recipe made of the same weights; this code never reads them.

    Each goes only if its export lock is free (nobody is writing it); any error just keeps it.
    """
    from filelock import FileLock, Timeout

    removed: list[Path] = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if folder.name.startswith(".") or folder.name == key or not folder.is_dir():
            continue
        if not _superseded(folder, info):
            continue
        lock = root / f".{folder.name}.lock"
        try:
            with FileLock(str(lock), timeout=0):
                shutil.rmtree(folder)
            lock.unlink(missing_ok=True)
        except (Timeout, OSError) as exc:
            logger.warning("could not remove the old ONNX export %s: %s", folder, exc)
            continue
        logger.info("removed the ONNX export %s, superseded by %s", folder.name, key)
        removed.append(folder)
    return removed


def ensure_exported(source: Path, precision: str, root: Path | None = None) -> Path:
    """Return the cached ONNX folder for these weights, exporting it first if needed.

    Exports of the same weights by an older recipe are deleted once the current one exists.
    """
    key, info = export_key(source, precision)
    root = root if root is not None else cache_root()
    final = root / key
    if (final / MODEL_FILE).is_file() and (final / INFO_FILE).is_file():
        prune_superseded(root, key, info)
        return final
    root.mkdir(parents=True, exist_ok=True)
    from filelock import FileLock

    with FileLock(str(root / f".{key}.lock")):
        if (final / MODEL_FILE).is_file():  # another process finished it meanwhile
            return final
        # Shown by default: the first command that embeds waits for this (about a minute).
        logger.warning("exporting the embedding model to ONNX (%s) once, into %s", precision, final)
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
    prune_superseded(root, key, info)
    return final
