"""The REPL switches to a rebuilt index between questions, without :reload."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from repl_helpers import repl_env, spawn_repl

from qa_bot.answering.pipeline import load_pipeline
from qa_bot.fronts.repl import Session
from qa_bot.index.library import update_library
from qa_bot.index.sources import source_of

REPO = Path(__file__).resolve().parent.parent


def _write(folder: Path, name: str, title: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"{title}\n\n{body}", encoding="utf-8")


def test_session_answers_from_the_new_generation_after_a_rebuild(
    tmp_path: Path, settings, fake_embedder
) -> None:
    folder, index_dir = tmp_path / "notes", tmp_path / "index"
    _write(folder, "harbour.txt", "Harbour", "The harbour master is Ana Lopes.")
    add = (source_of(str(folder)),)
    update_library(index_dir, settings, lambda: fake_embedder, add=add)
    session = Session(load_pipeline(settings, index_dir, embedder=fake_embedder))
    session.handle("Who is the harbour master?")
    assert session.last is not None and len(session.pipeline.index.table.articles) == 1
    _write(folder, "lighthouse.txt", "Lighthouse", "The lighthouse keeper is Tomas Berg.")
    update_library(index_dir, settings, lambda: fake_embedder)
    shown = session.handle("Who is the lighthouse keeper?")
    assert shown is not None and shown.startswith("(The index was updated: 2 articles.)")
    assert session.last is not None and session.last.source is not None
    assert session.last.source.title == "Lighthouse"
    assert session.handle("Who is the lighthouse keeper?") == shown.split("\n", 1)[1]


def test_a_damaged_new_generation_keeps_the_old_one_serving(
    tmp_path: Path, settings, fake_embedder
) -> None:
    folder, index_dir = tmp_path / "notes", tmp_path / "index"
    _write(folder, "harbour.txt", "Harbour", "The harbour master is Ana Lopes.")
    update_library(index_dir, settings, lambda: fake_embedder, add=(source_of(str(folder)),))
    session = Session(load_pipeline(settings, index_dir, embedder=fake_embedder))
    _write(folder, "lighthouse.txt", "Lighthouse", "The lighthouse keeper is Tomas Berg.")
    update_library(index_dir, settings, lambda: fake_embedder)
    current = (index_dir / "CURRENT").read_text().split()[0]
    (index_dir / current / "faiss.index").write_bytes(b"damaged")
    shown = session.handle("Who is the harbour master?")
    assert shown is not None and "updated" not in shown
    assert session.last is not None and session.last.source is not None
    assert len(session.pipeline.index.table.articles) == 1


@pytest.mark.slow
def test_real_repl_picks_up_an_index_rebuilt_by_qa_bot_index(tmp_path: Path) -> None:
    folder, index_dir = tmp_path / "notes", tmp_path / "index"
    _write(folder, "harbour.txt", "Harbour", "The harbour master is Ana Lopes.")
    env = repl_env(tmp_path)
    command = [sys.executable, "-m", "qa_bot", "index", "-q", "--index-dir", str(index_dir)]
    first = subprocess.run([*command, str(folder)], env=env, cwd=REPO, capture_output=True)
    assert first.returncode == 0, first.stderr
    child = spawn_repl(index_dir, env, "--reader", "sentence", timeout=300)
    try:
        child.expect("1 articles indexed")
        child.expect("ask>")
        _write(folder, "lighthouse.txt", "Lighthouse", "The lighthouse keeper is Tomas Berg.")
        refresh = subprocess.run(command, env=env, cwd=REPO, capture_output=True, timeout=600)
        assert refresh.returncode == 0, refresh.stderr
        child.sendline("Who is the lighthouse keeper?")
        child.expect(r"The index was updated: 2 articles")
        child.expect("Tomas Berg")
        child.expect("ask>")
        child.sendline(":quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
