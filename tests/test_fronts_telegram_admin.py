"""Admins add and remove articles from Telegram; the bot serves a rebuilt index on its own.

The real Application against the fake Bot API (documents served by getFile and
``/file/bot<token>/<path>``), over a real index and pipeline (tiny embedder, sentence reader).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram_fake_server import FakeBotApi
from telegram_harness import TOKEN, running_bot, settings_for

from qa_bot.answering.pipeline import load_pipeline
from qa_bot.fronts.telegram.admin import ADMINS_ONLY, NOT_ADMIN, stored_name
from qa_bot.fronts.telegram.command import SetupError, read_environment
from qa_bot.fronts.telegram.live import LiveLibrary
from qa_bot.index.library import update_library
from qa_bot.index.sources import source_of

ADMIN, OTHER_ADMIN, USER = 501, 502, 900
MARKET = b"Night market\n\nThe night market opens at dusk on Fridays in the old harbour square."


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as server:
        yield server


@pytest.fixture
def live(tmp_path: Path, fake_embedder: Any) -> tuple[Any, Any, Path]:
    """A real index over one article, its pipeline, and settings with two admins."""
    folder, index_dir = tmp_path / "notes", tmp_path / "index"
    folder.mkdir()
    (folder / "harbour.txt").write_text("Harbour\n\nThe harbour master is Ana Lopes.")
    settings = settings_for(tmp_path, admin_user_ids=(ADMIN, OTHER_ADMIN), reload_interval_s=0.2)
    settings = settings.replace("reader", kind="sentence")
    update_library(index_dir, settings, lambda: fake_embedder, add=(source_of(str(folder)),))
    pipeline = load_pipeline(settings, index_dir, embedder=fake_embedder)
    return pipeline, settings, folder


async def _reply(api: FakeBotApi, chat_id: int, after: int, timeout: float = 30) -> str:
    (message,) = await api.next_messages(chat_id, after=after, timeout=timeout)
    return message.text


async def test_an_admins_document_is_downloaded_indexed_and_answerable(api, live) -> None:
    pipeline, settings, _ = live
    library = LiveLibrary(pipeline, settings)
    async with running_bot(api, pipeline, settings, library=library):
        api.send_document("night market.txt", MARKET, chat_id=ADMIN)
        reply = await _reply(api, ADMIN, 0)
        assert reply.startswith("Added 'Night market' — ") and reply.endswith(" passages.")
        assert api.downloads and len(api.calls_to("getFile")) == 1
        stored = list(library.added_dir.iterdir())
        assert len(stored) == 1 and stored[0].read_bytes() == MARKET
        api.send_text("When does the night market open?", chat_id=ADMIN)
        answer = await _reply(api, ADMIN, 1)
        assert "Source: Night market" in answer  # answered from the article just added
        api.send_text("/articles", chat_id=ADMIN)
        listing = await _reply(api, ADMIN, 2)
        assert "2 articles:" in listing and "Night market" in listing


@pytest.mark.parametrize(
    ("name", "data", "size", "expected"),
    [
        ("notes.txt", MARKET, None, NOT_ADMIN),  # not an admin
        ("huge.pdf", b"%PDF-1.4", 25 * 1024 * 1024, "the limit is 20 MB"),
        ("readings.dat", b"1 2 3", None, "cannot read .dat"),
    ],
)
async def test_refused_documents_are_never_downloaded(
    api, live, name: str, data: bytes, size: int | None, expected: str
) -> None:
    pipeline, settings, _ = live
    library = LiveLibrary(pipeline, settings)
    sender = USER if expected == NOT_ADMIN else ADMIN
    async with running_bot(api, pipeline, settings, library=library):
        before = pipeline.index.generation
        api.send_document(name, data, chat_id=sender, file_size=size)
        assert expected in await _reply(api, sender, 0)
        assert api.calls_to("getFile") == [] and api.downloads == []
        assert not library.added_dir.exists() or not any(library.added_dir.iterdir())
        assert pipeline.index.generation == before


async def test_an_unreadable_document_is_refused_with_the_reason(api, live) -> None:
    pipeline, settings, _ = live
    library = LiveLibrary(pipeline, settings)
    async with running_bot(api, pipeline, settings, library=library):
        api.send_document("blank.md", b"   \n", chat_id=ADMIN)
        reply = await _reply(api, ADMIN, 0)
        assert reply.startswith("Could not add blank.md") and "empty" in reply
        assert not any(library.added_dir.iterdir())


async def test_two_admins_adding_at_once_both_land(api, live) -> None:
    pipeline, settings, _ = live
    library = LiveLibrary(pipeline, settings)
    owls = b"Owls\n\nOwls hunt at night and sleep by day in hollow trees."
    async with running_bot(api, pipeline, settings, library=library):
        api.send_document("market.txt", MARKET, chat_id=ADMIN)
        api.send_document("owls.md", owls, chat_id=OTHER_ADMIN)
        replies = [await _reply(api, ADMIN, 0), await _reply(api, OTHER_ADMIN, 0)]
        assert replies[0].startswith("Added 'Night market'")
        assert replies[1].startswith("Added 'Owls'")
        titles = {row.title for row in library.articles()}
        assert titles == {"Harbour", "Night market", "Owls"}
        assert len(pipeline.index.table.articles) == 3  # served without a restart


async def test_remove_and_articles_are_for_admins_only(api, live) -> None:
    pipeline, settings, _ = live
    library = LiveLibrary(pipeline, settings)
    async with running_bot(api, pipeline, settings, library=library):
        api.send_text("/articles", chat_id=USER)
        assert await _reply(api, USER, 0) == ADMINS_ONLY
        api.send_text("/remove harbour", chat_id=USER)
        assert await _reply(api, USER, 1) == ADMINS_ONLY
        api.send_text("/remove no-such-article", chat_id=ADMIN)
        reply = await _reply(api, ADMIN, 0)
        assert reply.startswith("Could not remove no-such-article: nothing in the index matches")
        api.send_document("market.txt", MARKET, chat_id=ADMIN)
        assert (await _reply(api, ADMIN, 1)).startswith("Added")
        (row,) = [r for r in library.articles() if r.title == "Night market"]
        api.send_text(f"/remove {row.id}", chat_id=ADMIN)
        assert (await _reply(api, ADMIN, 2)).startswith("Removed 'Night market'; 1 articles")
        assert not any(library.added_dir.iterdir())
        assert len(pipeline.index.table.articles) == 1


async def test_a_non_admins_url_is_just_a_question(api, live) -> None:
    pipeline, settings, _ = live
    async with running_bot(api, pipeline, settings, library=LiveLibrary(pipeline, settings)):
        api.send_text("https://example.org/page", chat_id=USER)
        reply = await _reply(api, USER, 0)
        assert "Added" not in reply and "admins" not in reply


async def test_an_index_rebuilt_elsewhere_is_served_within_seconds(
    api, live, fake_embedder
) -> None:
    pipeline, settings, folder = live
    async with running_bot(api, pipeline, settings, library=LiveLibrary(pipeline, settings)) as f:
        (folder / "keeper.txt").write_text("Lighthouse\n\nThe lighthouse keeper is Tomas Berg.")
        update_library(pipeline.index_dir, settings, lambda: fake_embedder)
        written = time.perf_counter()
        # The reload runs in a thread: the watcher counts the switch once it resumes.
        while len(pipeline.index.table.articles) < 2 or f.watcher.switches < 1:
            assert time.perf_counter() - written < 10, "not served within 10 s"
            await asyncio.sleep(0.05)
        assert f.watcher.switches == 1
        api.send_text("Who is the lighthouse keeper?", chat_id=USER)
        assert "Tomas Berg" in await _reply(api, USER, 0)


def test_stored_names_are_safe_and_keep_the_extension() -> None:
    name = stored_name("../../etc/pass wd<>.PDF")
    assert "/" not in name and name.endswith("-pass-wd.pdf")
    assert stored_name("").endswith("-document")


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081"),
        ("https://api.telegram.org/bot/", "https://api.telegram.org"),
        ("http://proxy.local/telegram", "http://proxy.local/telegram"),
    ],
)
def test_a_base_url_ending_in_bot_is_accepted(base: str, expected: str) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": base}
    assert read_environment(env, webhook=False).base_url == expected


@pytest.mark.parametrize(
    ("base", "message"),
    [
        (f"https://api.telegram.org/bot{TOKEN}", "must not contain the token"),
        ("https://", "must start with http:// or https:// and a host"),
        ("https://api.telegram.org/?x=1", "must not have a query"),
    ],
)
def test_a_wrong_base_url_says_what_is_wrong(base: str, message: str) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": base}
    with pytest.raises(SetupError, match=message):
        read_environment(env, webhook=False)
