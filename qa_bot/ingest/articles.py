"""Read files and folders of articles into Article records (txt, md, html, json, jsonl)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from qa_bot.types import Article

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json", ".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
MAX_FILE_BYTES = 50 * 1024 * 1024
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Skipped:
    """A file (or a record in it) that could not be read, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class ReadResult:
    """Articles read from some paths plus what was skipped."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    duplicates: int = 0


class _Unreadable(Exception):
    """Internal: one file cannot be turned into an article."""


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


def _storable(value: str | None) -> str | None:
    """Make metadata encodable as UTF-8: a non-UTF-8 file name or a lone surrogate in JSON."""
    if value is None:
        return None
    with contextlib.suppress(UnicodeEncodeError):  # bytes os.fsdecode could not decode
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _SURROGATE.sub("\ufffd", value)


def make_article(
    title: str, text: str, path: str, url: str | None = None, date: str | None = None
) -> Article:
    """Build an Article whose id is derived from its content."""
    title = clean_text(title).replace("\n", " ")
    text = clean_text(text)
    digest = content_hash(title, text)
    return Article(
        id=digest[:16],
        title=title,
        text=text,
        path=str(_storable(path)),
        content_hash=digest,
        url=_storable(url),
        date=_storable(date),
    )


def _decode(data: bytes) -> str:
    """Decode bytes as UTF-8 (or UTF-16 with a BOM); refuse binary data."""
    if not data.strip():
        raise _Unreadable("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _Unreadable(f"invalid UTF-16: {exc.reason}") from exc
    sample = data[:8192]
    if sample.count(b"\x00") > len(sample) // 10:
        raise _Unreadable("binary file (many NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Unreadable(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _title_from_text(text: str, fallback: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return fallback


def _read_text(path: Path, text: str) -> list[Article]:
    text = clean_text(text)
    if not text:
        raise _Unreadable("no text")
    return [make_article(_title_from_text(text, path.stem), text, str(path))]


class _PlainText(HTMLParser):
    """Visible text of an HTML page, tag by tag (no tree, so any nesting depth works)."""

    _HIDDEN = frozenset({"script", "style", "noscript", "template", "svg"})
    _BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden.append(tag)
        self._in_title = tag == "title"
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._hidden:
            del self._hidden[len(self._hidden) - 1 - self._hidden[::-1].index(tag) :]
        self._in_title = False
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def _html_fallback(text: str) -> tuple[str, str]:
    """(title, body) by plain tag stripping, for pages trafilatura cannot parse."""
    parser = _PlainText()
    parser.feed(text)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return " ".join("".join(parser.title).split()), "\n".join(line for line in lines if line)


def _read_html(path: Path, text: str) -> list[Article]:
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    except Exception:  # a parser failure: fall back to plain tag stripping
        logger.info("trafilatura failed on %s", path, exc_info=True)
        extracted = None
    data: dict[str, Any] = {}
    if extracted is not None:
        data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = clean_text(data.get("text") or "")
    title = clean_text(data.get("title") or "")
    if not body:
        # lxml stops at 256 levels of nesting, so deep pages come back empty.
        title, body = (clean_text(part) for part in _html_fallback(text))
    if not body:
        raise _Unreadable("no main text found in HTML")
    title = title or path.stem
    if not body.startswith(title):
        body = f"{title}\n\n{body}"
    return [make_article(title, body, str(path), data.get("url"), data.get("date"))]


def _record_to_article(record: Any, path: Path, where: str) -> Article:
    if not isinstance(record, dict):
        raise _Unreadable(f"{where}: expected an object with 'title' and 'text'")
    text = record.get("text")
    if not isinstance(text, str) or not clean_text(text):
        raise _Unreadable(f"{where}: missing or empty 'text'")
    title = record.get("title")
    title = title if isinstance(title, str) and title.strip() else path.stem
    body = clean_text(text)
    if not body.startswith(clean_text(title)):
        body = f"{clean_text(title)}\n\n{body}"
    url = record.get("url") if isinstance(record.get("url"), str) else None
    date = record.get("date") if isinstance(record.get("date"), str) else None
    return make_article(title, body, str(path), url, date)


def _json_error(exc: Exception) -> str:
    # A RecursionError from json.loads means nesting deeper than ~1000 levels.
    return "bad JSON: nested too deeply" if isinstance(exc, RecursionError) else f"bad JSON: {exc}"


def _read_json_records(path: Path, text: str) -> tuple[list[Article], list[Skipped]]:
    records: list[tuple[str, Any]] = []
    if path.suffix.lower() == ".jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((f"line {number}", json.loads(line)))
            except (json.JSONDecodeError, RecursionError) as exc:
                records.append(
                    (f"line {number}", _Unreadable(f"line {number}: {_json_error(exc)}"))
                )
    else:
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise _Unreadable(_json_error(exc)) from exc
        items = data if isinstance(data, list) else [data]
        records = [(f"record {i}", item) for i, item in enumerate(items)]
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for where, record in records:
        try:
            if isinstance(record, _Unreadable):
                raise record
            articles.append(_record_to_article(record, path, where))
        except _Unreadable as exc:
            skipped.append(Skipped(str(path), str(exc)))
    if not articles and not skipped:
        raise _Unreadable("no records")
    return articles, skipped


def read_file(path: Path) -> tuple[list[Article], list[Skipped]]:
    """Read one file into articles; problems are returned as Skipped, never raised."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise _Unreadable("cannot read: not a regular file")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise _Unreadable(f"file too large ({size} bytes > {MAX_FILE_BYTES})")
        text = _decode(path.read_bytes())
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            return _read_html(path, text), []
        if suffix in JSON_SUFFIXES:
            return _read_json_records(path, text)
        return _read_text(path, text), []
    except _Unreadable as exc:
        return [], [Skipped(str(path), str(exc))]
    except OSError as exc:
        return [], [Skipped(str(path), f"cannot read: {exc.strerror or exc}")]
    except Exception as exc:  # a parser bug must not stop the batch
        logger.warning("unexpected error reading %s", path, exc_info=True)
        return [], [Skipped(str(path), f"unexpected error: {type(exc).__name__}: {exc}")]


