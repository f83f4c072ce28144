"""The on-disk index: generations of FAISS + chunk table + BM25 + manifest; write, load, verify."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from qa_bot import __version__
from qa_bot.config import Settings
from qa_bot.errors import CorruptIndexError, IndexMismatchError, IndexMissingError, QaBotError
from qa_bot.hashing import sha256_file
from qa_bot.types import Article, Chunk

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
CURRENT_FILE = "CURRENT"
MANIFEST = "manifest.json"
FAISS_FILE = "faiss.index"
TABLE_FILE = "chunks.sqlite"
VECTORS_FILE = "vectors.npy"
BM25_DIR = "bm25"
DIGEST_PREFIX = "manifest-sha256:"
_HEX64 = re.compile(r"[0-9a-f]{64}")
REBUILD_HINT = "rebuild it with: qa-bot index --index-dir {dir}"


@dataclass(frozen=True)
class ArticleMeta:
    """An indexed article without its text."""

    id: str
    title: str
    path: str
    content_hash: str
    url: str | None
    date: str | None
    pages: tuple[int, ...] = ()  # PDF page start offsets (Article.pages)


def _pages_column(pages: tuple[int, ...]) -> str | None:
    return json.dumps(list(pages)) if pages else None


def _pages_of(value: str | None) -> tuple[int, ...]:
    """Page offsets from the table; a damaged value costs the page numbers, not the answer."""
    try:
        pages = json.loads(value) if value else []
    except ValueError:
        return ()
    return tuple(p for p in pages if isinstance(p, int)) if isinstance(pages, list) else ()


def expected_identity(settings: Settings, dimension: int) -> dict[str, Any]:
    """What an index must have been built with to be usable with these settings."""
    return {
        "format_version": FORMAT_VERSION,
        "embedding": {"model": settings.embedding.model, "dimension": dimension},
        "chunking": asdict(settings.chunking),
    }


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_tree(root: Path) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            with path.open("rb+") as handle:
                os.fsync(handle.fileno())
    _fsync_dir(root)


def write_table(path: Path, articles: Sequence[Article], chunks: Sequence[Chunk]) -> None:
    """Write the article and chunk tables to a new SQLite file."""
    connection = sqlite3.connect(path)
    try:
        connection.executescript(
            """
            CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT NOT NULL, path TEXT NOT NULL,
                content_hash TEXT NOT NULL, url TEXT, date TEXT, text TEXT NOT NULL, pages TEXT);
            CREATE TABLE chunks (id INTEGER PRIMARY KEY, article_id TEXT NOT NULL,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL);
            """
        )
        connection.executemany(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (a.id, a.title, a.path, a.content_hash, a.url, a.date, a.text)
                + (_pages_column(a.pages),)
                for a in articles
            ],
        )
        connection.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?)",
            [(c.id, c.article_id, c.start, c.end, c.text) for c in chunks],
        )
        connection.commit()
    finally:
        connection.close()


def _open_table(path: Path) -> sqlite3.Connection:
    # immutable=1: never write (no journal), so the file keeps its checksum.
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def write_generation(
    index_dir: Path,
    articles: Sequence[Article],
    chunks: Sequence[Chunk],
    vectors: np.ndarray,
    settings: Settings,
    dimension: int,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write a complete new generation beside the current one and switch to it atomically."""
    from qa_bot.index import bm25, faiss_index

    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    build = index_dir / f".build-{name}"
    build.mkdir()
    write_table(build / TABLE_FILE, articles, chunks)
    np.save(build / VECTORS_FILE, vectors.astype(np.float32), allow_pickle=False)
    index_info = faiss_index.write(build / FAISS_FILE, vectors, settings.index)
    bm25.build_bm25([c.text for c in chunks], build / BM25_DIR)
    files = {
        str(path.relative_to(build)): sha256_file(path)
        for path in sorted(build.rglob("*"))
        if path.is_file()
    }
    manifest = {
        **expected_identity(settings, dimension),
        "qa_bot_version": __version__,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "index": index_info,
        "faiss_version": faiss_index.version(),
        "counts": {"articles": len(articles), "chunks": len(chunks)},
        "files": files,
        **(extra or {}),
    }
    manifest_bytes = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
    (build / MANIFEST).write_bytes(manifest_bytes)
    _fsync_tree(build)
    final = index_dir / name
    build.replace(final)
    previous = _current_name(index_dir)
    _switch_current(index_dir, name, hashlib.sha256(manifest_bytes).hexdigest())
    _collect_garbage(index_dir, keep={name, previous or name})
    return final


def _current_name(index_dir: Path) -> str | None:
    """The generation CURRENT names now, or None when there is none or it is unreadable."""
    try:
        return read_current(index_dir)[0].name
    except (QaBotError, OSError):
        return None


def _switch_current(index_dir: Path, name: str, manifest_digest: str) -> None:
    # CURRENT also pins the manifest's sha256, so a damaged or swapped manifest is caught too.
    temporary = index_dir / f".{CURRENT_FILE}.{uuid.uuid4().hex[:8]}"
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(f"{name}\n{DIGEST_PREFIX}{manifest_digest}\n")
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(index_dir / CURRENT_FILE)
    _fsync_dir(index_dir)


