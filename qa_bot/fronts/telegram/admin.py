"""Admins grow the library from Telegram: send a document or a URL, /articles, /remove.

Handlers run in group -1, before the question handlers: a document is refused (never
downloaded) unless its sender is on ``telegram.admin_user_ids``, is of a readable type and within
``telegram.max_upload_mb`` by its announced size. Indexing runs on a worker thread; two admins at
once take turns on the index's writer lock, and the pipeline switches to the new generation
before the reply confirms the addition.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from pathlib import Path
from typing import Any, Protocol

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from qa_bot.config import Settings
from qa_bot.errors import QaBotError
from qa_bot.fronts.telegram.format import notice, render, split
from qa_bot.index.library_edit import Added, ArticleRow, Removed

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
READABLE = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".pdf", ".docx")
NOT_ADMIN = "Sorry, only the bot's admins can add articles. Ask me a question instead!"
ADMINS_ONLY = "Sorry, only the bot's admins can do that."
NO_LIBRARY = "Sorry, this bot cannot add articles (it runs without a library)."
REMOVE_USAGE = "Usage: /remove ARTICLE-ID, PATH or URL (see /articles for the ids)."
_URL_ONLY = re.compile(r"^\s*https?://\S+\s*$", re.IGNORECASE)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class Librarian(Protocol):
    """The index's library as the bot edits it (``LiveLibrary`` in ``telegram.library``)."""

    added_dir: Path

    def add_file(self, path: Path) -> Added:
        """Index a file stored under ``added_dir``."""
        ...

    def add_url(self, url: str) -> Added:
        """Fetch a page, store it under ``added_dir`` and index it."""
        ...

    def articles(self) -> list[ArticleRow]:
        """What is indexed."""
        ...

    def remove(self, target: str) -> Removed:
        """Take an article or a source out."""
        ...


def stored_name(file_name: str) -> str:
    """A safe, unique file name under ``added/`` that keeps the extension."""
    path = Path(file_name or "document")
    stem = _UNSAFE.sub("-", path.stem).strip(".-")[:60] or "document"
    suffix = _UNSAFE.sub("", path.suffix.lower())[:10]
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}-{stem}{suffix}"


def added_message(added: Added, what: str) -> str:
    """The reply to an admin's addition."""
    if added.duplicate:
        return f"'{added.titles[0]}' is already in the library; nothing changed."
    if len(added.titles) == 1:
        return f"Added '{added.titles[0]}' — {added.passages} passages."
    shown = ", ".join(f"'{t}'" for t in added.titles[:3])
    more = ", …" if len(added.titles) > 3 else ""
    count = len(added.titles)
    return f"Added {count} articles from {what} ({shown}{more}) — {added.passages} passages."


def articles_message(rows: list[ArticleRow]) -> str:
    """The /articles listing: one line per article."""
    if not rows:
        return "The library is empty."
    lines = [f"{len(rows)} articles:"]
    for row in rows:
        date = f", {row.date}" if row.date else ""
        lines.append(f"• {row.title} — {row.passages} passages{date} [{row.id}]")
    return "\n".join(lines)


