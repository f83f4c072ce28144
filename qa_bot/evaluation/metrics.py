"""SQuAD scoring (EM/F1, v2.0 semantics), retrieval recall and latency percentiles.

Pure functions only: nothing here loads a model or an index.
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa_bot.errors import EvaluationDataError

# benchmarks/ read SQuAD files through this name.
from qa_bot.evaluation.squad import load_squad as load_squad
from qa_bot.types import Hit

if TYPE_CHECKING:
    from qa_bot.evaluation.squad import SquadDataset, SquadQuestion

_PUNCTUATION = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


# --- scoring ---------------------------------------------------------------------------------


def normalize_answer(text: str) -> str:
    """Normalize as SQuAD does: lowercase, drop punctuation, drop a/an/the, collapse whitespace."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCTUATION)
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def exact_match(prediction: str, gold: str) -> int:
    """1 if prediction and gold are equal after normalization, else 0."""
    return int(normalize_answer(prediction) == normalize_answer(gold))


def token_f1(prediction: str, gold: str) -> float:
    """Bag-of-tokens F1 of two normalized answers; two empty answers agree (score 1)."""
    pred_tokens = normalize_answer(prediction).split()
    gold_tokens = normalize_answer(gold).split()
    if not pred_tokens or not gold_tokens:
        return float(pred_tokens == gold_tokens)
    overlap = sum((Counter(pred_tokens) & Counter(gold_tokens)).values())
    if overlap == 0:
        return 0.0
    precision = overlap / len(pred_tokens)
    recall = overlap / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def _scoring_golds(answers: Sequence[str]) -> list[str]:
    # Gold answers that normalize to nothing cannot be matched; with none left the question
    # scores like an unanswerable one (only the empty prediction is right), as in SQuAD 2.0.
    golds = [answer for answer in answers if normalize_answer(answer)]
    return golds or [""]


def score_question(prediction: str, answers: Sequence[str]) -> tuple[int, float]:
    """(EM, F1) of one prediction: the best over the gold answers; no answers means "" is right."""
    golds = _scoring_golds(answers)
    return (
        max(exact_match(prediction, gold) for gold in golds),
        max(token_f1(prediction, gold) for gold in golds),
    )


def _summary(
    exact: Mapping[str, float], f1: Mapping[str, float], ids: Sequence[str]
) -> list[float]:
    total = len(ids)
    return [
        100.0 * sum(exact[qid] for qid in ids) / total,
        100.0 * sum(f1[qid] for qid in ids) / total,
        total,
    ]


def best_threshold(
    raw_scores: Mapping[str, float],
    predictions: Mapping[str, str],
    na_probs: Mapping[str, float],
    has_answer: Mapping[str, bool],
) -> tuple[float, float]:
    """Best score (percent) over no-answer thresholds, and the threshold that reaches it.

    Start with every question declined (each unanswerable one scores 1), then accept questions in
    ascending na-prob order: an answerable one adds its raw score, an unanswerable one with a
    non-empty prediction loses its point. The best running total wins; ties keep the lower
    threshold. Equal na-probs are stepped through one by one, in file order, like the official
    scorer, so its figures are reproduced exactly.
    """
    running = float(sum(1 for qid in raw_scores if not has_answer[qid]))
    best, best_thresh = running, 0.0
    for qid in sorted(raw_scores, key=lambda q: na_probs[q]):
        if has_answer[qid]:
            running += raw_scores[qid]
        elif predictions.get(qid, ""):
            running -= 1.0
        if running > best:
            best, best_thresh = running, na_probs[qid]
    return 100.0 * best / len(raw_scores), best_thresh


