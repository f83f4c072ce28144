import json
from pathlib import Path

from qa_bot.ingest.articles import make_article, read_file, read_paths


def test_reads_every_supported_format(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain title\n\nThe river is long.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Markdown title\n\nSome text here.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        json.dumps(
            {"title": "J1", "text": "First record.", "url": "http://x/1", "date": "2024-01-02"}
        )
        + "\n"
        + json.dumps({"title": "J2", "text": "Second record."})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "d.json").write_text(json.dumps([{"title": "J3", "text": "Third."}]), "utf-8")
    (tmp_path / "e.html").write_text(
        "<html><head><title>Page title</title><script>var x = 'SCRIPT';</script>"
        "<style>p {color: red}</style></head><body><nav>menu</nav><article><h1>Page title</h1>"
        + "<p>The main text of the page talks about rivers and bridges at length.</p>" * 5
        + "</article></body></html>",
        encoding="utf-8",
    )
    result = read_paths([tmp_path])
    titles = sorted(a.title for a in result.articles)
    assert titles == ["J1", "J2", "J3", "Markdown title", "Page title", "Plain title"]
    html = next(a for a in result.articles if a.title == "Page title")
    assert "rivers and bridges" in html.text and "SCRIPT" not in html.text
    j1 = next(a for a in result.articles if a.title == "J1")
    assert (j1.url, j1.date) == ("http://x/1", "2024-01-02")
    assert result.skipped == ()


def test_bad_files_are_skipped_with_reasons_and_batch_continues(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("A good article about cats.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "wrong.jsonl").write_text('{"headline": "x"}\n', encoding="utf-8")
    result = read_paths([tmp_path, tmp_path / "missing.txt"])
    assert [a.title for a in result.articles] == ["A good article about cats."]
    reasons = {Path(s.path).name: s.reason for s in result.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"] or "UTF-8" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "bad JSON" in reasons["broken.json"]
    assert "text" in reasons["wrong.jsonl"]
    assert "no such file" in reasons["missing.txt"]


def test_utf16_with_bom_and_nul_bytes(tmp_path: Path) -> None:
    (tmp_path / "u16.txt").write_bytes("Title\n\nSome UTF-16 text.".encode("utf-16"))
    (tmp_path / "nul.txt").write_bytes(b"Title two\n\nText with a \x00 NUL.")
    result = read_paths([tmp_path])
    texts = sorted(a.text for a in result.articles)
    assert texts == sorted(["Title two\n\nText with a  NUL.", "Title\n\nSome UTF-16 text."])


def test_identical_articles_are_stored_once(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_text("Same title\n\nSame text.", encoding="utf-8")
    result = read_paths([tmp_path])
    assert len(result.articles) == 1
    assert result.duplicates == 1


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.mkdir()  # reading fails with an OSError, even for root
    articles, skipped = read_file(path)
    assert not articles and "cannot read" in skipped[0].reason


def test_symlink_loop_is_reported_not_followed_forever(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Loop article\n\ntext", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)
    result = read_paths([tmp_path])
    assert len(result.articles) == 1
    assert any("symlink loop" in s.reason for s in result.skipped)


def test_article_id_follows_content() -> None:
    first = make_article("T", "text", "a.txt")
    assert make_article("T", "text", "b.txt").id == first.id
    assert make_article("T", "other", "a.txt").id != first.id
