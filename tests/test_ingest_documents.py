"""PDF and DOCX files: text, titles, pages, and bad input skipped with a reason in bounded time."""

import io
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from documents import page_stream, pdf_bytes, text_pdf, write_docx
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from qa_bot.ingest import docx as docx_reader
from qa_bot.ingest import pdf as pdf_reader
from qa_bot.ingest.articles import read_file, read_paths
from qa_bot.ingest.records import page_of, paged_text


def _reasons(result) -> dict[str, str]:
    return {Path(s.path).name: s.reason for s in result.skipped}


def test_a_folder_with_pdf_docx_and_other_types(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(
        text_pdf(["Rivers of the north.", "", "The bridge was built in 1901."], title="Bridges")
    )
    write_docx(
        tmp_path / "market.docx",
        "Night market",
        ["Stalls open at dusk."],
        [["Stall", "Owner"], ["Noodles", "Mr Tan"]],
    )
    (tmp_path / "readings.dat").write_bytes(b"\x01\x02")
    (tmp_path / "LICENSE").write_text("MIT")
    (tmp_path / "notes.txt").write_text("Notes\n\nPlain text still works.")
    result = read_paths([tmp_path])
    by_title = {a.title: a for a in result.articles}
    assert set(by_title) == {"Bridges", "Night market", "Notes"}
    pdf = by_title["Bridges"]
    assert pdf.text.startswith("Bridges\n\nRivers of the north.")
    assert page_of(pdf, pdf.text.index("bridge was built")) == 3
    assert page_of(pdf, pdf.text.index("Rivers")) == 1
    docx = by_title["Night market"]
    assert "Stalls open at dusk." in docx.text and "Noodles | Mr Tan" in docx.text
    assert page_of(docx, 0) is None
    assert _reasons(result) == {
        "readings.dat": "unsupported type .dat",
        "LICENSE": "unsupported type (no extension)",
    }


def test_paged_text_offsets_point_into_the_clean_text() -> None:
    text, pages = paged_text([" one \r\n two ", "", "\x00three", "  "], heading="Head")
    assert text == "Head\n\none \n two\n\nthree"
    assert page_of(pages, text.index("one")) == 1
    assert page_of(pages, text.index("three")) == 3
    assert page_of(pages, 0) == 1 and page_of((), 5) is None


def test_a_pdf_without_text_layer_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(pdf_bytes([b"0 0 m 100 100 l S", b"q Q"]))
    assert _reasons(read_paths([tmp_path])) == {
        "scan.pdf": "PDF has no text layer (scanned? OCR is not supported)"
    }


def test_files_whose_extension_lies_are_skipped_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "text.pdf").write_text("Just some text, not a PDF at all.")
    (tmp_path / "text.docx").write_text("Just some text, not a Word file.")
    (tmp_path / "pdf.docx").write_bytes(text_pdf(["A PDF in disguise."]))
    (tmp_path / "zip.docx").write_bytes(_zip({"hello.txt": b"hi"}))
    (tmp_path / "truncated.pdf").write_bytes(text_pdf(["Cut short."])[:200])
    (tmp_path / "good.txt").write_text("Good\n\nStill indexed.")
    result = read_paths([tmp_path])
    assert [a.title for a in result.articles] == ["Good"]
    reasons = _reasons(result)
    assert reasons["text.pdf"] == "not a PDF file (no %PDF- header)"
    assert reasons["text.docx"].startswith("not a DOCX file (not a zip archive")
    assert reasons["pdf.docx"].startswith("not a DOCX file (not a zip archive")
    assert reasons["zip.docx"] == "not a DOCX file (no word/document.xml in the zip)"
    assert reasons["truncated.pdf"]  # broken or no text: skipped, said why


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.timeout(60)
def test_a_docx_decompression_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    bomb = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b" " * 100_000_000})
    assert len(bomb) < 1_000_000
    (tmp_path / "bomb.docx").write_bytes(bomb)
    began = time.perf_counter()
    articles, skipped = read_file(tmp_path / "bomb.docx")
    assert not articles and "decompression bomb" in skipped[0].reason
    assert time.perf_counter() - began < 5


@pytest.mark.timeout(120)
def test_a_pdf_decompression_bomb_is_refused(tmp_path: Path) -> None:
    compressor = zlib.compressobj(9)
    stream = b"BT /F1 10 Tf (x) Tj ET " + b" " * 1_000_000
    deflated = b"".join(compressor.compress(stream) for _ in range(200)) + compressor.flush()
    # 200 MB of content stream, about 200 kB on disk
    page = (
        f"<< /Length {len(deflated)} /Filter /FlateDecode >>".encode()
        + b"\nstream\n"
        + deflated
        + b"\nendstream"
    )
    data = pdf_bytes([b"placeholder"], compress=False).replace(
        b"<< /Length 11 >>\nstream\nplaceholder\nendstream", page
    )
    (tmp_path / "bomb.pdf").write_bytes(data)
    began = time.perf_counter()
    articles, skipped = read_file(tmp_path / "bomb.pdf")
    assert not articles and "limit" in skipped[0].reason, skipped
    assert time.perf_counter() - began < 60


