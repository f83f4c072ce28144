"""Look at and edit the library one article at a time: list, add a file or page, remove."""

from __future__ import annotations

import dataclasses
import logging
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from qa_bot.config import Settings
from qa_bot.embedding.embedder import Embedder
from qa_bot.errors import EmptyCorpusError, NotInLibraryError, UnreadableSourceError
from qa_bot.index import store
from qa_bot.index.build import BuildReport, writer_lock
from qa_bot.index.fetching import fetch_page_article, write_record
from qa_bot.index.library import (
    EmbedderFactory,
    current_articles,
    gather,
    open_library,
    rebuild_locked,
    under,
)
from qa_bot.index.sources import (
    Library,
    Source,
    added_dir,
    save_library,
    source_of,
    web_dir,
)
from qa_bot.ingest.articles import read_file
from qa_bot.types import Article

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleRow:
    """One indexed article, as ``qa-bot articles`` and ``/articles`` list it."""

    id: str
    title: str
    source: str  # its URL, or the file it was read from
    date: str | None
    passages: int


@dataclass(frozen=True)
class Added:
    """What adding one file or page did."""

    titles: tuple[str, ...]
    passages: int
    article_ids: tuple[str, ...]
    duplicate: bool = False  # every article in it was already indexed: nothing changed


@dataclass(frozen=True)
class Removed:
    """What a removal took out."""

    what: str  # "source" or "article"
    titles: tuple[str, ...]
    build: BuildReport


def list_articles(index_dir: Path) -> list[ArticleRow]:
    """Every article of the live generation with its passage count (sorted by title)."""
    generation, digest = store.read_current(index_dir)
    hint = store.REBUILD_HINT.format(dir=index_dir)
    store.read_manifest(generation, hint, digest)
    table = store.open_table(generation, hint)
    try:
        counts = Counter(chunk.article_id for chunk in table.chunks)
        rows = [
            ArticleRow(m.id, m.title, m.url or m.path, m.date, counts[m.id])
            for m in table.articles.values()
        ]
    finally:
        table.close()
    return sorted(rows, key=lambda row: (row.title.lower(), row.id))


def add_file(
    index_dir: Path, settings: Settings, embedder: Embedder, path: Path, *, lock_timeout: float
) -> Added:
    """Index one file stored under ``added/`` into the live index; unreadable ones are deleted."""
    articles, skipped = read_file(path)
    if not articles:
        path.unlink(missing_ok=True)
        reason = skipped[0].reason if skipped else "no articles in it"
        raise UnreadableSourceError(f"{path.name}: {reason}")
    with writer_lock(index_dir, lock_timeout):
        previous = current_articles(index_dir)
        known = {a.content_hash: a.path for a in previous}
        if all(known.get(a.content_hash) == str(path) for a in articles):
            pass  # another addition's build, waiting for the same lock, already took it in
        elif all(a.content_hash in known for a in articles):
            path.unlink(missing_ok=True)
            return Added(tuple(a.title for a in articles), 0, tuple(a.id for a in articles), True)
        else:
            library = open_library(index_dir, previous)
            rebuild_locked(index_dir, settings, embedder, library, previous)
    counts = {row.id: row.passages for row in list_articles(index_dir)}
    return Added(
        tuple(a.title for a in articles),
        sum(counts.get(a.id, 0) for a in articles),
        tuple(a.id for a in articles),
    )


def add_url(
    index_dir: Path, settings: Settings, embedder: Embedder, url: str, *, lock_timeout: float
) -> Added:
    """Fetch a web page, store it under ``added/`` and index it."""
    article = fetch_page_article(url, settings)
    path = write_record(added_dir(index_dir) / f"page-{article.id}.json", article, url)
    return add_file(index_dir, settings, embedder, path, lock_timeout=lock_timeout)


@dataclass(frozen=True)
class _Plan:
    library: Library  # to build from
    saved: Library  # to save once the new generation is live
    titles: tuple[str, ...]
    what: str
    delete: tuple[Path, ...] = ()


def remove(
    index_dir: Path,
    settings: Settings,
    embedder: EmbedderFactory,
    target: str,
    *,
    lock_timeout: float = 0.0,
) -> Removed:
    """Take a source (path or URL) or one article (id, path or URL) out; a new generation."""
    with writer_lock(index_dir, lock_timeout):
        previous = current_articles(index_dir)
        library = open_library(index_dir, previous)
        plan = _plan_source(index_dir, library, previous, target) or _plan_article(
            index_dir, library, previous, target
        )
        gathered = gather(index_dir, plan.library, previous)
        if not gathered.articles:
            raise EmptyCorpusError(
                f"removing {target} would leave the index empty; add other articles first"
            )
        report, _ = rebuild_locked(index_dir, settings, embedder(), plan.library, previous)
        for path in plan.delete:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        if plan.saved != plan.library:
            save_library(index_dir, plan.saved)
    return Removed(plan.what, plan.titles, report)


def _plan_source(
    index_dir: Path, library: Library, previous: tuple[Article, ...], target: str
) -> _Plan | None:
    wanted = source_of(target)
    candidates = [wanted] if wanted.kind == "path" else [wanted, Source("feed", wanted.location)]
    for candidate in candidates:
        source = library.find(candidate.kind, candidate.location)
        if source is None:
            continue
        updated = library.without_source(source)
        if source.kind == "path":
            titles = tuple(a.title for a in previous if under(a.path, source.location))
            return _Plan(updated, updated, titles, "source")
        folder = web_dir(index_dir, source)
        urls = {a.path for a in gather(index_dir, library, previous).articles} - {
            a.path for a in gather(index_dir, updated, previous).articles
        }
        titles = tuple(a.title for a in previous if a.path in urls or a.url in urls)
        return _Plan(updated, updated, titles, "source", (folder,))
    return None


def _plan_article(
    index_dir: Path, library: Library, previous: tuple[Article, ...], target: str
) -> _Plan:
    absolute = str(Path(target).expanduser().absolute())
    matches = [
        a for a in previous if target in (a.id, a.content_hash, a.path, a.url) or a.path == absolute
    ]
    if not matches:
        raise NotInLibraryError(
            f"nothing in the index matches {target!r}: give an article id from qa-bot articles, "
            "or a file, folder or URL you indexed"
        )
    titles = tuple(a.title for a in matches)
    keys = tuple(k for a in matches for k in (a.content_hash, a.path))
    excluded = dataclasses.replace(library, excluded=(*library.excluded, *keys))
    owned = [Path(a.path) for a in matches if under(a.path, added_dir(index_dir))]
    if owned:  # a file an admin added: deleted once the new generation is live
        return _Plan(excluded, library, titles, "article", tuple(owned))
    carried = {a.content_hash for a in matches} & set(library.carried)
    if carried:
        kept = tuple(h for h in library.carried if h not in carried)
        updated = dataclasses.replace(library, carried=kept)
        return _Plan(updated, updated, titles, "article")
    return _Plan(excluded, excluded, titles, "article")
