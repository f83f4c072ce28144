"""Which row of a table is highest or lowest: "Which service grew fastest in 2025?".

A report's table ranks its rows only implicitly; the span reader, asked "Which RRTA service grew
fastest in 2025?", answered "bus rapid transit, bus and ferry services". Here such a question is
answered from the table: it must ask "which"/"what" with a superlative (most, highest, fastest,
fewest, …) and name the table's kind of row (the label column's header: "service", "branch",
"model"); the column is the numeric one the question names (its header words, weighted as
``table_cells`` does), or, for growth or decline ("grew", "fell"), the one column of changes
(percentages, or a header saying "change"/"growth"); between columns that differ only by their
year ("Boardings 2024 | Boardings 2025", "2024 | 2025"), the latest year's. Total rows are left
out. The answer is the
label of the row with the largest value (the smallest for "least", "lowest", …, and for "fell
the most" the most negative change); ties give no answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa_bot.answering.table_cells import CellAnswer, TableRow, tables_in
from qa_bot.index.bm25 import bm25_tokens

__all__ = ["extreme_row"]

_SUPERLATIVE = re.compile(
    r"^(?:which|what)\b.*?\b(most|highest|largest|biggest|greatest|fastest|best|top|least|"
    r"lowest|smallest|fewest|slowest|worst)\b",
    re.I,
)
_LOW = frozenset({"least", "lowest", "smallest", "fewest", "slowest", "worst"})
_CHANGE = re.compile(
    r"\b(?:grew|grow|grown|growth|rose|rise|risen|increased?|gained?|fell|fall|fallen|drop|"
    r"dropped|declined?|shrank|shrunk|lost)\b",
    re.I,
)
_FALLING = re.compile(r"\b(?:fell|fall|fallen|drop|dropped|declined?|shrank|shrunk|lost)\b", re.I)
_CHANGE_HEADER = re.compile(r"\b(?:change|growth|increase|decrease|difference)\b|%", re.I)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_TOTALS = frozenset({"total", "totals", "all", "overall", "sum", "average", "network"})
_NUMBER = re.compile(r"^([+\-−–]?)[$€£]?(\d[\d,]*(?:\.\d+)?)\s?(%|per\s?cent|million|billion|k)?\b")


def _value(cell: str) -> float | None:
    """A cell's number ("+20.7%" → 20.7, "-9.5%" → -9.5, "$1.2 million" → 1.2e6), else None."""
    found = _NUMBER.match(cell.strip())
    if found is None:
        return None
    sign, digits, unit = found.groups()
    value = float(digits.replace(",", ""))
    scale = {"million": 1e6, "billion": 1e9, "k": 1e3}.get((unit or "").lower(), 1.0)
    return -value * scale if sign in {"-", "−", "–"} else value * scale


def _column(question: str, header: TableRow, rows: Sequence[TableRow]) -> int | None:
    """The numeric column the question ranks by (an index into the cells), or None."""
    width = len(header.cells)
    numeric = [c for c in range(1, width) if all(_value(r.cells[c].text) is not None for r in rows)]
    if _CHANGE.search(question):
        changes = [
            c
            for c in numeric
            if _CHANGE_HEADER.search(header.cells[c].text)
            or all(r.cells[c].text.rstrip().endswith("%") for r in rows)
        ]
        return changes[0] if len(changes) == 1 else None
    asked, *heads = (frozenset(t) for t in bm25_tokens([question] + [h.text for h in header.cells]))
    scores = [len(heads[c] & asked) for c in numeric]
    best = max(scores, default=0)
    if best == 0:
        dated = [c for c in numeric if _YEAR.search(header.cells[c].text)]  # not "Change"
        return numeric[0] if len(numeric) == 1 else _latest_year(header, dated)
    winners = [c for c, score in zip(numeric, scores, strict=True) if score == best]
    return winners[0] if len(winners) == 1 else _latest_year(header, winners)


def _latest_year(header: TableRow, columns: Sequence[int]) -> int | None:
    """The latest year's column of several that each name a year of their own, else None.

    "2024 | 2025", "Boardings 2024 | Boardings 2025": the 2025 column.
    """
    found = {c: _YEAR.search(header.cells[c].text) for c in columns}
    years = {c: int(match.group()) for c, match in found.items() if match is not None}
    if len(years) < 2 or len(years) != len(columns) or len(set(years.values())) != len(years):
        return None
    return max(years, key=lambda c: years[c])


def _extreme(question: str, table: Sequence[TableRow], low: bool) -> CellAnswer | None:
    header = table[0]
    label_words = frozenset(bm25_tokens([header.cells[0].text])[0])
    asked = frozenset(bm25_tokens([question])[0])
    if not label_words & asked:  # "Which service …?" over a table of services
        return None
    rows = [r for r in table[1:] if r.cells[0].text.strip().lower() not in _TOTALS]
    column = _column(question, header, rows) if len(rows) > 1 else None
    if column is None:
        return None
    values = [_value(r.cells[column].text) or 0.0 for r in rows]
    target = min(values) if low else max(values)
    chosen = [r for r, v in zip(rows, values, strict=True) if v == target]
    if len(chosen) != 1 or not chosen[0].cells[0].text:
        return None
    return CellAnswer(chosen[0].cells[0], chosen[0], header)


def extreme_row(question: str, text: str) -> CellAnswer | None:
    """The row label that answers a "Which … most …?" question from a table in ``text``."""
    superlative = _SUPERLATIVE.search(question)
    if superlative is None:
        return None
    low = superlative.group(1).lower() in _LOW
    if _FALLING.search(question):
        low = not low  # "fell the most": the most negative change
    for table in tables_in(text):
        found = _extreme(question, table, low)
        if found is not None:
            return found
    return None
