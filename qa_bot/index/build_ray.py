"""Index on a Ray cluster: reading, chunking and embedding as a Ray Data pipeline.

Files are listed on the driver and read on the workers; duplicates are dropped in file order as
``read_paths`` does; a pool of actors, each loading the embedding model once, chunks and embeds
the articles; the driver numbers the chunks and writes an ordinary index generation with
``store.write_generation``, so ``answer()`` cannot tell the difference. Every build is a full
one (nothing is reused from the previous generation). Needs the ``ray`` extra:
``pip install 'qa-bot[ray]'``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from qa_bot.config import Settings
from qa_bot.errors import EmptyCorpusError, QaBotError
from qa_bot.index import store
from qa_bot.index.build import BuildReport, writer_lock
from qa_bot.ingest.articles import Skipped, iter_files
from qa_bot.types import Article, Chunk

logger = logging.getLogger(__name__)

_ARTICLE_FIELDS = ("id", "title", "text", "path", "content_hash", "url", "date")


def _article(row: dict[str, Any]) -> Article:
    """An Article from a Ray row (whose strings may come back as numpy strings)."""
    values = {key: row[key] for key in _ARTICLE_FIELDS}
    return Article(**{k: None if v is None else str(v) for k, v in values.items()})  # type: ignore[arg-type]


def _read_batch(batch: dict[str, Any]) -> dict[str, list[Any]]:
    """Ray task: read a batch of files into article rows (and skipped-file rows)."""
    from qa_bot.ingest.articles import read_file

    rows: dict[str, list[Any]] = {key: [] for key in (*_ARTICLE_FIELDS, "order", "skipped")}
    for order, path in zip(batch["order"], batch["path"], strict=True):
        articles, problems = read_file(Path(path))
        for article in articles:
            for key in _ARTICLE_FIELDS:
                rows[key].append(getattr(article, key))
            rows["order"].append(int(order))
            rows["skipped"].append("")
        for problem in problems:
            for key in _ARTICLE_FIELDS:
                rows[key].append(problem.path if key == "path" else "")
            rows["order"].append(int(order))
            rows["skipped"].append(problem.reason)
    return rows


class ChunkEmbedder:
    """Ray actor: loads the embedding model once, then chunks and embeds batches of articles."""

    def __init__(self, settings: Settings, threads: int) -> None:
        from qa_bot.embedding.embedder import Embedder, load_embedder

        self.settings = settings
        self.embedder: Embedder
        if settings.embedding.backend == "onnx":
            from qa_bot.embedding.onnx_encoder import OnnxEmbedder

            # As many ONNX workers as the CPUs Ray gave this actor, not as the machine has.
            self.embedder = OnnxEmbedder(settings.embedding, threads=threads)
        else:
            import torch

            torch.set_num_threads(threads)
            self.embedder = load_embedder(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        """Article rows in, one row per chunk out (with its vector)."""
        from qa_bot.ingest.chunking import chunk_article

        out: dict[str, list[Any]] = {"article": [], "start": [], "end": [], "text": []}
        for row in range(len(batch["id"])):
            article = _article({key: batch[key][row] for key in _ARTICLE_FIELDS})
            for chunk in chunk_article(article, self.settings.chunking, self.embedder.count_tokens):
                out["article"].append(int(batch["position"][row]))
                out["start"].append(chunk.start)
                out["end"].append(chunk.end)
                out["text"].append(chunk.text)
        vectors = self.embedder.encode(out["text"], batch_size=self.settings.embedding.batch_size)
        return {**out, "vector": list(vectors)}


def read_articles(paths: Sequence[Path], ray_data: Any) -> tuple[list[Article], list[Skipped]]:
    """Read files on the workers; keep the first of identical articles, in file order."""
    listed = list(iter_files(list(paths)))
    skipped = [item for item in listed if isinstance(item, Skipped)]
    files = [{"order": i, "path": str(p)} for i, p in enumerate(listed) if isinstance(p, Path)]
    if not files:
        return [], skipped
    rows = ray_data.from_items(files).map_batches(_read_batch, batch_size=16).take_all()
    rows.sort(key=lambda row: row["order"])  # stable: records keep their order within a file
    articles: dict[str, Article] = {}
    for row in rows:
        if row["skipped"]:
            skipped.append(Skipped(row["path"], row["skipped"]))
        elif row["content_hash"] not in articles:
            articles[row["content_hash"]] = _article(row)
    return list(articles.values()), skipped


def chunk_and_embed(
    articles: Sequence[Article], settings: Settings, ray_data: Any, actors: int, threads: int
) -> tuple[list[Chunk], np.ndarray]:
    """Chunks (numbered in article order) and their vectors, computed by an actor pool."""
    items = [
        {**{key: getattr(a, key) for key in _ARTICLE_FIELDS}, "position": i}
        for i, a in enumerate(articles)
    ]
    rows = (
        ray_data.from_items(items)
        .map_batches(
            ChunkEmbedder,
            fn_constructor_args=(settings, threads),
            batch_size=8,
            concurrency=actors,
            num_cpus=threads,
        )
        .take_all()
    )
    rows.sort(key=lambda row: (row["article"], row["start"]))
    chunks = [
        Chunk(n, articles[r["article"]].id, r["text"], int(r["start"]), int(r["end"]))
        for n, r in enumerate(rows)
    ]
    vectors = np.array([r["vector"] for r in rows], dtype=np.float32).reshape(len(rows), -1)
    return chunks, vectors


def build_index_ray(
    paths: Sequence[Path],
    index_dir: Path,
    settings: Settings,
    *,
    address: str | None = None,
    actors: int = 2,
    threads: int = 1,
    lock_timeout: float = 0.0,
) -> tuple[BuildReport, list[Skipped]]:
    """Index the files under ``paths`` on a Ray cluster (``address`` None: a local one)."""
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise QaBotError("--engine ray needs Ray: pip install 'qa-bot[ray]'") from exc
    began = time.perf_counter()
    with writer_lock(index_dir, lock_timeout):
        started = not ray.is_initialized()
        try:
            if started:
                ray.init(address=address, log_to_driver=False, include_dashboard=False)
            ray.data.DataContext.get_current().execution_options.preserve_order = True
            articles, skipped = read_articles(paths, ray.data)
            if not articles:
                raise EmptyCorpusError(
                    "there are no readable articles to index; add .txt, .md, .html or .json files"
                )
            chunks, vectors = chunk_and_embed(articles, settings, ray.data, actors, threads)
            dimension = int(vectors.shape[1]) if len(vectors) else 0
            engine = {"backend": settings.embedding.backend, "engine": "ray"}
            generation = store.write_generation(
                index_dir,
                articles,
                chunks,
                vectors,
                settings,
                dimension,
                {"embedding_backend": engine},
            )
        finally:
            if started:
                ray.shutdown()
    report = BuildReport(
        articles=len(articles),
        chunks=len(chunks),
        embedded_articles=len(articles),
        reused_articles=0,
        removed_articles=0,
        seconds=time.perf_counter() - began,
        generation=generation.name,
    )
    return report, skipped
