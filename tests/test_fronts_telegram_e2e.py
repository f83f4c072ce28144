"""The bot over the real pipeline and seeds/, in-process and as the real `qa-bot telegram`."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram_fake_server import FakeBotApi
from telegram_harness import TOKEN, running_bot, settings_for

from qa_bot.config import load_settings

pytestmark = pytest.mark.slow

QUESTION = "Who composed the film's orchestral score?"
SEED_TITLE = (
    "'We Can Be Heroes': Robert Rodriguez reveals surprising help he got to make Netflix hit"
)
SPECIAL_ARTICLE = (
    "# Q&A notes: <draft> *one* _two_\n\n"
    "The library `qa_bot` & its <reader> were written by Ada_Lovelace *and* Co. in 2021. "
    "It answers questions about articles.\n\nThe weather in Paris was mild & sunny.\n"
)


@pytest.fixture(scope="session")
def real_pipeline(seed_index: Path, real_embedder: Any) -> Any:
    """The real pipeline over seeds/, loaded once (sentence reader: stable across retraining)."""
    from qa_bot.answering.pipeline import load_pipeline

    return load_pipeline(
        load_settings(environ={}), seed_index, reader_kind="sentence", embedder=real_embedder
    )


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as server:
        yield server


async def test_real_answer_decline_and_passage(
    api: FakeBotApi, real_pipeline: Any, tmp_path: Path
) -> None:
    async with running_bot(api, real_pipeline, settings_for(tmp_path)):
        api.send_text(QUESTION, chat_id=10)
        (answer,) = await api.next_messages(10, timeout=30)
        api.send_text("What was the film's budget?", chat_id=12)  # a new chat: no follow-up
        (declined,) = await api.next_messages(12, timeout=30)
        api.press(answer, "Show passage", user_id=10)
        await api.wait_until(lambda: answer.edits == 1)
        api.send_text("Is it streaming on Netflix?", chat_id=10)  # a follow-up, first chat
        (follow_up,) = await api.next_messages(10, after=1, timeout=30)
    assert "Rebel" in answer.bold()[0]
    # "it" is the film the article is about (the sentence reader's answer names three sons, so
    # "he" would be ambiguous and is rightly left as asked)
    understood = follow_up.styled("italic")[0]
    assert understood.startswith("understood as: Is ") and " it " not in understood
    assert f"Source: {SEED_TITLE}" in follow_up.text
    assert f"Source: {SEED_TITLE}" in answer.text
    assert "couldn't find an answer" in declined.text
    assert "Passage\nThe production was a full-on family affair" in answer.text


async def test_real_article_with_markup_characters(
    api: FakeBotApi, real_embedder: Any, tmp_path: Path
) -> None:
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "notes.txt").write_text(SPECIAL_ARTICLE, encoding="utf-8")
    settings = load_settings(environ={})
    build_index(
        read_paths([tmp_path / "articles"]).articles, tmp_path / "index", settings, real_embedder
    )
    pipeline = load_pipeline(
        settings, tmp_path / "index", reader_kind="sentence", embedder=real_embedder
    )
    for chat, parse_mode in ((1, "HTML"), (2, "MarkdownV2")):
        bot_settings = settings_for(tmp_path, parse_mode=parse_mode)
        async with running_bot(api, pipeline, bot_settings):
            api.send_text("Who wrote the qa_bot library?", chat_id=chat)
            (reply,) = await api.next_messages(chat, timeout=30)
        assert reply.parse_mode == parse_mode
        assert reply.bold()[0] == (
            "The library `qa_bot` & its <reader> were written by Ada_Lovelace *and* Co. in 2021."
        )
        assert "Source: Q&A notes: <draft> *one* _two_" in reply.text


def _qa_bot_command() -> list[str]:
    script = Path(sys.executable).parent / "qa-bot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "qa_bot"]


async def test_the_real_command_answers_then_stops_cleanly_on_sigterm(
    api: FakeBotApi, seed_index: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "QA_BOT_PATHS__FEEDBACK_FILE": str(tmp_path / "feedback.jsonl"),
        "PTB_TIMEDELTA": "1",
    }
    process = await asyncio.create_subprocess_exec(
        *_qa_bot_command(),
        "-vv",
        "telegram",
        "--index-dir",
        str(seed_index),
        "--reader",
        "sentence",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await api.wait_until(
            lambda: api.calls_to("getUpdates") or process.returncode is not None, 90
        )
        api.send_text(QUESTION, chat_id=10)
        (answer,) = await api.next_messages(10, timeout=30)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "Rebel" in answer.text
    assert [c["command"] for c in api.commands] == ["start", "help", "ask", "new"]
    assert TOKEN.split(":")[1] not in log + stdout.decode()
    assert "<redacted>" in log  # -vv: PTB logs the API URL, with the token in it, at DEBUG
    assert "content not logged" in log and QUESTION not in log and "Rebel" not in log
    # the last poll acknowledged the answered update, so a restart would not answer it again
    last_poll = api.calls_to("getUpdates")[-1]
    assert last_poll.params.get("offset", 0) > 0


async def test_a_hedged_answer_says_probably_and_keeps_its_buttons(
    api: FakeBotApi, seed_index: Path, real_embedder: Any, tmp_path: Path
) -> None:
    from qa_bot.answering.pipeline import load_pipeline

    unsure = load_settings(environ={}).replace(
        "reader", neural_threshold=0.0, neural_confident_threshold=1.0
    )
    pipeline = load_pipeline(unsure, seed_index, reader_kind="neural", embedder=real_embedder)
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text("Who plays Missy?", chat_id=11)
        (reply,) = await api.next_messages(11, timeout=60)
        assert set(reply.buttons()) == {"Show passage", "👍", "👎"}
        api.press(reply, "Show passage", user_id=11)
        await api.wait_until(lambda: reply.edits == 1, timeout=60)
    first_line = reply.text.splitlines()[0]
    assert first_line.startswith("Probably ") and first_line.endswith(" (not fully sure)")
    assert "Yaha Gosselin" in reply.text
    assert reply.bold() and reply.bold()[0] in first_line
    assert f"Source: {SEED_TITLE}" in reply.text
    assert "Passage" in reply.text  # the passage it was read from, shown on request


async def test_who_wrote_the_article_is_answered_from_the_byline_with_its_passage(
    api: FakeBotApi, real_pipeline: Any, tmp_path: Path
) -> None:
    async with running_bot(api, real_pipeline, settings_for(tmp_path)):
        api.send_text("Who wrote the article?", chat_id=13)
        (reply,) = await api.next_messages(13, timeout=30)
        assert "Show passage" in reply.buttons()
        api.press(reply, "Show passage", user_id=13)
        await api.wait_until(lambda: reply.edits == 1)
    text = (Path(__file__).resolve().parents[1] / "seeds").glob("*.txt")
    byline = next(iter(text)).read_text(encoding="utf-8").splitlines()[2]  # under the headline
    assert reply.bold()[0] == byline.strip()
    assert not reply.text.startswith("Probably")  # read from the byline, not guessed
    assert f"Source: {SEED_TITLE}" in reply.text
    assert "Passage\n" in reply.text
