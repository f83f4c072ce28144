"""``qa-bot articles`` and ``qa-bot remove``: look at and edit the index's library."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from qa_bot.config import Settings


def _index_dir(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.index_dir) if args.index_dir else Path(settings.paths.index_dir)


def cmd_articles(args: argparse.Namespace, settings: Settings) -> int:
    """List the indexed articles: id, title, source, date, passages."""
    from qa_bot.index.library_edit import list_articles
    from qa_bot.index.sources import load_library

    index_dir = _index_dir(args, settings)
    rows = list_articles(index_dir)
    if args.json:
        for row in rows:
            print(json.dumps(row.__dict__, ensure_ascii=False))
        return 0
    for row in rows:
        date = f"  {row.date}" if row.date else ""
        print(f"{row.id}  {row.title}  ({row.source}){date}  {row.passages} passages")
    library = load_library(index_dir)
    kinds = {"path": "file or folder", "url": "page", "feed": "feed"}
    print(f"{len(rows)} articles from {len(library.sources)} sources", file=sys.stderr)
    for source in library.sources:
        print(f"  source: {source.location} ({kinds[source.kind]})", file=sys.stderr)
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    """Take an article (by id, path or URL) or a whole source out of the index."""
    from qa_bot.embedding.embedder import Embedder
    from qa_bot.index.library_edit import remove

    def load() -> Embedder:
        from qa_bot.embedding.embedder import load_embedder

        return load_embedder(settings)

    index_dir = _index_dir(args, settings)
    removed = remove(index_dir, settings, load, args.target, lock_timeout=args.wait)
    titles = ", ".join(f"'{t}'" for t in removed.titles[:5])
    more = f" and {len(removed.titles) - 5} more" if len(removed.titles) > 5 else ""
    kind = "the source" if removed.what == "source" else "the article"
    print(
        f"removed {kind} {args.target}: {len(removed.titles)} articles ({titles}{more}); "
        f"{removed.build.articles} articles, {removed.build.chunks} chunks left"
    )
    return 0


def add_library_parsers(subparsers: Any) -> None:
    """Add the ``articles`` and ``remove`` subcommands."""
    articles = subparsers.add_parser("articles", help="list the indexed articles")
    articles.add_argument("--index-dir", help="index folder (default from config: index/)")
    articles.add_argument("--json", action="store_true", help="one JSON object per line")
    articles.set_defaults(func=cmd_articles)
    remove = subparsers.add_parser(
        "remove", help="take an article (id, path or URL) or a source out of the index"
    )
    remove.add_argument("target", help="ARTICLE-ID (from qa-bot articles), PATH or URL")
    remove.add_argument("--index-dir", help="index folder (default from config: index/)")
    remove.add_argument(
        "--wait", type=float, default=0.0, help="seconds to wait for another writer"
    )
    remove.set_defaults(func=cmd_remove)
