"""The real python-telegram-bot Application against the fake Bot API, with a fake pipeline."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram_fake_server import BOT_USERNAME, FakeBotApi
from telegram_harness import TOKEN, FakePipeline, make_answer, running_bot, settings_for

from qa_bot.fronts.telegram.app import APOLOGY, REFUSAL, TOO_OLD, TelegramFront
from qa_bot.fronts.telegram.state import AnswerCache

QUESTION = "Who composed the film's orchestral score?"
SENTENCE = (
    "His son Rogue designed the ship; 20-year-old son Rebel composed the film’s orchestral score."
)
ARTICLE = "The production was a family affair. " + SENTENCE + " Racer co-produced the film."
TITLE = "'We Can Be Heroes': Robert Rodriguez reveals surprising help"
URL = "https://example.com/heroes?a=1&b=2"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as server:
        yield server


@pytest.fixture
def pipeline() -> FakePipeline:
    answer = make_answer(
        QUESTION, "Rebel", sentence=SENTENCE, article=ARTICLE, title=TITLE, url=URL
    )
    return FakePipeline({QUESTION: answer})


async def test_start_and_help(api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path) -> None:
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text("/start", chat_id=10)
        (greeting,) = await api.next_messages(10)
        api.send_text("/help", chat_id=10)
        (help_text,) = await api.next_messages(10, after=1)
    assert "send me a question" in greeting.text
    assert f"@{BOT_USERNAME}" in greeting.text
    assert "/ask <question>" in help_text.text
    assert pipeline.questions == []


async def test_answer_in_bold_with_sentence_and_linked_source(
    api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path
) -> None:
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text(QUESTION, chat_id=10)
        (reply,) = await api.next_messages(10)
    assert reply.text.startswith("Rebel\n")
    assert reply.bold() == ["Rebel", "Rebel"]  # the answer, and the answer inside its sentence
    assert "20-year-old son Rebel composed the film’s orchestral score." in reply.text
    assert f"Source: {TITLE}" in reply.text
    assert reply.links() == [URL]
    assert set(reply.buttons()) == {"Show passage", "👍", "👎"}
    assert all(len(data.encode()) <= 64 for data in reply.buttons().values())


async def test_decline_is_said_plainly(
    api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path
) -> None:
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text("What was the film's budget?", chat_id=10)
        (reply,) = await api.next_messages(10)
    assert "couldn't find an answer" in reply.text
    assert reply.buttons() == {}


async def test_show_passage_button_reveals_the_passage(
    api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path
) -> None:
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text(QUESTION, chat_id=10)
        (reply,) = await api.next_messages(10)
        update = api.press(reply, "Show passage", user_id=10)
        await api.wait_until(lambda: reply.edits == 1)
        query_id = update["callback_query"]["id"]
        await api.wait_until(lambda: query_id in api.callback_answers)
    assert "Passage\nThe production was a family affair." in reply.text
    assert "Racer co-produced the film." in reply.text
    assert set(reply.buttons()) == {"👍", "👎"}  # the passage button is gone


async def test_votes_are_appended_to_the_feedback_file(
    api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path)
    async with running_bot(api, pipeline, settings):
        api.send_text(QUESTION, chat_id=10)
        (reply,) = await api.next_messages(10)
        first = api.press(reply, "👍", user_id=10)["callback_query"]["id"]
        await api.wait_until(lambda: first in api.callback_answers)
        second = api.press(reply, "👎", user_id=10)["callback_query"]["id"]
        await api.wait_until(lambda: second in api.callback_answers)
    lines = Path(settings.paths.feedback_file).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["vote"] == "up" and record["user_id"] == 10
    assert record["question"] == QUESTION and record["answer"] == "Rebel"
    assert record["time"].endswith("Z")
    assert "Thanks" in api.callback_answers[first]["text"]
    assert "already" in api.callback_answers[second]["text"]


async def test_buttons_of_forgotten_answers_say_so(
    api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path
) -> None:
    def tiny_cache(front: object) -> None:
        front.cache = AnswerCache(max_entries=1)  # type: ignore[attr-defined]

    async with running_bot(api, pipeline, settings_for(tmp_path), customize=tiny_cache):
        # One at a time: updates are handled concurrently, and the second answer must be the one
        # that pushes the first out of the one-entry cache.
        api.send_text(QUESTION, chat_id=10)
        (old,) = await api.next_messages(10)
        api.send_text(QUESTION, chat_id=11)
        await api.next_messages(11)
        query_id = api.press(old, "Show passage", user_id=10)["callback_query"]["id"]
        await api.wait_until(lambda: query_id in api.callback_answers)
    assert api.callback_answers[query_id]["text"] == TOO_OLD


async def test_allow_lists(api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, allowed_user_ids=(10,), allowed_chat_ids=(-500,))
    async with running_bot(api, pipeline, settings):
        api.send_text(QUESTION, chat_id=10)
        api.send_text(QUESTION, chat_id=20)
        api.send_text(f"@{BOT_USERNAME} {QUESTION}", chat_id=-500, user_id=30, chat_type="group")
        (allowed,) = await api.next_messages(10)
        (refused,) = await api.next_messages(20)
        (in_group,) = await api.next_messages(-500)
    assert "Rebel" in allowed.text
    assert refused.text == REFUSAL
    assert "Rebel" in in_group.text
    assert pipeline.questions == [QUESTION, QUESTION]


async def test_groups_answer_only_when_addressed(
    api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path
) -> None:
    group = -100
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text(QUESTION, chat_id=group, user_id=1, chat_type="group")
        api.send_text(f"@someone_else {QUESTION}", chat_id=group, user_id=1, chat_type="group")
        api.send_text(f"@{BOT_USERNAME} {QUESTION}", chat_id=group, user_id=1, chat_type="group")
        (mentioned,) = await api.next_messages(group)
        api.send_text(
            f"/ask@{BOT_USERNAME} {QUESTION}", chat_id=group, user_id=2, chat_type="group"
        )
        await api.next_messages(group, after=1)
        api.send_text(
            "What was the film's budget?",
            chat_id=group,
            user_id=3,
            chat_type="group",
            reply_to=mentioned.message_id,
        )
        (declined,) = await api.next_messages(group, after=2)
        await asyncio.sleep(0.3)
    assert pipeline.questions == [QUESTION, QUESTION, "What was the film's budget?"]
    assert len(api.messages_to(group)) == 3
    assert "Rebel" in mentioned.text
    assert mentioned.reply_to is not None  # in groups the answer quotes the question
    assert "couldn't find" in declined.text


async def test_per_user_rate_limit(api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path) -> None:
    settings = settings_for(tmp_path, rate_limit_burst=2, rate_limit_per_minute=1.0)
    async with running_bot(api, pipeline, settings):
        for _ in range(4):
            api.send_text(QUESTION, chat_id=10)
        api.send_text(QUESTION, chat_id=11)
        await api.next_messages(10, 3)
        await api.next_messages(11)
        await asyncio.sleep(0.3)
    texts = [m.text for m in api.messages_to(10)]
    assert len(texts) == 3  # two answers, one polite warning, then silence
    assert sum("asking too fast" in t for t in texts) == 1
    assert sum(t.startswith("Rebel") for t in texts) == 2
    assert api.messages_to(11)[0].text.startswith("Rebel")


async def test_flood_control_429_is_retried(
    api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path
) -> None:
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.fail_next("sendMessage", 429, retry_after=1)
        started = time.monotonic()
        api.send_text(QUESTION, chat_id=10)
        (reply,) = await api.next_messages(10)
    assert reply.text.startswith("Rebel")
    assert [c.status for c in api.calls_to("sendMessage")] == [429, 200]
    assert time.monotonic() - started >= 1.0  # retry_after was honoured


@pytest.mark.parametrize("parse_mode", ["HTML", "MarkdownV2"])
async def test_special_characters_arrive_intact(
    api: FakeBotApi, tmp_path: Path, parse_mode: str
) -> None:
    text = "<b>a & b</b> *c* _d_ [e](f) `g` \\h ~i~ >j #k +l -m =n |o| {p} .q !r"
    sentence = f"The tricky part is {text} in the middle."
    title = "Q&A: <draft> *one* _two_ (3) [4]"
    url = "https://example.com/a_(b)?x=1&y=<2>"
    answer = make_answer("tricky", text, sentence=sentence, title=title, url=url)
    settings = settings_for(tmp_path, parse_mode=parse_mode)
    async with running_bot(api, FakePipeline({"tricky": answer}), settings):
        api.send_text("tricky", chat_id=10)
        (reply,) = await api.next_messages(10)
        api.press(reply, "Show passage", user_id=10)
        await api.wait_until(lambda: reply.edits == 1)
    assert reply.parse_mode == parse_mode
    assert reply.bold()[:2] == [text, text]
    assert f"“The tricky part is {text} in the middle.”" in reply.text
    assert f"Source: {title}" in reply.text
    assert reply.links() == [url]
    assert reply.text.endswith(f"Passage\n{sentence}")


async def test_long_answers_are_split_at_sentence_boundaries(
    api: FakeBotApi, tmp_path: Path
) -> None:
    sentences = [f"Sentence number {i} says something & more <here>." for i in range(250)]
    sentence = " ".join(sentences)
    answer = make_answer("long", sentences[-1], sentence=sentence, title="Long & winding")
    async with running_bot(api, FakePipeline({"long": answer}), settings_for(tmp_path)):
        api.send_text("long", chat_id=10)
        await api.next_messages(10, 3)
        await asyncio.sleep(0.3)
    parts = api.messages_to(10)
    assert len(parts) == 4
    assert all(len(p.text) <= 4096 for p in parts)
    assert all(p.text.rstrip("”").endswith(".") for p in parts[:-1])  # cut after a sentence
    assert [bool(p.buttons()) for p in parts] == [False, False, False, True]
    joined = " ".join(p.text for p in parts)
    assert all(s in joined for s in sentences)


async def test_a_crash_gets_an_apology_and_the_bot_keeps_working(
    api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="qa_bot.fronts.telegram.app")
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text("boom", chat_id=10)
        (apology,) = await api.next_messages(10)
        api.send_text(QUESTION, chat_id=10)
        (answer,) = await api.next_messages(10, after=1)
    assert apology.text == APOLOGY
    assert answer.text.startswith("Rebel")
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert errors and errors[0].exc_info is not None
    assert "the reader fell over" in str(errors[0].exc_info[1])


async def test_bad_questions_get_the_core_message(
    api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path
) -> None:
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text("empty", chat_id=10)
        (reply,) = await api.next_messages(10)
    assert reply.text == "Your question is empty: please type a question."


async def test_slow_answers_show_typing_and_run_in_parallel(
    api: FakeBotApi, tmp_path: Path
) -> None:
    pipeline = FakePipeline(delay=0.8)
    settings = settings_for(tmp_path, workers=4)
    async with running_bot(api, pipeline, settings):
        started = time.monotonic()
        for chat in range(1, 5):
            api.send_text(f"question {chat}", chat_id=chat)
        for chat in range(1, 5):
            await api.next_messages(chat)
        elapsed = time.monotonic() - started
    actions = api.calls_to("sendChatAction")
    assert {c.params["chat_id"] for c in actions} == {1, 2, 3, 4}
    assert all(c.params["action"] == "typing" for c in actions)
    assert elapsed < 2.5  # four 0.8 s answers on four workers, not one after another
    assert all(name.startswith("qa-answer") for name in pipeline.threads)


async def test_queued_questions_do_not_keep_refreshing_typing(
    api: FakeBotApi, tmp_path: Path
) -> None:
    def fast_typing(front: TelegramFront) -> None:
        front.typing_delay_s, front.typing_refresh_s = 0.05, 0.1

    pipeline = FakePipeline(delay=0.4)
    settings = settings_for(tmp_path, workers=1)
    async with running_bot(api, pipeline, settings, customize=fast_typing):
        for chat in (1, 2, 3):
            api.send_text(f"question {chat}", chat_id=chat)
        for chat in (1, 2, 3):
            await api.next_messages(chat)
    times = [c.at for c in api.calls_to("sendChatAction") if c.params["chat_id"] == 3]
    assert len(times) >= 2
    # one indicator while question 3 waits ~0.8 s for the single worker (refreshing would have
    # sent one every 0.1 s), then refreshes once the worker is on it
    assert times[1] - times[0] > 0.5


async def test_non_text_and_unknown_commands(
    api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path
) -> None:
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text("/frobnicate", chat_id=10)
        (unknown,) = await api.next_messages(10)
        api.inject(
            {
                "message": {
                    "message_id": 99,
                    "date": int(time.time()),
                    "chat": api.chat(10),
                    "from": api.user(10),
                    "sticker": {
                        "file_id": "x",
                        "file_unique_id": "y",
                        "width": 1,
                        "height": 1,
                        "is_animated": False,
                        "is_video": False,
                        "type": "regular",
                    },
                }
            }
        )
        (sticker,) = await api.next_messages(10, after=1)
    assert "/help" in unknown.text
    assert "text" in sticker.text


async def test_webhook_mode_checks_the_secret(
    api: FakeBotApi, pipeline: FakePipeline, tmp_path: Path, unused_tcp_port: int
) -> None:
    webhook = {
        "listen": "127.0.0.1",
        "port": unused_tcp_port,
        "url_path": "/telegram",
        "webhook_url": f"http://127.0.0.1:{unused_tcp_port}/telegram",
        "secret_token": "s3cret-Token_1",
    }
    async with running_bot(api, pipeline, settings_for(tmp_path), webhook=webhook):
        assert api.webhook_secret == "s3cret-Token_1"
        api.send_text(QUESTION, chat_id=10)
        (reply,) = await api.next_messages(10)
        forged = api.send_text("boom", chat_id=10, deliver=False)
        wrong = await api.post_to_webhook(forged, secret="wrong")
        missing = await api.post_to_webhook(forged, secret=None)
        genuine = api.send_text(QUESTION, chat_id=10, deliver=False)
        right = await api.post_to_webhook(genuine, secret="s3cret-Token_1")
        await api.next_messages(10, after=1)
        await asyncio.sleep(0.3)
    assert reply.text.startswith("Rebel")
    assert (wrong, missing, right) == (403, 403, 200)
    assert "boom" not in pipeline.questions
    assert [m.text.startswith("Rebel") for m in api.messages_to(10)] == [True, True]
