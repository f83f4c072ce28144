"""Fetch the library's web sources into the index folder, as JSON records a refresh re-reads.

A page is stored as one record, a feed as one record per entry; a failed fetch is reported and
leaves what was stored before, so the page's or feed's articles stay in the index.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import uuid
from pathlib import Path

from qa_bot.config import Settings
from qa_bot.errors import QaBotError
from qa_bot.index.sources import Source, web_dir
from qa_bot.ingest.articles import Skipped
from qa_bot.types import Article

logger = logging.getLogger(__name__)

PAGE_FILE = "page.json"


def write_record(path: Path, article: Article, url: str | None = None) -> Path:
    """Store an article as a JSON record (title, text, url, date), atomically."""
    record = {
        "title": article.title,
        "text": article.text,
        "url": article.url or url,
        "date": article.date,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return path


def fetch_page_article(url: str, settings: Settings) -> Article:
    """Fetch one web page as an Article (``qa_bot.ingest.web``), or raise QaBotError."""
    from qa_bot.ingest.web import fetch_page

    return fetch_page(url, settings)


def fetch_source(
    index_dir: Path, source: Source, settings: Settings
) -> tuple[Source, list[Skipped]]:
    """Fetch a page or a feed's new entries into the source's folder; what could not be read."""
    folder = web_dir(index_dir, source)
    try:
        if source.kind == "url":
            article = fetch_page_article(source.location, settings)
            write_record(folder / PAGE_FILE, article, source.location)
            return source, []
        return _fetch_feed(folder, source, settings)
    except QaBotError as exc:  # FetchError says "cannot fetch ..." itself
        logger.info("could not fetch %s: %s", source.location, exc)
        return source, [Skipped(source.location, str(exc))]
    except OSError as exc:  # writing the stored copy
        return source, [Skipped(source.location, f"cannot store it: {exc}")]
    except ImportError as exc:
        return source, [Skipped(source.location, f"web sources need qa_bot.ingest.web ({exc})")]


def _fetch_feed(folder: Path, source: Source, settings: Settings) -> tuple[Source, list[Skipped]]:
    from qa_bot.ingest.feed import read_feed

    result = read_feed(source.location, settings, seen=frozenset(source.seen))
    for article in result.articles:
        write_record(folder / f"{article.id}.json", article, source.location)
    seen = tuple(dict.fromkeys((*source.seen, *result.seen)))
    skipped = [
        item if isinstance(item, Skipped) else Skipped(source.location, str(item))
        for item in result.skipped
    ]
    return dataclasses.replace(source, seen=seen), skipped
