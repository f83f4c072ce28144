"""Helpers for the reliability tests, and a script the crash and lock tests run and kill.

Run as ``python tests/reliability_helpers.py build ...`` it indexes a JSON corpus with the
FakeEmbedder (``tests/`` is the script's own folder, so ``conftest`` imports directly);
``... cli ARGS`` runs ``qa_bot.fronts.cli.main`` with the FakeEmbedder in place of the real model.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from conftest import FakeEmbedder

from qa_bot.config import Settings, load_settings
from qa_bot.errors import QaBotError
from qa_bot.ingest.articles import make_article
from qa_bot.types import Article

SCRIPT = Path(__file__).resolve()
REPO = SCRIPT.parent.parent
_NOUNS = [
    "river",
    "bridge",
    "castle",
    "harbour",
    "forest",
    "valley",
    "engine",
    "market",
    "library",
    "garden",
    "tower",
]
_VERBS = [
    "crosses",
    "guards",
    "feeds",
    "shelters",
    "powers",
    "borders",
    "faces",
    "hides",
    "supplies",
    "overlooks",
]
_ADJECTIVES = [
    "old",
    "northern",
    "quiet",
    "busy",
    "ancient",
    "narrow",
    "golden",
    "wide",
    "rocky",
    "famous",
]

# Where the `build` command can kill itself (SIGKILL, like an outside kill), step by step
# through store.write_generation. Each maps to (module, attribute, which call).
KILL_POINTS: dict[str, tuple[str, str, int]] = {
    "before-table": ("qa_bot.index.store", "write_table", 1),
    "before-faiss": ("qa_bot.index.faiss_index", "write", 1),
    "before-bm25": ("qa_bot.index.bm25", "build_bm25", 1),
    "before-fsync": ("qa_bot.index.store", "_fsync_tree", 1),
    "before-rename": ("pathlib", "Path.replace", 1),
    "before-switch": ("qa_bot.index.store", "_switch_current", 1),
    "before-current-replace": ("pathlib", "Path.replace", 2),
    "before-gc": ("qa_bot.index.store", "_collect_garbage", 1),
    "during-gc": ("shutil", "rmtree", 1),
}


def sentence(rng: random.Random, topic: str) -> str:
    """One sentence mentioning the topic word."""
    return (
        f"The {rng.choice(_ADJECTIVES)} {topic} {rng.choice(_VERBS)} the "
        f"{rng.choice(_NOUNS)} near {rng.choice(_NOUNS).title()}ton in {rng.randint(1500, 2024)}."
    )


def make_corpus(count: int, variant: str, sentences: int = 14) -> list[dict[str, str]]:
    """``count`` articles; the same (count, variant) always gives the same texts."""
    records = []
    for number in range(count):
        rng = random.Random(f"{variant}-{number}")
        topic = f"topic{number}{variant}"
        body = " ".join(sentence(rng, topic) for _ in range(sentences))
        title = f"Article {number} {variant}"
        records.append({"title": title, "text": f"{title}\n\n{body}", "path": f"a{number}.txt"})
    return records


def to_articles(records: Sequence[dict[str, str]]) -> list[Article]:
    """Articles exactly as the build script makes them."""
    return [make_article(r["title"], r["text"], r["path"]) for r in records]


def content_hashes(records: Sequence[dict[str, str]]) -> frozenset[str]:
    """Identity of a corpus: the content hashes of its articles."""
    return frozenset(a.content_hash for a in to_articles(records))


def write_corpus(path: Path, records: Sequence[dict[str, str]]) -> Path:
    """Save a corpus for the build script."""
    path.write_text(json.dumps(list(records)), encoding="utf-8")
    return path


def indexed_hashes(index_dir: Path, settings: Settings) -> frozenset[str]:
    """Load the index as a reader would and return its articles' content hashes."""
    from qa_bot.index.loading import load_index

    loaded = load_index(index_dir, settings, FakeEmbedder.dimension)
    try:
        return frozenset(meta.content_hash for meta in loaded.table.articles.values())
    finally:
        loaded.table.close()