def test_a_pdf_with_too_many_pages_is_refused(tmp_path: Path) -> None:
    data = pdf_bytes([page_stream("Same page.")], kids_repeat=pdf_reader.MAX_PAGES + 1)
    (tmp_path / "pages.pdf").write_bytes(data)
    articles, skipped = read_file(tmp_path / "pages.pdf")
    assert not articles and "pages" in skipped[0].reason and "limit" in skipped[0].reason


@pytest.mark.timeout(30)
def test_a_2_gb_file_is_refused_before_reading(tmp_path: Path) -> None:
    for name in ("huge.pdf", "huge.docx", "huge.txt"):
        with (tmp_path / name).open("wb") as handle:
            handle.truncate(2 * 1024**3)  # sparse: no disk used
    (tmp_path / "good.md").write_text("# Good\n\nKept.")
    began = time.perf_counter()
    result = read_paths([tmp_path])
    assert [a.title for a in result.articles] == ["Good"]
    assert all(r.startswith("file too large") for r in _reasons(result).values())
    assert len(result.skipped) == 3 and time.perf_counter() - began < 10


def test_docx_limits_are_checked_on_declared_sizes(monkeypatch, tmp_path: Path) -> None:
    path = write_docx(tmp_path / "a.docx", "Title", ["Para " * 50], [])
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 1000)
    articles, skipped = read_file(path)
    assert not articles and "limit 1000" in skipped[0].reason


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(st.text(max_size=80), min_size=1, max_size=4),
    cut=st.integers(0, 4000),
    flip=st.integers(0, 4000),
)
@example(texts=["0", "", ""], cut=1211, flip=471)  # a damaged page object: 2 pages of 3 read
def test_any_pdf_bytes_are_read_or_skipped_never_raised(tmp_path, texts, cut, flip) -> None:
    data = bytearray(text_pdf(texts))
    damaged = flip < len(data) or cut < len(data)
    if flip < len(data):
        data[flip] ^= 0xFF  # one damaged byte anywhere
    path = tmp_path / "fuzz.pdf"
    path.write_bytes(bytes(data[: max(cut, 9)] if cut < len(data) else data))
    articles, skipped = read_file(path)
    assert len(articles) + len(skipped) == 1
    for article in articles:
        # a damaged file may lose a page that pypdf cannot find; an intact one keeps them all
        assert article.text and 1 <= len(article.pages) <= len(texts)
        assert damaged or len(article.pages) == len(texts)
        assert list(article.pages) == sorted(article.pages)
        assert all(0 <= start <= len(article.text) for start in article.pages)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    paragraphs=st.lists(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60), max_size=4
    ),
    noise=st.binary(max_size=300),
    mode=st.sampled_from(["docx", "noise", "damaged"]),
)
def test_any_docx_bytes_are_read_or_skipped_never_raised(tmp_path, paragraphs, noise, mode):
    path = tmp_path / "fuzz.docx"
    if mode == "noise":
        path.write_bytes(noise)
    else:
        write_docx(path, "Fuzz", paragraphs, [["a", "b"]])
        if mode == "damaged":
            data = bytearray(path.read_bytes())
            for i, byte in enumerate(noise[:50]):
                data[(i * 997 + byte) % len(data)] ^= byte or 1
            path.write_bytes(bytes(data))
    articles, skipped = read_file(path)
    assert len(articles) + len(skipped) == 1
    if mode == "docx":
        (article,) = articles
        assert article.title == "Fuzz" and "a | b" in article.text


def test_a_docx_tables_merged_and_empty_cells_keep_the_columns_in_line(tmp_path: Path) -> None:
    import docx

    from qa_bot.ingest.articles import read_file

    document = docx.Document()
    document.add_heading("Recall", level=0)
    grid = document.add_table(rows=3, cols=4)
    for cell, value in zip(grid.rows[0].cells, ["Model", "Size", "Sold", "Units"], strict=True):
        cell.text = value
    for cell, value in zip(grid.rows[1].cells, ["PC-600", "6 l", "", "48,900"], strict=True):
        cell.text = value
    merged = grid.cell(2, 0).merge(grid.cell(2, 2))
    merged.text = "Total"
    grid.cell(2, 3).text = "87,000"
    path = tmp_path / "recall.docx"
    document.save(str(path))
    (article,), skipped = read_file(path)
    assert not skipped
    rows = [line.split(" | ") for line in article.text.splitlines() if " | " in line]
    assert rows == [["Model", "Size", "Sold", "Units"], ["PC-600", "6 l", "-", "48,900"],
                    ["Total", "-", "-", "87,000"]]  # fmt: skip
