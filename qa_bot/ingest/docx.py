"""Word (.docx) into an Article with python-docx: paragraphs, headings and tables, in order."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

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


def _blocks(document: Document) -> tuple[list[str], str]:
    """Paragraph and table texts in document order, and the first heading or Title."""
    from docx.table import Table

    blocks: list[str] = []
    heading = ""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                # A merged cell repeats in every grid column it spans: keep it once.
                line = " | ".join(cell for cell in dict.fromkeys(cells) if cell)
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
