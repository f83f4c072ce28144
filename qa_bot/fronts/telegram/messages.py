"""Message plumbing of the Telegram front: who a group message addresses, replies, buttons, typing.

Free functions over python-telegram-bot objects; the handlers in ``qa_bot.fronts.telegram.app`` hold
the state and call these.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError

from qa_bot.fronts.telegram.format import (
    MAX_MESSAGE_LENGTH,
    RichText,
    Segment,
    passage_message,
    plain_text,
    render,
    split,
    utf16_length,
)
from qa_bot.fronts.telegram.state import CachedAnswer

logger = logging.getLogger(__name__)


def addressed_question(message: Message, bot: Bot) -> str | None:
    """The question in ``message``, or None when it is a group message not meant for the bot.

    In groups the bot answers a mention of its @username (removed from the question) or a reply
    to one of its own messages.
    """
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text.strip()
    addressed = False
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, value in entities.items():
        mention = (
            entity.type == MessageEntity.MENTION and value.lower() == f"@{bot.username}".lower()
        )
        named = (
            entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id
        )
        if mention or named:
            addressed = True
            if mention:
                text = text.replace(value, " ")
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.id == bot.id:
        addressed = True
    return " ".join(text.split()) if addressed else None


def thread_place(message: Message, bot_id: int) -> dict[str, Any]:
    """Where a question stands, for ``ConversationStore.open``: forum topic, answer replied to.

    Only a group message that replies to one of the bot's messages names one (private chats
    are one conversation whatever they reply to).
    """
    reply_to = None
    replied = message.reply_to_message
    if message.chat.type != ChatType.PRIVATE and replied is not None and replied.from_user:
        reply_to = replied.message_id if replied.from_user.id == bot_id else None
    topic = message.message_thread_id if message.is_topic_message else None
    return {"topic_id": topic or 0, "reply_to": reply_to}


async def reply_parts(
    message: Message,
    parts: list[RichText],
    parse_mode: str,
    markup: InlineKeyboardMarkup | None = None,
) -> Message | None:
    """Send each part as a reply; the buttons go on the last one."""
    sent = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        sent = await message.reply_text(
            render(part, parse_mode),
            parse_mode=parse_mode,
            reply_markup=markup if last else None,
        )
    return sent


def answer_keyboard(
    key: str, *, passage_button: bool, feedback_buttons: bool
) -> InlineKeyboardMarkup:
    """The buttons under an answer whose cache key is ``key``: passage, and 👍/👎."""
    rows: list[list[InlineKeyboardButton]] = []
    if passage_button:
        rows.append([InlineKeyboardButton("Show passage", callback_data=f"p:{key}")])
    if feedback_buttons:
        rows.append(
            [
                InlineKeyboardButton("👍", callback_data=f"v:{key}:up"),
                InlineKeyboardButton("👎", callback_data=f"v:{key}:down"),
            ]
        )
    return InlineKeyboardMarkup(rows)


async def show_passage(
    update: Update, entry: CachedAnswer, markup: InlineKeyboardMarkup | None, parse_mode: str
) -> None:
    """Append the passage to the answer message, or send it as a reply when too long."""
    query = update.callback_query
    if entry.passage_shown or query is None:
        return
    entry.passage_shown = True
    passage = passage_message(entry.answer)
    combined = (*entry.last_part, Segment("\n\n"), *passage)
    message = query.message
    if not isinstance(message, Message):  # too old to edit: Telegram hides its content
        await update.get_bot().send_message(
            entry.chat_id, render(passage, parse_mode), parse_mode=parse_mode
        )
        return
    try:
        if utf16_length(plain_text(combined)) <= MAX_MESSAGE_LENGTH:
            await query.edit_message_text(
                render(combined, parse_mode),
                parse_mode=parse_mode,
                reply_markup=markup,
            )
        else:
            await query.edit_message_reply_markup(reply_markup=markup)
            await reply_parts(message, split(passage), parse_mode)
    except TelegramError:
        entry.passage_shown = False  # let the user press again
        raise


@contextlib.asynccontextmanager
async def typing_indicator(
    bot: Bot, chat_id: int, working: asyncio.Event, *, delay_s: float, refresh_s: float
) -> AsyncIterator[None]:
    """Keep "typing…" up in the chat (see ``_keep_typing``) for as long as the block runs."""
    task = asyncio.create_task(_keep_typing(bot, chat_id, working, delay_s, refresh_s))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _keep_typing(
    bot: Bot, chat_id: int, working: asyncio.Event, delay_s: float, refresh_s: float
) -> None:
    """Show "typing…" once a question takes a while; refresh it only while a worker is on it.

    Questions waiting for a worker get one indicator, not one every few seconds, so a long
    queue does not spend the outgoing message budget the answers need.
    """
    await asyncio.sleep(delay_s)
    while True:
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as exc:  # a lost indicator must not fail the answer
            logger.debug("typing indicator failed: %s", exc)
        await asyncio.sleep(refresh_s)
        await working.wait()
