"""What every reader shares: Article construction, text cleaning, Skipped/ReadResult, pages."""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa_bot.errors import UnreadableSourceError
from qa_bot.types import Article

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Skipped:
    """A file, URL or record that could not be read, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class ReadResult:
    """Articles read from some paths plus what was skipped."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    duplicates: int = 0


def content_hash(title: str, text: str) -> str:
    """Return the sha256 of an article's title and text (its identity)."""
    digest = hashlib.sha256()
    digest.update(title.encode("utf-8", "surrogatepass"))
    digest.update(b"\x00")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def clean_text(text: str) -> str:
    """Normalise newlines, drop NULs, other control characters and lone surrogates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


def storable(value: str | None) -> str | None:
    """Make metadata encodable as UTF-8: a non-UTF-8 file name or a lone surrogate in JSON."""
    if value is None:
        return None
    with contextlib.suppress(UnicodeEncodeError):  # bytes os.fsdecode could not decode
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _SURROGATE.sub("\ufffd", value)


def make_article(
    title: str,
    text: str,
    path: str,
    url: str | None = None,
    date: str | None = None,
    pages: Sequence[int] = (),
) -> Article:
    """Build an Article whose id is derived from its content.

    ``pages`` are offsets into ``text`` as given; the text must already be clean (see
    ``clean_text``) for them to stay true, which ``paged_text`` guarantees.
    """
    title = clean_text(title).replace("\n", " ")
    cleaned = clean_text(text)
    if pages and cleaned != text:
        raise ValueError("page offsets need a text that is already clean")
    digest = content_hash(title, cleaned)
    return Article(
        id=digest[:16],
        title=title,
        text=cleaned,
        path=str(storable(path)),
        content_hash=digest,
        url=storable(url),
        date=storable(date),
        pages=tuple(pages),
    )


def paged_text(pages: Sequence[str], heading: str = "") -> tuple[str, tuple[int, ...]]:
    """Join page texts into one clean text; return it with the offset where each page starts.

    An empty page starts where the next one does, so ``page_of`` names the page holding text.
    """
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    if heading := clean_text(heading):
        parts.append(heading)
        length = len(heading)
    for page in pages:
        body = clean_text(page)
        separator = "\n\n" if body and length else ""
        starts.append(length + len(separator))
        if body:
            parts.append(separator + body)
            length += len(separator) + len(body)
    return "".join(parts), tuple(min(start, length) for start in starts)


def page_of(article_or_pages: Article | Sequence[int], offset: int) -> int | None:
    """The page number (from 1) holding a character offset, or None for an article without pages."""
    pages = article_or_pages.pages if isinstance(article_or_pages, Article) else article_or_pages
    if not pages:
        return None
    return max(1, bisect.bisect_right(pages, offset))


def decode_text(data: bytes) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a BOM); refuse binary data."""
    if not data.strip():
        raise UnreadableSourceError("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableSourceError(f"invalid UTF-16: {exc.reason}") from exc
    sample = data[:8192]
    if sample.count(b"\x00") > len(sample) // 10:
        raise UnreadableSourceError("binary file (many NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableSourceError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def title_from_text(text: str, fallback: str) -> str:
    """The first non-blank line (without Markdown #), at most 200 characters."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return fallback
