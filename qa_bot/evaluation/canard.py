"""CANARD: how well follow-up questions are rewritten to stand alone.

Each CANARD question comes with its dialog history (article title, section title, then the
earlier questions and answers) and a human rewrite that stands alone. A question *needs* a
rewrite when the human one adds content words; it *needs none* when it adds none. The rewrite
is scored by whether it contains every content word the human rewrite adds (and, pooled, the
share of those words it contains).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_bot.answering.followup import Turn, resolve
from qa_bot.answering.referents import topic_kind
from qa_bot.errors import EvaluationDataError
from qa_bot.evaluation.metrics import percentile

_WORD = re.compile(r"[a-z0-9]+")
_STOP_TEXT = (
    "a an the of and or to in on at for by with from as is was were be been are did do does has "
    "have had what who whom whose when where why how which that this these those it its he she "
    "his her him they their them there here about after before during any other else not no "
    "s than besides aside also"
)
STOPWORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class CanardItem:
    """One question of a CANARD dialog."""

    dialog_id: str
    number: int
    history: tuple[str, ...]
    question: str
    rewrite: str


@dataclass(frozen=True)
class CanardReport:
    """Rewrite quality on CANARD."""

    questions: int
    need_rewrite: int
    rewritten_fully: float  # % of those needing it whose rewrite has every added word
    added_words_found: float  # % of all the added words (pooled) found in the rewrites
    need_none: int
    left_unchanged: float  # % of those needing none left as asked
    rewrite_ms_p50: float


def load_canard(path: Path) -> list[CanardItem]:
    """Read CANARD's JSON (optionally gzipped)."""
    try:
        with (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8") as f:
            raw: Any = json.load(f)
        return [
            CanardItem(
                str(item["QuAC_dialog_id"]),
                int(item["Question_no"]),
                tuple(str(h) for h in item["History"]),
                str(item["Question"]),
                str(item["Rewrite"]),
            )
            for item in raw
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvaluationDataError(f"{path}: not a CANARD file ({exc})") from exc


def is_canard(path: Path) -> bool:
    """True when the file looks like CANARD (a list of items with a Rewrite)."""
    try:
        with (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8") as f:
            head = f.read(2000)
    except OSError:
        return False
    return head.lstrip().startswith("[") and '"Rewrite"' in head


def content_words(text: str) -> list[str]:
    """Lower-cased words that are not stop words."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def history_turns(item: CanardItem) -> list[Turn]:
    """The dialog so far as turns; the title is the topic (what a QuAC dialog starts from)."""
    title = item.history[0] if item.history else None
    pairs = item.history[2:]
    # What the article is, from the article text the dialog has shown so far (its answers).
    seen = " ".join(a for a in pairs[1::2] if a != "CANNOTANSWER")
    kind = topic_kind(seen, title)
    turns = [Turn(question=title or "", answer=None, topic=title, topic_kind=kind)]
    for question, answer in zip(pairs[0::2], pairs[1::2], strict=False):
        answer_text = None if answer == "CANNOTANSWER" else answer
        turns.append(Turn(question, answer_text, title, kind))
    return turns


def run_canard(items: Sequence[CanardItem]) -> CanardReport:
    """Rewrite every question from its history and score against the human rewrites."""
    understood: dict[tuple[str, int], str] = {}
    need = full = need_none = unchanged = added_total = added_found = 0
    times = []
    for item in sorted(items, key=lambda i: (i.dialog_id, i.number)):
        turns = history_turns(item)
        # Earlier questions as the bot understood them, as a conversation would hold them.
        for number, turn in enumerate(turns[1:], start=1):
            seen = understood.get((item.dialog_id, number))
            if seen is not None:
                turns[number] = dataclasses.replace(turn, question=seen)
        began = time.perf_counter()
        ours = resolve(item.question, turns) or item.question
        times.append((time.perf_counter() - began) * 1000)
        understood[(item.dialog_id, item.number)] = ours
        asked = set(_WORD.findall(item.question.lower()))
        added = {w for w in content_words(item.rewrite) if w not in asked}
        if not added:
            need_none += 1
            unchanged += ours == item.question
            continue
        need += 1
        have = set(_WORD.findall(ours.lower()))
        found = len(added & have)
        full += found == len(added)
        added_total += len(added)
        added_found += found
    return CanardReport(
        questions=len(items),
        need_rewrite=need,
        rewritten_fully=100.0 * full / max(need, 1),
        added_words_found=100.0 * added_found / max(added_total, 1),
        need_none=need_none,
        left_unchanged=100.0 * unchanged / max(need_none, 1),
        rewrite_ms_p50=percentile(times, 50) if times else 0.0,
    )
