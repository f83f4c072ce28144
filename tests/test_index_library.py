"""The library: sources remembered, refreshed, added to and taken out (tiny fake embedder)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from qa_bot.errors import EmptyCorpusError, NotInLibraryError, UnreadableSourceError
from qa_bot.index import fetching
from qa_bot.index.build import build_index
from qa_bot.index.library import update_library
from qa_bot.index.library_edit import add_file, add_url, list_articles, remove
from qa_bot.index.sources import SOURCES_FILE, Source, added_dir, load_library, source_of
from qa_bot.ingest.articles import make_article


def _write(folder: Path, name: str, title: str, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{title}\n\n{body}", encoding="utf-8")
    return path


def _titles(index_dir: Path) -> set[str]:
    return {row.title for row in list_articles(index_dir)}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    _write(folder, "rivers.txt", "Rivers", "The Nile is the longest river. It flows north.")
    _write(folder, "cats.md", "Cats", "Cats sleep for most of the day. A cat purrs.")
    return folder


def _update(index_dir, settings, embedder, *sources: Path | str, **kw):
    add = tuple(source_of(str(s)) for s in sources)
    return update_library(index_dir, settings, lambda: embedder, add=add, **kw)


def test_sources_are_remembered_and_a_refresh_sees_new_changed_and_deleted_files(
    tmp_path, settings, fake_embedder, corpus
) -> None:
    index_dir = tmp_path / "index"
    report = _update(index_dir, settings, fake_embedder, corpus)
    assert report.build.articles == 2 and report.sources == 1
    saved = json.loads((index_dir / SOURCES_FILE).read_text())
    assert saved["sources"] == [{"kind": "path", "location": str(corpus.absolute())}]
    _write(corpus, "bees.txt", "Bees", "Bees make honey in the hive.")
    (corpus / "cats.md").unlink()
    report = _update(index_dir, settings, fake_embedder)  # no argument: refresh everything
    assert _titles(index_dir) == {"Rivers", "Bees"}
    assert (report.build.embedded_articles, report.build.removed_articles) == (1, 1)


def test_adding_a_source_keeps_the_others(tmp_path, settings, fake_embedder, corpus) -> None:
    index_dir = tmp_path / "index"
    _update(index_dir, settings, fake_embedder, corpus)
    other = _write(tmp_path / "more", "owls.txt", "Owls", "Owls hunt at night.")
    _update(index_dir, settings, fake_embedder, other)
    assert _titles(index_dir) == {"Rivers", "Cats", "Owls"}
    assert len(load_library(index_dir).sources) == 2


def test_an_index_from_before_sources_keeps_its_articles(
    tmp_path, settings, fake_embedder, corpus
) -> None:
    index_dir = tmp_path / "index"
    old = [make_article("Moons", "Moons\n\nThe Moon orbits the Earth.", "gone/moons.txt")]
    build_index(old, index_dir, settings, fake_embedder)
    _update(index_dir, settings, fake_embedder, corpus)
    assert _titles(index_dir) == {"Moons", "Rivers", "Cats"}
    assert load_library(index_dir).carried == (old[0].content_hash,)
    remove(index_dir, settings, lambda: fake_embedder, old[0].id)
    assert _titles(index_dir) == {"Rivers", "Cats"}
    assert load_library(index_dir).carried == ()


def test_a_named_source_with_nothing_readable_changes_nothing(
    tmp_path, settings, fake_embedder, corpus
) -> None:
    index_dir = tmp_path / "index"
    _update(index_dir, settings, fake_embedder, corpus)
    before = (index_dir / "CURRENT").read_text(), (index_dir / SOURCES_FILE).read_text()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    with pytest.raises(EmptyCorpusError, match="no readable articles in"):
        _update(index_dir, settings, fake_embedder, bad)
    assert ((index_dir / "CURRENT").read_text(), (index_dir / SOURCES_FILE).read_text()) == before


def test_a_missing_source_folder_keeps_its_articles(
    tmp_path, settings, fake_embedder, corpus
) -> None:
    index_dir = tmp_path / "index"
    _update(index_dir, settings, fake_embedder, corpus)
    corpus.rename(tmp_path / "unmounted")
    report = _update(index_dir, settings, fake_embedder)
    assert _titles(index_dir) == {"Rivers", "Cats"}
    assert any("keeping its articles" in s.reason for s in report.skipped)


def test_the_default_is_used_only_for_an_empty_library(
    tmp_path, settings, fake_embedder, corpus
) -> None:
    index_dir = tmp_path / "index"
    seeds = source_of(str(corpus))
    update_library(index_dir, settings, lambda: fake_embedder, default=seeds)
    assert _titles(index_dir) == {"Rivers", "Cats"}
    other = _write(tmp_path / "more", "owls.txt", "Owls", "Owls hunt at night.")
    _update(index_dir, settings, fake_embedder, other)
    remove(index_dir, settings, lambda: fake_embedder, str(corpus))
    update_library(index_dir, settings, lambda: fake_embedder, default=seeds)
    assert _titles(index_dir) == {"Owls"}


def test_remove_an_article_of_a_folder_stays_removed_after_a_refresh(
    tmp_path, settings, fake_embedder, corpus
) -> None:
    index_dir = tmp_path / "index"
    _update(index_dir, settings, fake_embedder, corpus)
    cats = next(row for row in list_articles(index_dir) if row.title == "Cats")
    removed = remove(index_dir, settings, lambda: fake_embedder, cats.id)
    assert removed.titles == ("Cats",) and removed.what == "article"
    _update(index_dir, settings, fake_embedder)
    assert _titles(index_dir) == {"Rivers"}


def test_remove_a_source_by_path(tmp_path, settings, fake_embedder, corpus) -> None:
    index_dir = tmp_path / "index"
    _update(index_dir, settings, fake_embedder, corpus)
    other = _write(tmp_path / "more", "owls.txt", "Owls", "Owls hunt at night.")
    _update(index_dir, settings, fake_embedder, other.parent)
    removed = remove(index_dir, settings, lambda: fake_embedder, str(corpus))
    assert removed.what == "source" and set(removed.titles) == {"Rivers", "Cats"}
    assert _titles(index_dir) == {"Owls"}
    assert [s.location for s in load_library(index_dir).sources] == [str(other.parent)]


def test_removing_something_unknown_or_everything_is_refused(
    tmp_path, settings, fake_embedder, corpus
) -> None:
    index_dir = tmp_path / "index"
    _update(index_dir, settings, fake_embedder, corpus)
    before = (index_dir / "CURRENT").read_text()
    with pytest.raises(NotInLibraryError, match="nothing in the index matches"):
        remove(index_dir, settings, lambda: fake_embedder, "no-such-article")
    with pytest.raises(EmptyCorpusError, match="would leave the index empty"):
        remove(index_dir, settings, lambda: fake_embedder, str(corpus))
    assert (index_dir / "CURRENT").read_text() == before
    assert _titles(index_dir) == {"Rivers", "Cats"}


def test_added_files_land_survive_a_refresh_and_are_deleted_on_removal(
    tmp_path, settings, fake_embedder, corpus
) -> None:
    index_dir = tmp_path / "index"
    _update(index_dir, settings, fake_embedder, corpus)
    path = _write(added_dir(index_dir), "market.txt", "Night market", "Stalls open at dusk.")
    added = add_file(index_dir, settings, fake_embedder, path, lock_timeout=5)
    assert added.titles == ("Night market",) and added.passages >= 1 and not added.duplicate
    _update(index_dir, settings, fake_embedder)
    assert "Night market" in _titles(index_dir)
    again = _write(added_dir(index_dir), "copy.txt", "Night market", "Stalls open at dusk.")
    assert add_file(index_dir, settings, fake_embedder, again, lock_timeout=5).duplicate
    assert not again.exists()
    remove(index_dir, settings, lambda: fake_embedder, added.article_ids[0])
    assert not path.exists() and "Night market" not in _titles(index_dir)


def test_an_unreadable_added_file_is_refused_and_deleted(
    tmp_path, settings, fake_embedder, corpus
) -> None:
    index_dir = tmp_path / "index"
    _update(index_dir, settings, fake_embedder, corpus)
    path = added_dir(index_dir) / "blank.txt"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"   ")
    with pytest.raises(UnreadableSourceError, match="empty"):
        add_file(index_dir, settings, fake_embedder, path, lock_timeout=5)
    assert not path.exists() and _titles(index_dir) == {"Rivers", "Cats"}


def test_two_adds_at_once_both_land(tmp_path, settings, fake_embedder, corpus) -> None:
    index_dir = tmp_path / "index"
    _update(index_dir, settings, fake_embedder, corpus)
    paths = [
        _write(added_dir(index_dir), f"a{n}.txt", f"Added {n}", f"Fact number {n} is true.")
        for n in range(2)
    ]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def add(path: Path) -> None:
        barrier.wait()
        try:
            add_file(index_dir, settings, fake_embedder, path, lock_timeout=60)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert {"Added 0", "Added 1"} <= _titles(index_dir)


def test_a_page_is_stored_and_kept_when_a_later_fetch_fails(
    tmp_path, settings, fake_embedder, corpus, monkeypatch
) -> None:
    from qa_bot.errors import FetchError

    url = "http://127.0.0.1:9/night"
    page = make_article("Night", "Night\n\nThe night is dark.", url, url=url)
    monkeypatch.setattr(fetching, "fetch_page_article", lambda u, s: page)
    index_dir = tmp_path / "index"
    _update(index_dir, settings, fake_embedder, corpus, url)
    assert load_library(index_dir).sources[-1] == Source("url", url)
    row = next(r for r in list_articles(index_dir) if r.title == "Night")
    assert row.source == url

    def fail(u, s):
        raise FetchError(f"{u}: timed out")

    monkeypatch.setattr(fetching, "fetch_page_article", fail)
    report = _update(index_dir, settings, fake_embedder, refresh_web=True)
    assert any("timed out" in s.reason for s in report.skipped)
    assert "Night" in _titles(index_dir)
    remove(index_dir, settings, lambda: fake_embedder, url)
    assert "Night" not in _titles(index_dir) and load_library(index_dir).sources[-1].kind == "path"


def test_add_url_stores_the_page_under_added(
    tmp_path, settings, fake_embedder, corpus, monkeypatch
) -> None:
    import qa_bot.index.library_edit as edit

    url = "http://127.0.0.1:9/stars"
    page = make_article("Stars", "Stars\n\nStars shine at night.", url, url=url)
    monkeypatch.setattr(edit, "fetch_page_article", lambda u, s: page)
    index_dir = tmp_path / "index"
    _update(index_dir, settings, fake_embedder, corpus)
    added = add_url(index_dir, settings, fake_embedder, url, lock_timeout=5)
    assert added.titles == ("Stars",) and list(added_dir(index_dir).glob("*.json"))
    assert next(r for r in list_articles(index_dir) if r.title == "Stars").source == url
