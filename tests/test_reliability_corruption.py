"""Corruption and mismatch are refused with a message naming the problem and the fix."""

from __future__ import annotations

import hashlib
import json
import pickletools
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from reliability_helpers import REPO, make_corpus, python_env, run_cli, to_articles

from qa_bot.config import load_settings
from qa_bot.errors import CorruptIndexError, IndexMismatchError, IndexMissingError
from qa_bot.index import store
from qa_bot.index.build import build_index
from qa_bot.index.loading import load_index

FLIPS_PER_FILE = 12
DIMENSION = 64
GENERATION_FILES = (
    "manifest.json",
    "chunks.sqlite",
    "faiss.index",
    "vectors.npy",
    "bm25/data.csc.index.npy",
    "bm25/indices.csc.index.npy",
    "bm25/indptr.csc.index.npy",
    "bm25/params.index.json",
    "bm25/vocab.index.json",
)


def _settings():
    return load_settings(environ={}).replace("reader", kind="sentence")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import FakeEmbedder

    index_dir = tmp_path_factory.mktemp("pristine")
    build_index(to_articles(make_corpus(12, "p", 5)), index_dir, _settings(), FakeEmbedder())
    return index_dir


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another valid index with the same settings and a different corpus."""
    from conftest import FakeEmbedder

    index_dir = tmp_path_factory.mktemp("other")
    build_index(to_articles(make_corpus(7, "o", 5)), index_dir, _settings(), FakeEmbedder())
    return index_dir


def _copy(pristine: Path, tmp_path: Path, name: str = "index") -> tuple[Path, Path]:
    index_dir = tmp_path / name
    shutil.copytree(pristine, index_dir)
    return index_dir, store.current_generation(index_dir)


def _refused(index_dir: Path, *names: str) -> str:
    """Loading fails with CorruptIndexError naming one of ``names`` and how to rebuild."""
    with pytest.raises(CorruptIndexError) as caught:
        load_index(index_dir, _settings(), DIMENSION)
    message = str(caught.value)
    assert any(name in message for name in names), message
    assert f"qa-bot index --index-dir {index_dir}" in message
    return message


def _flip(path: Path, rng: random.Random) -> None:
    data = bytearray(path.read_bytes())
    for _ in range(rng.randint(1, 3)):
        data[rng.randrange(len(data))] ^= rng.randint(1, 255)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("name", GENERATION_FILES)
def test_random_byte_flips_in_any_file_are_refused(pristine: Path, tmp_path: Path, name) -> None:
    rng = random.Random(name)
    for flip in range(FLIPS_PER_FILE):
        index_dir, generation = _copy(pristine, tmp_path, f"flip-{flip}")
        _flip(generation / name, rng)
        _refused(index_dir, name)


@pytest.mark.parametrize("name", GENERATION_FILES)
@pytest.mark.parametrize("keep", [0.0, 0.5, 0.99])
def test_truncated_files_are_refused(pristine: Path, tmp_path: Path, name, keep) -> None:
    index_dir, generation = _copy(pristine, tmp_path)
    path = generation / name
    path.write_bytes(path.read_bytes()[: int(path.stat().st_size * keep)])
    _refused(index_dir, name)


@pytest.mark.parametrize("name", GENERATION_FILES)
def test_deleted_files_are_refused(pristine: Path, tmp_path: Path, name) -> None:
    index_dir, generation = _copy(pristine, tmp_path)
    (generation / name).unlink()
    assert "missing" in _refused(index_dir, name)


@pytest.mark.parametrize("name", GENERATION_FILES)
def test_a_file_swapped_in_from_another_index_is_refused(
    pristine: Path, other: Path, tmp_path: Path, name
) -> None:
    index_dir, generation = _copy(pristine, tmp_path)
    donor = store.current_generation(other) / name
    assert donor.read_bytes() != (generation / name).read_bytes()
    shutil.copyfile(donor, generation / name)
    message = _refused(index_dir, name)
    assert "corrupt" in message or "replaced" in message


def test_a_consistent_but_foreign_faiss_file_is_caught_by_the_counts(
    pristine: Path, other: Path, tmp_path: Path
) -> None:
    """Even with the manifest and CURRENT rewritten to match, 7 vectors for 12 chunks is refused."""
    index_dir, generation = _copy(pristine, tmp_path)
    shutil.copyfile(store.current_generation(other) / "faiss.index", generation / "faiss.index")
    manifest = json.loads((generation / "manifest.json").read_text())
    manifest["files"]["faiss.index"] = store.sha256_file(generation / "faiss.index")
    _rewrite_manifest(index_dir, generation, manifest)
    assert "inconsistent" in _refused(index_dir, "inconsistent")


def _rewrite_manifest(index_dir: Path, generation: Path, manifest: dict) -> None:
    data = json.dumps(manifest, indent=2, sort_keys=True).encode()
    (generation / "manifest.json").write_bytes(data)
    (index_dir / "CURRENT").write_text(
        f"{generation.name}\n{store.DIGEST_PREFIX}{hashlib.sha256(data).hexdigest()}\n"
    )


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda text: "", "missing generation"),
        (lambda text: "gen-nonexistent\n", "missing generation"),
        (lambda text: text.replace("manifest-sha256:", "manifest-sha256:0"), "damaged"),
        (lambda text: text[:-20] + "0" * 19 + "\n", "differs from the one in CURRENT"),
        (lambda text: text + "extra\n", "damaged"),
        (lambda text: text.replace("\n", "", 1), "missing generation"),
    ],
)
def test_a_damaged_current_pointer_is_refused(
    pristine: Path, tmp_path: Path, damage: Callable[[str], str], expected: str
) -> None:
    index_dir, _ = _copy(pristine, tmp_path)
    pointer = index_dir / "CURRENT"
    pointer.write_text(damage(pointer.read_text()))
    assert expected in _refused(index_dir, "CURRENT")


def test_random_byte_flips_in_current_are_refused(pristine: Path, tmp_path: Path) -> None:
    rng = random.Random("CURRENT")
    for flip in range(FLIPS_PER_FILE):
        index_dir, _ = _copy(pristine, tmp_path, f"flip-{flip}")
        _flip(index_dir / "CURRENT", rng)
        with pytest.raises(CorruptIndexError, match="qa-bot index"):
            load_index(index_dir, _settings(), DIMENSION)


def test_missing_current_or_generation_folder(pristine: Path, tmp_path: Path) -> None:
    index_dir, generation = _copy(pristine, tmp_path)
    shutil.rmtree(generation)
    _refused(index_dir, "missing generation")
    (index_dir / "CURRENT").unlink()
    with pytest.raises(IndexMissingError, match="build one with: qa-bot index"):
        load_index(index_dir, _settings(), DIMENSION)


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("bm25/vocab.index.json", "truncate"),
        ("manifest.json", "swap"),
        ("chunks.sqlite", "flip"),
        ("vectors.npy", "delete"),
    ],
)
def test_cli_refuses_a_corrupt_index_with_exit_1_and_no_traceback(
    pristine: Path, other: Path, tmp_path: Path, name: str, damage: str
) -> None:
    index_dir, generation = _copy(pristine, tmp_path)
    path = generation / name
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:10])
    elif damage == "swap":
        shutil.copyfile(store.current_generation(other) / name, path)
    elif damage == "flip":
        _flip(path, random.Random(1))
    else:
        path.unlink()
    run = run_cli("ask", "--index-dir", str(index_dir), "Where is the old river?")
    assert run.returncode == 1, run.stderr
    assert run.stderr.startswith("qa-bot: ") and "Traceback" not in run.stderr
    assert name in run.stderr and f"qa-bot index --index-dir {index_dir}" in run.stderr


def test_the_index_holds_no_pickle(
    pristine: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import bm25s
    import faiss

    generation = store.current_generation(pristine)
    files = [p for p in generation.rglob("*") if p.is_file()]
    assert sorted(str(p.relative_to(generation)) for p in files) == sorted(GENERATION_FILES)
    for path in files:
        data = path.read_bytes()
        # Every file is a known non-pickle format ...
        if path.suffix == ".json":
            json.loads(data)
        elif path.suffix == ".npy":
            assert np.load(path, allow_pickle=False).dtype != object
        elif path.suffix == ".sqlite":
            assert data.startswith(b"SQLite format 3\x00")
        else:
            assert faiss.read_index(str(path)).ntotal == 12
        # ... and holds no pickle stream (protocol 2-5 header, then a valid opcode sequence).
        for marker in (b"\x80\x02", b"\x80\x03", b"\x80\x04\x95", b"\x80\x05\x95"):
            at = data.find(marker)
            while at >= 0:
                with pytest.raises(Exception):  # noqa: B017 - any parse failure means no pickle
                    list(pickletools.genops(data[at:]))
                at = data.find(marker, at + 1)
    # Loading never allows pickle.
    calls: list[dict] = []
    real_bm25_load, real_np_load = bm25s.BM25.load, np.load

    def bm25_load(*args, **kwargs):
        calls.append(kwargs)
        return real_bm25_load(*args, **kwargs)

    def np_load(*args, **kwargs):
        calls.append({"allow_pickle": kwargs.get("allow_pickle", False)})
        return real_np_load(*args, **kwargs)

    monkeypatch.setattr(bm25s.BM25, "load", bm25_load)
    monkeypatch.setattr(np, "load", np_load)
    load_index(pristine, _settings(), DIMENSION)
    assert calls and all(call.get("allow_pickle") is False for call in calls), calls


# --- mismatch: another model, dimension, chunking or format version -------------------------

MISMATCHES = [
    ("embedding", {"model": "another-model"}, "embedding model"),
    ("chunking", {"max_tokens": 60}, "chunking"),
    ("chunking", {"overlap_sentences": 2}, "chunking"),
    ("chunking", {"max_sentences": 5}, "chunking"),
]


@pytest.mark.parametrize(("section", "values", "label"), MISMATCHES)
def test_other_settings_are_refused_with_a_rebuild_hint(
    pristine: Path,
    section: str,
    values: dict,
    label: str,
) -> None:
    with pytest.raises(IndexMismatchError) as caught:
        load_index(pristine, _settings().replace(section, **values), DIMENSION)
    assert label in str(caught.value) and "rebuild it with: qa-bot index" in str(caught.value)


def test_another_dimension_is_refused(pristine: Path) -> None:
    with pytest.raises(IndexMismatchError, match=r"'dimension': 64.*'dimension': 384.*rebuild"):
        load_index(pristine, _settings(), 384)


def test_another_format_version_is_refused(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir, generation = _copy(pristine, tmp_path)
    manifest = json.loads((generation / "manifest.json").read_text())
    manifest["format_version"] = store.FORMAT_VERSION + 1  # written by a newer qa_bot
    _rewrite_manifest(index_dir, generation, manifest)
    with pytest.raises(IndexMismatchError, match="format version.*rebuild it with"):
        load_index(index_dir, _settings(), DIMENSION)
    monkeypatch.setattr(store, "FORMAT_VERSION", store.FORMAT_VERSION + 1)  # an older index
    with pytest.raises(IndexMismatchError, match="format version.*rebuild it with"):
        load_index(pristine, _settings(), DIMENSION)


def test_an_update_with_other_chunking_reembeds_everything(
    tmp_path: Path, settings, fake_embedder
) -> None:
    articles = to_articles(make_corpus(4, "c", 5))
    build_index(articles, tmp_path, settings, fake_embedder)
    changed = settings.replace("chunking", max_tokens=60)
    report = build_index(articles, tmp_path, changed, fake_embedder)
    assert (report.embedded_articles, report.reused_articles) == (4, 0)
    load_index(tmp_path, changed, fake_embedder.dimension)


_OPTIMIZED_CHECKS = """
import json, sys
from pathlib import Path
from qa_bot.config import load_settings
from qa_bot.index.loading import load_index
assert False, "asserts must be off here"
index_dir = Path(sys.argv[1])
settings = load_settings(environ={}).replace("reader", kind="sentence")
cases = {
    "model": (settings.replace("embedding", model="another-model"), 64),
    "dimension": (settings, 384),
    "chunking": (settings.replace("chunking", max_tokens=60), 64),
}
out = {}
for name, (chosen, dimension) in cases.items():
    try:
        load_index(index_dir, chosen, dimension)
        out[name] = "loaded"
    except Exception as exc:
        out[name] = f"{type(exc).__name__}: {exc}"
