"""Conversations in Telegram: the store (LRU, expiry, reply threads) and the real Application.

The bot runs as python-telegram-bot's real Application against the fake Bot API; the pipeline is
a table of answers that takes a follow-up's context, so every check is about which conversation
a message continues, not about a model.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from telegram_fake_server import BOT_USERNAME, FakeBotApi, SentMessage
from telegram_harness import (
    TOKEN,
    ConversationalFakePipeline,
    FakePipeline,
    make_answer,
    running_bot,
    settings_for,
)

from qa_bot.answering.conversation import Conversation
from qa_bot.config import Settings
from qa_bot.fronts.telegram.app import COMMANDS, STARTED_OVER, TelegramFront
from qa_bot.fronts.telegram.conversations import ConversationStore, ThreadKey, store_for

LUTHER_Q = "Who wrote the Ninety-five Theses?"
LUTHER = "Martin Luther wrote the Ninety-five Theses in 1517. Martin Luther was born in 1483."
HEROES_Q = "Who directed We Can Be Heroes?"
HEROES = "We Can Be Heroes was directed by Robert Rodriguez. Robert Rodriguez was born in 1968."
SCORE_Q = "Did Rebel compose the score?"
SCORE = "Rodriguez cast his family. His son Rebel composed the film's orchestral score. It is fun."
FOLLOW_UP = "When was he born?"
LUTHER_BORN = "When was Martin Luther born?"
HEROES_BORN = "When was Robert Rodriguez born?"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi(TOKEN) as server:
        yield server


@pytest.fixture
def pipeline() -> ConversationalFakePipeline:
    sentence = "Robert Rodriguez was born in 1968."
    answers = {
        LUTHER_Q: make_answer(LUTHER_Q, "Martin Luther", article=LUTHER, article_id="luther",
                              sentence=LUTHER.split(". ")[0] + ".", title="Martin Luther"),
        HEROES_Q: make_answer(HEROES_Q, "Robert Rodriguez", article=HEROES, article_id="heroes",
                              sentence=HEROES.split(". ")[0] + ".", title="We Can Be Heroes"),
        LUTHER_BORN: make_answer(LUTHER_BORN, "1483", article=LUTHER, article_id="luther",
                                 sentence="Martin Luther was born in 1483.", title="Martin Luther"),
        HEROES_BORN: make_answer(HEROES_BORN, "1968", article=HEROES, article_id="heroes",
                                 sentence=sentence, title="We Can Be Heroes"),
        SCORE_Q: make_answer(SCORE_Q, "orchestral score", article=SCORE, article_id="score",
                             sentence="His son Rebel composed the film's orchestral score.",
                             title="Heroes <family> & co"),
    }  # fmt: skip
    return ConversationalFakePipeline(answers)


# --- the store ---------------------------------------------------------------------------------


def _store(max_conversations: int = 10, idle_s: float = 60.0) -> tuple[ConversationStore, Clock]:
    clock = Clock()
    fake = ConversationalFakePipeline()
    store = ConversationStore(
        lambda: Conversation(fake),  # type: ignore[arg-type]
        idle_s=idle_s,
        max_conversations=max_conversations,
        clock=clock,
    )
    return store, clock


def test_one_conversation_per_chat_least_recently_used_dropped_first() -> None:
    store, _ = _store(max_conversations=2)
    _, first = store.open(1)
    _, second = store.open(2)
    assert store.open(1)[1] is first  # chat 1 used again: chat 2 is now the oldest
    store.open(3)
    assert len(store) == 2
    assert store.open(1)[1] is first
    assert store.open(2)[1] is not second  # dropped, started afresh


def test_an_idle_conversation_expires() -> None:
    store, clock = _store(idle_s=60.0)
    _, first = store.open(1)
    clock.now += 59.0
    assert store.open(1)[1] is first
    clock.now += 59.0  # idle time counts from the last question
    assert store.open(1)[1] is first
    clock.now += 61.0
    assert store.open(1)[1] is not first
    assert len(store) == 1


def test_a_reply_to_an_older_answer_forks_a_reply_thread() -> None:
    store, _ = _store()
    main, conversation = store.open(-5)
    assert main == ThreadKey(-5)
    store.answered(main, 100)
    assert store.open(-5, reply_to=100) == (main, conversation)  # the latest answer: go on
    store.answered(main, 101)
    key, forked = store.open(-5, reply_to=100)
    assert key == ThreadKey(-5, 0, 100) and forked is not conversation
    assert store.open(-5, reply_to=100)[1] is forked  # the reply thread goes on
    assert store.open(-5, reply_to=999) == (main, conversation)  # not an answer: main thread
    assert store.open(-5, topic_id=7)[0] == ThreadKey(-5, 7)  # forum topics are apart
    assert store.forget_chat(-5) == 3
    assert store.open(-5)[1] is not conversation


def test_a_plain_answerer_gets_no_conversations() -> None:
    assert store_for(FakePipeline(), Settings()) is None
    assert store_for(ConversationalFakePipeline(), Settings()) is not None
    with pytest.raises(ValueError):
        ConversationStore(lambda: Conversation(), idle_s=0, max_conversations=1)


# --- the real Application ----------------------------------------------------------------------


def _asked(pipeline: ConversationalFakePipeline) -> list[str]:
    return [question for question, _, _ in pipeline.asked]


async def test_two_chats_interleave_without_mixing_and_new_starts_over(
    api: FakeBotApi, pipeline: ConversationalFakePipeline, tmp_path: Path
) -> None:
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text(LUTHER_Q, chat_id=1)
        await api.next_messages(1)
        api.send_text(HEROES_Q, chat_id=2)
        await api.next_messages(2)
        api.send_text(FOLLOW_UP, chat_id=1)
        (luther,) = await api.next_messages(1, after=1)
        api.send_text(FOLLOW_UP, chat_id=2)
        (heroes,) = await api.next_messages(2, after=1)
        api.send_text("/new", chat_id=1)
        (started_over,) = await api.next_messages(1, after=2)
        api.send_text(FOLLOW_UP, chat_id=1)
        (alone,) = await api.next_messages(1, after=3)
    assert _asked(pipeline) == [LUTHER_Q, HEROES_Q, LUTHER_BORN, HEROES_BORN, FOLLOW_UP]
    assert luther.text.startswith(f"understood as: {LUTHER_BORN}\n\n1483\n")
    assert luther.styled("italic") == [f"understood as: {LUTHER_BORN}"]
    assert "<i>understood as: When was Martin Luther born?</i>" in luther.raw
    assert heroes.text.startswith(f"understood as: {HEROES_BORN}\n\n1968\n")
    assert pipeline.asked[2][1] == f"{LUTHER_Q} Martin Luther"  # retrieval sees the last turn
    assert started_over.text == STARTED_OVER
    assert "understood as" not in alone.text and "couldn't find" in alone.text


async def test_new_is_in_the_command_menu_and_help(
    api: FakeBotApi, pipeline: ConversationalFakePipeline, tmp_path: Path
) -> None:
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text("/help", chat_id=3)
        (help_text,) = await api.next_messages(3)
    assert "new" in [name for name, _ in COMMANDS]  # what post_init sends to set_my_commands
    assert "/new: forget the earlier questions" in help_text.text
    assert "reply to one of my answers to follow it up" in help_text.text


async def test_a_conversation_expires_after_the_idle_time(
    api: FakeBotApi, pipeline: ConversationalFakePipeline, tmp_path: Path
) -> None:
    clock = Clock()

    def ticking(front: TelegramFront) -> None:
        front.conversations = ConversationStore(
            lambda: Conversation(pipeline),  # type: ignore[arg-type]
            idle_s=30 * 60,
            max_conversations=100,
            clock=clock,
        )

    async with running_bot(api, pipeline, settings_for(tmp_path), customize=ticking) as front:
        api.send_text(LUTHER_Q, chat_id=4)
        await _answered(front, await api.next_messages(4))
        clock.now += 29 * 60
        api.send_text(FOLLOW_UP, chat_id=4)
        (kept,) = await api.next_messages(4, after=1)
        await _answered(front, [kept])
        clock.now += 31 * 60
        api.send_text(FOLLOW_UP, chat_id=4)
        (expired,) = await api.next_messages(4, after=2)
    assert kept.text.startswith(f"understood as: {LUTHER_BORN}")
    assert "understood as" not in expired.text
    assert _asked(pipeline) == [LUTHER_Q, LUTHER_BORN, FOLLOW_UP]


async def _answered(front: TelegramFront, sent: list[SentMessage]) -> None:
    """Wait until the bot has recorded its answer (it does so just after sending it)."""
    assert front.conversations is not None
    for _ in range(500):
        if front.conversations.thread_of(sent[-1].chat_id, sent[-1].message_id) is not None:
            return
        await asyncio.sleep(0.01)
    raise TimeoutError("the answer was never recorded")


async def test_group_replies_continue_the_answer_they_reply_to(
    api: FakeBotApi, pipeline: ConversationalFakePipeline, tmp_path: Path
) -> None:
    group = -200
    async with running_bot(api, pipeline, settings_for(tmp_path)) as front:
        api.send_text(f"@{BOT_USERNAME} {LUTHER_Q}", chat_id=group, user_id=1, chat_type="group")
        (luther,) = await api.next_messages(group)
        await _answered(front, [luther])
        api.send_text(f"/ask {HEROES_Q}", chat_id=group, user_id=2, chat_type="group")
        (heroes,) = await api.next_messages(group, after=1)
        await _answered(front, [heroes])
        # the main thread is now about the film; a reply to the first answer is not
        api.send_text(
            FOLLOW_UP, chat_id=group, user_id=1, chat_type="group", reply_to=luther.message_id
        )
        (luther_born,) = await api.next_messages(group, after=2)
        api.send_text(
            FOLLOW_UP, chat_id=group, user_id=2, chat_type="group", reply_to=heroes.message_id
        )
        (heroes_born,) = await api.next_messages(group, after=3)
    assert _asked(pipeline) == [LUTHER_Q, HEROES_Q, LUTHER_BORN, HEROES_BORN]
    assert luther_born.text.startswith(f"understood as: {LUTHER_BORN}")
    assert heroes_born.text.startswith(f"understood as: {HEROES_BORN}")


async def test_yes_no_question_is_answered_with_its_evidence(
    api: FakeBotApi, pipeline: ConversationalFakePipeline, tmp_path: Path
) -> None:
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text(SCORE_Q, chat_id=5)
        (reply,) = await api.next_messages(5)
        api.press(reply, "Show passage", user_id=5)
        await api.wait_until(lambda: reply.edits == 1)
    first = reply.text.split("\n\n")[0]
    assert first == "The article says: “His son Rebel composed the film's orchestral score.”"
    assert reply.bold()[0] == "His son Rebel composed the film's orchestral score."
    assert "Source: Heroes <family> & co" in reply.text
    assert "&lt;family&gt; &amp; co" in reply.raw  # escaped for HTML
    assert "Passage\nRodriguez cast his family." in reply.text


async def test_hi_and_thanks_get_a_reply_without_buttons_and_are_no_turn(
    api: FakeBotApi, pipeline: ConversationalFakePipeline, tmp_path: Path
) -> None:
    from qa_bot.answering.small_talk import GREETING, THANKS

    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text("hi", chat_id=6)
        (hello,) = await api.next_messages(6)
        api.send_text("Thanks!", chat_id=6)
        (thanks,) = await api.next_messages(6, after=1)
    assert hello.text == GREETING and thanks.text == THANKS
    assert not hello.buttons() and not thanks.buttons()
    assert _asked(pipeline) == []  # nothing was searched


async def test_conversation_content_never_goes_to_the_log(
    api: FakeBotApi,
    pipeline: ConversationalFakePipeline,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="qa_bot")
    async with running_bot(api, pipeline, settings_for(tmp_path)):
        api.send_text(LUTHER_Q, chat_id=6)
        await api.next_messages(6)
        api.send_text(FOLLOW_UP, chat_id=6)
        await api.next_messages(6, after=1)
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("qa_bot")]
    assert any("follow-up rewritten" in line for line in ours)
    for secret in ("Luther", "Theses", "born", "1483"):
        assert not any(secret in line for line in ours), secret


def test_bot_api_calls_are_logged_without_their_content() -> None:
    from telegram import Update

    from qa_bot.fronts.telegram.command import ContentFilter

    record = logging.LogRecord(
        "telegram.Bot",
        logging.DEBUG,
        __file__,
        1,
        "Calling Bot API endpoint `%s` with parameters `%s`",
        ("sendMessage", {"text": "When was Martin Luther born?"}),
        None,
    )
    assert ContentFilter().filter(record)
    assert record.getMessage() == "Bot API call sendMessage (content not logged)"
    update = logging.LogRecord(
        "telegram.ext.Application",
        logging.DEBUG,
        __file__,
        1,
        "Processing update %s",
        (Update(7, message=None),),
        None,
    )
    assert ContentFilter().filter(update)
    assert update.getMessage() == "Processing update 7 (content not logged)"
    other = logging.LogRecord("x", logging.INFO, __file__, 1, "chat %s", (5,), None)
    assert ContentFilter().filter(other) and other.getMessage() == "chat 5"
