"""Word (.docx) into an Article with python-docx: paragraphs, headings and tables, in order."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from qa_bot.errors import UnreadableSourceError
from qa_bot.ingest.records import clean_text, make_article, title_from_text
from qa_bot.types import Article

if TYPE_CHECKING:
    from docx.document import Document

MAX_UNCOMPRESSED_BYTES = 200_000_000  # all parts together, as the zip directory declares them
MAX_RATIO = 200  # uncompressed / compressed of one large part; real documents stay far below
MAX_MEMBERS = 10_000
_RATIO_FROM_BYTES = 1_000_000  # small parts compress well legitimately (styles, fonts tables)


def check_zip(data: bytes) -> None:
    """Refuse a zip that is not one, or would expand too far (a decompression bomb).

    zipfile never returns more than a member's declared size, so checking declared sizes
    bounds what reading can take.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableSourceError(f"not a DOCX file (not a zip archive: {exc})") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnreadableSourceError(f"DOCX has {len(members)} parts (limit {MAX_MEMBERS})")
        total = sum(member.file_size for member in members)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UnreadableSourceError(
                f"DOCX expands to {total} bytes (limit {MAX_UNCOMPRESSED_BYTES}): "
                "a decompression bomb?"
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > _RATIO_FROM_BYTES and ratio > MAX_RATIO:
                raise UnreadableSourceError(
                    f"DOCX part {member.filename} expands {ratio:.0f}-fold "
                    f"(limit {MAX_RATIO}): a decompression bomb?"
                )
        if "word/document.xml" not in archive.namelist():
            raise UnreadableSourceError("not a DOCX file (no word/document.xml in the zip)")


EMPTY_CELL = "-"  # as the Markdown reader writes it, so that the columns line up


def _row_line(cells: Sequence[Any]) -> str:
    """A table row as its cells joined by " | ", one per grid column.

    A merged cell repeats in every grid column it spans: its text stands once, and the columns
    it also covers read as empty ("-"), as an empty cell does; a row of nothing is "".
    """
    texts: list[str] = []
    seen: set[int] = set()
    for cell in cells:
        first = id(cell._tc) not in seen  # noqa: SLF001 - python-docx's cell identity
        seen.add(id(cell._tc))  # noqa: SLF001
        text = " ".join(cell.text.split()) if first else ""
        texts.append(text or EMPTY_CELL)
    return " | ".join(texts) if any(t != EMPTY_CELL for t in texts) else ""


def _blocks(document: Document) -> tuple[list[str], str]:
    """Paragraph and table texts in document order, and the first heading or Title."""
    from docx.table import Table

    blocks: list[str] = []
    heading = ""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                line = _row_line(row.cells)
                if line:
                    blocks.append(line)
            continue
        text = block.text.strip()
        style = block.style.name if block.style is not None else ""
        if text and not heading and (style == "Title" or style.startswith("Heading")):
            heading = text
        if text:
            blocks.append(text)
    return blocks, heading


def read_docx(data: bytes, path: str, fallback_title: str, url: str | None = None) -> Article:
    """The text of a .docx file as one Article (title from its properties or first heading).

    Raises:
        UnreadableSourceError: not a zip/DOCX, a decompression bomb, broken, or no text.
    """
    check_zip(data)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks, heading = _blocks(document)
        properties = document.core_properties
        title = clean_text(properties.title or "") or heading
        date = properties.created.isoformat() if properties.created else None
    except Exception as exc:  # zipfile's, lxml's and python-docx's errors alike
        raise UnreadableSourceError(f"broken DOCX ({type(exc).__name__}: {exc})") from exc
    text = clean_text("\n\n".join(blocks))
    if not text:
        raise UnreadableSourceError("DOCX has no text")
    title = title or title_from_text(text, fallback_title)
    if not text.startswith(title):
        text = f"{title}\n\n{text}"
    return make_article(title, text, path, url, date)
