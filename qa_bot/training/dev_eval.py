"""Score the shipped NeuralReader on SQuAD 2.0 dev with gold paragraphs and calibrate its threshold.

``python -m qa_bot.training.dev_eval --answerable 1000 --unanswerable 1000 --seed 0``
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qa_bot.answering.neural_reader import NeuralReader
from qa_bot.config import ReaderSettings
from qa_bot.evaluation.metrics import score_question
from qa_bot.training.data import QaExample, dev_examples, read_squad
from qa_bot.training.data_files import DEV_HELP, default_dev, require_file
from qa_bot.types import Chunk, Hit

logger = logging.getLogger(__name__)

DEFAULT_DEV = default_dev()  # ../shared/data, else the copy bundled in tests/data


@dataclass(frozen=True)
class Prediction:
    """The reader's best span over the gold paragraph and its scores."""

    qid: str
    answerable: bool
    text: str
    score: float
    em: float
    f1: float


def _hit(context: str, chunk_id: int = 0) -> Hit:
    return Hit(Chunk(chunk_id, "dev", context, 0, len(context)), score=1.0)


def predict_all(reader: NeuralReader, examples: Sequence[QaExample]) -> list[Prediction]:
    """Read every example over its gold paragraph (retrieval score 1.0, as for a top hit)."""
    predictions: list[Prediction] = []
    for example in examples:
        result = reader.read(example.question, [_hit(example.context)])
        best = result.spans[0] if result.spans else None
        text = best.text if best else ""
        em, f1 = score_question(text, example.answers) if example.answers else (0.0, 0.0)
        score = best.score if best else 0.0
        predictions.append(Prediction(example.qid, bool(example.answers), text, score, em, f1))
    return predictions


def scores_at(predictions: Sequence[Prediction], threshold: float) -> dict[str, float]:
    """SQuAD 2.0 style scores when the reader declines below ``threshold``."""
    has = [p for p in predictions if p.answerable]
    no = [p for p in predictions if not p.answerable]
    has_f1 = [p.f1 if p.score >= threshold else 0.0 for p in has]
    has_em = [p.em if p.score >= threshold else 0.0 for p in has]
    no_ok = [float(p.score < threshold) for p in no]
    n = max(1, len(predictions))
    return {
        "threshold": threshold,
        "HasAns_exact": 100 * sum(has_em) / max(1, len(has)),
        "HasAns_f1": 100 * sum(has_f1) / max(1, len(has)),
        "NoAns_acc": 100 * sum(no_ok) / max(1, len(no)),
        "f1": 100 * (sum(has_f1) + sum(no_ok)) / n,
        "exact": 100 * (sum(has_em) + sum(no_ok)) / n,
    }


def calibrate(predictions: Sequence[Prediction]) -> dict[str, dict[str, float]]:
    """Thresholds: best overall F1; lowest with NoAns acc >= 65; highest losing <= 5 HasAns F1."""
    candidates = sorted({round(p.score, 4) for p in predictions} | {0.0})
    table = [scores_at(predictions, t) for t in candidates]
    best_f1 = max(table, key=lambda row: row["f1"])
    noans = [row for row in table if row["NoAns_acc"] >= 65.0]
    full = scores_at(predictions, 0.0)
    close = [row for row in table if row["HasAns_f1"] >= full["HasAns_f1"] - 5.0]
    return {
        "no_threshold": full,
        "best_f1": best_f1,
        "noans_65": min(noans, key=lambda row: row["threshold"]) if noans else best_f1,
        "hasans_within_5": max(close, key=lambda row: row["threshold"]),
    }


def latency_ms(
    reader: NeuralReader, examples: Sequence[QaExample], passages: int, repeats: int
) -> float:
    """Median wall time of read() over ``repeats`` questions with ``passages`` passages each."""
    rng = random.Random(1)
    times: list[float] = []
    for example in rng.sample(list(examples), repeats):
        others = rng.sample(list(examples), passages - 1)
        hits = [_hit(example.context)] + [_hit(o.context, i + 1) for i, o in enumerate(others)]
        began = time.perf_counter()
        reader.read(example.question, hits)
        times.append(1000 * (time.perf_counter() - began))
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--model-dir", type=Path, default=None)
    parser.add_argument("--answerable", type=int, default=1000, help="0: all 5,928")
    parser.add_argument("--unanswerable", type=int, default=1000, help="0: all 5,945")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--latency-repeats", type=int, default=50)
    parser.add_argument("--out", type=Path, default=None, help="write the report as JSON here")
    args = parser.parse_args(argv)
    require_file(parser, args.dev, "--dev", DEV_HELP)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")

    examples = dev_examples(read_squad(args.dev))
    rng = random.Random(args.seed)
    has = [e for e in examples if e.answers]
    no = [e for e in examples if not e.answers]
    has = rng.sample(has, args.answerable) if 0 < args.answerable < len(has) else has
    no = rng.sample(no, args.unanswerable) if 0 < args.unanswerable < len(no) else no
    reader = NeuralReader(ReaderSettings(), args.model_dir)
    began = time.perf_counter()
    predictions = predict_all(reader, has + no)
    report: dict[str, object] = {
        "answerable": len(has),
        "unanswerable": len(no),
        "seed": args.seed,
        "seconds": time.perf_counter() - began,
        **calibrate(predictions),
    }
    if args.latency_repeats:
        report["latency_ms_1_passage"] = latency_ms(reader, has, 1, args.latency_repeats)
        report["latency_ms_3_passages"] = latency_ms(reader, has, 3, args.latency_repeats)
    text = json.dumps(report, indent=2)
    logger.info("report:\n%s", text)
    if args.out is not None:
        args.out.write_text(text + "\n")
        rows = [json.dumps(dataclasses.asdict(p)) for p in predictions]
        args.out.with_suffix(".predictions.jsonl").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
