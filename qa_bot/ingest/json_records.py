"""JSON and JSON Lines files of {"title", "text", "url", "date"} records into Articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qa_bot.errors import UnreadableSourceError
from qa_bot.ingest.records import Skipped, clean_text, make_article
from qa_bot.types import Article


def _record_to_article(record: Any, path: Path, where: str) -> Article:
    if not isinstance(record, dict):
        raise UnreadableSourceError(f"{where}: expected an object with 'title' and 'text'")
    text = record.get("text")
    if not isinstance(text, str) or not clean_text(text):
        raise UnreadableSourceError(f"{where}: missing or empty 'text'")
    title = record.get("title")
    title = title if isinstance(title, str) and title.strip() else path.stem
    body = clean_text(text)
    if not body.startswith(clean_text(title)):
        body = f"{clean_text(title)}\n\n{body}"
    url = record.get("url") if isinstance(record.get("url"), str) else None
    date = record.get("date") if isinstance(record.get("date"), str) else None
    return make_article(title, body, str(path), url, date)


def _json_error(exc: Exception) -> str:
    # A RecursionError from json.loads means nesting deeper than ~1000 levels.
    return "bad JSON: nested too deeply" if isinstance(exc, RecursionError) else f"bad JSON: {exc}"


def _records(path: Path, text: str) -> list[tuple[str, Any]]:
    if path.suffix.lower() != ".jsonl":
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise UnreadableSourceError(_json_error(exc)) from exc
        items = data if isinstance(data, list) else [data]
        return [(f"record {i}", item) for i, item in enumerate(items)]
    records: list[tuple[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((f"line {number}", json.loads(line)))
        except (json.JSONDecodeError, RecursionError) as exc:
            error = UnreadableSourceError(f"line {number}: {_json_error(exc)}")
            records.append((f"line {number}", error))
    return records


def read_json_records(path: Path, text: str) -> tuple[list[Article], list[Skipped]]:
    """Every record of a .json (object or list) or .jsonl file; bad records are Skipped."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for where, record in _records(path, text):
        try:
            if isinstance(record, UnreadableSourceError):
                raise record
            articles.append(_record_to_article(record, path, where))
        except UnreadableSourceError as exc:
            skipped.append(Skipped(str(path), str(exc)))
    if not articles and not skipped:
        raise UnreadableSourceError("no records")
    return articles, skipped