def squad_scores(
    dataset: SquadDataset,
    predictions: Mapping[str, str],
    na_probs: Mapping[str, float] | None = None,
    na_prob_thresh: float = 1.0,
) -> dict[str, float]:
    """Score predictions like the official SQuAD 2.0 scorer; keys and order match its output.

    A question without a prediction counts as predicted "no answer" (see ``missing_ids``).
    With ``na_probs``, a question whose na-prob exceeds ``na_prob_thresh`` counts as declined,
    and best_exact/best_f1 (with their thresholds) are added.
    """
    questions = list(dataset.questions())
    if not questions:
        raise EvaluationDataError("the dataset has no questions")
    if na_probs is not None:
        absent = [q.id for q in questions if q.id not in na_probs]
        if absent:
            raise EvaluationDataError(f"na-prob file lacks {len(absent)} ids, e.g. {absent[0]}")
    raw_exact: dict[str, float] = {}
    raw_f1: dict[str, float] = {}
    exact: dict[str, float] = {}
    f1: dict[str, float] = {}
    has_answer = {q.id: q.has_answer for q in questions}
    for question in questions:
        em, f = score_question(predictions.get(question.id, ""), question.answers)
        raw_exact[question.id], raw_f1[question.id] = float(em), f
        if na_probs is not None and na_probs[question.id] > na_prob_thresh:
            # Declined: right exactly when the question has no answer.
            exact[question.id] = f1[question.id] = float(not question.has_answer)
        else:
            exact[question.id], f1[question.id] = float(em), f
    result = dict(zip(("exact", "f1", "total"), _summary(exact, f1, list(exact)), strict=True))
    for prefix, wanted in (("HasAns", True), ("NoAns", False)):
        ids = [qid for qid, has in has_answer.items() if has is wanted]
        if ids:
            values = _summary(exact, f1, ids)
            result.update(
                {f"{prefix}_{k}": v for k, v in zip(("exact", "f1", "total"), values, strict=True)}
            )
    if na_probs is not None:
        best_exact, exact_thresh = best_threshold(raw_exact, predictions, na_probs, has_answer)
        best_f1, f1_thresh = best_threshold(raw_f1, predictions, na_probs, has_answer)
        result.update(
            best_exact=best_exact,
            best_exact_thresh=exact_thresh,
            best_f1=best_f1,
            best_f1_thresh=f1_thresh,
        )
    return result


def decline_rates(
    questions: Sequence[SquadQuestion], predictions: Mapping[str, str]
) -> tuple[float | None, float | None]:
    """Percent declined (empty prediction) of the unanswerable and of the answerable questions."""

    def rate(group: list[SquadQuestion]) -> float | None:
        if not group:
            return None
        return 100.0 * sum(1 for q in group if not predictions[q.id]) / len(group)

    return (
        rate([q for q in questions if not q.has_answer]),
        rate([q for q in questions if q.has_answer]),
    )


def sample_scores(
    dataset: SquadDataset,
    questions: Sequence[SquadQuestion],
    predictions: Mapping[str, str],
    raw: Mapping[str, str],
    na_probs: Mapping[str, float],
) -> dict[str, float]:
    """Official scores of what the bot said, plus the best decline threshold from raw answers."""
    subset = dataset.subset(questions)
    scores = squad_scores(subset, predictions)
    best = squad_scores(subset, raw, na_probs)
    scores.update({key: value for key, value in best.items() if key.startswith("best_")})
    return scores


def missing_ids(dataset: SquadDataset, predictions: Mapping[str, str]) -> list[str]:
    """Ids of the dataset's questions that have no prediction."""
    return [q.id for q in dataset.questions() if q.id not in predictions]


# --- retrieval and latency -------------------------------------------------------------------


@dataclass(frozen=True)
class GoldSpan:
    """A gold answer as character offsets [start, end) into one article."""

    article_id: str
    start: int
    end: int


def hit_contains(hit: Hit, gold: GoldSpan) -> bool:
    """True when the hit's chunk is of the gold article and its span covers the gold span."""
    chunk = hit.chunk
    return (
        chunk.article_id == gold.article_id and chunk.start <= gold.start and gold.end <= chunk.end
    )


def first_hit_rank(hits: Sequence[Hit], golds: Sequence[GoldSpan]) -> int | None:
    """1-based rank of the first hit containing any gold span, or None."""
    for rank, hit in enumerate(hits, start=1):
        if any(hit_contains(hit, gold) for gold in golds):
            return rank
    return None


def recall_at(ranks: Sequence[int | None], ks: Sequence[int]) -> dict[int, float]:
    """Percentage of questions whose first correct hit is within the top k, for each k."""
    if not ranks:
        return {k: math.nan for k in ks}
    return {k: 100.0 * sum(1 for r in ranks if r is not None and r <= k) / len(ranks) for k in ks}


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between order statistics."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Latency:
    """Latency summary in milliseconds."""

    p50: float
    p95: float
    mean: float
    max: float
    count: int


def latency_summary(milliseconds: Sequence[float]) -> Latency:
    """p50/p95/mean/max of a list of timings in milliseconds."""
    if not milliseconds:
        return Latency(math.nan, math.nan, math.nan, math.nan, 0)
    return Latency(
        p50=percentile(milliseconds, 50),
        p95=percentile(milliseconds, 95),
        mean=sum(milliseconds) / len(milliseconds),
        max=max(milliseconds),
        count=len(milliseconds),
    )
