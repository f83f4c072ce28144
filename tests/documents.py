"""Tiny writers of test documents: text PDFs by hand (no PDF library needed) and .docx files."""

from __future__ import annotations

import textwrap
import zlib
from pathlib import Path


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def page_stream(text: str, width: int = 90) -> bytes:
    """A content stream that shows the text in Helvetica, one wrapped line under another."""
    lines = [piece for para in text.split("\n") for piece in textwrap.wrap(para, width) or [""]]
    shown = " T* ".join(f"({_escape(line)}) Tj" for line in lines)
    return f"BT /F1 10 Tf 14 TL 50 780 Td {shown} ET".encode("latin-1", "replace")


def pdf_bytes(
    pages: list[bytes],
    title: str | None = None,
    compress: bool = True,
    kids_repeat: int = 1,
) -> bytes:
    """A valid PDF with one page per content stream (``kids_repeat`` lists every page n times)."""
    count = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(count) for _ in range(kids_repeat))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count * kids_repeat} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for number, stream in enumerate(pages):
        content = 5 + 2 * number
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>".encode()
        )
        data = zlib.compress(stream) if compress else stream
        header = f"<< /Length {len(data)}{' /Filter /FlateDecode' if compress else ''} >>"
        objects.append(header.encode() + b"\nstream\n" + data + b"\nendstream")
    info = ""
    if title is not None:
        objects.append(f"<< /Title ({_escape(title)}) >>".encode())
        info = f" /Info {len(objects)} 0 R"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def text_pdf(texts: list[str], title: str | None = None) -> bytes:
    """A PDF whose page i shows texts[i]."""
    return pdf_bytes([page_stream(text) for text in texts], title=title)


def write_docx(path: Path, title: str, paragraphs: list[str], table: list[list[str]]) -> Path:
    """A .docx with a Title, a heading, paragraphs and a table, written by python-docx."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=0)
    document.add_heading("Details", level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    document.save(str(path))
    return path
