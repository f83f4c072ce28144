"""Markdown posts as the plain text a reader sees: no "#", "**" or link syntax in answers.

Read as plain text, a post's markup ends up in the answers the bot quotes ("# How we cut our
cloud bill by 38%" for "How much did the bill fall?") and hides its byline ("*By Jane Doe ·
May 3, 2025*"). markdown-it-py parses the post (CommonMark, with tables); the text kept is
what a browser would show: headings, paragraphs and list items each on their own lines
(numbered items keep their numbers), emphasis and links reduced to their words, images to their
alt text, code as written, table rows as cells joined by " | " (an empty cell as "-", so that
the columns line up). Line breaks inside a paragraph stay, so a byline over a role line still
reads as one. A YAML front matter block gives the
title (when the text has no heading first), the author ("By …") and the date ("Published …"),
as metadata does for web pages.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from qa_bot.ingest.byline import with_byline
from qa_bot.ingest.dateline import with_dateline

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^(?P<key>title|author|authors|date)\s*:\s*(?P<value>.+?)\s*$", re.M | re.I)


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _front_matter(source: str) -> tuple[dict[str, str], str]:
    """The front matter's title/author/date fields, and the post without the block."""
    found = _FRONT_MATTER.match(source)
    if found is None:
        return {}, source
    fields = {
        m.group("key").lower().rstrip("s"): m.group("value").strip().strip("\"'")
        for m in _FIELD.finditer(found.group("body"))
    }
    return fields, source[found.end() :]


def _inline(children: Sequence[Any]) -> str:
    """The words of an inline run: markup dropped, images as their alt text."""
    parts: list[str] = []
    for token in children:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "image":
            parts.append(_inline(token.children or ()))
    return "".join(parts)


EMPTY_CELL = "-"


def _list_prefix(lists: list[list[int]]) -> str:
    """The marker of a list item: "1. " in a numbered list (counting on), "- " for a bullet."""
    if not lists:
        return ""
    counter = lists[-1]
    if counter[0] < 0:
        return "- "
    counter[0] += 1
    return f"{counter[0] - 1}. "


def _blocks(tokens: Sequence[Any]) -> list[str]:
    """One string per block (heading, paragraph, list item, code, table row), in order."""
    blocks: list[str] = []
    lists: list[list[int]] = []  # next number of each open list; -1 for bullets
    prefix = ""
    row: list[str] = []
    in_cell = False
    for token in tokens:
        kind = token.type
        if kind in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = kind.endswith("_open")
        elif kind == "ordered_list_open":
            lists.append([int(token.attrGet("start") or 1)])
        elif kind == "bullet_list_open":
            lists.append([-1])
        elif kind in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            prefix = _list_prefix(lists)
        elif kind == "inline":
            text = _inline(token.children or ())
            if in_cell:
                row.append(text.strip())
            else:
                blocks.append(prefix + text)
                prefix = ""
        elif kind in ("code_block", "fence"):
            blocks.append(token.content.rstrip("\n"))
        elif kind == "tr_close":
            if any(row):  # an empty cell stays, as "-", so that the columns line up
                blocks.append(" | ".join(cell or EMPTY_CELL for cell in row))
            row = []
    return [block for block in blocks if block.strip()]


def markdown_to_text(source: str) -> str:
    """The post as plain text, its front matter turned into title, byline and date lines."""
    fields, body = _front_matter(source)
    tokens = _parser().parse(body)
    text = "\n\n".join(_blocks(tokens))
    title = fields.get("title")
    first = tokens[0].type if tokens else ""
    if title and (first != "heading_open" or not text.strip()):
        text = f"{title}\n\n{text}" if text.strip() else title
    return with_dateline(with_byline(text, fields.get("author")), fields.get("date"))
