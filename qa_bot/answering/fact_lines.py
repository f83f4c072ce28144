"""Questions answered by a line of a fact box: "Price: £1,899 / $2,199", "Serves: 4".

Reviews, recipes and product pages carry short "Label: value" lines (a verdict box, a recipe
card). The span reader seldom sees them: a passage of such lines is a poor match for "How much
does the Glide 2 cost in pounds?" (over a review it answered "24.8kg", the bike's weight), and a
line is not a sentence. Here a run of at least two such lines is read as a table of one column:
the line whose label the question names in full (with the words ``table_cells`` adds: a price
for "how much … cost", a weight for "how heavy") answers with its value, when the value is of
the kind asked (``answer_type``) and the question names nothing that the article's title and
the box do not ("What is the price of the Brennan?" over the Glide 2's review is not its box's).
A speaker's line in an interview ("Rodriguez: I had just raised five kids …") is no fact: a
value is at most ``MAX_VALUE`` characters, a label at most four words, and no label stands
twice in a box (a transcript's speakers do).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa_bot.answering.answer_type import fits, kind_asked
from qa_bot.answering.table_cells import Cell, asked_words, names_outside
from qa_bot.index.bm25 import bm25_tokens

__all__ = ["FactAnswer", "fact_answer", "fact_runs"]

MAX_VALUE = 80  # characters: longer is a sentence, not a fact
MAX_LINE = 200  # characters: a longer line is no fact line, and is not matched at all
_LINE = re.compile(r"^(?P<label>[A-Z][\w'’/&()+-]*(?: [\w'’/&()+-]+){0,3}):[ \t]+(?P<value>\S.*)")


@dataclass(frozen=True)
class FactLine:
    """A "Label: value" line: its label, its value and where the line stands."""

    label: Cell
    value: Cell
    start: int
    end: int


@dataclass(frozen=True)
class FactAnswer:
    """The value answering a question, and the line it stands on."""

    cell: Cell
    line: FactLine

    def quoted(self, text: str) -> str:
        """The whole line, as quoted from the article ``text``."""
        return text[self.line.start : self.line.end]


def _fact(match: re.Match[str], offset: int) -> FactLine | None:
    """The line as a fact, or None when its value is too long to be one."""
    line = match.group().rstrip()
    found = _LINE.match(line) if len(line) <= MAX_LINE else None
    if found is None or len(found.group("value")) > MAX_VALUE:
        return None
    label = Cell(found.group("label"), offset + found.start("label"), offset + found.end("label"))
    value = Cell(found.group("value"), offset + found.start("value"), offset + found.end("value"))
    return FactLine(label, value, match.start(), match.start() + len(line))


def _is_box(run: Sequence[FactLine]) -> bool:
    """Two lines or more, no label twice: a transcript's speakers ("Q:", "Mensah:") repeat."""
    labels = [fact.label.text.lower() for fact in run]
    return len(labels) > 1 and len(set(labels)) == len(labels)


@functools.lru_cache(maxsize=32)
def fact_runs(text: str) -> tuple[tuple[FactLine, ...], ...]:
    """Runs of "Label: value" lines (blank lines between allowed) that make a fact box.

    Kept for the next question about the article, as ``table_cells`` keeps its tables.
    """
    runs: list[list[FactLine]] = []
    run: list[FactLine] = []
    for match in re.finditer(r"[^\n]+", text):
        fact = _fact(match, match.start())
        if fact is not None:
            run.append(fact)
            continue
        runs.append(run)
        run = []
    runs.append(run)
    return tuple(tuple(run) for run in runs if _is_box(run))


def fact_answer(question: str, text: str) -> FactAnswer | None:
    """The value of the one fact line whose label ``question`` names in full, or None."""
    runs = fact_runs(text)
    if not runs:
        return None
    asked = asked_words(question)
    facts = [fact for run in runs for fact in run]
    labels = [frozenset(words) for words in bm25_tokens([fact.label.text for fact in facts])]
    named = [i for i, label in enumerate(labels) if label and label <= asked]
    if len(named) != 1:
        return None
    fact = facts[named[0]]
    title = text.split("\n", 1)[0]
    known = frozenset(bm25_tokens([title])[0]).union(*labels)
    kind = kind_asked(question)
    if names_outside(question, known) or (kind is not None and not fits(kind, fact.value.text)):
        return None
    return FactAnswer(fact.value, fact)
