"""CANARD: how well follow-up questions are rewritten to stand alone.

Each CANARD question comes with its dialog history (article title, section title, then the
earlier questions and answers) and a human rewrite that stands alone. A question *needs* a
rewrite when the human one adds content words; it *needs none* when it adds none. The rewrite
is scored by whether it contains every content word the human rewrite adds (and, pooled, the
share of those words it contains). Both sides are normalised alike: lower case, accents folded,
punctuation and stop words dropped. Since adding words is never penalised by that score, the
report also gives the precision of what ours adds (share of the content words our rewrite adds
that the human rewrite also has): padding a rewrite with the whole history would show there.
Rules are tuned on the first half of the dialogs (``dialog_part(items, "tune")``) and reported
on the second half too (``"held-out"``).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_bot.answering.followup import Turn, resolve
from qa_bot.answering.topic_kind import topic_kind
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
PARTS = ("all", "tune", "held-out")


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
    reachable: int = 0  # of need_rewrite: every added word is somewhere in the history
    reachable_fully: float = 0.0  # % of those rewritten fully
    added_words_precision: float = 0.0  # % of the content words ours adds that the human has


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


def words(text: str) -> list[str]:
    """Lower-cased words, accents folded ("Dalí" and "Dali" are one word), no punctuation."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


def content_words(text: str) -> list[str]:
    """Lower-cased words that are not stop words."""
    return [w for w in words(text) if w not in STOPWORDS]


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


def dialog_part(items: Sequence[CanardItem], part: str) -> list[CanardItem]:
    """``part`` of the dialogs in file order: "tune" (first half), "held-out" (second), "all"."""
    if part == "all":
        return list(items)
    if part not in PARTS:
        raise EvaluationDataError(f"unknown part {part!r}: use one of {', '.join(PARTS)}")
    order = list(dict.fromkeys(item.dialog_id for item in items))
    first = set(order[: len(order) // 2])
    return [item for item in items if (item.dialog_id in first) == (part == "tune")]


@dataclass
class _Tally:
    need: int = 0
    full: int = 0
    reachable: int = 0
    reachable_full: int = 0
    need_none: int = 0
    unchanged: int = 0
    added_total: int = 0
    added_found: int = 0
    ours_added: int = 0
    ours_added_right: int = 0


def run_canard(items: Sequence[CanardItem]) -> CanardReport:
    """Rewrite every question from its history and score against the human rewrites."""
    understood: dict[tuple[str, int], str] = {}
    tally = _Tally()
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
        _score(item, ours, tally)
    return CanardReport(
        questions=len(items),
        need_rewrite=tally.need,
        rewritten_fully=_percent(tally.full, tally.need),
        added_words_found=_percent(tally.added_found, tally.added_total),
        need_none=tally.need_none,
        left_unchanged=_percent(tally.unchanged, tally.need_none),
        rewrite_ms_p50=percentile(times, 50) if times else 0.0,
        reachable=tally.reachable,
        reachable_fully=_percent(tally.reachable_full, tally.reachable),
        added_words_precision=_percent(tally.ours_added_right, tally.ours_added),
    )


def _score(item: CanardItem, ours: str, tally: _Tally) -> None:
    asked = set(words(item.question))
    added = {w for w in content_words(item.rewrite) if w not in asked}
    ours_added = {w for w in content_words(ours) if w not in asked}
    tally.ours_added += len(ours_added)
    tally.ours_added_right += len(ours_added & set(words(item.rewrite)))
    if not added:
        tally.need_none += 1
        tally.unchanged += ours == item.question
        return
    found = len(added & set(words(ours)))
    tally.need += 1
    tally.full += found == len(added)
    tally.added_total += len(added)
    tally.added_found += found
    if added <= set(words(" ".join(item.history))):
        tally.reachable += 1
        tally.reachable_full += found == len(added)


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / max(whole, 1)