def iter_files(paths: Sequence[Path]) -> Iterator[Path | Skipped]:
    """Yield supported files under the given paths (sorted), or Skipped for bad paths."""
    for root in paths:
        if not root.exists():
            yield Skipped(str(root), "no such file or directory")
        elif root.is_file():
            yield root
        else:
            yield from _walk(root)


def _walk(root: Path) -> Iterator[Path | Skipped]:
    seen_dirs: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=errors.append):
        try:
            stat = Path(dirpath).stat()
        except OSError as exc:
            yield Skipped(dirpath, f"cannot read: {exc.strerror or exc}")
            dirnames[:] = []
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:
            yield Skipped(dirpath, "symlink loop (folder already visited)")
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            file_path = Path(dirpath) / name
            if file_path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield file_path
    for error in errors:
        yield Skipped(str(error.filename), f"cannot read: {error.strerror or error}")


def read_paths(paths: Iterable[Path]) -> ReadResult:
    """Read every supported file under the paths; skip and report the unreadable ones."""
    by_hash: dict[str, Article] = {}
    skipped: list[Skipped] = []
    duplicates = 0
    for item in iter_files(list(paths)):
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        articles, problems = read_file(item)
        skipped.extend(problems)
        for article in articles:
            if article.content_hash in by_hash:
                duplicates += 1
                logger.info(
                    "%s duplicates %s; stored once",
                    article.path,
                    by_hash[article.content_hash].path,
                )
                continue
            by_hash[article.content_hash] = article
    return ReadResult(tuple(by_hash.values()), tuple(skipped), duplicates)
