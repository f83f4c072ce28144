"""The qa-bot command line: index, ask, repl, telegram, eval."""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qa_bot.config import Settings, load_settings
from qa_bot.errors import BadQuestionError, QaBotError

if TYPE_CHECKING:
    from qa_bot.answering.pipeline import Pipeline
    from qa_bot.embedding.embedder import Embedder
    from qa_bot.ingest.articles import Skipped

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"bot\d+:[A-Za-z0-9_-]+")


_NOISY = (
    "httpx",
    "httpcore",
    "sentence_transformers",
    "transformers",
    "faiss",
    "bm25s",
    "filelock",
)


class RedactTokens(logging.Filter):
    """Hide Telegram bot tokens in every log record; keep third-party chatter below WARNING out."""

    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the message with tokens replaced; drop noisy third-party records."""
        if record.levelno < max(self.level, logging.WARNING) and record.name.startswith(_NOISY):
            return False
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg, record.args = _TOKEN.sub("bot<redacted>", message), ()
        return True


def configure_logging(verbose: int) -> None:
    """Log to stderr; -v for INFO, -vv for DEBUG; third-party noise stays at WARNING."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler()
    handler.addFilter(RedactTokens(level))
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # pypdf warns about every repair of a damaged PDF; the file is indexed or reported anyway.
    logging.getLogger("pypdf").setLevel(logging.ERROR if verbose == 0 else logging.WARNING)


def index_dir_of(args: argparse.Namespace, settings: Settings) -> Path:
    """The --index-dir argument, or the configured folder."""
    return (
        Path(args.index_dir) if getattr(args, "index_dir", None) else Path(settings.paths.index_dir)
    )


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Add sources to the index's library and refresh it (no source: refresh every one)."""
    from qa_bot.index.library import describe, update_library
    from qa_bot.index.sources import source_of

    began = time.perf_counter()
    if args.engine == "ray":
        paths = [Path(p) for p in args.paths] or [Path(settings.paths.seeds_dir)]
        return _index_with_ray(args, settings, paths, began)
    add = [source_of(p) for p in args.paths] + [source_of(u, feed=True) for u in args.feed]

    def load() -> Embedder:
        from qa_bot.embedding.embedder import load_embedder

        return load_embedder(settings)

    def notify(skipped: Sequence[Skipped]) -> None:
        for line in describe(skipped):
            print(line, file=sys.stderr)

    # The lock is taken before the model loads, so a run another writer refuses fails at once.
    result = update_library(
        index_dir_of(args, settings),
        settings,
        load,
        add=add,
        default=source_of(settings.paths.seeds_dir),
        refresh_web=not add,
        lock_timeout=args.wait,
        progress=sys.stderr.isatty() and not args.quiet,
        full=args.full,
        notify=notify,
    )
    for source in result.dropped:
        print(f"not added {source.location}: nothing readable in it", file=sys.stderr)
    report = result.build
    print(
        f"indexed {report.articles} articles, {report.chunks} chunks "
        f"({report.embedded_articles} embedded, {report.reused_articles} reused, "
        f"{report.removed_articles} removed), {len(result.skipped)} skipped, "
        f"{result.duplicates} duplicates, {result.sources} sources, "
        f"{time.perf_counter() - began:.1f} s"
    )
    return 0


def _index_with_ray(
    args: argparse.Namespace, settings: Settings, paths: list[Path], began: float
) -> int:
    """`qa-bot index --engine ray`: read, chunk and embed on a Ray cluster."""
    from qa_bot.index.build_ray import build_index_ray

    report, skipped = build_index_ray(
        paths,
        index_dir_of(args, settings),
        settings,
        address=args.address,
        actors=args.actors,
        lock_timeout=args.wait,
    )
    for item in skipped:
        print(f"skipped {item.path}: {item.reason}", file=sys.stderr)
    print(
        f"indexed {report.articles} articles, {report.chunks} chunks on Ray "
        f"({args.actors} embedding actors), {len(skipped)} skipped, "
        f"{time.perf_counter() - began:.1f} s"
    )
    return 0


