"""Questions answered from a table of a retrieved article: one cell, or the top row.

``table_cells`` answers a question that names a row and a column ("How many boardings did the
Green Line have in 2024?"), ``table_extremes`` one that asks which row ranks first ("Which
service grew fastest?"), ``fact_lines`` one that names the label of a fact box's line
("Price: £1,899"). The pipeline asks here before it trusts the span reader.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa_bot.answering.fact_lines import fact_answer
from qa_bot.answering.table_cells import cell_answer
from qa_bot.answering.table_extremes import extreme_row

__all__ = ["FoundCell", "cell_in_articles"]


@dataclass(frozen=True)
class FoundCell:
    """A cell answering a question: where it stands, and its header and row quoted."""

    article_id: str
    text: str
    start: int
    end: int
    sentence: str


def cell_in_articles(
    question: str, article_ids: Sequence[str], article_text: Callable[[str], str]
) -> FoundCell | None:
    """The cell answering ``question`` in the first of ``article_ids`` that has one."""
    for article_id in dict.fromkeys(article_ids):
        text = article_text(article_id)
        found = (
            cell_answer(question, text)
            or extreme_row(question, text)
            or fact_answer(question, text)
        )
        if found is not None:
            cell = found.cell
            return FoundCell(article_id, cell.text, cell.start, cell.end, found.quoted(text))
    return None
