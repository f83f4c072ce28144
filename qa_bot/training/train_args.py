"""Options of ``python -m qa_bot.training.train_reader`` and the run config they make."""

from __future__ import annotations

import argparse
from pathlib import Path

from qa_bot.training.data_files import (
    DEFAULT_TRAIN,
    DEV_HELP,
    TRAIN_HELP,
    default_dev,
    require_file,
)
from qa_bot.training.run_config import RunConfig

DEFAULT_RUN_DIR = Path.home() / ".cache" / "qa_bot" / "reader-run"
DEFAULT_DEV = default_dev()


def parse_args(argv: list[str] | None, description: str | None = None) -> argparse.Namespace:
    """Parse the training command line (``description`` heads its --help)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--train", default=str(DEFAULT_TRAIN))
    parser.add_argument("--dev", default=str(DEFAULT_DEV))
    parser.add_argument("--run-dir", type=Path, default=DEFAULT_RUN_DIR)
    parser.add_argument(
        "--total-steps",
        "--max-steps",
        type=int,
        default=None,
        help="length of the LR schedule; on --resume, changes the schedule of the stored run",
    )
    parser.add_argument("--pool-steps", type=int, default=4000, help="batches of data to prepare")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--max-length", type=int, default=192)
    parser.add_argument("--stride", type=int, default=64)
    parser.add_argument("--negative-fraction", type=float, default=0.2)
    parser.add_argument(
        "--removed-fraction",
        type=float,
        default=0.0,
        help="chance of adding the question's paragraph minus its answer sentence as a negative",
    )
    parser.add_argument(
        "--variant-fraction",
        type=float,
        default=0.0,
        help="chance of adding an unanswerable variant of the question (entity swap, negation...)",
    )
    parser.add_argument(
        "--hard-fraction",
        type=float,
        default=0.0,
        help="chance of adding the article's paragraph closest to the question without its answer",
    )
    parser.add_argument(
        "--answerable-fraction",
        type=float,
        default=1.0,
        help="share of answerable questions kept (balances a fine-tune towards unanswerable ones)",
    )
    parser.add_argument(
        "--init-onnx",
        default="",
        help="start from this int8 ONNX reader's dequantized weights (e.g. the shipped model.onnx)",
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=0,
        help="passes over all questions (0: one pass cut to --pool-steps/--total-steps batches)",
    )
    parser.add_argument(
        "--time-budget",
        type=float,
        default=None,
        help="seconds of training: the schedule is refitted every 100 steps to end within it",
    )
    parser.add_argument("--base", default=None, help="encoder to start from (default: gt package)")
    parser.add_argument("--device", default="auto", help="auto, cpu or cuda")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--save-every", type=int, default=150)
    parser.add_argument("--eval-every", type=int, default=300)
    parser.add_argument("--eval-questions", type=int, default=200)
    parser.add_argument("--log-every", type=int, default=20)
    parser.add_argument("--stop-after", type=int, default=None, help="stop at this step (test)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--resume", action="store_true")
    args = parser.parse_args(argv)
    if not args.resume:  # a resumed run reads the paths stored in its run.json
        require_file(parser, args.train, "--train", TRAIN_HELP)
        require_file(parser, args.dev, "--dev", DEV_HELP)
    return args


def config_from_args(args: argparse.Namespace) -> RunConfig:
    """The run config of a fresh run from the parsed options."""
    return RunConfig(
        train=str(args.train),
        dev=str(args.dev),
        total_steps=args.total_steps or 0,
        pool_steps=args.pool_steps,
        batch_size=args.batch_size,
        lr=args.lr,
        max_length=args.max_length,
        stride=args.stride,
        negative_fraction=args.negative_fraction,
        removed_fraction=args.removed_fraction,
        variant_fraction=args.variant_fraction,
        hard_fraction=args.hard_fraction,
        answerable_fraction=args.answerable_fraction,
        init_onnx=str(args.init_onnx),
        epochs=args.epochs,
        seed=args.seed,
        save_every=args.save_every,
        eval_every=args.eval_every,
        eval_questions=args.eval_questions,
        log_every=args.log_every,
    )
