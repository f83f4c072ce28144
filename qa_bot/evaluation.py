"""SQuAD scoring (EM/F1, v2.0 semantics), dataset loading, retrieval recall and latency percentiles.

Pure functions only: nothing here loads a model or an index.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import string
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_bot.errors import EvaluationDataError
from qa_bot.types import Hit

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


def missing_ids(dataset: SquadDataset, predictions: Mapping[str, str]) -> list[str]:
    """Ids of the dataset's questions that have no prediction."""
    return [q.id for q in dataset.questions() if q.id not in predictions]


# --- datasets and prediction files -----------------------------------------------------------


@dataclass(frozen=True)
class SquadQuestion:
    """One question with its gold answers (empty tuple: unanswerable) and where it lives."""

    id: str
    question: str
    answers: tuple[str, ...]
    answer_starts: tuple[int, ...]
    article_index: int
    paragraph_index: int

    @property
    def has_answer(self) -> bool:
        """True for an answerable question (the official scorer's definition)."""
        return bool(self.answers)


@dataclass(frozen=True)
class SquadParagraph:
    """A context paragraph and its questions."""

    context: str
    questions: tuple[SquadQuestion, ...]


@dataclass(frozen=True)
class SquadArticle:
    """One Wikipedia article of a SQuAD file."""

    title: str
    paragraphs: tuple[SquadParagraph, ...]


@dataclass(frozen=True)
class SquadDataset:
    """A SQuAD v1.1 or v2.0 file, read into frozen dataclasses."""

    version: str
    articles: tuple[SquadArticle, ...]

    def questions(self) -> Iterator[SquadQuestion]:
        """Every question in file order."""
        for article in self.articles:
            for paragraph in article.paragraphs:
                yield from paragraph.questions

    def context_of(self, question: SquadQuestion) -> str:
        """The paragraph a question was asked about."""
        return self.articles[question.article_index].paragraphs[question.paragraph_index].context


def _read_json(path: Path, what: str) -> Any:
    try:
        with path.open("rb") as handle:
            gzipped = handle.read(2) == b"\x1f\x8b"
        if gzipped:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                return json.load(handle)
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise EvaluationDataError(f"{what} not found: {path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, EOFError) as exc:
        raise EvaluationDataError(f"{what} {path} is not readable JSON: {exc}") from exc


def _parse_question(raw: Any, where: str, a_index: int, p_index: int) -> SquadQuestion:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise EvaluationDataError(f"{where}: a question needs a string 'id'")
    answers = raw.get("answers", [])
    if not isinstance(answers, list) or not all(
        isinstance(a, dict) and isinstance(a.get("text"), str) for a in answers
    ):
        raise EvaluationDataError(f"{where}, question {raw['id']}: 'answers' must be [{{text}}]")
    return SquadQuestion(
        id=raw["id"],
        question=str(raw.get("question", "")),
        answers=tuple(a["text"] for a in answers),
        answer_starts=tuple(int(a.get("answer_start", -1)) for a in answers),
        article_index=a_index,
        paragraph_index=p_index,
    )


def parse_squad(raw: Any, source: str = "dataset") -> SquadDataset:
    """Turn the JSON of a SQuAD file into a SquadDataset, checking its layout."""
    if not isinstance(raw, dict) or not isinstance(raw.get("data"), list):
        raise EvaluationDataError(f"{source}: not a SQuAD file (no 'data' list at the top)")
    articles = []
    for a_index, article in enumerate(raw["data"]):
        if not isinstance(article, dict) or not isinstance(article.get("paragraphs"), list):
            raise EvaluationDataError(f"{source}: article {a_index} has no 'paragraphs' list")
        paragraphs = []
        for p_index, paragraph in enumerate(article["paragraphs"]):
            where = f"{source}: article {a_index}, paragraph {p_index}"
            if not isinstance(paragraph, dict) or not isinstance(paragraph.get("context"), str):
                raise EvaluationDataError(f"{where} has no 'context' string")
            qas = paragraph.get("qas", [])
            if not isinstance(qas, list):
                raise EvaluationDataError(f"{where}: 'qas' must be a list")
            questions = tuple(_parse_question(qa, where, a_index, p_index) for qa in qas)
            paragraphs.append(SquadParagraph(paragraph["context"], questions))
        articles.append(
            SquadArticle(str(article.get("title", f"article {a_index}")), tuple(paragraphs))
        )
    return SquadDataset(str(raw.get("version", "")), tuple(articles))


def load_squad(path: str | Path) -> SquadDataset:
    """Read a SQuAD v1.1 or v2.0 JSON file, gzipped or not."""
    path = Path(path)
    return parse_squad(_read_json(path, "dataset"), str(path))


def load_predictions(path: str | Path) -> dict[str, str]:
    """Read an official-format predictions file: {question id: answer text, "" for no answer}."""
    path = Path(path)
    raw = _read_json(path, "predictions file")
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise EvaluationDataError(f"{path}: predictions must be a JSON object of id -> string")
    return raw


def load_na_probs(path: str | Path) -> dict[str, float]:
    """Read a na-prob file: {question id: probability that there is no answer}."""
    path = Path(path)
    raw = _read_json(path, "na-prob file")
    if not isinstance(raw, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in raw.values()
    ):
        raise EvaluationDataError(f"{path}: na-probs must be a JSON object of id -> number")
    return {qid: float(value) for qid, value in raw.items()}


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
