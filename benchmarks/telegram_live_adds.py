"""Answers keep flowing while admins add articles: the Telegram front under load, with live adds.

The real Application, the real pipeline (real embedder, sentence reader by default) over a fresh
index of seeds/ in a temporary folder, and the fake Bot API of tests/telegram_fake_server.py.
Chats ask seed questions for ``--seconds``; every ``--add-every`` seconds an admin sends a new
document (one made-up fact each). The script checks that every question gets exactly one answer
and that no answer mixes two generations (its passages and source all belong to one generation
that was served), and measures, per added document, the seconds to the confirming reply and from
that reply to the first answer quoting the new document. Exits 1 on a lost, duplicated or mixed
answer.

    python benchmarks/telegram_live_adds.py                  # 30 s, 10 chats, an add every 5 s
    python benchmarks/telegram_live_adds.py --seconds 60 --add-every 3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from telegram_load import SEED_QUESTIONS, TOKEN, _load_fake_server

from qa_bot.answering.pipeline import Pipeline, load_pipeline
from qa_bot.config import load_settings
from qa_bot.fronts.telegram.app import TelegramFront
from qa_bot.fronts.telegram.live import LiveLibrary
from qa_bot.index.library import update_library
from qa_bot.index.loading import LoadedIndex
from qa_bot.index.sources import source_of
from qa_bot.types import Answer

REPO = Path(__file__).resolve().parent.parent
ADMIN = 4242
NAMES = ("Amber", "Basalt", "Cobalt", "Dune", "Ember", "Fjord", "Garnet", "Heron", "Iris", "Jade")


class Watched:
    """The real pipeline, recording every generation it serves and every answer it gives."""

    def __init__(self, inner: Pipeline) -> None:
        self.inner = inner
        self.index_dir = inner.index_dir
        self.embedder = inner.embedder
        self.generations: dict[str, LoadedIndex] = {inner.index.generation.name: inner.index}
        self.answers: list[Answer] = []
        self._lock = threading.Lock()

    def _seen(self) -> None:
        index = self.inner.index
        with self._lock:
            self.generations.setdefault(index.generation.name, index)

    def reload(self) -> bool:
        changed = self.inner.reload()
        self._seen()
        return changed

    def answer(self, question: str, *, top_k: int | None = None) -> Answer:
        self._seen()
        answer = self.inner.answer(question, top_k=top_k)
        self._seen()
        with self._lock:
            self.answers.append(answer)
        return answer

    def mixed(self) -> int:
        """Answers whose passages and source fit no single served generation."""
        return sum(not any(_fits(a, g) for g in self.generations.values()) for a in self.answers)


def _fits(answer: Answer, index: LoadedIndex) -> bool:
    chunks = index.table.chunks
    for hit in answer.passages:
        if hit.chunk.id >= len(chunks) or chunks[hit.chunk.id] != hit.chunk:
            return False
    source = answer.source
    return source is None or source.article_id in index.table.articles


def _document(number: int) -> tuple[str, str, str]:
    name = f"{NAMES[number % len(NAMES)]}{number}"
    text = (
        f"Station {name}\n\nThe weather station {name} stands on a hill above the bay. "
        f"The keeper of station {name} is Ms {name}son, who reads the gauges at dawn."
    )
    return f"station-{number}.txt", text, f"Who is the keeper of station {name}?"


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the benchmark; return the measurements."""
    fake = _load_fake_server()
    settings = load_settings(environ={}).replace(
        "telegram", admin_user_ids=(ADMIN,), reload_interval_s=args.reload_s, workers=args.workers
    )
    folder = Path(tempfile.mkdtemp(prefix="qa-live-adds-"))
    settings = settings.replace("paths", feedback_file=str(folder / "feedback.jsonl"))
    inner = load_pipeline(settings, _fresh_index(folder, settings), reader_kind=args.reader)
    inner.answer("What is this about?")  # models load before the clock starts
    pipeline = Watched(inner)
    front = TelegramFront(pipeline, settings, library=LiveLibrary(pipeline, settings))  # type: ignore[arg-type]
    confirm_s: list[float] = []
    answerable_s: list[float] = []
    asked = 0
    async with fake.FakeBotApi(TOKEN) as api:
        app = front.build_application(TOKEN, base_url=api.base_url)
        await app.initialize()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0)
        await app.start()
        front.watcher.start()
        try:
            began = time.perf_counter()
            adds = asyncio.create_task(_adds(api, args, confirm_s, answerable_s))
            while time.perf_counter() - began < args.seconds:
                chat = 1000 + asked % args.chats
                api.send_text(SEED_QUESTIONS[asked % len(SEED_QUESTIONS)], chat_id=chat)
                asked += 1
                await asyncio.sleep(1 / args.qps)
            added = await adds
            await api.wait_until(lambda: _answered(api, args) >= asked, args.timeout)
            await asyncio.sleep(1.0)  # late duplicates would show up here
            answered = _answered(api, args)
        finally:
            await front.watcher.stop()
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
            front.close()
    return {
        "reader": args.reader,
        "seconds": args.seconds,
        "questions": asked,
        "answers": answered,
        "lost": max(0, asked - answered),
        "duplicated": max(0, answered - asked),
        "mixed_generations": pipeline.mixed(),
        "generations_served": len(pipeline.generations),
        "documents_added": added,
        "confirm_p50_s": round(statistics.median(confirm_s), 2) if confirm_s else None,
        "confirm_max_s": round(max(confirm_s), 2) if confirm_s else None,
        "answerable_after_confirm_max_s": round(max(answerable_s), 2) if answerable_s else None,
    }


def _fresh_index(folder: Path, settings: Any) -> Path:
    from qa_bot.embedding.embedder import load_embedder

    index_dir = folder / "index"
    embedder = load_embedder(settings)
    update_library(index_dir, settings, lambda: embedder, add=(source_of(str(REPO / "seeds")),))
    return index_dir


def _answered(api: Any, args: argparse.Namespace) -> int:
    return sum(1 for m in api.sent if 1000 <= m.chat_id < 1000 + args.chats)


async def _adds(
    api: Any, args: argparse.Namespace, confirm: list[float], ready: list[float]
) -> int:
    """Send a document every ``add_every`` seconds; time its confirmation and first answer."""
    count = 0
    deadline = time.perf_counter() + args.seconds
    while time.perf_counter() + args.add_every < deadline:
        await asyncio.sleep(args.add_every)
        name, text, question = _document(count)
        sent = time.perf_counter()
        before = len(api.messages_to(ADMIN))
        api.send_document(name, text.encode(), chat_id=ADMIN)
        (reply,) = await api.next_messages(ADMIN, after=before, timeout=args.timeout)
        confirmed = time.perf_counter()
        if not reply.text.startswith("Added"):
            raise SystemExit(f"the bot did not add {name}: {reply.text}")
        confirm.append(confirmed - sent)
        api.send_text(question, chat_id=ADMIN)
        (answer,) = await api.next_messages(ADMIN, after=before + 1, timeout=args.timeout)
        if "Source: Station" not in answer.text:
            raise SystemExit(f"{question!r} was not answered from the new document: {answer.text}")
        ready.append(time.perf_counter() - confirmed)
        count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--add-every", type=float, default=5.0)
    parser.add_argument("--qps", type=float, default=5.0, help="questions per second")
    parser.add_argument("--chats", type=int, default=10)
    parser.add_argument("--reader", choices=("neural", "sentence"), default="sentence")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--reload-s", type=float, default=2.0)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    result = asyncio.run(run(args))
    print(json.dumps(result))
    bad = result["lost"] or result["duplicated"] or result["mixed_generations"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
