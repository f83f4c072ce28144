"""The bot's live index: switch to a rebuilt generation within seconds; edit the library.

``IndexWatcher`` checks ``CURRENT`` every ``telegram.reload_interval_s`` on a worker thread and
lets the pipeline swap its one ``(index, retriever)`` attribute between questions, so an answer
never mixes two generations. ``LiveLibrary`` is what admins edit from the chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Protocol, runtime_checkable

from qa_bot.config import Settings
from qa_bot.embedding.embedder import Embedder
from qa_bot.errors import QaBotError
from qa_bot.index import library_edit
from qa_bot.index.library_edit import Added, ArticleRow, Removed
from qa_bot.index.sources import added_dir

logger = logging.getLogger(__name__)


@runtime_checkable
class Reloadable(Protocol):
    """A pipeline that can switch to the newest generation (``Pipeline`` is one)."""

    def reload(self) -> bool:
        """Switch if the index changed on disk; True if it did."""
        ...


class LivePipeline(Reloadable, Protocol):
    """What the library needs from the pipeline it serves."""

    index_dir: Path
    embedder: Embedder


class IndexWatcher:
    """A background task that keeps the pipeline on the newest generation."""

    def __init__(self, pipeline: object, interval_s: float) -> None:
        self.pipeline = pipeline if isinstance(pipeline, Reloadable) else None
        self.interval_s = interval_s
        self.switches = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start watching (inside the running event loop); a no-op for a fixed pipeline."""
        if self.pipeline is not None and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._watch())

    async def stop(self) -> None:
        """Stop watching."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def check(self) -> bool:
        """Switch now if the index changed; a damaged new generation is logged and skipped."""
        assert self.pipeline is not None
        try:
            changed = await asyncio.to_thread(self.pipeline.reload)
        except QaBotError as exc:
            logger.warning("not switching to the new index: %s", exc)
            return False
        if changed:
            self.switches += 1
            logger.info("switched to the rebuilt index")
        return changed

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                await self.check()
            except Exception:  # keep watching whatever happens
                logger.exception("index check failed")


class LiveLibrary:
    """The served index's library, edited from the chat; each change is served at once."""

    def __init__(self, pipeline: LivePipeline, settings: Settings) -> None:
        self.pipeline = pipeline
        self.settings = settings
        self.index_dir = pipeline.index_dir
        self.added_dir = added_dir(pipeline.index_dir)
        self.wait_s = settings.telegram.add_wait_s

    def add_file(self, path: Path) -> Added:
        """Index a file stored under ``added/`` and switch to the new generation."""
        added = library_edit.add_file(
            self.index_dir, self.settings, self.pipeline.embedder, path, lock_timeout=self.wait_s
        )
        self._switch()
        return added

    def add_url(self, url: str) -> Added:
        """Fetch a page into ``added/``, index it and switch to the new generation."""
        added = library_edit.add_url(
            self.index_dir, self.settings, self.pipeline.embedder, url, lock_timeout=self.wait_s
        )
        self._switch()
        return added

    def articles(self) -> list[ArticleRow]:
        """What the live index holds."""
        return library_edit.list_articles(self.index_dir)

    def remove(self, target: str) -> Removed:
        """Take an article or source out and switch to the new generation."""
        removed = library_edit.remove(
            self.index_dir,
            self.settings,
            lambda: self.pipeline.embedder,
            target,
            lock_timeout=self.wait_s,
        )
        self._switch()
        return removed

    def _switch(self) -> None:
        try:
            self.pipeline.reload()
        except QaBotError as exc:  # the watcher will try again
            logger.warning("not switching to the new index yet: %s", exc)


def library_for(pipeline: object, settings: Settings) -> LiveLibrary | None:
    """The library admins edit, for a pipeline over an index folder (None for any other)."""
    if isinstance(pipeline, Reloadable) and hasattr(pipeline, "index_dir"):
        return LiveLibrary(pipeline, settings)  # type: ignore[arg-type]
    return None