def _collect_garbage(index_dir: Path, keep: set[str]) -> None:
    """Remove unfinished builds and every generation but the new and the previous one."""
    # Keep the one CURRENT named before the switch, not the newest by name: a build killed
    # between its rename and the switch leaves a newer generation that was never live.
    for path in index_dir.glob("gen-*"):
        if path.is_dir() and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
    for path in index_dir.glob(".build-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in index_dir.glob(f".{CURRENT_FILE}.*"):
        path.unlink(missing_ok=True)


def read_current(index_dir: Path) -> tuple[Path, str | None]:
    """The live generation's folder and its manifest's sha256 (None for older indexes)."""
    hint = REBUILD_HINT.format(dir=index_dir)
    pointer = index_dir / CURRENT_FILE
    if not pointer.is_file():
        raise IndexMissingError(
            f"no index in {index_dir}: build one with: qa-bot index --index-dir {index_dir}"
        )
    try:
        lines = pointer.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError) as exc:
        raise CorruptIndexError(f"{pointer} is unreadable ({exc}); {hint}") from exc
    name = lines[0] if lines else ""
    digest = lines[1].removeprefix(DIGEST_PREFIX) if len(lines) > 1 else None
    generation = index_dir / name
    if not name.startswith("gen-") or "/" in name or not generation.is_dir():
        raise CorruptIndexError(f"{pointer} points to a missing generation {name!r}; {hint}")
    if len(lines) > 2 or (digest is not None and not _HEX64.fullmatch(digest)):
        raise CorruptIndexError(f"{pointer} is damaged ({' '.join(lines)!r}); {hint}")
    return generation, digest


def current_generation(index_dir: Path) -> Path:
    """Return the folder of the generation CURRENT points to, or raise a helpful error."""
    return read_current(index_dir)[0]


def read_manifest(generation: Path, hint: str, digest: str | None = None) -> dict[str, Any]:
    """Parse manifest.json (checking it against CURRENT's sha256) or raise CorruptIndexError."""
    path = generation / MANIFEST
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise CorruptIndexError(f"{path} is missing; {hint}") from exc
    except OSError as exc:
        raise CorruptIndexError(f"{path} is unreadable ({exc}); {hint}") from exc
    if digest is not None and hashlib.sha256(data).hexdigest() != digest:
        raise CorruptIndexError(
            f"{path} is corrupt or was replaced (its sha256 differs from the one in "
            f"{CURRENT_FILE}); {hint}"
        )
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptIndexError(f"{path} is unreadable ({exc}); {hint}") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise CorruptIndexError(f"{path} lacks its file list; {hint}")
    return manifest


def check_identity(manifest: dict[str, Any], settings: Settings, dimension: int, hint: str) -> None:
    """Refuse an index built with another format, model, dimension or chunking."""
    expected = expected_identity(settings, dimension)
    labels = {
        "format_version": "format version",
        "embedding": "embedding model",
        "chunking": "chunking",
    }
    for key, want in expected.items():
        have = manifest.get(key)
        if have != want:
            raise IndexMismatchError(
                f"the index was built with {labels[key]} {have!r}, "
                f"but this qa_bot uses {want!r}; {hint}"
            )


def verify_files(generation: Path, manifest: dict[str, Any], hint: str) -> None:
    """Check that every file listed in the manifest exists and has its recorded sha256."""
    listed: dict[str, str] = manifest["files"]
    for required in (FAISS_FILE, TABLE_FILE):
        if required not in listed:
            raise CorruptIndexError(
                f"the manifest of {generation} does not list {required}; {hint}"
            )
    for name, digest in listed.items():
        path = generation / name
        try:
            actual = sha256_file(path)
        except FileNotFoundError as exc:
            raise CorruptIndexError(f"{path} is missing; {hint}") from exc
        except OSError as exc:  # a folder in its place, no permission
            raise CorruptIndexError(f"{path} is unreadable ({exc}); {hint}") from exc
        if actual != digest:
            raise CorruptIndexError(f"{path} is corrupt (checksum mismatch); {hint}")


class ChunkTable:
    """Read access to the chunk and article tables of one generation (thread-safe)."""

    def __init__(self, path: Path) -> None:
        self._connection = _open_table(path)
        self._lock = threading.Lock()
        rows = self._query('SELECT id, article_id, start, "end", text FROM chunks ORDER BY id')
        self.chunks: tuple[Chunk, ...] = tuple(Chunk(r[0], r[1], r[4], r[2], r[3]) for r in rows)
        columns = {row[1] for row in self._query("PRAGMA table_info(articles)")}
        pages = "pages" if "pages" in columns else "NULL"  # indexes written before PDF support
        sql = f"SELECT id, title, path, content_hash, url, date, {pages} FROM articles"
        meta = self._query(sql)
        self.articles: dict[str, ArticleMeta] = {
            r[0]: ArticleMeta(r[0], r[1], r[2], r[3], r[4], r[5], _pages_of(r[6])) for r in meta
        }

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._connection.execute(sql, params))

    def article_text(self, article_id: str) -> str:
        """Return the full text of an indexed article."""
        rows = self._query("SELECT text FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise KeyError(article_id)
        return str(rows[0][0])

    def iter_articles(self) -> Iterator[Article]:
        """Yield every stored article with its text."""
        for meta in list(self.articles.values()):
            yield Article(
                meta.id,
                meta.title,
                self.article_text(meta.id),
                meta.path,
                meta.content_hash,
                meta.url,
                meta.date,
                meta.pages,
            )

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._connection.close()


def open_table(generation: Path, hint: str) -> ChunkTable:
    """Open a generation's chunk table or raise CorruptIndexError."""
    try:
        return ChunkTable(generation / TABLE_FILE)
    except sqlite3.Error as exc:
        raise CorruptIndexError(f"{generation / TABLE_FILE} is unreadable ({exc}); {hint}") from exc
