"""`qa-bot eval decline DATASET`: answerable EM/F1, near-miss and off-library declines, latency."""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
from pathlib import Path

from qa_bot.answering.decision import DecisionModel, decision_model
from qa_bot.config import Settings, confident_threshold, decline_threshold
from qa_bot.evaluation.decline import (
    format_decline,
    load_observations,
    observe_split,
    questions_of,
    rescored,
    save_observations,
    split_articles,
)
from qa_bot.evaluation.decline import summarise as summarise_decline
from qa_bot.evaluation.squad import load_squads

HELP = "index part of the file's articles; ask questions about all of them (declines)"


def add_decline_parser(modes: argparse._SubParsersAction) -> None:
    """Register `qa-bot eval decline`."""
    mode = modes.add_parser("decline", help=HELP, description=HELP)
    mode.add_argument(
        "dataset",
        type=Path,
        nargs="+",
        help="SQuAD v2.0 JSON file(s) (.json or .json.gz); several files are one library",
    )
    mode.add_argument("--limit", type=int, help="ask a seeded sample of N questions")
    mode.add_argument("--seed", type=int, default=0, help="sample seed (0)")
    mode.add_argument(
        "--indexed-share", type=float, default=0.5, help="share of articles indexed (0.5)"
    )
    mode.add_argument("--split-seed", type=int, default=0, help="which articles are indexed (0)")
    mode.add_argument("--reader", choices=("neural", "sentence"), help="reader (settings)")
    mode.add_argument("--index-dir", type=Path, help="build/keep the index here")
    mode.add_argument("--json", action="store_true", help="machine-readable output")
    mode.add_argument("--observations", type=Path, help="also write each question's signals here")
    mode.add_argument(
        "--from-observations",
        type=Path,
        help="score saved observations with the current decision and thresholds (asks nothing)",
    )
    mode.set_defaults(func=decline_command)


def decline_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the decline evaluation at the configured thresholds and print the report."""
    dataset = load_squads(args.dataset)
    name = args.dataset[0].name if len(args.dataset) == 1 else f"{len(args.dataset)} files"
    indexed = split_articles(len(dataset.articles), args.indexed_share, args.split_seed)
    kind = args.reader or settings.reader.kind
    if args.from_observations:
        observations = rescored(load_observations(args.from_observations), shipped_decision())
    else:
        questions = questions_of(dataset, args.limit, args.seed)
        with tempfile.TemporaryDirectory(prefix="qa-bot-eval-") as scratch:
            index_dir = args.index_dir or Path(scratch) / "index"
            _, observations = observe_split(
                dataset,
                name,
                settings,
                index_dir,
                questions,
                indexed=indexed,
                reader_kind=kind,
            )
    if args.observations:
        save_observations(observations, args.observations)
    report = summarise_decline(
        observations,
        decline_threshold(settings, kind),
        confident_threshold(settings, kind),
        dataset=name,
        indexed_articles=len(indexed),
        articles=len(dataset.articles),
    )
    print(json.dumps(dataclasses.asdict(report), indent=2) if args.json else format_decline(report))
    return 0


def shipped_decision() -> DecisionModel:
    """The decision weights in the shipped reader's ``reader.json``."""
    from qa_bot.answering.neural_reader import DEFAULT_MODEL_DIR, read_model_info

    return decision_model(read_model_info(DEFAULT_MODEL_DIR).decision)
