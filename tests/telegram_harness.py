"""Helpers for the Telegram tests: a fake pipeline, answers built from text, a running bot."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from telegram_fake_server import FakeBotApi

from qa_bot.config import Settings
from qa_bot.errors import BadQuestionError
from qa_bot.fronts.telegram.app import Answerer, TelegramFront
from qa_bot.types import NOT_FOUND, Answer, Chunk, Hit, Source

TOKEN = "123456789:TEST-token_abcdefghijklmnopqrstuvw"


def make_answer(
    question: str,
    text: str | None,
    *,
    sentence: str = "",
    article: str = "",
    title: str = "Test article",
    url: str | None = None,
    notes: tuple[str, ...] = (),
    article_id: str = "a1",
) -> Answer:
    """An Answer quoting ``text`` from ``sentence`` inside ``article`` (offsets are real)."""
    article = article or sentence
    if text is None:
        hits = (Hit(Chunk(0, "a1", article, 0, len(article)), 0.1),) if article else ()
        return Answer(question, None, 0.1, None, None, None, None, hits, declined_reason=NOT_FOUND)
    start = article.find(text)
    if start < 0:
        raise ValueError("the answer must occur in the article")
    chunk = Chunk(0, article_id, article, 0, len(article))
    source = Source(article_id, title, f"seeds/{article_id}.txt", url, None)
    return Answer(
        question,
        text,
        0.9,
        sentence or article,
        source,
        start,
        start + len(text),
        (Hit(chunk, 0.9),),
        notes=notes,
    )


class FakePipeline:
    """Answers from a table; ``boom`` raises, ``slow ...`` sleeps, ``empty`` is a bad question."""

    def __init__(self, answers: dict[str, Answer] | None = None, *, delay: float = 0.0) -> None:
        self.answers = dict(answers or {})
        self.delay = delay
        self.questions: list[str] = []
        self.threads: set[str] = set()
        self._lock = threading.Lock()

    def answer(self, question: str, *, top_k: int | None = None) -> Answer:
        with self._lock:
            self.questions.append(question)
            self.threads.add(threading.current_thread().name)
        if self.delay or question.startswith("slow"):
            time.sleep(self.delay or 1.0)
        if question == "boom":
            raise RuntimeError("the reader fell over")
        if question == "empty":
            raise BadQuestionError("Your question is empty: please type a question.")
        return self.answers.get(question) or make_answer(question, None)


class ConversationalFakePipeline(FakePipeline):
    """A FakePipeline that can hold conversations: takes a follow-up's context, has articles.

    ``asked`` records ``(question, context, prefer_article)`` for every call.
    """

    def __init__(self, answers: dict[str, Answer] | None = None, *, delay: float = 0.0) -> None:
        super().__init__(answers, delay=delay)
        self.settings = Settings()
        self.asked: list[tuple[str, str | None, str | None]] = []

    def answer(  # type: ignore[override]
        self,
        question: str,
        *,
        top_k: int | None = None,
        context: str | None = None,
        prefer_article: str | None = None,
        prefer_margin: float | None = None,
        as_asked: str | None = None,
        focus_threshold: float | None = None,
    ) -> Answer:
        with self._lock:
            self.asked.append((question, context, prefer_article))
        return super().answer(question, top_k=top_k)

    def article_text(self, article_id: str) -> str:
        for answer in self.answers.values():
            if answer.source is not None and answer.source.article_id == article_id:
                return answer.passages[0].chunk.text
        raise KeyError(article_id)


def settings_for(tmp_path: Path, **telegram: Any) -> Settings:
    """Default settings with the feedback file in ``tmp_path`` and some telegram values changed."""
    settings = Settings().replace("paths", feedback_file=str(tmp_path / "feedback.jsonl"))
    return settings.replace("telegram", **telegram) if telegram else settings


@contextlib.asynccontextmanager
async def running_bot(
    api: FakeBotApi,
    pipeline: Answerer,
    settings: Settings,
    *,
    webhook: dict[str, Any] | None = None,
    customize: Callable[[TelegramFront], None] | None = None,
    library: Any = None,
) -> AsyncIterator[TelegramFront]:
    """The real Application, polling (or on a webhook) against ``api``, inside the test's loop.

    ``library`` (a ``LiveLibrary``) lets admins add articles; the index watcher runs as it does
    under ``run_polling`` (a no-op for a pipeline that cannot reload).
    """
    front = TelegramFront(pipeline, settings, library=library)
    if customize is not None:
        customize(front)
    app = front.build_application(TOKEN, base_url=api.base_url)
    await app.initialize()
    assert app.updater is not None
    if webhook is None:
        await app.updater.start_polling(poll_interval=0.0, timeout=10)
    else:
        await app.updater.start_webhook(**webhook)
    await app.start()
    front.watcher.start()
    try:
        yield front
    finally:
        await front.watcher.stop()
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        front.close()
