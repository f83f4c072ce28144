"""Read files and folders of articles into Article records (txt, md, html, json, pdf, docx)."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from qa_bot.errors import UnreadableSourceError
from qa_bot.ingest.html_pages import html_to_article
from qa_bot.ingest.json_records import read_json_records
from qa_bot.ingest.records import (
    ReadResult,
    Skipped,
    clean_text,
    content_hash,
    decode_text,
    make_article,
    title_from_text,
)
from qa_bot.types import Article

__all__ = [
    "ReadResult",
    "Skipped",
    "clean_text",
    "content_hash",
    "iter_files",
    "make_article",
    "read_file",
    "read_paths",
]

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSON_SUFFIXES = frozenset({".json", ".jsonl"})
PDF_SUFFIXES = frozenset({".pdf"})
DOCX_SUFFIXES = frozenset({".docx"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | PDF_SUFFIXES | DOCX_SUFFIXES
MAX_FILE_BYTES = 50 * 1024 * 1024


def _read_text(path: Path, text: str) -> list[Article]:
    text = clean_text(text)
    if not text:
        raise UnreadableSourceError("no text")
    return [make_article(title_from_text(text, path.stem), text, str(path))]


def unsupported_reason(path: Path) -> str | None:
    """Why a file's type cannot be read ("unsupported type .dat"), or None when it can."""
    suffix = path.suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return None
    return f"unsupported type {suffix}" if suffix else "unsupported type (no extension)"


def _read_bytes(path: Path) -> bytes:
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
        raise UnreadableSourceError("cannot read: not a regular file")
    if info.st_size > MAX_FILE_BYTES:  # checked before reading a byte
        raise UnreadableSourceError(f"file too large ({info.st_size} bytes > {MAX_FILE_BYTES})")
    with path.open("rb") as handle:  # it may have grown since stat
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableSourceError(f"file too large (over {MAX_FILE_BYTES} bytes)")
    return data


def _read_any(path: Path) -> tuple[list[Article], list[Skipped]]:
    # A file named on its own is read as text whatever its type (folders skip unknown types).
    data = _read_bytes(path)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        from qa_bot.ingest.pdf import read_pdf

        return [read_pdf(data, str(path), path.stem)], []
    if suffix in DOCX_SUFFIXES:
        from qa_bot.ingest.docx import read_docx

        return [read_docx(data, str(path), path.stem)], []
    text = decode_text(data)
    if suffix in HTML_SUFFIXES:
        return [html_to_article(text, str(path), path.stem)], []
    if suffix in JSON_SUFFIXES:
        return read_json_records(path, text)
    if suffix in MARKDOWN_SUFFIXES:
        from qa_bot.ingest.markdown import markdown_to_text

        return _read_text(path, markdown_to_text(text)), []
    return _read_text(path, text), []


def read_file(path: Path) -> tuple[list[Article], list[Skipped]]:
    """Read one file into articles; problems are returned as Skipped, never raised."""
    try:
        return _read_any(path)
    except UnreadableSourceError as exc:
        return [], [Skipped(str(path), str(exc))]
    except OSError as exc:
        return [], [Skipped(str(path), f"cannot read: {exc.strerror or exc}")]
    except MemoryError:
        return [], [Skipped(str(path), "out of memory while reading")]
    except Exception as exc:  # a parser bug must not stop the batch
        logger.warning("unexpected error reading %s", path, exc_info=True)
        return [], [Skipped(str(path), f"unexpected error: {type(exc).__name__}: {exc}")]


def iter_files(paths: Sequence[Path]) -> Iterator[Path | Skipped]:
    """Yield readable files under the given paths (sorted); Skipped for bad paths and types."""
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
            info = Path(dirpath).stat()
        except OSError as exc:
            yield Skipped(dirpath, f"cannot read: {exc.strerror or exc}")
            dirnames[:] = []
            continue
        key = (info.st_dev, info.st_ino)
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
            reason = unsupported_reason(file_path)
            yield file_path if reason is None else Skipped(str(file_path), reason)
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
