"""PDF pages reach the answer's source (store, render, Telegram); the real CLI over PDF/DOCX/URL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from documents import text_pdf, write_docx
from web_server import PAGE, web_server

from qa_bot.fronts.render import render_text, to_json
from qa_bot.fronts.telegram.format import answer_message, plain_text
from qa_bot.index.build import build_index
from qa_bot.index.loading import load_index
from qa_bot.ingest.articles import read_paths
from qa_bot.types import Answer, Source

REPO = Path(__file__).resolve().parent.parent
PAGES = [
    "Harbour history. The old port was dredged in 1850 and the fish market moved inland.",
    "The Harbour Bridge was built in 1901 by the engineer Anna Berg. It is 300 metres long.",
    "Today the bridge carries trams and bicycles across the water.",
]


def _answer(source: Source) -> Answer:
    sentence = "The Harbour Bridge was built in 1901 by the engineer Anna Berg."
    return Answer("Who built it?", "Anna Berg", 0.9, sentence, source, 10, 19)


def test_the_page_shows_in_every_front() -> None:
    source = Source("a1", "Harbour history", "docs/harbour.pdf", None, None, page=2)
    answer = _answer(source)
    assert "Harbour history, p. 2 (docs/harbour.pdf)" in render_text(answer)
    assert to_json(answer)["source"]["page"] == 2
    assert plain_text(answer_message(answer)).endswith("Source: Harbour history, p. 2")
    no_page = _answer(replace(source, page=None))
    assert "p. " not in render_text(no_page) and "p. " not in plain_text(answer_message(no_page))


def test_page_offsets_survive_the_index(tmp_path: Path, settings, fake_embedder) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "harbour.pdf").write_bytes(text_pdf(PAGES))
    (tmp_path / "docs" / "note.txt").write_text("Note\n\nNo pages here.")
    articles = read_paths([tmp_path / "docs"]).articles
    build_index(articles, tmp_path / "index", settings, fake_embedder)
    loaded = load_index(tmp_path / "index", settings, fake_embedder.dimension)
    try:
        pdf = next(a for a in articles if a.pages)
        assert loaded.table.articles[pdf.id].pages == pdf.pages
        assert [a.pages for a in loaded.table.iter_articles() if a.id == pdf.id] == [pdf.pages]
        note = next(a for a in articles if not a.pages)
        assert loaded.table.articles[note.id].pages == ()
    finally:
        loaded.table.close()


def _qa_bot(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    return subprocess.run(
        [sys.executable, "-m", "qa_bot", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=600,
    )


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_cli_indexes_pdf_docx_and_a_page_and_answers_with_the_page(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "harbour.pdf").write_bytes(text_pdf(PAGES, title="Harbour history"))
    write_docx(
        folder / "market.docx",
        "Night market",
        ["The night market opens at dusk on Harbour Street."],
        [["Stall", "Owner"], ["Noodles", "Mr Tan"]],
    )
    (folder / "readings.dat").write_bytes(b"\x00\x01 sensor readings")
    index_dir = tmp_path / "index"
    with web_server() as server:
        server.body("/page.html", PAGE.replace("Mr Tan", "Mrs Okafor"))
        run = _qa_bot("index", "--index-dir", str(index_dir), str(folder))
        assert run.returncode == 0, run.stderr
        assert "indexed 2 articles" in run.stdout, run.stdout
        assert f"{folder / 'readings.dat'}: unsupported type .dat" in run.stderr
        page_url = f"{server.url}/page.html"
        run = _qa_bot("index", "--index-dir", str(index_dir), page_url, f"{server.url}/nope")
        assert run.returncode == 0, run.stderr
        assert "indexed 3 articles" in run.stdout, (run.stdout, run.stderr)
        assert "nope" in run.stderr and "404" in run.stderr and "Traceback" not in run.stderr
    ask = _qa_bot("ask", "--json", "--index-dir", str(index_dir), "Who built the Harbour Bridge?")
    assert ask.returncode == 0, ask.stderr
    data = json.loads(ask.stdout)
    assert data["answer"] and "Anna Berg" in data["answer"], data
    assert data["source"]["title"] == "Harbour history" and data["source"]["page"] == 2
    shown = _qa_bot("ask", "--index-dir", str(index_dir), "Who built the Harbour Bridge?")
    assert "Harbour history, p. 2" in shown.stdout, shown.stdout
    web = _qa_bot("ask", "--json", "--index-dir", str(index_dir), "Who runs the noodle stall?")
    data = json.loads(web.stdout)
    assert data["answer"] and "Okafor" in data["answer"], data
    assert data["source"]["url"] == page_url and data["source"]["page"] is None
