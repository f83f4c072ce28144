"""BM25 over the chunk texts: the tokens shared by documents and questions, build, load."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qa_bot.index import npy

_NO_WORDS = "qabotnoindexablewords"


@functools.lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def bm25_tokens(texts: Sequence[str]) -> list[list[str]]:
    """Lowercase, drop English stopwords, stem: the same for documents and questions."""
    import bm25s

    tokens = bm25s.tokenize(
        list(texts), stopwords="en", stemmer=_stemmer(), return_ids=False, show_progress=False
    )
    return [list(t) for t in tokens]


def build_bm25(texts: Sequence[str], directory: Path) -> None:
    """Build a BM25 index over the chunk texts and save it (numpy arrays + JSON, no pickle)."""
    import bm25s

    tokens = bm25_tokens(texts) if texts else [[]]
    if not any(tokens):
        # bm25s cannot index an empty vocabulary (only punctuation or stopwords): one made-up
        # word keeps the document count, and no question stems to it.
        tokens[0] = [_NO_WORDS]
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    retriever.save(str(directory), show_progress=False)


def load_bm25(directory: Path) -> Any:
    """Load a BM25 index saved by ``build_bm25``."""
    import bm25s

    with npy.LOCK:  # bm25s reads .npy files: see qa_bot.index.npy
        return bm25s.BM25.load(str(directory), mmap=False, allow_pickle=False)