def lock_is_held(lock_file: Path) -> bool:
    """Whether some process holds a flock on the file (read from /proc/locks, no locking)."""
    try:
        inode = lock_file.stat().st_ino
    except FileNotFoundError:
        return False
    with Path("/proc/locks").open(encoding="ascii") as handle:
        return any(line.split()[5].endswith(f":{inode}") for line in handle if "FLOCK" in line)


def python_env() -> dict[str, str]:
    """Environment for subprocesses: offline, unbuffered, no user config."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_BOT_")}
    return {**env, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}


def start_build(
    index_dir: Path, corpus: Path, *extra: str, python_flags: Sequence[str] = ()
) -> subprocess.Popen[str]:
    """Start the build script; it prints ``ready`` once imports and reading are done."""
    command = [sys.executable, *python_flags, str(SCRIPT), "build", str(index_dir), str(corpus)]
    return subprocess.Popen(
        [*command, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=python_env(),
    )


def wait_ready(process: subprocess.Popen[str], timeout: float = 120.0) -> None:
    """Block until the build script says it is about to build."""
    assert process.stdout is not None
    began = time.monotonic()
    line = process.stdout.readline()
    if line.strip() != "ready":
        process.kill()
        _, err = process.communicate()
        raise AssertionError(f"build script did not start: {line!r} {err}")
    assert time.monotonic() - began < timeout


def run_cli(
    *args: str, python_flags: Sequence[str] = (), env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``qa_bot.fronts.cli.main`` in a subprocess with the FakeEmbedder instead of the model."""
    return subprocess.run(
        [sys.executable, *python_flags, str(SCRIPT), "cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env or python_env(),
        timeout=300,
    )


def _kill_on_call(point: str) -> None:
    """Replace a function so that its n-th call kills this process before running."""
    module_name, attribute, nth = KILL_POINTS[point]
    module = __import__(module_name, fromlist=["_"])
    owner: Any = module
    if "." in attribute:
        class_name, attribute = attribute.split(".")
        owner = getattr(module, class_name)
    original: Callable[..., Any] = getattr(owner, attribute)
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == nth:
            if point == "during-gc":  # leave a half-removed generation behind
                first = next((p for p in sorted(Path(args[0]).rglob("*")) if p.is_file()), None)
                if first is not None:
                    first.unlink()
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)

    setattr(owner, attribute, wrapper)


class _HoldingEmbedder(FakeEmbedder):
    """A FakeEmbedder that announces it runs (the lock is held) and waits for a release file."""

    def __init__(self, started: Path, release: Path) -> None:
        self.started, self.release = started, release

    def encode(self, texts: Sequence[str], **kwargs: Any) -> Any:
        self.started.write_text("started", encoding="utf-8")
        while not self.release.exists():
            time.sleep(0.02)
        return super().encode(texts, **kwargs)


def _build(args: argparse.Namespace) -> int:
    from qa_bot.index.build import build_index

    records = json.loads(Path(args.corpus).read_text(encoding="utf-8"))
    articles = to_articles(records)
    settings = load_settings(environ={}).replace("reader", kind="sentence")
    embedder: FakeEmbedder = FakeEmbedder()
    if args.hold:
        started, release = (Path(p) for p in args.hold)
        embedder = _HoldingEmbedder(started, release)
    if args.kill_at:
        _kill_on_call(args.kill_at)
    print("ready", flush=True)
    try:
        report = build_index(
            articles,
            Path(args.index_dir),
            settings,
            embedder,
            lock_timeout=args.lock_timeout,
            incremental=not args.full,
        )
    except QaBotError as exc:
        print(f"qa-bot: {exc}", file=sys.stderr)
        return 1
    print(f"done {report.generation}", flush=True)
    return 0


def _cli(argv: Sequence[str]) -> int:
    import qa_bot.embedding.embedder
    from qa_bot.fronts import cli

    qa_bot.embedding.embedder.load_embedder = lambda settings: FakeEmbedder()
    return cli.main(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the script: ``build`` or ``cli``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["cli"]:
        return _cli(argv[1:])
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["build"])
    parser.add_argument("index_dir")
    parser.add_argument("corpus")
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--lock-timeout", type=float, default=0.0)
    parser.add_argument("--kill-at", choices=sorted(KILL_POINTS))
    parser.add_argument("--hold", nargs=2, metavar=("STARTED", "RELEASE"))
    return _build(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
