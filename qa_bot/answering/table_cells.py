"""Questions answered by one cell of a table: its row named by the label, its column by a header.

Reports carry their figures in tables, which the ingest keeps as rows of cells joined by
" | " (Markdown, Word and web pages alike), the header row first. The span reader, trained on
prose, cannot tell which cell of "Northgate | 150,300 | 158,900 | +5.7%" holds 2025's visits
(asked "How many visits did Northgate have in 2025?" it answered "78.6%" from another row).
Here the question is matched against the table instead: the row whose label (first cell) the
question names best — by the label words few labels share (``_row_named``) — and the column
whose header shares the question's words, each word weighted by how few headers hold it
("2025 visits" over "2024 visits" for a question with "2025" and "visits"; "Change" over both
for "By how much did visits change?"), a column of the kind of cell asked for (a share, a
count, a date) preferred. Both must be unique, else the question is left to the reader. The
answer quotes the cell; its sentence is the header row and the row, joined by " / ".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa_bot.index.bm25 import bm25_tokens

__all__ = [
    "Cell",
    "CellAnswer",
    "TableRow",
    "asked_words",
    "cell_answer",
    "names_outside",
    "tables_in",
]

_SEPARATOR = " | "
_BLANK = frozenset({"", "-", "–", "—"})  # an empty cell, as the readers write it
MIN_ROWS = 2  # data rows below a header for a run of " | " lines to count as a table


@dataclass(frozen=True)
class Cell:
    """One cell's text and where it stands in the article (``start``/``end`` offsets)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TableRow:
    """A row of a table: its cells and the line it stands on (offsets in the article)."""

    cells: tuple[Cell, ...]
    start: int
    end: int


@dataclass(frozen=True)
class CellAnswer:
    """The cell that answers a question, the row it stands in and its table's header row."""

    cell: Cell
    row: TableRow
    header: TableRow

    def quoted(self, text: str) -> str:
        """The header and the row as quoted from the article ``text``, joined by " / "."""
        lines = (self.header, self.row)
        return " / ".join(text[line.start : line.end] for line in lines)


def _cells(line: str, offset: int) -> tuple[Cell, ...]:
    """The cells of one row line starting at article offset ``offset``."""
    cells: list[Cell] = []
    at = 0
    for part in line.split(_SEPARATOR):
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        cells.append(Cell(stripped, offset + at + lead, offset + at + lead + len(stripped)))
        at += len(part) + len(_SEPARATOR)
    return tuple(cells)


_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*$")
_INNER = re.compile(r"^\s*(?:\|\s)?(.*?)(?:\s\|)?\s*$")


def tables_in(text: str) -> list[list[TableRow]]:
    """Runs of " | " lines with the same number of cells (blank lines between allowed).

    The first row of each is its header; runs of fewer than ``MIN_ROWS`` + 1 rows are not
    tables.
    """
    tables: list[list[TableRow]] = []
    run: list[TableRow] = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        if run and _RULE.match(line):  # "|---|---|" under a web page's header row
            continue
        if _SEPARATOR in line:
            inner = _INNER.match(line)  # "| Model | Price | ": the cells inside the edge pipes
            first, last = (inner.start(1), inner.end(1)) if inner else (0, len(line))
            start, end = match.start() + first, match.start() + last
            row = TableRow(_cells(line[first:last], start), start, end)
            if run and len(run[-1].cells) != len(row.cells):
                tables.append(run)
                run = []
            run.append(row)
            continue
        if run:
            tables.append(run)
            run = []
    if run:
        tables.append(run)
    return [table for table in tables if len(table) > MIN_ROWS]


def _weights(keys: Sequence[frozenset[str]]) -> dict[str, float]:
    """Each word's weight: 1 / the number of keys (labels or headers) that hold it."""
    counts: dict[str, int] = {}
    for key in keys:
        for word in key:
            counts[word] = counts.get(word, 0) + 1
    return {word: 1.0 / count for word, count in counts.items()}


def _unique_best(scores: Sequence[float]) -> int | None:
    """The index of the single highest positive score (None when none or tied)."""
    best = max(scores, default=0.0)
    if best <= 0 or sum(1 for s in scores if s == best) != 1:
        return None
    return scores.index(best)


def names_outside(question: str, known: frozenset[str]) -> bool:
    """True when the question names something the table does not ("Lumen Shield")."""
    capitalised = re.findall(r"(?<=\s)[A-Z][\w-]*", question)  # not its opening word
    return any(set(bm25_tokens([word])[0]) - known for word in capitalised)


