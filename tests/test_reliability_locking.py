"""One writer at a time: a second `qa-bot index` is refused (or waits); a dead writer frees it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import (
    REPO,
    content_hashes,
    indexed_hashes,
    lock_is_held,
    make_corpus,
    python_env,
    start_build,
    to_articles,
    wait_ready,
    write_corpus,
)

from qa_bot.config import load_settings
from qa_bot.index.build import LOCK_FILE, build_index, writer_lock
from qa_bot.index.loading import load_index
from qa_bot.ingest.articles import read_paths

FIRST = make_corpus(20, "first", sentences=4)
SECOND = make_corpus(20, "second", sentences=4)
LOCKED_MESSAGE = "another qa-bot index is writing"


def _start_holder(tmp_path: Path, index_dir: Path) -> tuple[subprocess.Popen[str], Path]:
    """A writer that holds the lock until the returned release file exists."""
    started, release = tmp_path / "started", tmp_path / "release"
    corpus = write_corpus(tmp_path / "first.json", FIRST)
    holder = start_build(index_dir, corpus, "--hold", str(started), str(release))
    wait_ready(holder)
    deadline = time.monotonic() + 60
    while not started.exists():
        assert holder.poll() is None and time.monotonic() < deadline, "holder never started"
        time.sleep(0.01)
    assert lock_is_held(index_dir / LOCK_FILE)
    return holder, release


def test_second_writer_is_refused_and_a_waiting_one_goes_next(tmp_path: Path, settings) -> None:
    index_dir = tmp_path / "index"
    holder, release = _start_holder(tmp_path, index_dir)
    second = write_corpus(tmp_path / "second.json", SECOND)
    refused = start_build(index_dir, second)
    _, refused_err = refused.communicate(timeout=120)
    assert refused.returncode == 1
    assert LOCKED_MESSAGE in refused_err and "Traceback" not in refused_err
    waiting = start_build(index_dir, second, "--lock-timeout", "120")
    wait_ready(waiting)
    time.sleep(0.5)
    assert waiting.poll() is None  # still waiting for the lock
    release.write_text("go", encoding="utf-8")
    assert holder.wait(timeout=120) == 0
    assert waiting.wait(timeout=120) == 0
    assert indexed_hashes(index_dir, settings) == content_hashes(SECOND)
    assert len(list(index_dir.glob("gen-*"))) == 2


def test_a_killed_writer_does_not_leave_the_lock_held(
    tmp_path: Path, settings, fake_embedder
) -> None:
    index_dir = tmp_path / "index"
    holder, _ = _start_holder(tmp_path, index_dir)
    holder.send_signal(signal.SIGKILL)
    holder.communicate(timeout=60)
    assert (index_dir / LOCK_FILE).exists() and not lock_is_held(index_dir / LOCK_FILE)
    build_index(to_articles(SECOND), index_dir, settings, fake_embedder, lock_timeout=0)
    assert indexed_hashes(index_dir, settings) == content_hashes(SECOND)


def test_threads_in_one_process_also_take_turns(tmp_path: Path, settings, fake_embedder) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from qa_bot.errors import IndexLockedError

    index_dir = tmp_path / "index"
    corpora = [make_corpus(30, f"thread{n}", sentences=4) for n in range(4)]

    def build(records):
        try:
            build_index(to_articles(records), index_dir, settings, fake_embedder)
            return "built"
        except IndexLockedError:
            return "refused"

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(build, corpora))
    assert "built" in outcomes
    assert indexed_hashes(index_dir, settings) in {
        content_hashes(c) for c, o in zip(corpora, outcomes, strict=True) if o == "built"
    }


def _count_model_loads(monkeypatch: pytest.MonkeyPatch, fake_embedder) -> list[object]:
    """Replace the model loader the CLI uses with one that records its calls."""
    import qa_bot.embedding.embedder
    from qa_bot.fronts import cli

    loads: list[object] = []

    def load(settings):
        loads.append(settings)
        return fake_embedder

    monkeypatch.setattr(qa_bot.embedding.embedder, "load_embedder", load)
    monkeypatch.setattr(cli, "configure_logging", lambda verbose: None)
    return loads


def test_refused_cli_index_does_not_load_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, fake_embedder
) -> None:
    from qa_bot.fronts import cli

    loads = _count_model_loads(monkeypatch, fake_embedder)
    index_dir = tmp_path / "index"
    corpus = write_corpus(tmp_path / "first.json", FIRST)
    with writer_lock(index_dir, 0):
        code = cli.main(["index", "-q", "--index-dir", str(index_dir), str(corpus)])
    assert code == 1
    assert LOCKED_MESSAGE in capsys.readouterr().err
    assert loads == []  # refused before paying for the model
    assert cli.main(["index", "-q", "--index-dir", str(index_dir), str(corpus)]) == 0
    assert len(loads) == 1
    assert "indexed 20 articles" in capsys.readouterr().out


@pytest.mark.slow
def test_real_cli_refuses_while_another_writer_runs_and_waits_with_wait(
    tmp_path: Path,
) -> None:
    index_dir = tmp_path / "index"
    holder, release = _start_holder(tmp_path, index_dir)
    command = [sys.executable, "-m", "qa_bot", "index", "-q", "--index-dir", str(index_dir)]
    # Started first, so that it is polling for the lock by the time the refused run is done.
    waiting = subprocess.Popen(
        [*command, "--wait", "300", str(REPO / "seeds")],
        cwd=REPO,
        env=python_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    refused = subprocess.run(
        [*command, str(REPO / "seeds")],
        cwd=REPO,
        env=python_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode == 1, refused.stderr
    assert LOCKED_MESSAGE in refused.stderr and "Traceback" not in refused.stderr
    assert waiting.poll() is None
    release.write_text("go", encoding="utf-8")
    assert holder.wait(timeout=120) == 0
    out, err = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, err
    # The index is a library: the holder's articles stay, and the seed article joins them.
    assert f"indexed {len(FIRST) + 1} articles" in out
    index = load_index(index_dir, load_settings(environ={}), 384)
    seeds = {a.content_hash for a in read_paths([REPO / "seeds"]).articles}
    assert {m.content_hash for m in index.table.articles.values()} == content_hashes(FIRST) | seeds
