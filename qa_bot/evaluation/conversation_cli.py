"""`qa-bot eval conversation FILE`: CANARD rewrites, or QuAC/DoQA dialogs asked in order."""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import tempfile
from pathlib import Path

from qa_bot.config import Settings
from qa_bot.errors import EvaluationDataError
from qa_bot.evaluation.canard import (
    PARTS,
    CanardReport,
    dialog_part,
    is_canard,
    load_canard,
    run_canard,
)
from qa_bot.evaluation.dialogs import (
    Dialog,
    DialogReport,
    dialog_articles,
    load_dialogs,
    load_jsonl_dialogs,
    run_dialogs,
)
from qa_bot.types import Article

HELP = "follow-up questions: CANARD rewrites, or QuAC/DoQA dialogs asked in order"


def add_conversation_parser(modes: argparse._SubParsersAction) -> None:
    """Register `qa-bot eval conversation`."""
    mode = modes.add_parser("conversation", help=HELP, description=HELP)
    mode.add_argument(
        "dataset", type=Path, help="CANARD or QuAC/DoQA-layout JSON (.json[.gz]), or our .jsonl"
    )
    mode.add_argument(
        "--articles",
        type=Path,
        nargs="+",
        help="SQuAD JSON, or article folders/files (e.g. seeds/ news.txt), that a .jsonl file's "
        "dialogs are about (all indexed together; each dialog names its article by title)",
    )
    mode.add_argument("--limit", type=int, help="a seeded sample of N dialogs (DoQA/QuAC)")
    mode.add_argument("--seed", type=int, default=0, help="sample seed (0)")
    mode.add_argument(
        "--part",
        choices=PARTS,
        default="all",
        help="CANARD: the first half of the dialogs (tune), the second (held-out) or all",
    )
    mode.add_argument("--reader", choices=("neural", "sentence"), help="reader (settings)")
    mode.add_argument("--index-dir", type=Path, help="build/keep the index here")
    mode.add_argument("--json", action="store_true", help="machine-readable output")
    mode.set_defaults(func=conversation_command)


def conversation_command(args: argparse.Namespace, settings: Settings) -> int:
    """Measure the rewriting (CANARD) or whole conversations (dialog files)."""
    if args.limit is not None and args.limit <= 0:
        raise EvaluationDataError(f"--limit must be greater than 0, got {args.limit}")
    report: CanardReport | DialogReport
    if is_canard(args.dataset):
        report = run_canard(dialog_part(load_canard(args.dataset), args.part))
    else:
        report = _run_dialogs(args, settings)
    if args.json:
        print(json.dumps(dataclasses.asdict(report), indent=2))
    else:
        part = "" if args.part == "all" else f" ({args.part} half)"
        print(format_conversation(report, args.dataset.name + part))
    return 0


def _run_dialogs(args: argparse.Namespace, settings: Settings) -> DialogReport:
    from qa_bot.answering.pipeline import Pipeline
    from qa_bot.evaluation.tasks import _reader
    from qa_bot.index.build import build_index

    dialogs, articles = _dialogs_and_articles(args)
    if args.limit is not None and args.limit < len(dialogs):
        dialogs = random.Random(args.seed).sample(dialogs, args.limit)
    kind = args.reader or settings.reader.kind
    reader, embedder = _reader(settings, kind)
    with tempfile.TemporaryDirectory(prefix="qa-bot-eval-") as scratch:
        index_dir = args.index_dir or Path(scratch) / "index"
        build_index(articles, index_dir, settings, embedder, progress=sys.stderr.isatty())
        pipeline = Pipeline(settings, index_dir, embedder, reader, kind)
        return run_dialogs(dialogs, pipeline)


