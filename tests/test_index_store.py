import json
from pathlib import Path

import pytest

from qa_bot.errors import (
    CorruptIndexError,
    EmptyCorpusError,
    IndexLockedError,
    IndexMismatchError,
    IndexMissingError,
)
from qa_bot.index import store
from qa_bot.index.build import LOCK_FILE, build_index
from qa_bot.index.loading import load_index
from qa_bot.ingest.articles import make_article

ARTICLES = [
    make_article(
        "Rivers", "Rivers\n\nThe Nile is the longest river. It flows north into the sea.", "r.txt"
    ),
    make_article(
        "Cats", "Cats\n\nCats sleep for most of the day. A cat purrs when content.", "c.txt"
    ),
]


def test_build_writes_a_self_describing_generation(tmp_path, settings, fake_embedder) -> None:
    report = build_index(ARTICLES, tmp_path, settings, fake_embedder)
    generation = store.current_generation(tmp_path)
    manifest = json.loads((generation / "manifest.json").read_text())
    assert manifest["format_version"] == store.FORMAT_VERSION
    assert manifest["embedding"] == {"model": settings.embedding.model, "dimension": 64}
    assert manifest["counts"] == {"articles": 2, "chunks": report.chunks}
    assert set(manifest["files"]) >= {"faiss.index", "chunks.sqlite", "vectors.npy"}
    assert not list(generation.rglob("*.pkl")) and not list(generation.rglob("*.pickle"))
    loaded = load_index(tmp_path, settings, 64)
    assert len(loaded.table.chunks) == report.chunks == loaded.faiss.ntotal


def test_incremental_update_reembeds_only_changes(tmp_path, settings, fake_embedder) -> None:
    build_index(ARTICLES, tmp_path, settings, fake_embedder)
    changed = make_article("Cats", "Cats\n\nCats sleep a lot. Kittens play.", "c.txt")
    added = make_article("Bees", "Bees\n\nBees make honey.", "b.txt")
    report = build_index([ARTICLES[0], changed, added], tmp_path, settings, fake_embedder)
    assert (report.embedded_articles, report.reused_articles, report.removed_articles) == (2, 1, 1)
    loaded = load_index(tmp_path, settings, 64)
    assert {a.title for a in loaded.table.articles.values()} == {"Rivers", "Cats", "Bees"}
    for chunk in loaded.table.chunks:
        assert loaded.table.article_text(chunk.article_id)[chunk.start : chunk.end] == chunk.text


def test_previous_generation_is_kept_and_older_ones_removed(
    tmp_path, settings, fake_embedder
) -> None:
    for i in range(4):
        build_index(ARTICLES[: 1 + i % 2], tmp_path, settings, fake_embedder)
    assert len(list(tmp_path.glob("gen-*"))) == 2
    assert not list(tmp_path.glob(".build-*"))


def test_missing_index_says_how_to_build_it(tmp_path, settings) -> None:
    with pytest.raises(IndexMissingError, match="qa-bot index"):
        load_index(tmp_path, settings, 64)


def test_empty_corpus_is_refused(tmp_path, settings, fake_embedder) -> None:
    with pytest.raises(EmptyCorpusError):
        build_index([], tmp_path, settings, fake_embedder)


@pytest.mark.parametrize("name", ["faiss.index", "chunks.sqlite", "vectors.npy", "manifest.json"])
def test_corruption_is_detected(tmp_path, settings, fake_embedder, name) -> None:
    build_index(ARTICLES, tmp_path, settings, fake_embedder)
    path = store.current_generation(tmp_path) / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptIndexError, match="qa-bot index"):
        load_index(tmp_path, settings, 64)


def test_deleted_file_is_detected(tmp_path, settings, fake_embedder) -> None:
    build_index(ARTICLES, tmp_path, settings, fake_embedder)
    (store.current_generation(tmp_path) / "faiss.index").unlink()
    with pytest.raises(CorruptIndexError, match="missing"):
        load_index(tmp_path, settings, 64)


def test_mismatched_settings_are_refused(tmp_path, settings, fake_embedder) -> None:
    build_index(ARTICLES, tmp_path, settings, fake_embedder)
    with pytest.raises(IndexMismatchError, match="chunking"):
        load_index(tmp_path, settings.replace("chunking", max_tokens=60), 64)
    with pytest.raises(IndexMismatchError, match="embedding model"):
        load_index(tmp_path, settings, 384)


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path, settings, fake_embedder) -> None:
    from filelock import FileLock

    tmp_path.mkdir(exist_ok=True)
    with FileLock(str(tmp_path / LOCK_FILE)), pytest.raises(IndexLockedError, match="another"):
        build_index(ARTICLES, tmp_path, settings, fake_embedder)


def test_dangling_current_pointer_is_corrupt(tmp_path: Path, settings, fake_embedder) -> None:
    build_index(ARTICLES, tmp_path, settings, fake_embedder)
    (tmp_path / "CURRENT").write_text("gen-does-not-exist\n")
    with pytest.raises(CorruptIndexError, match="missing generation"):
        load_index(tmp_path, settings, 64)
