"""The python-telegram-bot Application: handlers that put Pipeline.answer() behind a bot."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

from telegram import (
    BotCommand,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from qa_bot.answering.conversation import Conversation
from qa_bot.config import Settings
from qa_bot.errors import BadQuestionError
from qa_bot.fronts.telegram.admin import AdminDesk, Librarian
from qa_bot.fronts.telegram.conversations import store_for
from qa_bot.fronts.telegram.format import (
    RichText,
    answer_message,
    help_message,
    notice,
    render,
    split,
    start_message,
)
from qa_bot.fronts.telegram.live import IndexWatcher
from qa_bot.fronts.telegram.messages import (
    addressed_question,
    answer_keyboard,
    reply_parts,
    show_passage,
    thread_place,
    typing_indicator,
)
from qa_bot.fronts.telegram.state import (
    AccessPolicy,
    AnswerCache,
    CachedAnswer,
    FeedbackLog,
    RateLimiter,
)
from qa_bot.types import Answer

logger = logging.getLogger(__name__)

TYPING_DELAY_S = 0.4  # fast answers need no typing indicator (Telegram advises as much)
TYPING_REFRESH_S = 4.5  # the indicator fades after about 5 s
# updates handled at once; questions beyond the worker threads wait for one, while commands and
# buttons stay responsive
CONCURRENT_UPDATES = 256
SEND_RETRIES = 3  # retries of a request Telegram answered with 429 (flood control)

REFUSAL = "Sorry, this bot is private and you are not on its list of users."
APOLOGY = "Sorry, something went wrong while answering. Please try again in a moment."
TOO_OLD = "This answer is too old for its buttons; please ask again."
EMPTY_QUESTION = "Please write your question after the command or the mention."
TEXT_ONLY = "I can only answer questions written as text."
UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can do."
STARTED_OVER = "Starting over: I have forgotten the earlier questions of this chat."
COMMANDS = (
    ("start", "Greeting and how to ask"),
    ("help", "How to use the bot"),
    ("ask", "Ask"),
    ("new", "Start a new conversation"),
)

Context = ContextTypes.DEFAULT_TYPE


class Answerer(Protocol):
    """What the bot needs from the core: ``qa_bot.answering.pipeline.Pipeline`` satisfies it."""

    def answer(self, question: str, *, top_k: int | None = None) -> Answer:
        """Answer one question."""
        ...


class TelegramFront:
    """Handlers and state of one bot; the pipeline is shared by every chat."""

    def __init__(
        self, pipeline: Answerer, settings: Settings, *, library: Librarian | None = None
    ) -> None:
        tg = settings.telegram
        self.pipeline = pipeline
        self.parse_mode = tg.parse_mode
        self.access = AccessPolicy.of(tg.allowed_user_ids, tg.allowed_chat_ids)
        self.limiter = RateLimiter(tg.rate_limit_per_minute, tg.rate_limit_burst)
        self.cache = AnswerCache()
        self.feedback = FeedbackLog(Path(settings.paths.feedback_file))
        self.feedback_buttons = tg.feedback_buttons
        self.workers = tg.workers
        self.typing_delay_s = TYPING_DELAY_S
        self.typing_refresh_s = TYPING_REFRESH_S
        self.executor = ThreadPoolExecutor(max_workers=tg.workers, thread_name_prefix="qa-answer")
        self.admin = AdminDesk(library, settings)  # documents, URLs, /articles, /remove
        self.watcher = IndexWatcher(pipeline, tg.reload_interval_s)  # a rebuilt index, live
        self.conversations = store_for(pipeline, settings)  # per private chat / group thread

    def build_application(
        self,
        token: str,
        *,
        base_url: str | None = None,
        rate_limiter: BaseRateLimiter[Any] | None = None,
    ) -> Application[Any, Any, Any, Any, Any, Any]:
        """Build the Application; ``base_url`` is the API root (``https://api.telegram.org``)."""
        builder = (
            Application.builder()
            .token(token)
            .defaults(
                Defaults(
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                    allow_sending_without_reply=True,
                )
            )
            .rate_limiter(rate_limiter or AIORateLimiter(max_retries=SEND_RETRIES))
            .concurrent_updates(CONCURRENT_UPDATES)
            .post_init(self.post_init)
            .post_shutdown(self.post_shutdown)
        )
        if base_url:
            root = base_url.rstrip("/")
            builder = builder.base_url(f"{root}/bot").base_file_url(f"{root}/file/bot")
        app = builder.build()
        self.add_handlers(app)
        return app

    def add_handlers(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Register every handler and the error handler."""
        self.admin.add_handlers(app)
        new_message = filters.UpdateType.MESSAGE
        app.add_handler(CommandHandler("start", self.on_start, filters=new_message))
        app.add_handler(CommandHandler("help", self.on_help, filters=new_message))
        app.add_handler(CommandHandler("ask", self.on_ask, filters=new_message))
        app.add_handler(CommandHandler("new", self.on_new, filters=new_message))
        app.add_handler(MessageHandler(new_message & filters.TEXT & ~filters.COMMAND, self.on_text))
        private = new_message & filters.ChatType.PRIVATE
        app.add_handler(MessageHandler(private & filters.COMMAND, self.on_unknown_command))
        app.add_handler(MessageHandler(private & ~filters.TEXT, self.on_not_text))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_error_handler(self.on_error)

    async def post_init(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Publish the command list (run by run_polling/run_webhook after initialize)."""
        await app.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
        self.watcher.start()

    async def post_shutdown(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Stop watching the index; release the worker threads."""
        await self.watcher.stop()
        self.close()

    def close(self) -> None:
        """Stop the worker threads after the answers in progress."""
        self.executor.shutdown(wait=True, cancel_futures=True)

    # --- commands and messages -------------------------------------------------------------

    async def on_start(self, update: Update, context: Context) -> None:
        """Greet and explain how to ask."""
        message = update.effective_message
        if message and await self._admit(update, message, question=False):
            await self._reply(message, start_message(context.bot.username))

    async def on_help(self, update: Update, context: Context) -> None:
        """Explain the bot."""
        message = update.effective_message
        if message and await self._admit(update, message, question=False):
            await self._reply(message, help_message(context.bot.username))

    async def on_new(self, update: Update, context: Context) -> None:
        """``/new``: forget the chat's conversations; the next question starts afresh."""
        message = update.effective_message
        if message and await self._admit(update, message, question=False):
            if self.conversations is not None:
                self.conversations.forget_chat(message.chat.id)
            await self._reply(message, notice(STARTED_OVER))

    async def on_ask(self, update: Update, context: Context) -> None:
        """``/ask <question>``: the way to ask in groups, accepted everywhere."""
        message = update.effective_message
        if message is None or not message.text:
            return
        commands = message.parse_entities([MessageEntity.BOT_COMMAND])
        first = min(commands, key=lambda entity: entity.offset, default=None)
        skip = len(commands[first]) if first is not None else 0
        await self._answer(update, context, message, message.text[skip:].strip())

    async def on_text(self, update: Update, context: Context) -> None:
        """A plain message: a question in private chats, in groups only when addressed."""
        message = update.effective_message
        if message is None:
            return
        question = addressed_question(message, context.bot)
        if question is not None:
            await self._answer(update, context, message, question)

    async def on_unknown_command(self, update: Update, context: Context) -> None:
        """An unknown /command in a private chat."""
        message = update.effective_message
        if message and await self._admit(update, message, question=False):
            await self._reply(message, notice(UNKNOWN_COMMAND))

    async def on_not_text(self, update: Update, context: Context) -> None:
        """A sticker, photo, voice note... in a private chat."""
        message = update.effective_message
        if message and await self._admit(update, message, question=False):
            await self._reply(message, notice(TEXT_ONLY))

    # --- answering -------------------------------------------------------------------------

    async def _admit(self, update: Update, message: Message, *, question: bool) -> bool:
        """Apply the allow-lists (and the rate limit to questions); tell refused users why."""
        user = update.effective_user
        user_id = user.id if user else None
        if not self.access.allows(user_id, message.chat.id):
            logger.info("refused user %s in chat %s (not allow-listed)", user_id, message.chat.id)
            await self._reply(message, notice(REFUSAL))
            return False
        if question and user_id is not None:
            decision = self.limiter.check(user_id)
            if not decision.allowed:
                logger.info("rate-limited user %s for %.0f s", user_id, decision.retry_in)
                if decision.warn:
                    wait = max(1, round(decision.retry_in))
                    text = f"You're asking too fast. Please wait {wait} s and ask again."
                    await self._reply(message, notice(text))
                return False
        return True

    async def _answer(
        self, update: Update, context: Context, message: Message, question: str
    ) -> None:
        if not await self._admit(update, message, question=True):
            return
        if not question:
            await self._reply(message, notice(EMPTY_QUESTION))
            return
        started = time.perf_counter()
        working = asyncio.Event()
        thread = (
            self.conversations.open(message.chat.id, **thread_place(message, context.bot.id))
            if self.conversations is not None
            else None
        )
        try:
            async with typing_indicator(
                context.bot,
                message.chat.id,
                working,
                delay_s=self.typing_delay_s,
                refresh_s=self.typing_refresh_s,
            ):
                answer = await self._run_answer(question, working, thread[1] if thread else None)
        except BadQuestionError as exc:
            await self._reply(message, notice(str(exc)))
            return
        user = update.effective_user
        sent = await self._send_answer(message, answer, user.id if user else None)
        if thread is not None and sent is not None and self.conversations is not None:
            self.conversations.answered(thread[0], sent.message_id)
        # never the question or the answer: conversations stay out of the log
        logger.info(
            "chat %s: %s%s in %.0f ms",
            message.chat.id,
            "declined" if answer.declined else "answered",
            " (follow-up rewritten)" if answer.understood_as else "",
            (time.perf_counter() - started) * 1000,
        )

    async def _run_answer(
        self, question: str, working: asyncio.Event, conversation: Conversation | None = None
    ) -> Answer:
        """Answer on a worker thread (in ``conversation`` if given); set ``working`` on pickup."""
        loop = asyncio.get_running_loop()

        def job() -> Answer:
            with contextlib.suppress(RuntimeError):  # the loop may be closing
                loop.call_soon_threadsafe(working.set)
            if conversation is not None:
                return conversation.ask(question)
            return self.pipeline.answer(question)

        return await loop.run_in_executor(self.executor, job)

    async def _send_answer(
        self, message: Message, answer: Answer, user_id: int | None
    ) -> Message | None:
        parts = split(answer_message(answer))
        markup = None
        if not answer.declined:
            entry = CachedAnswer(answer, message.chat.id, user_id, last_part=parts[-1])
            markup = self._keyboard(entry, passage_button=bool(answer.passages))
        return await reply_parts(message, parts, self.parse_mode, markup)

    def _keyboard(
        self, entry: CachedAnswer, *, passage_button: bool, key: str | None = None
    ) -> InlineKeyboardMarkup | None:
        if not passage_button and not self.feedback_buttons:
            return None
        key = key or self.cache.put(entry)
        return answer_keyboard(
            key, passage_button=passage_button, feedback_buttons=self.feedback_buttons
        )

    async def _reply(
        self, message: Message, rich: RichText, markup: InlineKeyboardMarkup | None = None
    ) -> Message | None:
        return await reply_parts(message, split(rich), self.parse_mode, markup)

    # --- buttons ---------------------------------------------------------------------------

    async def on_button(self, update: Update, context: Context) -> None:
        """Inline buttons: show the passage, or record a 👍/👎 vote."""
        query = update.callback_query
        if query is None:
            return
        chat_id = query.message.chat.id if query.message else None
        if not self.access.allows(query.from_user.id, chat_id):
            await query.answer(REFUSAL)
            return
        kind, _, rest = (query.data or "").partition(":")
        key, _, vote = rest.partition(":")
        entry = self.cache.get(key)
        if entry is None:
            await query.answer(TOO_OLD)
            return
        if kind == "p":
            await query.answer()
            markup = self._keyboard(entry, passage_button=False, key=key)
            await show_passage(update, entry, markup, self.parse_mode)
        elif kind == "v" and vote in ("up", "down"):
            if query.from_user.id in entry.voters:
                await query.answer("You have already rated this answer.")
                return
            entry.voters.add(query.from_user.id)
            await asyncio.to_thread(
                self.feedback.record, entry, vote=vote, user_id=query.from_user.id
            )
            await query.answer("Thanks for the feedback!")
        else:
            await query.answer()

    # --- errors ----------------------------------------------------------------------------

    async def on_error(self, update: object, context: Context) -> None:
        """Log any handler failure with its traceback and apologise to the user."""
        logger.error("error while handling an update", exc_info=context.error)
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        try:
            await context.bot.send_message(
                update.effective_chat.id,
                render(notice(APOLOGY), self.parse_mode),
                parse_mode=self.parse_mode,
            )
        except TelegramError as exc:
            logger.warning("could not send the apology: %s", exc)
