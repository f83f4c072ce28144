"""The growing library: remember sources, refresh them, and build a new generation from them all.

Every change (a source added, a refresh, an article added or removed) re-reads the local sources
(cheap: only new or changed articles are embedded again) and writes a new generation under the
index's writer lock; ``sources.json`` is saved only after that generation is live, so a failed
run leaves both as they were.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qa_bot.config import Settings
from qa_bot.embedding.embedder import Embedder
from qa_bot.errors import EmptyCorpusError, QaBotError
from qa_bot.index import store
from qa_bot.index.build import BuildReport, build_index_locked, writer_lock
from qa_bot.index.fetching import fetch_source
from qa_bot.index.sources import (
    WEB_DIR,
    Library,
    Source,
    added_dir,
    load_library,
    save_library,
    web_dir,
)
from qa_bot.ingest.articles import Skipped, read_paths
from qa_bot.types import Article

logger = logging.getLogger(__name__)

EmbedderFactory = Callable[[], Embedder]
READABLE = ".txt, .md, .html, .json, .jsonl, .pdf or .docx files"


@dataclass(frozen=True)
class Gathered:
    """The articles of every source, as they are now."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    duplicates: int
    empty: tuple[Source, ...]  # sources that gave no readable article


@dataclass(frozen=True)
class LibraryReport:
    """What one change to the library did."""

    build: BuildReport
    skipped: tuple[Skipped, ...]
    duplicates: int
    sources: int
    dropped: tuple[Source, ...] = ()  # named sources with nothing readable: not remembered


def under(path: str, root: Path | str) -> bool:
    """True when ``path`` is ``root`` or lies inside it."""
    base = str(root).rstrip("/")
    return path == base or path.startswith(base + "/")


def current_articles(index_dir: Path) -> tuple[Article, ...]:
    """The articles of the live generation with their text (none when there is no index)."""
    try:
        generation, digest = store.read_current(index_dir)
        hint = store.REBUILD_HINT.format(dir=index_dir)
        store.read_manifest(generation, hint, digest)
        table = store.open_table(generation, hint)
    except QaBotError:
        return ()
    try:
        return tuple(table.iter_articles())
    finally:
        table.close()


def open_library(index_dir: Path, previous: Sequence[Article]) -> Library:
    """``sources.json``; an index built before sources were recorded keeps its articles."""
    library = load_library(index_dir)
    if not library.exists and previous:
        return dataclasses.replace(library, carried=tuple(a.content_hash for a in previous))
    return library


def _web_article(article: Article, index_dir: Path) -> Article:
    """A stored page or feed entry names its URL as its path."""
    if article.url and under(article.path, index_dir / WEB_DIR):
        return dataclasses.replace(article, path=article.url)
    return article


def gather(index_dir: Path, library: Library, previous: Sequence[Article]) -> Gathered:
    """Read every source (and the articles added from Telegram) into one list of articles."""
    roots = [Path(s.location) for s in library.sources if s.kind == "path"]
    folders = [web_dir(index_dir, s) for s in library.sources if s.kind != "path"]
    added = added_dir(index_dir)
    readable = [p for p in [*roots, *folders, added] if p.exists()]
    result = read_paths(readable)
    empty = tuple(
        s
        for s in library.sources
        if not any(under(a.path, _root(index_dir, s)) for a in result.articles)
    )
    missing = [root for root in roots if not root.exists()]
    skipped = [Skipped(str(r), "no such file or directory: keeping its articles") for r in missing]
    excluded = set(library.excluded)
    carried = set(library.carried)

    def keep(article: Article) -> bool:
        return not ({article.content_hash, article.path, article.url or ""} & excluded)

    held = [
        a
        for a in previous
        if a.content_hash in carried or any(under(a.path, root) for root in missing)
    ]
    merged: dict[str, Article] = {}
    duplicates = result.duplicates
    for article in [*(_web_article(a, index_dir) for a in result.articles), *held]:
        if not keep(article):
            continue
        if article.content_hash in merged:
            duplicates += article not in held
            continue
        merged[article.content_hash] = article
    return Gathered(tuple(merged.values()), (*result.skipped, *skipped), duplicates, empty)


def _root(index_dir: Path, source: Source) -> Path:
    return Path(source.location) if source.kind == "path" else web_dir(index_dir, source)


def update_library(
    index_dir: Path,
    settings: Settings,
    embedder: EmbedderFactory,
    *,
    add: Sequence[Source] = (),
    default: Source | None = None,
    refresh_web: bool = False,
    lock_timeout: float = 0.0,
    progress: bool = False,
    full: bool = False,
    notify: Callable[[Sequence[Skipped]], None] | None = None,
) -> LibraryReport:
    """Add sources (fetching new web ones), refresh, and build a new generation from them all.

    Args:
        index_dir: the index folder.
        settings: chunking, index and fetching settings.
        embedder: called once the lock is held and there is something to build.
        add: sources to remember from now on (a named source that gives no readable article is
            reported and not remembered; if every named one is empty, nothing changes).
        default: the source to add when the library is empty and nothing is named (the seeds).
        refresh_web: fetch every remembered page and feed again (``qa-bot index`` alone).
        lock_timeout: seconds to wait for another writer.
        progress: show a progress bar while embedding.
        full: embed every article again.
        notify: called with what was skipped before the build starts (or is refused).
    """
    with writer_lock(index_dir, lock_timeout):
        previous = current_articles(index_dir)
        library = open_library(index_dir, previous)
        if not add and default is not None and _is_empty(index_dir, library):
            add = (default,)
        for source in add:
            library = library.with_source(library.find(source.kind, source.location) or source)
        named = {(s.kind, s.location) for s in add}
        fetched: list[Skipped] = []
        for source in library.sources:
            if source.kind != "path" and (refresh_web or (source.kind, source.location) in named):
                updated, problems = fetch_source(index_dir, source, settings)
                library, fetched = library.with_source(updated), [*fetched, *problems]
        gathered = gather(index_dir, library, previous)
        if notify is not None:
            notify((*fetched, *gathered.skipped))
        dropped = tuple(s for s in gathered.empty if (s.kind, s.location) in named)
        if add and len(dropped) == len(add):
            skipped = len(gathered.skipped) + len(fetched)
            where = ", ".join(s.location for s in dropped)
            raise EmptyCorpusError(
                f"no readable articles in {where} ({skipped} skipped); add {READABLE} "
                "and run qa-bot index again"
            )
        for source in dropped:
            library = library.without_source(source)
        report = build_index_locked(
            gathered.articles,
            index_dir,
            settings,
            embedder(),
            progress=progress,
            incremental=not full,
        )
        save_library(index_dir, library)
    return LibraryReport(
        report,
        (*fetched, *gathered.skipped),
        gathered.duplicates,
        len(library.sources),
        dropped,
    )


def _is_empty(index_dir: Path, library: Library) -> bool:
    added = added_dir(index_dir)
    has_added = added.is_dir() and any(added.iterdir())
    return not library.sources and not library.carried and not has_added


def rebuild_locked(
    index_dir: Path,
    settings: Settings,
    embedder: Embedder,
    library: Library,
    previous: Sequence[Article],
) -> tuple[BuildReport, Gathered]:
    """Gather and build for a caller holding the writer lock; save ``library`` once live."""
    gathered = gather(index_dir, library, previous)
    report = build_index_locked(gathered.articles, index_dir, settings, embedder)
    save_library(index_dir, library)
    return report, gathered


def describe(skipped: Iterable[Skipped]) -> list[str]:
    """One line per skipped file, page or feed entry."""
    return [f"skipped {item.path}: {item.reason}" for item in skipped]