print(json.dumps(out))
"""


def test_mismatch_and_corruption_are_refused_under_python_O(pristine: Path, tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-O", "-c", _OPTIMIZED_CHECKS, str(pristine)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=python_env(),
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    for name, outcome in json.loads(run.stdout).items():
        assert outcome.startswith("IndexMismatchError") and "rebuild it with" in outcome, name
    chunking = run_cli(
        "ask",
        "--index-dir",
        str(pristine),
        "Where is the river?",
        python_flags=["-O"],
        env={**python_env(), "QA_BOT_CHUNKING__MAX_TOKENS": "100"},
    )
    assert chunking.returncode == 1 and "Traceback" not in chunking.stderr
    assert "chunking" in chunking.stderr and "rebuild it with: qa-bot index" in chunking.stderr
    index_dir, generation = _copy(pristine, tmp_path)
    _flip(generation / "faiss.index", random.Random(3))
    corrupt = run_cli("ask", "--index-dir", str(index_dir), "Where?", python_flags=["-O"])
    assert corrupt.returncode == 1 and "faiss.index is corrupt" in corrupt.stderr


@pytest.mark.slow
def test_real_cli_refuses_a_mismatched_index_under_python_O(pristine: Path) -> None:
    """The real model (384-d) against a 64-d index, with asserts off."""
    run = subprocess.run(
        [sys.executable, "-O", "-m", "qa_bot", "ask", "--index-dir", str(pristine), "Who?"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=python_env(),
        timeout=300,
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "embedding model" in run.stderr and "rebuild it with: qa-bot index" in run.stderr
