"""Load test of the Telegram front: many chats asking at once through the fake Bot API.

The real Application (polling, AIORateLimiter, worker threads) runs in this process against
tests/telegram_fake_server.py. Every question must get exactly one answer; the script prints
throughput and reply latency (from the update being queued at the fake server to the answer
arriving there) and exits 1 if a question was lost or answered twice.

    python benchmarks/telegram_load.py                   # fake pipeline, 50 chats, 200 questions
    python benchmarks/telegram_load.py --no-flood-limit  # without the 30 msg/s outgoing limit
    python benchmarks/telegram_load.py --pipeline real --index-dir IDX  # real sentence reader
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from qa_bot.config import Settings, load_settings
from qa_bot.fronts.telegram.app import Answerer, TelegramFront
from qa_bot.types import Answer, Chunk, Hit, Source

REPO = Path(__file__).resolve().parent.parent
TOKEN = "123456789:BENCH-token_abcdefghijklmnopqrstuv"
SEED_QUESTIONS = (
    "Who composed the film's orchestral score?",
    "Who designed the alien ship interiors?",
    "How many viewers did the film draw over the holidays?",
    "Who co-produced the film?",
    "What was the film's budget?",
    "Who drew the illustrations in the film?",
    "Which streaming service released We Can Be Heroes?",
    "What did Rodriguez make before We Can Be Heroes?",
)


def _load_fake_server() -> Any:
    path = REPO / "tests" / "telegram_fake_server.py"
    spec = importlib.util.spec_from_file_location("telegram_fake_server", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class EchoPipeline:
    """Answers ``q<N> ...`` with ``answer-<N>`` after ``work_s`` of (sleeping) work."""

    def __init__(self, work_s: float) -> None:
        self.work_s = work_s

    def answer(self, question: str, *, top_k: int | None = None) -> Answer:
        time.sleep(self.work_s)
        number = question.split()[0][1:]
        text = f"answer-{number}"
        sentence = f"The answer to question {number} is {text} & <that> is *all*."
        chunk = Chunk(0, "a", sentence, 0, len(sentence))
        start = sentence.index(text)
        source = Source("a", "Benchmark article", "a.txt", "https://example.com/a", None)
        return Answer(
            question, text, 0.9, sentence, source, start, start + len(text), (Hit(chunk, 1.0),)
        )


def _pipeline(args: argparse.Namespace, settings: Settings) -> Answerer:
    if args.pipeline == "fake":
        return EchoPipeline(args.work_ms / 1000)
    from qa_bot.answering.pipeline import load_pipeline

    pipeline = load_pipeline(settings, args.index_dir, reader_kind=args.reader)
    pipeline.answer("What is this about?")  # load models before the clock starts
    return pipeline


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the load test; return the measurements."""
    fake = _load_fake_server()
    settings = load_settings(environ={}).replace("telegram", workers=args.workers)
    pipeline = _pipeline(args, settings)
    front = TelegramFront(pipeline, settings)
    limiter = None
    if args.no_flood_limit:
        from telegram.ext import AIORateLimiter

        limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
    chats = [1000 + i for i in range(args.chats)]
    order = list(range(args.chats))  # each chat asks in turn, in a shuffled order
    random.Random(args.seed).shuffle(order)
    asked: dict[int, tuple[int, float]] = {}  # question number -> (chat, queued at)
    async with fake.FakeBotApi(TOKEN) as api:
        app = front.build_application(TOKEN, base_url=api.base_url, rate_limiter=limiter)
        await app.initialize()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0)
        await app.start()
        try:
            began = time.perf_counter()
            for number in range(args.questions):
                chat = chats[order[number % len(chats)]]
                text = f"q{number} {SEED_QUESTIONS[number % len(SEED_QUESTIONS)]}"
                update = api.send_text(text, chat_id=chat)
                asked[number] = (chat, update["_queued_at"])
                await asyncio.sleep(args.spread / args.questions)
            await api.wait_until(lambda: len(api.sent) >= args.questions, args.timeout)
            finished = max(m.at for m in api.sent)
            await asyncio.sleep(1.0)  # late duplicates would show up here
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()
            front.close()
    return _measure(args, api, asked, began, finished)


def _measure(
    args: argparse.Namespace,
    api: Any,
    asked: dict[int, tuple[int, float]],
    began: float,
    end: float,
) -> dict[str, Any]:
    per_chat_asked = Counter(chat for chat, _ in asked.values())
    per_chat_answered = Counter(m.chat_id for m in api.sent)
    latencies: list[float] = []
    if args.pipeline == "fake":
        answered = Counter(int(m.text.split()[0].split("-")[1]) for m in api.sent)
        lost = [n for n in asked if answered[n] == 0]
        duplicated = [n for n, count in answered.items() if count > 1]
        arrival = {int(m.text.split()[0].split("-")[1]): m.at for m in api.sent}
        latencies = [arrival[n] - queued for n, (_, queued) in asked.items() if n in arrival]
    else:  # replies carry no question number: match each chat's replies in order
        lost = [c for c in per_chat_asked if per_chat_answered[c] < per_chat_asked[c]]
        duplicated = [c for c in per_chat_answered if per_chat_answered[c] > per_chat_asked[c]]
        for chat in per_chat_asked:
            queued = sorted(q for c, q in asked.values() if c == chat)
            arrived = sorted(m.at for m in api.sent if m.chat_id == chat)
            latencies += [a - q for q, a in zip(queued, arrived, strict=False)]
    latencies.sort()
    return {
        "pipeline": args.pipeline,
        "flood_limit": not args.no_flood_limit,
        "workers": args.workers,
        "chats": len(per_chat_asked),
        "questions": len(asked),
        "answers": len(api.sent),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "typing_actions": len(api.calls_to("sendChatAction")),
        "wall_s": round(end - began, 2),
        "throughput_qps": round(len(api.sent) / (end - began), 1),
        "latency_p50_ms": round(1000 * statistics.median(latencies)),
        "latency_p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))]),
        "latency_max_ms": round(1000 * latencies[-1]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--spread", type=float, default=2.0, help="seconds over which to ask")
    parser.add_argument("--pipeline", choices=("fake", "real"), default="fake")
    parser.add_argument("--work-ms", type=float, default=20.0, help="fake pipeline work per answer")
    parser.add_argument("--index-dir", type=Path, default=None, help="index for --pipeline real")
    parser.add_argument("--reader", choices=("neural", "sentence"), default="sentence")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--no-flood-limit", action="store_true", help="no 30 msg/s outgoing limit")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    result = asyncio.run(run(args))
    print(json.dumps(result))
    return 1 if result["lost"] or result["duplicated"] or result["answers"] != args.questions else 0


if __name__ == "__main__":
    sys.exit(main())
