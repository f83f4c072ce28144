"""RSS and Atom feeds: each new entry's page (or its summary) as an Article; ids seen kept."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from qa_bot.config import Settings
from qa_bot.errors import FetchError, QaBotError, UnreadableSourceError
from qa_bot.ingest.html_pages import html_fallback
from qa_bot.ingest.records import Skipped, clean_text, make_article
from qa_bot.ingest.web import check_url, fetch, fetch_page
from qa_bot.types import Article

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedResult:
    """What one read of a feed brought: new articles, the entry ids they came from, problems.

    ``seen`` holds the ids of the entries that gave an article this time; pass
    ``seen | earlier`` next time so only new entries are fetched. Entries that failed, or were
    left over the cap, are not in it: the next run tries them again.
    """

    title: str
    articles: tuple[Article, ...]
    seen: frozenset[str]
    skipped: tuple[Skipped, ...]
    entries: int = 0  # entries in the feed, old and new


def entry_id(entry: Any) -> str | None:
    """An entry's identity: its id (guid), else its link, else its title."""
    for key in ("id", "link", "title"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _entry_text(entry: Any) -> str:
    """The longest of an entry's content blocks and its summary, as plain text."""
    candidates = [part.get("value", "") for part in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = max((c for c in candidates if isinstance(c, str)), key=len, default="")
    return clean_text(html_fallback(best)[1]) if "<" in best else clean_text(best)


def _entry_article(entry: Any, feed_url: str, key: str, settings: Settings) -> Article:
    link = entry.get("link") if isinstance(entry.get("link"), str) else None
    title = clean_text(entry.get("title") or "") or key[:200]
    date = entry.get("published") or entry.get("updated")
    date = date if isinstance(date, str) else None
    if link:
        try:
            article = fetch_page(check_url(link), settings)
            return make_article(title, article.text, link, link, article.date or date)
        except QaBotError as exc:
            logger.info("entry %s: page unreadable (%s); using its summary", link, exc)
    text = _entry_text(entry)
    if not text:
        raise UnreadableSourceError("entry has neither a readable page nor a summary")
    body = text if text.startswith(title) else f"{title}\n\n{text}"
    return make_article(title, body, link or f"{feed_url}#{key}", link, date)


def parse_feed(data: bytes) -> Any:
    """Parse RSS/Atom bytes with feedparser (which never fetches anything itself here).

    Raises:
        UnreadableSourceError: the bytes are not a feed.
    """
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no RSS or Atom entries"
        raise UnreadableSourceError(f"not a feed ({reason})")
    return parsed


def read_feed(url: str, settings: Settings, seen: frozenset[str] = frozenset()) -> FeedResult:
    """Read a feed's entries not in ``seen`` (at most web.max_feed_entries of them).

    Each entry's page is fetched; its summary/content stands in when there is no link or the
    page fails. A failing entry is skipped and reported; the others are kept.

    Raises:
        FetchError: the feed itself cannot be fetched.
        UnreadableSourceError: it is not an RSS/Atom feed.
    """
    parsed = parse_feed(fetch(url, settings).body)
    cap = settings.web.max_feed_entries
    new = [(entry_id(e), e) for e in parsed.entries if entry_id(e) not in seen]
    skipped = [Skipped(url, "an entry without id, link or title") for key, _ in new if not key]
    todo = [(key, entry) for key, entry in new if key]
    if len(todo) > cap:
        skipped.append(
            Skipped(url, f"{len(todo)} new entries; read the first {cap} (the rest next time)")
        )
    articles: list[Article] = []
    done: set[str] = set()
    for key, entry in todo[:cap]:
        try:
            articles.append(_entry_article(entry, url, key, settings))
            done.add(key)
        except (FetchError, UnreadableSourceError) as exc:
            skipped.append(Skipped(entry.get("link") or f"{url}#{key}", str(exc)))
    title = clean_text(parsed.feed.get("title") or "") or url
    return FeedResult(title, tuple(articles), frozenset(done), tuple(skipped), len(parsed.entries))