class AdminDesk:
    """The admin handlers of one bot."""

    def __init__(self, library: Librarian | None, settings: Settings) -> None:
        self.library = library
        self.admins = frozenset(settings.telegram.admin_user_ids)
        self.max_bytes = int(settings.telegram.max_upload_mb * 1024 * 1024)
        self.parse_mode = settings.telegram.parse_mode

    def add_handlers(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Register the handlers in group -1, ahead of the question handlers."""
        private = filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE
        app.add_handler(MessageHandler(private & filters.Document.ALL, self.on_document), -1)
        url_only = private & filters.TEXT & ~filters.COMMAND & filters.Regex(_URL_ONLY)
        app.add_handler(MessageHandler(url_only, self.on_url), -1)
        new_message = filters.UpdateType.MESSAGE
        app.add_handler(CommandHandler("articles", self.on_articles, filters=new_message), -1)
        app.add_handler(CommandHandler("remove", self.on_remove, filters=new_message), -1)

    def is_admin(self, update: Update) -> bool:
        """True when the update comes from an admin."""
        user = update.effective_user
        return user is not None and user.id in self.admins

    async def _say(self, message: Message, text: str) -> None:
        for part in split(notice(text)):
            await message.reply_text(render(part, self.parse_mode), parse_mode=self.parse_mode)

    async def on_document(self, update: Update, context: Context) -> None:
        """An admin's document is stored, indexed and confirmed; anyone else's is refused."""
        message = update.effective_message
        if message is None or message.document is None:
            return
        document = message.document
        name = document.file_name or "document"
        user = update.effective_user
        if not self.is_admin(update):
            logger.info("refused a document from user %s (not an admin)", user and user.id)
            await self._say(message, NOT_ADMIN)
        elif self.library is None:
            await self._say(message, NO_LIBRARY)
        elif Path(name).suffix.lower() not in READABLE:
            kind = Path(name).suffix.lower() or "files without an extension"
            await self._say(
                message,
                f"Sorry, I cannot read {kind}. Send a txt, md, html, json, pdf or docx file.",
            )
        elif document.file_size is not None and document.file_size > self.max_bytes:
            size, limit = document.file_size / 2**20, self.max_bytes / 2**20
            await self._say(message, f"'{name}' is {size:.1f} MB; the limit is {limit:.0f} MB.")
        else:
            await self._add_document(message, context, name, document.file_id)
        raise ApplicationHandlerStop

    async def _add_document(
        self, message: Message, context: Context, name: str, file_id: str
    ) -> None:
        assert self.library is not None
        folder = self.library.added_dir
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / stored_name(name)
        partial = folder / f".incoming-{final.name}"  # hidden: a refresh never reads it half-done
        try:
            await context.bot.send_chat_action(message.chat.id, ChatAction.TYPING)
            telegram_file = await context.bot.get_file(file_id)
            await telegram_file.download_to_drive(custom_path=partial)
            partial.replace(final)
        except (TelegramError, OSError) as exc:
            partial.unlink(missing_ok=True)
            logger.warning("could not download %s: %s", name, exc)
            await self._say(message, f"Sorry, I could not download '{name}': {exc}")
            return
        await self._run(message, name, self.library.add_file, final)

    async def _run(self, message: Message, what: str, job: Any, *args: Any) -> None:
        """Run an addition on a worker thread and reply with what it did."""
        began = time.perf_counter()
        try:
            added = await asyncio.to_thread(job, *args)
        except QaBotError as exc:
            await self._say(message, f"Could not add {what}: {exc}")
            return
        logger.info("added %s in %.1f s", what, time.perf_counter() - began)
        await self._say(message, added_message(added, what))

    async def on_url(self, update: Update, context: Context) -> None:
        """A message that is only a URL: an admin's page is added; anyone else asks a question."""
        message = update.effective_message
        if message is None or not message.text or not self.is_admin(update):
            return
        if self.library is None:
            await self._say(message, NO_LIBRARY)
            raise ApplicationHandlerStop
        url = message.text.strip()
        await context.bot.send_chat_action(message.chat.id, ChatAction.TYPING)
        await self._run(message, url, self.library.add_url, url)
        raise ApplicationHandlerStop

    async def on_articles(self, update: Update, context: Context) -> None:
        """/articles: list what is indexed (admins only)."""
        message = update.effective_message
        if message is not None:
            if not self.is_admin(update) or self.library is None:
                await self._say(message, ADMINS_ONLY if self.library else NO_LIBRARY)
            else:
                try:
                    rows = await asyncio.to_thread(self.library.articles)
                    await self._say(message, articles_message(rows))
                except QaBotError as exc:
                    await self._say(message, f"Could not list the articles: {exc}")
        raise ApplicationHandlerStop

    async def on_remove(self, update: Update, context: Context) -> None:
        """/remove ARTICLE-ID|PATH|URL (admins only)."""
        message = update.effective_message
        if message is not None:
            await self._remove(update, message)
        raise ApplicationHandlerStop

    async def _remove(self, update: Update, message: Message) -> None:
        if not self.is_admin(update) or self.library is None:
            await self._say(message, ADMINS_ONLY if self.library else NO_LIBRARY)
            return
        commands = message.parse_entities([MessageEntity.BOT_COMMAND])
        skip = max((e.offset + e.length for e in commands), default=0)
        target = (message.text or "")[skip:].strip()
        if not target:
            await self._say(message, REMOVE_USAGE)
            return
        try:
            removed = await asyncio.to_thread(self.library.remove, target)
        except QaBotError as exc:
            await self._say(message, f"Could not remove {target}: {exc}")
            return
        titles = ", ".join(f"'{t}'" for t in removed.titles[:5])
        await self._say(
            message,
            f"Removed {titles or target}; {removed.build.articles} articles are left.",
        )
