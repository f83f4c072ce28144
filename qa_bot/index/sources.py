"""The library's memory: which sources (folders, files, pages, feeds) an index is built from.

``sources.json`` sits in the index folder beside ``CURRENT`` and is written atomically by the
one writer that holds the index's lock. Pages and feed entries fetched from the web are kept as
JSON records under the index folder (``web/``), and articles admins add from Telegram under
``added/``, so a refresh re-reads them like any folder and never needs the network to keep them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from qa_bot.errors import CorruptIndexError

SOURCES_FILE = "sources.json"
ADDED_DIR = "added"
WEB_DIR = "web"
FORMAT = 1
KINDS = ("path", "url", "feed")
_URL = re.compile(r"https?://\S+$", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    """One source the index remembers: a file or folder, a web page, or a feed."""

    kind: str  # "path", "url" or "feed"
    location: str  # an absolute path, or the URL
    seen: tuple[str, ...] = ()  # feeds: the entry ids already read

    @property
    def key(self) -> str:
        """A short stable name for the source's own folder of fetched articles."""
        return hashlib.sha256(f"{self.kind}\n{self.location}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Library:
    """Everything ``sources.json`` holds."""

    sources: tuple[Source, ...] = ()
    # Articles (content hashes) of an index built before sources were recorded: kept as they are.
    carried: tuple[str, ...] = ()
    # Articles taken out one by one: their content hash, path or URL.
    excluded: tuple[str, ...] = ()
    exists: bool = field(default=False, compare=False)

    def find(self, kind: str, location: str) -> Source | None:
        """The remembered source of this kind and location, if any."""
        return next((s for s in self.sources if (s.kind, s.location) == (kind, location)), None)

    def with_source(self, source: Source) -> Library:
        """This library with ``source`` added (or updated in place)."""
        kept = [s for s in self.sources if (s.kind, s.location) != (source.kind, source.location)]
        if len(kept) == len(self.sources):
            return replace(self, sources=(*self.sources, source))
        return replace(
            self,
            sources=tuple(
                source if (s.kind, s.location) == (source.kind, source.location) else s
                for s in self.sources
            ),
        )

    def without_source(self, source: Source) -> Library:
        """This library without ``source``."""
        return replace(self, sources=tuple(s for s in self.sources if s != source))


def is_url(text: str) -> bool:
    """True for an http(s) URL."""
    return bool(_URL.match(text.strip()))


def source_of(argument: str, *, feed: bool = False) -> Source:
    """The Source a command-line argument names: a URL, a feed URL, or a path (made absolute)."""
    text = argument.strip()
    if feed or is_url(text):
        return Source("feed" if feed else "url", text)
    return Source("path", str(Path(text).expanduser().absolute()))


def added_dir(index_dir: Path) -> Path:
    """Where articles added from Telegram are stored."""
    return index_dir / ADDED_DIR


def web_dir(index_dir: Path, source: Source) -> Path:
    """Where the pages or feed entries of one web source are stored."""
    return index_dir / WEB_DIR / source.key


def load_library(index_dir: Path) -> Library:
    """Read ``sources.json``; an index without one has no remembered sources."""
    path = index_dir / SOURCES_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Library()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptIndexError(
            f"{path} is unreadable ({exc}); fix or delete it and run qa-bot index SOURCE again"
        ) from exc
    try:
        return _parse(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise CorruptIndexError(
            f"{path} is damaged ({exc}); fix or delete it and run qa-bot index SOURCE again"
        ) from exc


def _parse(data: Any) -> Library:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"expected an object with format {FORMAT}")
    sources = []
    for item in data["sources"]:
        if item["kind"] not in KINDS or not isinstance(item["location"], str):
            raise ValueError(f"bad source {item!r}")
        seen = tuple(map(str, item.get("seen", ())))
        sources.append(Source(item["kind"], item["location"], seen))
    return Library(
        tuple(sources),
        tuple(map(str, data.get("carried", ()))),
        tuple(map(str, data.get("excluded", ()))),
        exists=True,
    )


def save_library(index_dir: Path, library: Library) -> None:
    """Write ``sources.json`` atomically (the caller holds the index's writer lock)."""
    data = {
        "format": FORMAT,
        "sources": [
            {"kind": s.kind, "location": s.location, **({"seen": list(s.seen)} if s.seen else {})}
            for s in library.sources
        ],
        "carried": list(library.carried),
        "excluded": list(library.excluded),
    }
    index_dir.mkdir(parents=True, exist_ok=True)
    temporary = index_dir / f".{SOURCES_FILE}.{uuid.uuid4().hex[:8]}"
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(index_dir / SOURCES_FILE)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
