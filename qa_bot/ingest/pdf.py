"""PDF into an Article with pypdf: the text layer page by page, page start offsets kept.

The text is read in pypdf's layout mode and set into paragraphs, tables and list items
(``qa_bot.ingest.pdf_layout``); a page set in two columns, or one the layout mode cannot read,
takes the plain text instead.
"""

from __future__ import annotations

import io
import logging
import re
import time
from typing import TYPE_CHECKING, Literal

from qa_bot.errors import UnreadableSourceError
from qa_bot.ingest.pdf_layout import layout_pages
from qa_bot.ingest.records import make_article, paged_text, title_from_text
from qa_bot.types import Article

if TYPE_CHECKING:
    from pypdf import PdfReader

logger = logging.getLogger(__name__)

MAX_PAGES = 5000  # a longer PDF is refused, not cut (its pages would be half indexed)
MAX_CHARS = 20_000_000  # extracted characters; a page tree of copies of one huge page stops here
MAX_STREAM_BYTES = 50_000_000  # one decompressed stream (pypdf's own cap, lowered from 75 MB)
MAX_SECONDS = 120.0  # checked between pages
# What pypdf raises on a damaged file besides its own PyPdfError.
_BROKEN = (ValueError, KeyError, TypeError, AttributeError, IndexError, NotImplementedError)


def _reader(data: bytes) -> PdfReader:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise UnreadableSourceError("not a PDF file (no %PDF- header)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableSourceError("encrypted PDF (needs a password)")
        return reader
    except (PyPdfError, RecursionError, *_BROKEN) as exc:
        raise UnreadableSourceError(f"broken PDF ({type(exc).__name__}: {exc})") from exc


def _page_texts(reader: PdfReader, mode: Literal["plain", "layout"] = "plain") -> list[str]:
    from pypdf.errors import LimitReachedError, PyPdfError

    began = time.monotonic()
    try:
        count = len(reader.pages)
    except (PyPdfError, RecursionError, *_BROKEN) as exc:
        raise UnreadableSourceError(f"broken PDF page tree ({type(exc).__name__}: {exc})") from exc
    if count > MAX_PAGES:
        raise UnreadableSourceError(f"PDF has {count} pages (limit {MAX_PAGES})")
    texts: list[str] = []
    total = 0
    for number in range(1, count + 1):
        try:
            text = reader.pages[number - 1].extract_text(extraction_mode=mode) or ""
        except LimitReachedError as exc:
            raise UnreadableSourceError(f"PDF page {number} exceeds a size limit ({exc})") from exc
        except (PyPdfError, RecursionError, *_BROKEN):
            logger.info("page %d: no text extracted", number, exc_info=True)
            text = ""
        total += len(text)
        if total > MAX_CHARS:
            raise UnreadableSourceError(f"PDF text longer than {MAX_CHARS} characters")
        if time.monotonic() - began > MAX_SECONDS:
            raise UnreadableSourceError(f"PDF text extraction took over {MAX_SECONDS:.0f} s")
        texts.append(text)
    return texts


def _laid_out(reader: PdfReader) -> list[str]:
    """The pages as paragraphs from the layout mode, else (two columns, an error) plain text."""
    try:
        laid = layout_pages(_page_texts(reader, "layout"))
    except UnreadableSourceError:
        raise
    except Exception:  # the layout mode fails where plain text may not  # noqa: BLE001
        logger.info("layout extraction failed; reading the plain text", exc_info=True)
        laid = None
    return laid if laid is not None else _page_texts(reader)


def _title_line(first_page: str, title: str) -> str:
    """The page with its opening title on one line when the title wraps over two or more."""
    words = title.split()
    opening = re.match(r"\s*" + r"\s+".join(map(re.escape, words)) + r"(?!\S)", first_page)
    return title + first_page[opening.end() :] if words and opening else first_page


def _metadata_title(reader: PdfReader) -> str:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # broken metadata must not cost the text
        return ""
    return title.strip() if isinstance(title, str) else ""


def read_pdf(data: bytes, path: str, fallback_title: str, url: str | None = None) -> Article:
    """The text layer of a PDF as one Article whose ``pages`` hold each page's start offset.

    Raises:
        UnreadableSourceError: not a PDF, broken, encrypted, over a limit, or no text layer.
    """
    from pypdf import apply_configuration

    with apply_configuration(
        zlib_maximum_output_length=MAX_STREAM_BYTES,
        stream_decoding_work_maximum_length=4 * MAX_STREAM_BYTES,
    ):
        reader = _reader(data)
        texts = _laid_out(reader)
        title = _metadata_title(reader)
    text, pages = paged_text(texts)
    if not text:
        raise UnreadableSourceError("PDF has no text layer (scanned? OCR is not supported)")
    if title and texts:
        texts[0] = _title_line(texts[0], title)
        text, pages = paged_text(texts)
    if title and not text.startswith(title):
        text, pages = paged_text(texts, heading=title)
    title = title or title_from_text(text, fallback_title)
    return make_article(title, text, path, url, pages=pages)