def _row_named(
    asked: frozenset[str], labels: Sequence[frozenset[str]], *, plain: bool = True
) -> int | None:
    """The row whose label the question names best.

    Each label word the question holds counts 1 / the number of labels holding it, and each
    word of the label's own (in no other label) that the question lacks counts -1: "PC-600"
    names the row "PrimaCook PC-600", not "PrimaCook PC-600 Duo"; "the line" names no row of
    "Blue Line", "Red Line". The best must be unique, above 0, and hold a word at most two
    labels share.
    """
    weights = _weights(labels)
    scores = []
    for label in labels:
        held = label & asked
        missing = sum(1 for w in label - asked if weights[w] == 1.0)
        telling = plain and _plain(label, held, labels) or any(weights[w] >= 0.5 for w in held)
        scores.append(sum(weights[w] for w in held) - missing if telling else 0.0)
    return _unique_best(scores)


def _plain(label: frozenset[str], held: frozenset[str], labels: Sequence[frozenset[str]]) -> bool:
    """True when the label is only words its rivals share as well.

    "the R7" names "Lumen R7" beside "Lumen R7 Pro" and "Lumen R7 Point" (those lack their
    own word, so they score below it); "PrimaCook" does not name "PrimaCook PC-600".
    """
    rivals = [other for other in labels if other & held]
    return bool(held) and label - held <= frozenset.intersection(*rivals)


_PERCENT_ASKED = re.compile(r"\b(?:percent|percentage|per cent|share|proportion|rate)\b|%", re.I)
_COUNT_ASKED = re.compile(r"\bhow many\b", re.I)
_DATE_ASKED = re.compile(r"^(?:when|since when|until when)\b|\bwhat (?:date|year|month)\b", re.I)
_DATE_CELL = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|\b(?:1[5-9]|20)\d{2}\b",
    re.I,
)
_CHANGE_ASKED = re.compile(
    r"\bby how much\b.*\b(?:rise|rose|risen|grow|grew|grown|fall|fell|fallen|increase|decrease|"
    r"drop|change|climb|jump|decline)[a-z]*\b",
    re.I,
)
_SIGNED_CELL = re.compile(r"^[+\-\u2212]\s?\d")  # "+88%", "−3.1%": a change
_PERCENT_CELL = re.compile(r"^[+\-\u2212]?\d[\d.,]*\s?%$")
_COUNT_CELL = re.compile(
    r"^[~≈]?\d[\d.,]*(?:\s?(?:thousand|million|billion))?(?:\s+[a-z]{3,})?$", re.I
)  # "48,900", "1.2 million", "28 seats"
_MONEY_ASKED = re.compile(
    r"\bhow much\b.*\b(?:cost|costs|pay|charge|charged|sell|sold|priced)\b|\b(?:price|cost)\b",
    re.I,
)
_MONEY_CELL = re.compile(
    r"^(?:[£$€¥₹]|[A-Z]{1,2}\$|(?:USD|EUR|GBP)\s?)\d[\d.,]*(?:\s?(?:k|m|bn|million|billion))?$"
    r"|^\d[\d.,]*\s?(?:USD|EUR|GBP|euros?|dollars?|pounds?)$",
    re.I,
)  # "£199", "US$2.4 million", "40,000 euros"
_UNIT = re.compile(r"\d\s+(?!(?:thousand|million|billion)$)([a-z]{3,})$", re.I)  # "28 seats"
TYPE_BONUS = 1.0  # a column whose cells are what the question asks for (a share, a count, a date)


def _kind_asked(question: str) -> re.Pattern[str] | None:
    """The cells a question asks for: changes, percentages, sums of money, counts, dates, or any."""
    if _CHANGE_ASKED.search(question):
        return _SIGNED_CELL
    if _PERCENT_ASKED.search(question):
        return _PERCENT_CELL
    if _MONEY_ASKED.search(question):
        return _MONEY_CELL
    if _COUNT_ASKED.search(question):
        return _COUNT_CELL
    if _DATE_ASKED.search(question):
        return _DATE_CELL
    return None


def _column_named(
    asked: frozenset[str], headers: Sequence[frozenset[str]], typed: Sequence[bool | None]
) -> int | None:
    """The column whose header shares the most (rarest) words with the question.

    When the question asks for a kind of cell (a share, a count, a date), a column of that
    kind (``typed`` True) gets ``TYPE_BONUS`` and a column of another kind (False) nothing:
    "By what percentage did ridership change in 2025?" is "Change", not "Boardings 2025";
    "How many were sold?" is "Units", not "Sold between".
    """
    weights = _weights(headers)
    shared = [sum(weights[w] for w in header & asked) for header in headers]
    named = any(words > 0 for words, fits in zip(shared, typed, strict=True) if fits is not False)
    scores = [
        0.0 if fits is False else words + TYPE_BONUS * bool(fits) * (words > 0 or not named)
        for words, fits in zip(shared, typed, strict=True)
    ]
    return _unique_best(scores)


