"""Whole conversations (QuAC / DoQA layout): each dialog asked in order through Conversation.

Every passage is indexed together; each dialog is asked turn by turn through one
``Conversation``, and each turn is also asked alone beside it: through ``Pipeline.answer``, and
through a fresh ``Conversation`` (no history, but the chat's way of replying: yes/no and advice
questions quoted as a whole sentence), which isolates what the history brings.
F1 is the SQuAD one (an unanswerable turn scores 1 when declined, 0 otherwise).
"""

from __future__ import annotations

import gzip
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa_bot.errors import EvaluationDataError
from qa_bot.evaluation.metrics import percentile, score_question
from qa_bot.ingest.articles import make_article
from qa_bot.types import Answer, Article

if TYPE_CHECKING:
    from qa_bot.answering.pipeline import Pipeline

logger = logging.getLogger(__name__)

NO_ANSWER = "CANNOTANSWER"


@dataclass(frozen=True)
class DialogTurn:
    """One question of a dialog with its gold answers (empty: unanswerable)."""

    question: str
    answers: tuple[str, ...]
    standalone: str | None = None  # the question rewritten to stand alone (own JSONL dialogs)


@dataclass(frozen=True)
class Dialog:
    """A dialog over one passage."""

    id: str
    title: str
    passage: str
    turns: tuple[DialogTurn, ...]


@dataclass(frozen=True)
class DialogReport:
    """F1 in conversation and without history, over all turns and over follow-up turns."""

    dialogs: int
    turns: int
    follow_ups: int
    f1_conversation: float
    f1_alone: float
    f1_follow_ups_conversation: float
    f1_follow_ups_alone: float
    rewritten: float  # % of follow-up turns the conversation rewrote
    declined_unanswerable_conversation: float | None
    declined_unanswerable_alone: float | None
    added_ms_p50: float  # time of Conversation.ask beyond the pipeline's own, p50
    # follow-ups that have a standalone form, asked in that form alone (JSONL dialogs only)
    standalone_follow_ups: int = 0
    f1_standalone_conversation: float | None = None  # those follow-ups, in conversation
    f1_standalone_alone: float | None = None  # the same, asked in their standalone form
    f1_alone_fresh: float | None = None  # each turn alone through a fresh Conversation
    f1_follow_ups_alone_fresh: float | None = None
    declined_unanswerable_alone_fresh: float | None = None


