"""Warm time of the rewritten follow-ups of the seed dialogs, with and without reading as asked.

A rewritten follow-up reads a passage that lacks the name its rewrite added a second time,
with the follow-up as asked (``conversation.read_as_asked``; ``answering/rewrite_reading.py``).
This measures what that costs: every dialog of ``benchmarks/data/dialogs-seeds.jsonl`` is asked
in order through a ``Conversation`` over a temporary index of seeds/, ``--rounds`` times with
the setting on and off, and the whole ``Conversation.ask`` time of the turns that were rewritten
is reported (p50 / p95), so the cost counts against the issue's "added latency" budget.

Run: .venv/bin/python benchmarks/followup_latency.py [--rounds 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from seeds_latency import percentile  # noqa: E402

DIALOGS = REPO / "benchmarks" / "data" / "dialogs-seeds.jsonl"


def timed(pipeline: Any, dialogs: list[list[str]], rounds: int) -> list[float]:
    """Milliseconds of each rewritten turn's ``Conversation.ask``, over ``rounds`` passes."""
    from qa_bot.answering.conversation import Conversation

    times = []
    for _ in range(rounds):
        for questions in dialogs:
            conversation = Conversation(pipeline)
            for question in questions:
                began = time.perf_counter()
                answer = conversation.ask(question)
                if answer.understood_as is not None:
                    times.append((time.perf_counter() - began) * 1000)
    return times


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.config import load_settings
    from qa_bot.embedding.embedder import load_embedder
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    dialogs = [
        [turn["question"] for turn in json.loads(line)["turns"]]
        for line in DIALOGS.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    base = load_settings(environ={})
    embedder = load_embedder(base)
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="qa-bot-followups-") as scratch:
        index_dir = Path(scratch) / "index"
        build_index(read_paths([REPO / "seeds"]).articles, index_dir, base, embedder)
        for on in (False, True):
            settings = base.replace("conversation", read_as_asked=on)
            pipeline = load_pipeline(settings, index_dir, embedder=embedder)
            timed(pipeline, dialogs, 1)  # warm-up
            times = timed(pipeline, dialogs, args.rounds)
            result["on" if on else "off"] = {
                "turns": len(times),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 95), 1),
            }
    if args.json:
        print(json.dumps(result))
    else:
        for key in ("off", "on"):
            row = result[key]
            print(
                f"read_as_asked {key:>3}: {row['turns']} rewritten follow-ups, "
                f"p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms"
            )


if __name__ == "__main__":
    main()