@dataclass(frozen=True)
class _Parsed:
    """A table with the words of its row labels and of its headers (first column left out)."""

    rows: tuple[TableRow, ...]
    labels: tuple[frozenset[str], ...]
    headers: tuple[frozenset[str], ...]


@functools.lru_cache(maxsize=32)
def _parsed(text: str) -> tuple[_Parsed, ...]:
    """The tables of ``text`` with their words, kept for the next question about the article."""
    parsed = []
    for table in tables_in(text):
        header, rows = table[0], table[1:]
        names = [row.cells[0].text for row in rows] + [cell.text for cell in header.cells[1:]]
        words = [frozenset(t) for t in bm25_tokens(names)]
        parsed.append(_Parsed(tuple(table), tuple(words[: len(rows)]), tuple(words[len(rows) :])))
    return tuple(parsed)


def _fits(kind: re.Pattern[str], cells: Sequence[str], asked: frozenset[str]) -> bool | None:
    """True when every cell is of the kind asked; None when each at least holds a figure.

    "1 Internet, 3 gigabit LAN" may answer "How many LAN ports …?"; a date is no count, and
    a count of something else ("3 years") is none of "How many devices …?".
    """
    filled = [cell for cell in cells if cell not in _BLANK]
    if all(kind.search(cell) for cell in filled):
        units = {m.group(1) for cell in filled if (m := _UNIT.search(cell))}
        counted = frozenset(bm25_tokens([" ".join(units)])[0]) if units else frozenset()
        return kind is not _COUNT_CELL or not units or bool(counted & asked)
    figures = all(re.search(r"\d", cell) and not _DATE_CELL.search(cell) for cell in filled)
    return None if kind not in (_DATE_CELL, _SIGNED_CELL) and figures else False


def _table_cell(question: str, asked: frozenset[str], table: _Parsed) -> CellAnswer | None:
    """The cell of ``table`` in the row and column the question names, or None.

    A table of one column of values ("Weight | 24.8kg", "Protein | 9 g": a specifications or
    nutrition table) needs only its row named, by every word of its label ("How far can it
    go?" is not the "Claimed range": the article may tell how far it went), and nothing named
    that the table does not name ("What battery does the Brennan use?" beside the Glide 2's).
    """
    header, rows = table.rows[0], table.rows[1:]
    width = len(header.cells)
    kind = _kind_asked(question)
    typed = [
        None if kind is None else _fits(kind, [row.cells[c].text for row in rows], asked)
        for c in range(1, width)
    ]
    known = frozenset().union(*table.labels, *table.headers)
    outside = names_outside(question, known)
    row = _row_named(asked, table.labels, plain=not outside)
    column = _column_named(asked, table.headers, typed)
    if column is None and width == 2 and typed[0] is not False and not outside:
        column = 0 if row is not None and table.labels[row] <= asked else None
    if row is None or column is None:
        return None
    found = rows[row].cells[column + 1]
    return CellAnswer(found, rows[row], header) if found.text else None


# What "How heavy …?" asks of a table: its "Weight" row or column
_DIMENSIONS = {
    "heavy": "weight",
    "long": "length duration",
    "tall": "height",
    "high": "height",
    "wide": "width",
    "fast": "speed",
    "far": "range distance",
    "big": "size",
    "large": "size",
    "old": "age",
    "deep": "depth",
    "expensive": "price cost",
}
_DIMENSION_ASKED = re.compile(rf"\bhow\s+({'|'.join(_DIMENSIONS)})\b|\b(weigh)(?:s|ed)?\b", re.I)


def asked_words(question: str) -> frozenset[str]:
    """The question's words (BM25 stems), with what its adjective or verb asks a table for.

    "How heavy …?" asks for a weight, "How much does … cost?" for a price.
    """
    words = " ".join(
        _DIMENSIONS.get(word.lower(), "weight")
        for match in _DIMENSION_ASKED.finditer(question)
        for word in match.groups()
        if word
    )
    if _MONEY_ASKED.search(question):
        words += " price cost"
    return frozenset(bm25_tokens([f"{question} {words}"])[0])


def cell_answer(question: str, text: str) -> CellAnswer | None:
    """The cell of the first table in ``text`` that answers ``question``, or None."""
    tables = _parsed(text)
    if not tables:
        return None
    asked = asked_words(question)
    for table in tables:
        found = _table_cell(question, asked, table)
        if found is not None:
            return found
    return None
