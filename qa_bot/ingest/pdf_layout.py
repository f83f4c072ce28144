"""A PDF page's laid-out lines into paragraphs, tables and list items a reader can quote.

pypdf's plain text breaks every wrapped line, runs a page's header and footer ("Keeping Port
Ellery Cool   Page 2 of 3") into the sentence that crosses the page, and gives a table one cell
per line, so that no figure can be tied to its row or column. Its layout mode keeps where the
words stand: a blank line between paragraphs, a table's columns apart. From those lines:

- header and footer lines that repeat (numbers aside) at the top or bottom of several pages, and
  lone page numbers, are dropped;
- lines that line up in three or more columns on consecutive lines are a table: each row is
  written as " | " cells, the way Markdown and Word tables are read;
- a list item starts at its bullet, written "- ";
- the other lines of a block are joined into paragraphs; a line well short of the page's width
  ends one (a heading, a paragraph's last line), and so does one ending with a date before a
  capital (a "Published by … · March 2026" line above the authors);
- a paragraph cut by the page break is joined to its end on the next page.

A page set in two columns side by side is left to the plain text, which reads column by column.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence

__all__ = ["layout_pages"]

_GAP = re.compile(r"\s{3,}")  # the space between a table's columns
_BULLET = re.compile(r"^[\x7f•▪◦●○■□·–*-]\s+")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;”\"')\]]$")
# A line that ends with a date ("Published by … · March 2026") before a capital is a line apart
_DATED = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(?:\d{1,2},\s+)?\d{4}$|\d{4}-\d{2}-\d{2}$"
)
EDGE_LINES = 3  # a page's first and last lines where a running header or footer stands
SHORT_LINE = 0.8  # a line shorter than this share of the page's width ends its paragraph
MIN_TABLE_CELLS = 3
MIN_TABLE_ROWS = 2
TWO_COLUMN_SHARE = 0.4  # this share of a page's lines split by one middle gap: two columns


def layout_pages(pages: Sequence[str]) -> list[str] | None:
    """Each page's text as paragraphs; None when the pages look set in two columns."""
    lines = [[line.rstrip() for line in page.splitlines()] for page in pages]
    if any(_two_columns(page) for page in lines):
        return None
    running = _running_lines(lines)
    texts = [_paragraphs(_raised_markers(_without_running(page, running))) for page in lines]
    return _join_page_breaks(texts)


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _edges(page: list[str]) -> list[int]:
    """Where a page's first and last ``EDGE_LINES`` lines with text stand."""
    filled = [index for index, line in enumerate(page) if line.strip()]
    return filled[:EDGE_LINES] + filled[-EDGE_LINES:]


def _running_lines(pages: list[list[str]]) -> set[str]:
    """The keys of lines repeated at the top or bottom of at least two pages."""
    if len(pages) < 2:
        return set()
    counts = Counter(key for page in pages for key in {_key(page[i]) for i in _edges(page)})
    return {key for key, count in counts.items() if count >= 2}


def _without_running(page: list[str], running: set[str]) -> list[str]:
    dropped = {
        index
        for index in _edges(page)
        if _key(page[index]) in running or _PAGE_NUMBER.match(" ".join(page[index].split()))
    }
    return [line for index, line in enumerate(page) if index not in dropped]


def _two_columns(page: list[str]) -> bool:
    """True when many lines have one wide gap near the same middle column."""
    filled = [line for line in page if line.strip()]
    if len(filled) < 10:
        return False
    width = max(len(line) for line in filled)
    middles = []
    for line in filled:
        gaps = [m for m in re.finditer(r"\S(\s{4,})\S", line)]
        if len(gaps) == 1 and 0.3 * width < gaps[0].start(1) < 0.7 * width:
            middles.append(gaps[0].start(1) // 4)
    if not middles:
        return False
    _, common = Counter(middles).most_common(1)[0]
    return common >= TWO_COLUMN_SHARE * len(filled)


# A footnote marker set above the line takes the rest of its line up with it ("alerts¹, against
# 9 in" is read "1, against 9 in" above "… 23 days of heat-health alerts").
_RAISED = re.compile(r"^\s*\d{1,2}(?=[,;:)]\s|\s*$)")


def _raised_markers(lines: list[str]) -> list[str]:
    """Each raised footnote marker's line put back after the line it was lifted from."""
    fixed: list[str] = []
    lifted = ""
    for index, line in enumerate(lines):
        below = lines[index + 1] if index + 1 < len(lines) else ""
        marker = _RAISED.match(line) if not lifted else None
        if marker and below.strip() and not _SENTENCE_END.search(below.rstrip()):
            lifted = line[marker.end() :].strip()
            continue
        fixed.append(f"{line.rstrip()}{lifted}" if lifted else line)
        lifted = ""
    return fixed


def _cells(line: str) -> list[str]:
    return [cell for cell in _GAP.split(line.strip()) if cell]


def _table_rows(lines: list[str]) -> set[int]:
    """Indexes of lines in runs of at least two lines of three or more cells."""
    rows: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, ""]):
        if len(_cells(line)) >= MIN_TABLE_CELLS:
            run.append(index)
            continue
        if len(run) >= MIN_TABLE_ROWS:
            rows.update(run)
        run = []
    return rows


def _paragraphs(lines: list[str]) -> str:
    """The page's lines as paragraphs, table rows and list items, a blank line between them."""
    table = _table_rows(lines)
    prose = [len(line.strip()) for i, line in enumerate(lines) if line.strip() and i not in table]
    width = statistics.quantiles(prose, n=10)[-1] if len(prose) >= 2 else max(prose, default=0)
    blocks: list[str] = []
    current: list[str] = []

    def close() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for index, line in enumerate(lines):
        text = " ".join(line.split())
        if index in table:
            close()
            row = " | ".join(_cells(line))
            blocks.append(f"{blocks.pop()}\n{row}" if index - 1 in table else row)
            continue
        if not text:
            close()
            continue
        bullet = _BULLET.match(text)
        if bullet:
            close()
            text = "- " + text[bullet.end() :]
        current.append(text)
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        dated = _DATED.search(text) and following[:1].isupper() and len(text) < 0.9 * width
        if len(text) < SHORT_LINE * width or dated:
            close()
    close()
    return "\n\n".join(blocks)


def _join_page_breaks(texts: list[str]) -> list[str]:
    """A paragraph cut by the page break is finished on its own page."""
    joined = list(texts)
    for index in range(len(joined) - 1):
        ending, following = joined[index].rstrip(), joined[index + 1].lstrip()
        if not ending or not following or _SENTENCE_END.search(ending):
            continue
        if not following[0].islower():
            continue
        first, _, rest = following.partition("\n\n")
        joined[index] = f"{ending} {first}"
        joined[index + 1] = rest
    return joined
