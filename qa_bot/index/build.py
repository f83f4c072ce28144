"""Build or update the index: articles -> chunks -> vectors -> new generation, one writer."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from qa_bot.config import Settings
from qa_bot.embedding.embedder import Embedder
from qa_bot.errors import EmptyCorpusError, IndexLockedError, QaBotError
from qa_bot.index import npy, store
from qa_bot.ingest.chunking import chunk_article
from qa_bot.types import Article, Chunk

logger = logging.getLogger(__name__)

LOCK_FILE = ".lock"


@contextlib.contextmanager
def writer_lock(index_dir: Path, timeout: float) -> Iterator[None]:
    """Hold the index folder's write lock (one writer at a time), or raise IndexLockedError."""
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / LOCK_FILE))
    try:
        lock.acquire(timeout=timeout)
    except Timeout as exc:
        raise IndexLockedError(
            f"another qa-bot index is writing {index_dir}; wait for it to finish and try again"
        ) from exc
    try:
        yield
    finally:
        lock.release()


@dataclass(frozen=True)
class BuildReport:
    """What an index run did."""

    articles: int
    chunks: int
    embedded_articles: int
    reused_articles: int
    removed_articles: int
    seconds: float
    generation: str


@dataclass(frozen=True)
class _Previous:
    """Chunks and vectors of the current generation, by article content hash."""

    chunks: dict[str, list[Chunk]]
    vectors: dict[str, np.ndarray]
    hashes: frozenset[str]


def _load_previous(index_dir: Path, settings: Settings, dimension: int) -> _Previous | None:
    """Reuse the current generation's vectors when it is valid and built the same way."""
    try:
        generation, digest = store.read_current(index_dir)
        hint = store.REBUILD_HINT.format(dir=index_dir)
        manifest = store.read_manifest(generation, hint, digest)
        store.check_identity(manifest, settings, dimension, hint)
        store.verify_files(generation, manifest, hint)
        table = store.open_table(generation, hint)
        vectors = npy.load(generation / store.VECTORS_FILE)
    except QaBotError as exc:
        logger.info("not reusing the existing index: %s", exc)
        return None
    except (OSError, ValueError) as exc:
        logger.info("not reusing the existing index: %s", exc)
        return None
    try:
        if len(vectors) != len(table.chunks):
            return None
        by_hash: dict[str, list[Chunk]] = {}
        rows: dict[str, list[int]] = {}
        for chunk in table.chunks:
            content = table.articles[chunk.article_id].content_hash
            by_hash.setdefault(content, []).append(chunk)
            rows.setdefault(content, []).append(chunk.id)
        return _Previous(
            by_hash,
            {h: vectors[ids] for h, ids in rows.items()},
            frozenset(a.content_hash for a in table.articles.values()),
        )
    finally:
        table.close()


def _embed_new(
    articles: Sequence[Article], settings: Settings, embedder: Embedder, progress: bool
) -> tuple[dict[str, list[Chunk]], dict[str, np.ndarray]]:
    chunks: dict[str, list[Chunk]] = {}
    texts: list[str] = []
    for article in articles:
        chunks[article.content_hash] = chunk_article(
            article, settings.chunking, embedder.count_tokens
        )
        texts.extend(c.text for c in chunks[article.content_hash])
    vectors = embedder.encode(texts, batch_size=settings.embedding.batch_size, progress=progress)
    out: dict[str, np.ndarray] = {}
    row = 0
    for content, article_chunks in chunks.items():
        out[content] = vectors[row : row + len(article_chunks)]
        row += len(article_chunks)
    return chunks, out


def _require_articles(articles: Sequence[Article]) -> None:
    if not articles:
        raise EmptyCorpusError(
            "there are no readable articles to index; add .txt, .md, .html or .json files"
        )


def build_index(
    articles: Sequence[Article],
    index_dir: Path,
    settings: Settings,
    embedder: Embedder,
    *,
    progress: bool = False,
    lock_timeout: float = 0.0,
    incremental: bool = True,
) -> BuildReport:
    """Index the articles into ``index_dir`` (re-embedding only new or changed ones)."""
    _require_articles(articles)
    with writer_lock(index_dir, lock_timeout):
        return build_index_locked(
            articles, index_dir, settings, embedder, progress=progress, incremental=incremental
        )


def build_index_locked(
    articles: Sequence[Article],
    index_dir: Path,
    settings: Settings,
    embedder: Embedder,
    *,
    progress: bool = False,
    incremental: bool = True,
) -> BuildReport:
    """``build_index`` for a caller that already holds ``writer_lock(index_dir, ...)``."""
    _require_articles(articles)
    began = time.perf_counter()
    previous = _load_previous(index_dir, settings, embedder.dimension) if incremental else None
    reusable = previous.hashes if previous else frozenset()
    fresh = [a for a in articles if a.content_hash not in reusable]
    new_chunks, new_vectors = _embed_new(fresh, settings, embedder, progress)
    all_chunks: list[Chunk] = []
    blocks: list[np.ndarray] = []
    for article in articles:
        key = article.content_hash
        if key in new_chunks:
            source = (new_chunks, new_vectors)
        elif previous is not None:
            source = (previous.chunks, previous.vectors)
        for chunk in source[0][key]:
            all_chunks.append(dataclasses.replace(chunk, id=len(all_chunks), article_id=article.id))
        blocks.append(source[1][key])
    vectors = np.concatenate(blocks) if blocks else np.zeros((0, embedder.dimension), np.float32)
    # Informational only: torch and onnx vectors are interchangeable (see docs/SCALING.md).
    backend = {"embedding_backend": getattr(embedder, "backend", None)}
    generation = store.write_generation(
        index_dir, articles, all_chunks, vectors, settings, embedder.dimension, backend
    )
    current = {a.content_hash for a in articles}
    return BuildReport(
        articles=len(articles),
        chunks=len(all_chunks),
        embedded_articles=len(fresh),
        reused_articles=len(articles) - len(fresh),
        removed_articles=len(reusable - current),
        seconds=time.perf_counter() - began,
        generation=generation.name,
    )
