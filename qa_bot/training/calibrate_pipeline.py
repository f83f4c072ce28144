"""Pick the neural reader's decline threshold where the bot is used: the open-corpus pipeline.

Scores in the pipeline mix the reader's confidence with the passage's retrieval score, so a
threshold calibrated on gold paragraphs does not carry over. This asks SQuAD 2.0 dev questions
through ``Pipeline.answer`` over an index of all 35 dev articles, answering everything, and
tabulates what each threshold would keep and decline. The questions of the report sample
(``qa-bot eval pipeline $D --limit 1000 --seed 0``) are left out, so that sample stays a fair
test of the chosen threshold.

``python -m qa_bot.training.calibrate_pipeline --decline 60 --out calibration.json``
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qa_bot.config import load_settings
from qa_bot.evaluation import runs, tasks
from qa_bot.evaluation.metrics import score_question
from qa_bot.evaluation.squad import SquadQuestion, load_squad
from qa_bot.training.data_files import DEV_HELP, require_file
from qa_bot.training.dev_eval import DEFAULT_DEV

logger = logging.getLogger(__name__)

GRID = tuple(round(0.30 + 0.01 * i, 2) for i in range(70))


@dataclass(frozen=True)
class Answered:
    """One question answered through the pipeline with no threshold."""

    answerable: bool
    em: float
    f1: float
    score: float


def calibration_questions(
    questions: Sequence[SquadQuestion], held_out: Sequence[SquadQuestion], limit: int | None
) -> list[SquadQuestion]:
    """The questions not in ``held_out``, or the first ``limit`` of them."""
    held = {q.id for q in held_out}
    kept = [q for q in questions if q.id not in held]
    return kept[:limit] if limit is not None else kept


def trade_off(answered: Sequence[Answered], threshold: float) -> dict[str, float]:
    """HasAns EM/F1 (declined counts as wrong) and the share of unanswerables declined."""
    has = [a for a in answered if a.answerable]
    no = [a for a in answered if not a.answerable]
    kept = [a for a in has if a.score >= threshold]
    return {
        "threshold": threshold,
        "HasAns_exact": 100 * sum(a.em for a in kept) / max(1, len(has)),
        "HasAns_f1": 100 * sum(a.f1 for a in kept) / max(1, len(has)),
        "NoAns_declined": 100 * sum(a.score < threshold for a in no) / max(1, len(no)),
    }


def lowest_declining(table: Sequence[dict[str, float]], share: float) -> dict[str, float] | None:
    """The row with the lowest threshold that declines at least ``share`` % of unanswerables."""
    enough = [row for row in table if row["NoAns_declined"] >= share]
    return min(enough, key=lambda row: row["threshold"]) if enough else None


def answer_all(dev: Path, index_dir: Path, limit: int | None) -> list[Answered]:
    """Ask the calibration questions through the pipeline (neural reader), never declining."""
    settings = load_settings().replace("reader", neural_threshold=0.0)
    dataset = load_squad(dev)
    report_sample = runs.sample_questions(dataset, 1000, 0)
    questions = calibration_questions(list(dataset.questions()), report_sample, limit)
    corpus = runs.corpus_from_squad(dataset, dev.name)
    report = tasks.evaluate_pipeline(
        dataset,
        corpus,
        questions,
        settings,
        index_dir,
        reader_kind="neural",
        top_k=None,
        source=dev.name,
    )
    answered: list[Answered] = []
    for question in questions:
        text = report.predictions[question.id]
        score = 1.0 - report.na_probs[question.id] if text else 0.0
        em, f1 = score_question(text, question.answers) if question.has_answer else (0.0, 0.0)
        answered.append(Answered(question.has_answer, em, f1, score))
    return answered


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--decline", type=float, default=60.0, help="%% of unanswerables")
    parser.add_argument("--limit", type=int, default=None, help="first N calibration questions")
    parser.add_argument("--index-dir", type=Path, default=None, help="default: a temporary one")
    parser.add_argument("--out", type=Path, default=None, help="write the table as JSON here")
    args = parser.parse_args(argv)
    require_file(parser, args.dev, "--dev", DEV_HELP)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    with tempfile.TemporaryDirectory(prefix="qa-bot-calibrate-") as scratch:
        answered = answer_all(args.dev, args.index_dir or Path(scratch) / "index", args.limit)
    table = [trade_off(answered, threshold) for threshold in GRID]
    chosen = lowest_declining(table, args.decline)
    report = {
        "questions": len(answered),
        "answerable": sum(a.answerable for a in answered),
        "decline_target": args.decline,
        "chosen": chosen,
        "table": table,
    }
    text = json.dumps(report, indent=2)
    if args.out is not None:
        args.out.write_text(text + "\n")
    for row in table:
        logger.info(
            "threshold %.2f: HasAns EM %.1f F1 %.1f, NoAns declined %.1f %%",
            row["threshold"],
            row["HasAns_exact"],
            row["HasAns_f1"],
            row["NoAns_declined"],
        )
    logger.info("chosen: %s", json.dumps(chosen))


if __name__ == "__main__":
    main()
