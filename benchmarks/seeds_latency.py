"""Warm ``answer()`` latency over the shipped seeds/ library (issue 13: p95 <= 250 ms).

A library this small is read whole (up to ``reader.max_passages`` passages per question), so
it is the reader's worst case per question. Builds a temporary index of seeds/, answers each
question once to warm up, then ``--rounds`` more times, and prints p50 / p95 / max.

Run: .venv/bin/python benchmarks/seeds_latency.py [--rounds 10] [--json]
     [--questions benchmarks/data/seeds-questions.json] [--setting reader.subject_as_pronoun=false]

``--questions`` takes the questions of a SQuAD-layout file instead of the ten below;
``--setting SECTION.KEY=VALUE`` (repeatable) changes one setting, to time a reading against its
absence.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

QUESTIONS = (
    "Who directed We Can Be Heroes?",
    "Who plays Missy in We Can Be Heroes?",
    "How many viewers did the film draw?",
    "Who composed the film's orchestral score?",
    "How old was Rogue at the time?",
    "What did Rhiannon draw?",
    "Where is the Rodriguez family based?",
    "What was the film's budget?",
    "Who is the president of France?",
    "Is We Can Be Heroes streaming on Netflix?",
)


def percentile(values: list[float], share: float) -> float:
    """Linear-interpolated percentile (share in 0-100)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * share / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _questions(path: Path) -> tuple[str, ...]:
    """Every question of a SQuAD-layout JSON file, in file order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        qa["question"]
        for article in data["data"]
        for paragraph in article["paragraphs"]
        for qa in paragraph["qas"]
    )


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--questions", type=Path, help="a SQuAD-layout file's questions")
    parser.add_argument("--setting", action="append", default=[], help="SECTION.KEY=VALUE")
    args = parser.parse_args()

    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.config import load_settings
    from qa_bot.embedding.embedder import load_embedder
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    overrides = {}
    for item in args.setting:
        name, _, value = item.partition("=")
        overrides["QA_BOT_" + name.upper().replace(".", "__")] = value
    settings = load_settings(environ=overrides)
    embedder = load_embedder(settings)
    questions = _questions(args.questions) if args.questions else QUESTIONS
    with tempfile.TemporaryDirectory(prefix="qa-bot-seeds-") as scratch:
        index_dir = Path(scratch) / "index"
        build_index(read_paths([REPO / "seeds"]).articles, index_dir, settings, embedder)
        pipeline = load_pipeline(settings, index_dir, embedder=embedder)
        for question in questions:  # warm-up
            pipeline.answer(question)
        times = []
        for _ in range(args.rounds):
            for question in questions:
                began = time.perf_counter()
                pipeline.answer(question)
                times.append((time.perf_counter() - began) * 1000)
    result = {
        "questions": len(questions),
        "answers": len(times),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
        "passages_read_max": settings.reader.max_passages,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"seeds/: {result['answers']} warm answers: p50 {result['p50_ms']} ms, "
            f"p95 {result['p95_ms']} ms, max {result['max_ms']} ms"
        )


if __name__ == "__main__":
    main()