def ensure_index(args: argparse.Namespace, settings: Settings, embedder: Embedder) -> Path:
    """Build the index over the seeds folder when the default index does not exist yet."""
    from qa_bot.index.library import update_library
    from qa_bot.index.sources import source_of
    from qa_bot.index.store import CURRENT_FILE

    index_dir = index_dir_of(args, settings)
    if getattr(args, "index_dir", None) or (index_dir / CURRENT_FILE).exists():
        return index_dir
    print(f"No index yet: indexing {settings.paths.seeds_dir}/ ...", file=sys.stderr)
    seeds = source_of(settings.paths.seeds_dir)
    update_library(index_dir, settings, lambda: embedder, default=seeds)
    return index_dir


def _load(args: argparse.Namespace, settings: Settings) -> Pipeline:
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.embedding.embedder import load_embedder

    embedder = load_embedder(settings)
    index_dir = ensure_index(args, settings, embedder)
    return load_pipeline(settings, index_dir, reader_kind=args.reader, embedder=embedder)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question and exit, replying as the first turn of a chat would (REPL, Telegram).

    A yes/no or advice question is answered with its evidence sentence, and a declined "Who is
    X?" with the sentence naming X, as in the REPL (``Conversation``).
    """
    from qa_bot.answering.conversation import Conversation
    from qa_bot.fronts.render import render_text, to_json

    question = " ".join(args.question)
    if not question.strip():
        raise BadQuestionError('Please give a question, e.g. qa-bot ask "Who directed the film?"')
    pipeline = _load(args, settings)
    answer = Conversation(pipeline).ask(question, top_k=args.top_k)
    if args.json:
        print(json.dumps(to_json(answer), ensure_ascii=False))
    else:
        print(render_text(answer, color=sys.stdout.isatty()))
    return 0


def cmd_repl(args: argparse.Namespace, settings: Settings) -> int:
    """Interactive question loop."""
    from qa_bot.fronts.repl import run_repl

    return run_repl(_load(args, settings))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="qa-bot", description=__doc__)
    parser.add_argument("--config", help="a TOML file overriding config/default.toml")
    parser.add_argument("-v", "--verbose", action="count", default=0)
    sub = parser.add_subparsers(dest="command", required=True)

    index = sub.add_parser(
        "index",
        help="add sources to the index and refresh it (no source: refresh every known one)",
        description="Add files, folders, web pages (URLs) and feeds (--feed URL) to the index's "
        "library and refresh them. With no source, every remembered source is refreshed (new, "
        "changed and deleted files, pages fetched again, new feed entries); an empty index "
        "starts from the seeds folder. See also: qa-bot articles, qa-bot remove.",
    )
    index.add_argument(
        "paths", nargs="*", help="files, folders (.txt .md .html .json .jsonl .pdf .docx) or URLs"
    )
    index.add_argument(
        "--feed", action="append", default=[], metavar="URL", help="an RSS or Atom feed to follow"
    )
    index.add_argument("--index-dir", help="index folder (default from config: index/)")
    index.add_argument("--wait", type=float, default=0.0, help="seconds to wait for another writer")
    index.add_argument("--full", action="store_true", help="re-embed everything")
    index.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    index.add_argument(
        "--engine", choices=("local", "ray"), default="local", help="where to chunk and embed"
    )
    index.add_argument("--address", help="Ray cluster address (default: start a local one)")
    index.add_argument("--actors", type=int, default=2, help="Ray embedding actors (2)")
    index.set_defaults(func=cmd_index)

    for name, func, text in (
        ("ask", cmd_ask, "answer one question"),
        ("repl", cmd_repl, "ask questions interactively"),
    ):
        command = sub.add_parser(name, help=text)
        if name == "ask":
            command.add_argument("question", nargs="*")
            command.add_argument("--json", action="store_true", help="print one JSON object")
        command.add_argument("--index-dir", help="index folder (default from config: index/)")
        command.add_argument("--top-k", type=int, default=None, help="passages to show")
        command.add_argument("--reader", choices=("neural", "sentence"), default=None)
        command.set_defaults(func=func)

    # Both import their heavy dependencies lazily, so a broken import fails loudly here.
    from qa_bot.evaluation.cli import add_eval_parser
    from qa_bot.fronts.library_cli import add_library_parsers
    from qa_bot.fronts.telegram.command import add_telegram_parser

    add_library_parsers(sub)
    add_telegram_parser(sub)
    add_eval_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the qa-bot command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        settings = load_settings(args.config)
        return int(args.func(args, settings))
    except QaBotError as exc:
        print(f"qa-bot: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. --index-dir names a file, a full disk, no permission
        print(f"qa-bot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
