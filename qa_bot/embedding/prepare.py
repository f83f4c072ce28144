"""Export the ONNX embedding model ahead of first use, so a first question is not slow.

``python -m qa_bot.embedding.prepare`` (``scripts/setup.sh`` runs it) makes sure the configured
ONNX export exists in the cache, building it under the export lock if needed; with
``embedding.backend = "torch"`` there is nothing to prepare. Without this, the first command that
embeds anything exports the model itself (about a minute on 2 busy cores).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from qa_bot.config import EmbeddingSettings, load_settings
from qa_bot.embedding.embedder import model_path, offline_environment
from qa_bot.errors import QaBotError

logger = logging.getLogger(__name__)


def prepare(settings: EmbeddingSettings, cache_dir: Path | None = None) -> Path | None:
    """Return the ONNX export folder for these settings, exporting it first if needed.

    ``None`` for the torch backend, which needs no preparation.
    """
    if settings.backend != "onnx":
        return None
    from qa_bot.embedding.onnx_export import ensure_exported

    offline_environment()
    return ensure_exported(model_path(settings.model), settings.onnx_precision, cache_dir)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: prepare the configured embedding backend; exit 1 with a message on failure."""
    parser = argparse.ArgumentParser(prog="python -m qa_bot.embedding.prepare", description=__doc__)
    parser.add_argument("--config", type=Path, default=None, help="a user settings file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    began = time.perf_counter()
    try:
        settings = load_settings(args.config)
        folder = prepare(settings.embedding)
    except QaBotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # torch, onnx and onnxruntime raise many kinds
        print(f"error: cannot export the ONNX embedding model: {exc}", file=sys.stderr)
        return 1
    if folder is None:
        print("embedding backend is torch: nothing to prepare")
    else:
        print(f"ONNX embedding model ready in {folder} ({time.perf_counter() - began:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
