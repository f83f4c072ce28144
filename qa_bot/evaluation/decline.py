"""`qa-bot eval decline`: the three kinds of question users send, over part of a dataset.

Part of the dataset's articles is indexed (a seeded share); every question is then one of:

- ``answerable``: an answerable question about an indexed article (scored by EM/F1, a declined
  one scores 0; a hedged answer is an answer);
- ``near_miss``: an unanswerable question about an indexed article (SQuAD 2.0's adversarial
  ones, written to look answerable from their paragraph): should be declined;
- ``off_library``: any question about an article that is not indexed: should be declined.

Each question goes through ``Pipeline.consider`` (retrieval, reading and the answer score: all
of ``answer()`` but building the reply), timed; the verdict is then taken at the given
thresholds, so the calibration (``qa_bot.training.calibrate_decision``) reuses the observations.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from qa_bot.answering.decision import DecisionModel, Signals, Verdict, verdict
from qa_bot.errors import BadQuestionError, EvaluationDataError
from qa_bot.evaluation.metrics import (
    GoldSpan,
    Latency,
    first_hit_rank,
    latency_summary,
    score_question,
)
from qa_bot.evaluation.runs import EvalCorpus, corpus_from_squad
from qa_bot.evaluation.squad import SquadDataset, SquadQuestion

if TYPE_CHECKING:
    from qa_bot.answering.pipeline import Pipeline
    from qa_bot.config import Settings

logger = logging.getLogger(__name__)

KINDS = ("answerable", "near_miss", "off_library")


@dataclass(frozen=True)
class Observation:
    """One question asked with no threshold: its kind, best candidate and its signals."""

    kind: str
    text: str  # the best candidate ("" when the reader found none)
    em: float  # of ``text`` (answerable questions; 0 otherwise)
    f1: float
    signals: Signals | None
    score: float  # the pipeline's answer score
    latency_ms: float
    read: int = 0  # passages the reader read
    found: bool = False  # answerable: a passage read holds a gold answer


@dataclass(frozen=True)
class DeclineReport:
    """What ``qa-bot eval decline`` prints; percentages are 0-100."""

    dataset: str
    indexed_articles: int
    articles: int
    counts: dict[str, int]
    threshold: float
    confident_threshold: float
    answerable_exact: float
    answerable_f1: float
    answerable_hedged: float  # share of the answerable questions answered with a caveat
    recall_read: float  # answerable: share whose answer is in a passage the reader read
    passages_read: float  # mean passages read per question
    near_miss_declined: float
    off_library_declined: float
    latency: Latency


def split_articles(n_articles: int, share: float, seed: int) -> tuple[int, ...]:
    """The indexes of the articles to index: a seeded ``share`` of them (at least one)."""
    if not 0 < share < 1:
        raise EvaluationDataError(f"--indexed-share must be between 0 and 1, got {share}")
    if n_articles < 2:
        raise EvaluationDataError("the dataset needs at least two articles to split")
    count = min(n_articles - 1, max(1, int(n_articles * share)))
    return tuple(sorted(random.Random(seed).sample(range(n_articles), count)))


def kind_of(question: SquadQuestion, indexed: set[int]) -> str:
    """Which of ``KINDS`` a question is, given the indexed article indexes."""
    if question.article_index not in indexed:
        return "off_library"
    return "answerable" if question.has_answer else "near_miss"


def indexed_corpus(corpus: EvalCorpus, indexed: Sequence[int]) -> EvalCorpus:
    """The corpus cut down to the indexed articles (offsets unchanged)."""
    return replace(corpus, articles=tuple(corpus.articles[i] for i in indexed))


def observe(
    pipeline: Pipeline,
    questions: Sequence[SquadQuestion],
    indexed: set[int],
    gold: Callable[[SquadQuestion], list[GoldSpan]],
) -> list[Observation]:
    """Ask every question through ``pipeline.consider`` and record what the decision sees."""
    observations = []
    for done, question in enumerate(questions):
        if done and done % 100 == 0:
            logger.info("decline: %d of %d questions done", done, len(questions))
        kind = kind_of(question, indexed)
        began = time.perf_counter()
        try:
            considered = pipeline.consider(question.question)
        except BadQuestionError as exc:
            logger.warning("question %s refused: %s", question.id, exc)
            observations.append(Observation(kind, "", 0.0, 0.0, None, 0.0, 0.0))
            continue
        elapsed = (time.perf_counter() - began) * 1000
        text = considered.spans[0].text if considered.spans else ""
        em, f1 = score_question(text, question.answers) if kind == "answerable" else (0, 0.0)
        found = kind == "answerable" and first_hit_rank(considered.read, gold(question)) is not None
        observations.append(
            Observation(
                kind,
                text,
                float(em),
                f1,
                considered.signals,
                considered.score,
                elapsed,
                len(considered.read),
                found,
            )
        )
    return observations


def save_observations(observations: Sequence[Observation], path: Path) -> None:
    """Write observations as JSON lines (to rescore them later without asking again)."""
    with path.open("w", encoding="utf-8") as out:
        for o in observations:
            out.write(json.dumps(asdict(o)) + "\n")


def load_observations(path: Path) -> list[Observation]:
    """Read observations written by ``save_observations``."""
    observations = []
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            raw = json.loads(line)
            signals = Signals(**raw.pop("signals")) if raw.get("signals") else None
            raw.pop("signals", None)
            observations.append(Observation(**raw, signals=signals))
    except (OSError, ValueError, TypeError) as error:
        raise EvaluationDataError(f"{path}: not an observations file ({error})") from error
    return observations


def rescored(observations: Sequence[Observation], model: DecisionModel) -> list[Observation]:
    """The observations with their score recomputed by another decision model."""
    return [
        replace(o, score=model.score(o.signals)) if o.signals is not None and o.text else o
        for o in observations
    ]


def _share(items: Sequence[bool]) -> float:
    return 100.0 * sum(items) / len(items) if items else float("nan")


def summarise(
    observations: Sequence[Observation],
    lower: float,
    upper: float,
    *,
    dataset: str = "",
    indexed_articles: int = 0,
    articles: int = 0,
) -> DeclineReport:
    """The report at thresholds ``lower`` (decline below) and ``upper`` (confident from)."""
    by_kind: dict[str, list[tuple[Observation, Verdict]]] = {kind: [] for kind in KINDS}
    for o in observations:
        outcome = verdict(o.score, lower, upper) if o.text else Verdict.DECLINED
        by_kind[o.kind].append((o, outcome))
    answerable = by_kind["answerable"]
    kept = [(o, v) for o, v in answerable if v is not Verdict.DECLINED]
    n = max(1, len(answerable))
    return DeclineReport(
        dataset=dataset,
        indexed_articles=indexed_articles,
        articles=articles,
        counts={kind: len(items) for kind, items in by_kind.items()},
        threshold=lower,
        confident_threshold=upper,
        answerable_exact=100.0 * sum(o.em for o, _ in kept) / n,
        answerable_f1=100.0 * sum(o.f1 for o, _ in kept) / n,
        answerable_hedged=_share([v is Verdict.HEDGED for _, v in answerable]),
        recall_read=_share([o.found for o, _ in answerable]),
        passages_read=sum(o.read for o in observations) / max(1, len(observations)),
        near_miss_declined=_share([v is Verdict.DECLINED for _, v in by_kind["near_miss"]]),
        off_library_declined=_share([v is Verdict.DECLINED for _, v in by_kind["off_library"]]),
        latency=latency_summary([o.latency_ms for o in observations if o.latency_ms > 0]),
    )


def questions_of(
    dataset: SquadDataset, limit: int | None, seed: int, exclude: set[str] | None = None
) -> list[SquadQuestion]:
    """All questions (less ``exclude``), or a seeded sample of ``limit`` of them in file order.

    The sample is the first ``limit`` of one seeded shuffle, so a smaller sample is part of a
    larger one with the same seed: the calibration holds out ``--limit 1000 --seed 0``, and any
    ``--limit N --seed 0`` with N <= 1000 stays held out.
    """
    pool = [q for q in dataset.questions() if not exclude or q.id not in exclude]
    if limit is None or limit >= len(pool):
        return pool
    if limit <= 0:
        raise EvaluationDataError(f"--limit must be greater than 0, got {limit}")
    order = random.Random(seed).sample(range(len(pool)), len(pool))
    chosen = set(order[:limit])
    return [q for i, q in enumerate(pool) if i in chosen]


def observe_split(
    dataset: SquadDataset,
    source: str,
    settings: Settings,
    index_dir: Path,
    questions: Sequence[SquadQuestion],
    *,
    indexed: Sequence[int],
    reader_kind: str = "neural",
    model_dir: Path | None = None,
) -> tuple[Pipeline, list[Observation]]:
    """Index the ``indexed`` articles, warm the pipeline up, and observe every question.

    ``model_dir``: the neural reader to observe (default: the shipped one).
    """
    from qa_bot.evaluation.tasks import indexed_pipeline

    corpus = indexed_corpus(corpus_from_squad(dataset, source), indexed)
    pipeline = indexed_pipeline(corpus, settings, index_dir, reader_kind, model_dir)[0]
    pipeline.consider("What is this library about?")  # loads the reader: not a user's wait

    def gold(question: SquadQuestion) -> list[GoldSpan]:
        return corpus.gold_spans(question, dataset.context_of(question))

    return pipeline, observe(pipeline, questions, set(indexed), gold)


def format_decline(report: DeclineReport) -> str:
    """A readable summary of a DeclineReport."""
    counts = ", ".join(f"{report.counts[k]} {k.replace('_', '-')}" for k in KINDS)
    lat = report.latency
    return "\n".join(
        [
            f"decline evaluation on {report.dataset}: {report.indexed_articles} of "
            f"{report.articles} articles indexed; {counts} questions",
            f"thresholds: decline below {report.threshold:.3f}, confident from "
            f"{report.confident_threshold:.3f}",
            f"answerable (indexed articles): EM {report.answerable_exact:.1f} "
            f"F1 {report.answerable_f1:.1f} (hedged: {report.answerable_hedged:.1f}%); "
            f"answer in a passage read: {report.recall_read:.1f}% "
            f"({report.passages_read:.2f} passages read per question)",
            f"near-miss (unanswerable, indexed articles): "
            f"{report.near_miss_declined:.1f}% declined",
            f"off-library (articles not indexed): {report.off_library_declined:.1f}% declined",
            f"latency per question: p50 {lat.p50:.1f} ms, p95 {lat.p95:.1f} ms",
        ]
    )
