"""`qa-bot index SOURCE`, `qa-bot index`, `qa-bot articles`, `qa-bot remove` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def qa_bot(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    return subprocess.run(
        [sys.executable, "-m", "qa_bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=600,
    )


def _write(folder: Path, name: str, title: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"{title}\n\n{body}", encoding="utf-8")


def _titles(index_dir: Path) -> dict[str, dict[str, object]]:
    run = qa_bot("articles", "--json", "--index-dir", str(index_dir))
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    return {row["title"]: row for row in rows}


@pytest.mark.slow
def test_sources_are_remembered_refreshed_listed_and_removed(tmp_path: Path) -> None:
    folder, index_dir = tmp_path / "notes", tmp_path / "index"
    _write(folder, "harbour.txt", "Harbour", "The harbour master is Ana Lopes. Ferries leave at 6.")
    _write(folder, "bakery.md", "Bakery", "The bakery on Main Street opens at 7 in the morning.")
    # relative path, run from tmp_path: remembered as an absolute one
    first = qa_bot("index", "-q", "--index-dir", str(index_dir), "notes", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "indexed 2 articles" in first.stdout and "1 sources" in first.stdout
    sources = json.loads((index_dir / "sources.json").read_text())["sources"]
    assert sources == [{"kind": "path", "location": str(folder)}]

    _write(folder, "market.txt", "Night market", "The night market opens at dusk on Fridays.")
    (folder / "bakery.md").unlink()
    refresh = qa_bot("index", "-q", "--index-dir", str(index_dir))  # from another folder
    assert refresh.returncode == 0, refresh.stderr
    assert "1 embedded" in refresh.stdout and "1 removed" in refresh.stdout
    rows = _titles(index_dir)
    assert set(rows) == {"Harbour", "Night market"}
    assert rows["Night market"]["source"] == str(folder / "market.txt")
    assert int(rows["Harbour"]["passages"]) >= 1  # type: ignore[call-overload]

    unknown = qa_bot("remove", "--index-dir", str(index_dir), "no-such-article")
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert "nothing in the index matches 'no-such-article'" in unknown.stderr

    article_id = str(rows["Harbour"]["id"])
    gone = qa_bot("remove", "--index-dir", str(index_dir), article_id)
    assert gone.returncode == 0, gone.stderr
    assert "removed the article" in gone.stdout and "'Harbour'" in gone.stdout
    again = qa_bot("index", "-q", "--index-dir", str(index_dir))
    assert again.returncode == 0, again.stderr
    assert set(_titles(index_dir)) == {"Night market"}  # a removed article stays removed
    ask = qa_bot("ask", "--json", "--index-dir", str(index_dir), "When does the night market open?")
    assert ask.returncode == 0, ask.stderr
    assert json.loads(ask.stdout)["source"]["title"] == "Night market"


@pytest.mark.slow
def test_pages_and_feeds_are_remembered_and_a_refresh_reads_only_new_entries(
    tmp_path: Path,
) -> None:
    from web_server import PAGE, rss, web_server

    index_dir = tmp_path / "index"
    entry = "<p>The {0} opened in {1}. The {0} is run by the town council of Pellworm.</p>"
    first = {"guid": "e1", "link": "http://x/e1", "title": "Ferry", "description": "x"}
    first["description"] = entry.format("ferry line", 1931).replace("<", "&lt;")
    with web_server() as web:
        web.body("/page", PAGE)
        web.body("/feed", rss([first]), "application/rss+xml")
        run = qa_bot(
            "index", "-q", "--index-dir", str(index_dir), f"{web.url}/page",
            "--feed", f"{web.url}/feed",
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        assert "indexed 2 articles" in run.stdout and "2 sources" in run.stdout
        second = {**first, "guid": "e2", "link": "http://x/e2", "title": "Museum"}
        second["description"] = entry.format("museum", 1988).replace("<", "&lt;")
        web.body("/feed", rss([second, first]), "application/rss+xml")
        refresh = qa_bot("index", "-q", "--index-dir", str(index_dir))
        assert refresh.returncode == 0, refresh.stderr
        assert web.hits["/page"] == 2 and web.hits["/feed"] == 2
        assert "indexed 3 articles" in refresh.stdout and "1 embedded" in refresh.stdout
    rows = _titles(index_dir)
    assert set(rows) == {"Night market", "Ferry", "Museum"}
    assert rows["Night market"]["source"] == f"{web.url}/page"
    # the web is gone: a refresh reports it and keeps every stored page and entry
    offline = qa_bot("index", "-q", "--index-dir", str(index_dir))
    assert offline.returncode == 0, offline.stderr
    assert offline.stderr.count("cannot fetch") == 2 and "indexed 3 articles" in offline.stdout
    gone = qa_bot("remove", "--index-dir", str(index_dir), f"{web.url}/feed")
    assert gone.returncode == 0 and "removed the source" in gone.stdout, gone.stderr
    assert set(_titles(index_dir)) == {"Night market"}
