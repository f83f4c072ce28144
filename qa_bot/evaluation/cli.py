"""`qa-bot eval`: score prediction files, and evaluate the reader, the pipeline and retrieval."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa_bot.config import Settings
from qa_bot.errors import EvaluationDataError, QaBotError
from qa_bot.evaluation.conversation_cli import add_conversation_parser
from qa_bot.evaluation.decline_cli import add_decline_parser
from qa_bot.evaluation.metrics import missing_ids, squad_scores
from qa_bot.evaluation.squad import (
    SquadDataset,
    SquadQuestion,
    load_na_probs,
    load_predictions,
    load_squad,
    load_squads,
)

if TYPE_CHECKING:
    from qa_bot.evaluation.runs import EvalReport

logger = logging.getLogger(__name__)

READERS = ("neural", "sentence")
_SCORE_ROWS = (("all", ""), ("HasAns", "HasAns_"), ("NoAns", "NoAns_"))


def add_eval_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `qa-bot eval {score,reader,pipeline,retrieval,decline}`."""
    evaluate = subparsers.add_parser(
        "eval",
        help="evaluate on a SQuAD v1.1/v2.0 file (EM/F1, recall, latency)",
        description="Evaluate on any SQuAD-format file (v1.1 or v2.0 JSON, optionally gzipped).",
    )
    modes = evaluate.add_subparsers(dest="eval_mode", metavar="MODE", required=True)

    score = modes.add_parser("score", help="score a predictions file like the official scorer")
    score.add_argument("dataset", type=Path, help="SQuAD JSON file (.json or .json.gz)")
    score.add_argument("predictions", type=Path, help='JSON {question id: answer, "" = none}')
    score.add_argument("--na-prob-file", type=Path, help="JSON {question id: no-answer prob}")
    score.add_argument(
        "--na-prob-thresh", type=float, default=1.0, help="decline above this na-prob (1.0)"
    )
    score.add_argument("--json", action="store_true", help="print the official JSON only")
    score.set_defaults(func=score_command)

    for name, helptext in (
        ("reader", "the reader alone, given each question's own paragraph"),
        ("pipeline", "the whole pipeline over a temporary index of the file's articles"),
        ("retrieval", "recall@k of dense-only, BM25-only and fused retrieval"),
    ):
        mode = modes.add_parser(name, help=helptext, description=helptext)
        mode.add_argument(
            "dataset",
            type=Path,
            nargs="+",
            help="SQuAD JSON file (.json or .json.gz); several are one library",
        )
        mode.add_argument("--limit", type=int, help="evaluate a seeded sample of N questions")
        mode.add_argument("--seed", type=int, default=0, help="sample seed (0)")
        mode.add_argument("--json", action="store_true", help="machine-readable output")
        if name != "retrieval":
            mode.add_argument("--out", type=Path, help="write predictions {id: text or ''}")
            mode.add_argument("--reader", choices=READERS, help="reader (default: settings)")
        if name != "reader":
            mode.add_argument("--index-dir", type=Path, help="build/keep the index here")
        if name == "pipeline":
            mode.add_argument("--top-k", type=int, help="passages per answer (settings)")
            mode.add_argument(
                "--through-conversation",
                action="store_true",
                help="ask the questions in turn through one qa_bot.Conversation (standalone "
                "questions must lose nothing to the history)",
            )
        if name == "retrieval":
            mode.add_argument("--k", type=int, default=10, help="deepest cut-off (10)")
        mode.set_defaults(func=_run_command)
    add_decline_parser(modes)
    add_conversation_parser(modes)


def score_command(args: argparse.Namespace, settings: Settings) -> int:
    """`qa-bot eval score`: the official SQuAD 2.0 scores of a predictions file."""
    dataset = load_squad(args.dataset)
    predictions = load_predictions(args.predictions)
    na_probs = load_na_probs(args.na_prob_file) if args.na_prob_file else None
    missing = missing_ids(dataset, predictions)
    if missing:
        print(
            f"warning: {len(missing)} questions have no prediction (scored as no answer), "
            f"e.g. {missing[0]}",
            file=sys.stderr,
        )
    scores = squad_scores(dataset, predictions, na_probs, args.na_prob_thresh)
    if args.json:
        print(json.dumps(scores, indent=2))
    else:
        print(f"{args.predictions} on {args.dataset} ({dataset.version or 'unknown version'})")
        print(_score_table(scores))
        if na_probs is not None:
            print(
                f"best EM {scores['best_exact']:.3f} at na-prob threshold "
                f"{scores['best_exact_thresh']:.4g}; best F1 {scores['best_f1']:.3f} at "
                f"{scores['best_f1_thresh']:.4g}"
            )
    return 0


def _score_table(scores: dict[str, float]) -> str:
    lines = [f"{'':8} {'EM':>7} {'F1':>7} {'questions':>9}"]
    for label, prefix in _SCORE_ROWS:
        if f"{prefix}total" in scores or (not prefix and "total" in scores):
            lines.append(
                f"{label:8} {scores[prefix + 'exact']:7.3f} {scores[prefix + 'f1']:7.3f} "
                f"{int(scores[prefix + 'total']):9d}"
            )
    return "\n".join(lines)


