"""Loading the current index generation into memory, verified: identity, checksums, counts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_bot.config import Settings
from qa_bot.errors import CorruptIndexError
from qa_bot.index import faiss_index, store
from qa_bot.index.bm25 import load_bm25

_LOAD_ATTEMPTS = 3


@dataclass(frozen=True)
class LoadedIndex:
    """One verified generation of the index, in memory."""

    generation: Path
    manifest: dict[str, Any]
    table: store.ChunkTable
    faiss: Any
    bm25: Any


def load_index(index_dir: Path, settings: Settings, dimension: int) -> LoadedIndex:
    """Load and verify the current generation: identity, checksums and counts."""
    current = store.read_current(index_dir)
    for _ in range(_LOAD_ATTEMPTS):
        try:
            return _load_generation(index_dir, *current, settings, dimension)
        except CorruptIndexError:
            # A writer may have switched and collected this generation while we read it.
            latest = store.read_current(index_dir)
            if latest == current:
                raise
            current = latest
    return _load_generation(index_dir, *current, settings, dimension)


def _load_generation(
    index_dir: Path, generation: Path, digest: str | None, settings: Settings, dimension: int
) -> LoadedIndex:
    hint = store.REBUILD_HINT.format(dir=index_dir)
    manifest = store.read_manifest(generation, hint, digest)
    store.check_identity(manifest, settings, dimension, hint)
    store.verify_files(generation, manifest, hint)
    table = store.open_table(generation, hint)
    try:
        vectors = faiss_index.load(generation / store.FAISS_FILE, settings.index)
        bm25 = load_bm25(generation / store.BM25_DIR)
    except Exception as exc:  # faiss raises RuntimeError, bm25s various
        table.close()
        raise CorruptIndexError(
            f"the index in {generation} cannot be read ({exc}); {hint}"
        ) from exc
    counts = manifest.get("counts", {})
    if not (vectors.ntotal == len(table.chunks) == counts.get("chunks")) or len(
        table.articles
    ) != counts.get("articles"):
        table.close()
        raise CorruptIndexError(
            f"the index in {generation} is inconsistent ({vectors.ntotal} vectors, "
            f"{len(table.chunks)} chunks, manifest says {counts}); {hint}"
        )
    return LoadedIndex(generation, manifest, table, vectors, bm25)
