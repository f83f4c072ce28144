"""Crash safety: SIGKILL an index build or update at any moment; readers keep serving."""

from __future__ import annotations

import collections
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from reliability_helpers import (
    KILL_POINTS,
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

from qa_bot.answering.pipeline import load_pipeline
from qa_bot.config import load_settings
from qa_bot.errors import IndexMissingError
from qa_bot.index import store
from qa_bot.index.build import LOCK_FILE, build_index
from qa_bot.index.loading import load_index
from qa_bot.ingest.articles import make_article, read_paths

REPO = Path(__file__).resolve().parent.parent
OLD = make_corpus(100, "a")
NEW = OLD[:50] + make_corpus(110, "b")[50:]  # keeps 50, changes 50, adds 10
TINY = make_corpus(3, "tiny", sentences=3)
KILLS_PER_SCENARIO = 11
SCENARIOS = {
    # name: (start from the old index?, extra build arguments)
    "first build": (False, ()),
    "full rebuild": (True, ("--full",)),
    "incremental update": (True, ()),
}


@pytest.fixture(scope="module")
def old_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of OLD with one earlier generation beside it (so garbage collection has work)."""
    from conftest import FakeEmbedder

    index_dir = tmp_path_factory.mktemp("old-index")
    settings = load_settings(environ={}).replace("reader", kind="sentence")
    build_index(to_articles(TINY), index_dir, settings, FakeEmbedder())
    build_index(to_articles(OLD), index_dir, settings, FakeEmbedder())
    return index_dir


def _prepare(tmp_path: Path, old_index: Path, from_old: bool, name: str) -> Path:
    index_dir = tmp_path / name
    if from_old:
        shutil.copytree(old_index, index_dir)
    return index_dir


def _state(index_dir: Path, settings) -> str:
    """'old', 'new' or 'missing'; anything else (a mix, a corrupt index) fails the test."""
    try:
        hashes = indexed_hashes(index_dir, settings)
    except IndexMissingError:
        return "missing"
    if hashes == content_hashes(OLD):
        return "old"
    assert hashes == content_hashes(NEW), "the index holds neither the old nor the new corpus"
    return "new"


def _next_build_succeeds(index_dir: Path, settings, fake_embedder) -> None:
    """A stale lock, half-built folders or a temporary CURRENT must not get in the way."""
    live = store.current_generation(index_dir) if (index_dir / "CURRENT").exists() else None
    build_index(to_articles(TINY), index_dir, settings, fake_embedder, lock_timeout=0)
    assert indexed_hashes(index_dir, settings) == content_hashes(TINY)
    assert not list(index_dir.glob(".build-*")) and not list(index_dir.glob(".CURRENT.*"))
    kept = set(index_dir.glob("gen-*"))
    assert kept == {
        store.current_generation(index_dir),
        live or store.current_generation(index_dir),
    }
    assert not lock_is_held(index_dir / LOCK_FILE)


@pytest.mark.slow
def test_sigkill_at_random_moments_leaves_the_old_or_the_new_index(
    tmp_path: Path, old_index: Path, settings, fake_embedder
) -> None:
    corpus = write_corpus(tmp_path / "new.json", NEW)
    rng = random.Random(20240601)
    tally: dict[str, collections.Counter[str]] = {}
    for scenario, (from_old, extra) in SCENARIOS.items():
        # One undisturbed run measures how long the build takes after "ready".
        reference = _prepare(tmp_path, old_index, from_old, f"{scenario}-reference")
        process = start_build(reference, corpus, *extra)
        wait_ready(process)
        began = time.monotonic()
        assert process.wait(timeout=300) == 0, process.stderr.read() if process.stderr else ""
        duration = time.monotonic() - began
        assert _state(reference, settings) == "new"
        counts: collections.Counter[str] = collections.Counter()
        for kill in range(KILLS_PER_SCENARIO):
            index_dir = _prepare(tmp_path, old_index, from_old, f"{scenario}-{kill}")
            process = start_build(index_dir, corpus, *extra)
            wait_ready(process)
            time.sleep(rng.uniform(0, duration))
            finished = process.poll() is not None
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=60)
            state = _state(index_dir, settings)
            assert state in (("old", "new") if from_old else ("missing", "new")), scenario
            counts["finished first" if finished else state] += 1
            _next_build_succeeds(index_dir, settings, fake_embedder)
        tally[scenario] = counts
    print("\nSIGKILL outcomes (before the rebuild that followed each):", dict(tally))
    assert sum(sum(c.values()) for c in tally.values()) == KILLS_PER_SCENARIO * len(SCENARIOS)
    # The kills must have landed inside builds, not only before or after them.
    assert tally["incremental update"]["old"] and tally["full rebuild"]["old"]
    assert tally["first build"]["missing"]


EXPECTED_AFTER_KILL = {
    point: ("new" if point in ("before-gc", "during-gc") else "old") for point in KILL_POINTS
}


@pytest.mark.slow
@pytest.mark.parametrize("point", sorted(KILL_POINTS))
def test_sigkill_at_each_step_of_writing_a_generation(
    tmp_path: Path, old_index: Path, settings, fake_embedder, point: str
) -> None:
    index_dir = _prepare(tmp_path, old_index, True, "index")
    process = start_build(index_dir, write_corpus(tmp_path / "new.json", NEW), "--kill-at", point)
    wait_ready(process)
    assert process.wait(timeout=300) == -signal.SIGKILL, "the kill point was never reached"
    assert _state(index_dir, settings) == EXPECTED_AFTER_KILL[point]
    if point == "before-current-replace":
        assert list(index_dir.glob(".CURRENT.*")), "killed with CURRENT's replacement written"
    _next_build_succeeds(index_dir, settings, fake_embedder)


@pytest.mark.slow
def test_sigkill_of_the_real_cli_leaves_a_usable_index(tmp_path: Path, seed_index: Path) -> None:
    """Three kills of `python -m qa_bot index` (model loading, embedding, writing), then a run."""
    settings = load_settings(environ={})
    index_dir = tmp_path / "index"
    shutil.copytree(seed_index, index_dir)
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "seeds", corpus)
    # Enough articles that each phase outlasts the kill's aim with the fast ONNX embedder.
    for record in make_corpus(120, "cli"):
        (corpus / record["path"]).write_text(record["text"], encoding="utf-8")
    old = frozenset(a.content_hash for a in read_paths([REPO / "seeds"]).articles)
    new = frozenset(a.content_hash for a in read_paths([corpus]).articles)
    command = [sys.executable, "-m", "qa_bot", "index", "-q", "--index-dir", str(index_dir)]
    rng = random.Random(7)

    def loaded() -> frozenset[str]:
        index = load_index(index_dir, settings, 384)
        try:
            return frozenset(m.content_hash for m in index.table.articles.values())
        finally:
            index.table.close()

    def kill_when(ready, label: str) -> None:
        process = subprocess.Popen(
            [*command, str(corpus)], cwd=REPO, env=python_env(), stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 240
        while not ready() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert process.poll() is None, f"{label}: the run ended before the kill"
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        assert loaded() in (old, new), label

    start = time.monotonic()
    kill_when(lambda: time.monotonic() - start > rng.uniform(0.3, 1.0), "while starting")
    lock = index_dir / LOCK_FILE
    held: list[float] = []

    def lock_held_a_while() -> bool:
        if not held and lock_is_held(lock):
            held.append(time.monotonic() + rng.uniform(0.0, 0.5))
        return bool(held) and time.monotonic() > held[0]

    kill_when(lock_held_a_while, "while embedding")
    stale = set(index_dir.glob(".build-*"))
    kill_when(lambda: bool(set(index_dir.glob(".build-*")) - stale), "while writing")
    finish = subprocess.run(
        [*command, str(corpus)], cwd=REPO, env=python_env(), capture_output=True, text=True
    )
    assert finish.returncode == 0, finish.stderr
    assert loaded() == new
    assert not list(index_dir.glob(".build-*"))


def _small_index(index_dir: Path, settings, fake_embedder, topic: str) -> None:
    text = f"{topic}\n\nThe {topic} bridge opened in 1901. It crosses the {topic} river."
    build_index([make_article(topic, text, f"{topic}.txt")], index_dir, settings, fake_embedder)


def test_loaded_pipeline_answers_during_and_after_a_rebuild(
    tmp_path: Path, settings, fake_embedder
) -> None:
    index_dir = tmp_path / "index"
    _small_index(index_dir, settings, fake_embedder, "Alder")
    pipeline = load_pipeline(settings, index_dir, embedder=fake_embedder)
    first_generation = pipeline.index.generation
    process = start_build(index_dir, write_corpus(tmp_path / "new.json", NEW))
    wait_ready(process)
    answered = 0
    while process.poll() is None:
        answer = pipeline.answer("When did the Alder bridge open?")
        assert answer.text is not None and answer.source is not None
        assert pipeline.index.generation == first_generation
        answered += 1
    assert process.returncode == 0 and answered > 0
    assert pipeline.answer("When did the Alder bridge open?").text is not None
    assert pipeline.reload() is True
    assert {m.content_hash for m in pipeline.index.table.articles.values()} == content_hashes(NEW)
    assert pipeline.reload() is False


def test_a_reader_on_a_removed_generation_keeps_answering(
    tmp_path: Path, settings, fake_embedder
) -> None:
    index_dir = tmp_path / "index"
    _small_index(index_dir, settings, fake_embedder, "Alder")
    old = load_pipeline(settings, index_dir, embedder=fake_embedder)
    for topic in ("Birch", "Cedar", "Dogwood"):
        _small_index(index_dir, settings, fake_embedder, topic)
    assert not old.index.generation.exists()  # collected: two newer generations exist
    answer = old.answer("When did the Alder bridge open?")
    assert answer.text is not None and answer.source is not None
    text = old.article_text(answer.source.article_id)
    assert text[answer.start : answer.end] == answer.text


def test_answer_reads_one_generation_even_if_reload_runs_meanwhile(
    tmp_path: Path, settings, fake_embedder
) -> None:
    index_dir = tmp_path / "index"
    _small_index(index_dir, settings, fake_embedder, "Alder")
    pipeline = load_pipeline(settings, index_dir, embedder=fake_embedder)
    _small_index(index_dir, settings, fake_embedder, "Birch")  # the Alder article is gone
    inner = pipeline.reader

    class ReloadingReader:
        """Another thread's reload() lands between retrieval and reading."""

        def read(self, question, hits, titles=None, as_asked=None, avoid=()):
            pipeline.reload()
            return inner.read(question, hits)

    pipeline.reader = ReloadingReader()
    answer = pipeline.answer("When did the Alder bridge open?")
    assert answer.text is not None and answer.source is not None
    assert answer.source.title == "Alder"


def test_loading_retries_when_writers_switch_generations_meanwhile(
    tmp_path: Path, settings, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    _small_index(index_dir, settings, fake_embedder, "Alder")
    verify = store.verify_files
    calls = []

    def two_writers_finish_first(generation, manifest, hint):
        calls.append(generation)
        if len(calls) == 1:  # this generation is collected before we get to read it
            _small_index(index_dir, settings, fake_embedder, "Birch")
            _small_index(index_dir, settings, fake_embedder, "Cedar")
        return verify(generation, manifest, hint)

    monkeypatch.setattr(store, "verify_files", two_writers_finish_first)
    loaded = load_index(index_dir, settings, fake_embedder.dimension)
    assert [m.title for m in loaded.table.articles.values()] == ["Cedar"]
    assert calls[0] != loaded.generation and not calls[0].exists()


def test_concurrent_loads_during_rebuilds_always_see_a_whole_index(
    tmp_path: Path, settings, fake_embedder
) -> None:
    index_dir = tmp_path / "index"
    _small_index(index_dir, settings, fake_embedder, "Alder")
    errors: list[BaseException] = []
    seen: set[str] = set()
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                loaded = load_index(index_dir, settings, fake_embedder.dimension)
                seen.update(m.title for m in loaded.table.articles.values())
                loaded.table.close()
            except BaseException as exc:  # any failure fails the test
                errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for number in range(12):
            _small_index(index_dir, settings, fake_embedder, f"Topic{number}")
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not errors, errors[:3]
    assert len(seen) > 1