def _reader_kind(args: argparse.Namespace, settings: Settings) -> str:
    return str(getattr(args, "reader", None) or settings.reader.kind)


def _run_command(args: argparse.Namespace, settings: Settings) -> int:
    """`qa-bot eval reader|pipeline|retrieval`."""
    from qa_bot.evaluation import runs, tasks

    if args.limit is not None and args.limit <= 0:
        raise EvaluationDataError(f"--limit must be greater than 0, got {args.limit}")
    dataset = load_squads(args.dataset)
    questions = runs.sample_questions(dataset, args.limit, args.seed)
    source = " + ".join(path.name for path in args.dataset)
    if args.eval_mode == "reader":
        report = tasks.evaluate_reader(
            dataset, questions, settings, _reader_kind(args, settings), source=source
        )
    else:
        corpus = runs.corpus_from_squad(dataset, source)
        with tempfile.TemporaryDirectory(prefix="qa-bot-eval-") as scratch:
            index_dir = args.index_dir or Path(scratch) / "index"
            if args.eval_mode == "pipeline":
                report = tasks.evaluate_pipeline(
                    dataset,
                    corpus,
                    questions,
                    settings,
                    index_dir,
                    reader_kind=_reader_kind(args, settings),
                    top_k=args.top_k,
                    source=source,
                    through_conversation=args.through_conversation,
                )
            else:
                report = tasks.evaluate_retrieval(
                    dataset, corpus, questions, settings, index_dir, k=args.k, source=source
                )
    if getattr(args, "out", None):
        _write_predictions(args.out, report.predictions)
    files = _per_file(args.dataset, dataset, questions, report.predictions)
    if args.json:
        print(json.dumps({**report_json(report), **({"files": files} if files else {})}, indent=2))
    else:
        print(format_report(report, args))
        for name, scores in files.items():
            print(
                f"  {name}: EM {scores['exact']:.1f} F1 {scores['f1']:.1f} ({scores['total']:.0f})"
            )
    return 0


def _per_file(
    paths: Sequence[Path],
    dataset: SquadDataset,
    questions: Sequence[SquadQuestion],
    predictions: dict[str, str],
) -> dict[str, dict[str, float]]:
    """EM/F1 of each file's questions, when several files were asked as one library."""
    if len(paths) < 2 or not predictions:
        return {}
    files: dict[str, dict[str, float]] = {}
    for path in paths:
        ids = {question.id for question in load_squad(path).questions()}
        asked = [question for question in questions if question.id in ids]
        if asked:
            scores = squad_scores(dataset.subset(asked), predictions)
            files[path.name] = {key: scores[key] for key in ("exact", "f1", "total")}
    return files


def _write_predictions(path: Path, predictions: dict[str, str]) -> None:
    try:
        path.write_text(json.dumps(predictions, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise QaBotError(f"cannot write predictions to {path}: {exc}") from exc


def _clean(value: Any) -> Any:
    """NaN -> None, recursively, so the JSON output is valid."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    return value


def report_json(report: EvalReport) -> dict[str, Any]:
    """The report as plain JSON (predictions and na-probs left out: use --out)."""
    data = dataclasses.asdict(report)
    data.pop("predictions", None)
    data.pop("na_probs", None)
    return {key: _clean(value) for key, value in data.items()}


def format_report(report: EvalReport, args: argparse.Namespace) -> str:
    """A readable summary of an EvalReport."""
    sample = f"{report.questions} of {report.total_questions} questions"
    if report.questions < report.total_questions:
        sample += f" (seeded sample, seed {args.seed})"
    sample += f", {report.answerable} answerable"
    reader = f", {report.reader} reader" if report.reader else ""
    lines = [f"{report.setting} evaluation on {report.dataset}{reader}: {sample}"]
    if report.scores:
        lines.append(_score_table(report.scores))
        best = report.scores.get("best_f1")
        if best is not None:
            lines.append(
                f"with the best decline threshold: EM {report.scores['best_exact']:.3f} "
                f"F1 {best:.3f} (answer score >= {1 - report.scores['best_f1_thresh']:.3f})"
            )
    if report.declined_noans is not None:
        lines.append(f"declined: {report.declined_noans:.1f}% of unanswerable questions")
    if report.declined_hasans is not None:
        lines.append(f"declined: {report.declined_hasans:.1f}% of answerable questions")
    for mode, recall in report.recall.items():
        cells = "  ".join(f"R@{k} {value:5.1f}" for k, value in recall.items())
        lines.append(f"recall {mode:6} (answerable): {cells}")
    if report.latency is not None and report.latency.count:
        lines.append(
            f"latency per question: p50 {report.latency.p50:.1f} ms, "
            f"p95 {report.latency.p95:.1f} ms (mean {report.latency.mean:.1f})"
        )
    if report.index_seconds is not None:
        lines.append(f"index: {report.index_chunks} chunks built in {report.index_seconds:.1f} s")
    return "\n".join(lines)