def _dialogs_and_articles(args: argparse.Namespace) -> tuple[list[Dialog], list[Article]]:
    """The dialogs, and every article to index (all passages or SQuAD articles, even unsampled)."""
    if args.dataset.suffix != ".jsonl":
        dialogs = load_dialogs(args.dataset)
        return dialogs, dialog_articles(dialogs, args.dataset.name)
    from qa_bot.evaluation.runs import corpus_from_squad
    from qa_bot.evaluation.squad import load_squad

    if args.articles is None:
        raise EvaluationDataError(
            f"{args.dataset}: JSONL dialogs name SQuAD articles; give that SQuAD file with "
            "--articles (e.g. tests/data/squad-v2.0-dev.json.gz)"
        )
    dialogs = load_jsonl_dialogs(args.dataset)
    paths: list[Path] = args.articles
    if len(paths) == 1 and paths[0].is_file() and ".json" in paths[0].suffixes:
        squad = load_squad(paths[0])
        articles = list(corpus_from_squad(squad, paths[0].name).articles)
        known = {article.title for article in squad.articles}  # SQuAD's own titles
    else:
        from qa_bot.ingest.articles import read_paths

        articles = list(read_paths(paths).articles)
        known = {article.title for article in articles}
    missing = sorted({d.title for d in dialogs} - known)
    if missing:
        where = " ".join(str(path) for path in paths)
        raise EvaluationDataError(f"{where}: no article titled {', '.join(missing)}")
    return dialogs, articles


def format_conversation(report: CanardReport | DialogReport, name: str) -> str:
    """A readable summary of either report."""
    if isinstance(report, CanardReport):
        return "\n".join(
            [
                f"CANARD rewrites on {name}: {report.questions} questions",
                f"need a rewrite: {report.need_rewrite}; rewrite holds every word the human "
                f"one adds: {report.rewritten_fully:.1f}%; added words found (pooled): "
                f"{report.added_words_found:.1f}%",
                f"of those, every added word is in the dialog's history: {report.reachable}; "
                f"rewritten fully: {report.reachable_fully:.1f}%",
                f"words our rewrites add that the human one has too: "
                f"{report.added_words_precision:.1f}%",
                f"need none: {report.need_none}; left unchanged: {report.left_unchanged:.1f}%",
                f"rewrite time p50: {report.rewrite_ms_p50:.3f} ms",
            ]
        )
    declined = (
        f"unanswerable turns declined: {report.declined_unanswerable_conversation:.1f}% in "
        f"conversation, {report.declined_unanswerable_alone:.1f}% alone, "
        f"{_figure(report.declined_unanswerable_alone_fresh)}% alone as a chat"
        if report.declined_unanswerable_conversation is not None
        and report.declined_unanswerable_alone is not None
        else "no unanswerable turns"
    )
    return "\n".join(
        [
            f"dialogs on {name}: {report.dialogs} dialogs, {report.turns} turns "
            f"({report.follow_ups} follow-ups, {report.rewritten:.1f}% of them rewritten)",
            f"{'':18} {'conversation':>12} {'alone':>7} {'alone as a chat':>16}",
            f"{'F1 all turns':18} {report.f1_conversation:12.1f} {report.f1_alone:7.1f} "
            f"{_figure(report.f1_alone_fresh):>16}",
            f"{'F1 follow-ups':18} {report.f1_follow_ups_conversation:12.1f} "
            f"{report.f1_follow_ups_alone:7.1f} {_figure(report.f1_follow_ups_alone_fresh):>16}",
            "(alone: Pipeline.answer; alone as a chat: a fresh Conversation, no history)",
            declined,
            *_standalone_line(report),
            f"added by the conversation, p50: {report.added_ms_p50:.2f} ms per turn",
        ]
    )


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _standalone_line(report: DialogReport) -> list[str]:
    if report.f1_standalone_conversation is None or report.f1_standalone_alone is None:
        return []
    return [
        f"{'F1 follow-ups':18} {report.f1_standalone_conversation:12.1f} "
        f"{report.f1_standalone_alone:7.1f} (standalone form, alone; "
        f"{report.standalone_follow_ups} follow-ups)"
    ]