def load_dialogs(path: Path) -> list[Dialog]:
    """Read a QuAC/DoQA-layout JSON file (optionally gzipped)."""
    try:
        with (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8") as f:
            raw: Any = json.load(f)
        items = raw["data"]
        return [_dialog(item, paragraph) for item in items for paragraph in item["paragraphs"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvaluationDataError(f"{path}: not a QuAC/DoQA dialog file ({exc})") from exc


def load_jsonl_dialogs(path: Path) -> list[Dialog]:
    """Read our own dialogs: one JSON object a line, over articles of a SQuAD file.

    ``{"id": ..., "article": "<SQuAD title>", "turns": [{"question": ..., "answers": [...],
    "standalone": ...}]}``; ``standalone`` (the follow-up rewritten to stand alone) is optional.
    The dialog's ``title`` is the SQuAD title; its passage is left empty (the articles come
    from the SQuAD file).
    """
    dialogs = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            raw = json.loads(line)
            turns = tuple(
                DialogTurn(str(t["question"]), tuple(map(str, t["answers"])), t.get("standalone"))
                for t in raw["turns"]
            )
            dialogs.append(Dialog(str(raw.get("id", number)), str(raw["article"]), "", turns))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EvaluationDataError(f"{path}: not a JSONL dialog file ({exc})") from exc
    if not dialogs:
        raise EvaluationDataError(f"{path}: no dialogs in it")
    return dialogs


def _dialog(item: dict[str, Any], paragraph: dict[str, Any]) -> Dialog:
    context = str(paragraph["context"])
    passage = context.removesuffix(NO_ANSWER).rstrip()
    turns = []
    for qa in paragraph["qas"]:
        texts = [str(a["text"]) for a in qa.get("answers", [])]
        answers = tuple(t for t in texts if t and t != NO_ANSWER)
        turns.append(DialogTurn(str(qa["question"]), answers))
    return Dialog(str(paragraph.get("id", "")), str(item.get("title", "")), passage, tuple(turns))


def dialog_articles(dialogs: Sequence[Dialog], source: str) -> list[Article]:
    """One article per distinct passage, titled with the (first) dialog's title."""
    articles: dict[str, Article] = {}
    for i, dialog in enumerate(dialogs):
        article = make_article(dialog.title or f"Passage {i + 1}", dialog.passage, f"{source}#{i}")
        articles.setdefault(article.id, article)
    return list(articles.values())


def _f1(answer: Answer, gold: Sequence[str]) -> float:
    return score_question(answer.text or "", list(gold))[1]


def run_dialogs(dialogs: Sequence[Dialog], pipeline: Pipeline) -> DialogReport:
    """Ask every dialog in order through a Conversation, and every turn alone."""
    from qa_bot.answering.conversation import Conversation

    together: list[float] = []
    alone: list[float] = []
    follow_mask: list[bool] = []
    rewritten = 0
    declined_c: list[bool] = []
    declined_a: list[bool] = []
    fresh: list[float] = []
    declined_f: list[bool] = []
    added: list[float] = []
    standalone_c: list[float] = []
    standalone_a: list[float] = []
    for number, dialog in enumerate(dialogs):
        conversation = Conversation(pipeline)
        for position, turn in enumerate(dialog.turns):
            began = time.perf_counter()
            in_conversation = conversation.ask(turn.question)
            added.append((time.perf_counter() - began) * 1000 - in_conversation.latency_ms)
            by_itself = pipeline.answer(turn.question)
            as_chat = Conversation(pipeline).ask(turn.question)
            fresh.append(_f1(as_chat, turn.answers))
            together.append(_f1(in_conversation, turn.answers))
            alone.append(_f1(by_itself, turn.answers))
            follow_mask.append(position > 0)
            rewritten += position > 0 and in_conversation.understood_as is not None
            if position > 0 and turn.standalone:
                standalone_c.append(together[-1])
                standalone_a.append(_f1(pipeline.answer(turn.standalone), turn.answers))
            if not turn.answers:
                declined_c.append(in_conversation.declined)
                declined_a.append(by_itself.declined)
                declined_f.append(as_chat.declined)
        if (number + 1) % 20 == 0:
            logger.info("%d of %d dialogs asked", number + 1, len(dialogs))
    follow_c = [f for f, m in zip(together, follow_mask, strict=True) if m]
    follow_a = [f for f, m in zip(alone, follow_mask, strict=True) if m]
    follow_f = [f for f, m in zip(fresh, follow_mask, strict=True) if m]
    return DialogReport(
        dialogs=len(dialogs),
        turns=len(together),
        follow_ups=len(follow_c),
        f1_conversation=_mean(together),
        f1_alone=_mean(alone),
        f1_follow_ups_conversation=_mean(follow_c),
        f1_follow_ups_alone=_mean(follow_a),
        rewritten=100.0 * rewritten / max(len(follow_c), 1),
        declined_unanswerable_conversation=_share(declined_c),
        declined_unanswerable_alone=_share(declined_a),
        added_ms_p50=percentile(added, 50) if added else 0.0,
        standalone_follow_ups=len(standalone_a),
        f1_standalone_conversation=_mean(standalone_c) if standalone_c else None,
        f1_standalone_alone=_mean(standalone_a) if standalone_a else None,
        f1_alone_fresh=_mean(fresh),
        f1_follow_ups_alone_fresh=_mean(follow_f),
        declined_unanswerable_alone_fresh=_share(declined_f),
    )


def _mean(values: Sequence[float]) -> float:
    return 100.0 * sum(values) / len(values) if values else 0.0


def _share(flags: Sequence[bool]) -> float | None:
    return 100.0 * sum(flags) / len(flags) if flags else None
