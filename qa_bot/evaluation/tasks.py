"""Evaluation as `qa-bot eval` starts it: load the reader, index the corpus, then run.

The runs themselves (``qa_bot.evaluation.runs``) take loaded parts; this module loads them.
"""

from __future__ import annotations

import dataclasses
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qa_bot.config import Settings, decline_threshold
from qa_bot.errors import EvaluationDataError, ModelLoadError
from qa_bot.evaluation.runs import (
    EvalCorpus,
    EvalReport,
    run_pipeline_eval,
    run_reader_eval,
    run_retrieval_eval,
)
from qa_bot.evaluation.squad import SquadDataset, SquadQuestion

if TYPE_CHECKING:
    from qa_bot.answering.pipeline import Pipeline
    from qa_bot.answering.reader import Reader
    from qa_bot.embedding.embedder import Embedder

logger = logging.getLogger(__name__)


def _reader(
    settings: Settings, kind: str, model_dir: Path | None = None
) -> tuple[Reader, Embedder]:
    from qa_bot.answering.pipeline import make_reader
    from qa_bot.embedding.embedder import load_embedder

    embedder = load_embedder(settings)
    try:
        return make_reader(settings, embedder, kind, model_dir), embedder
    except ModuleNotFoundError as exc:
        raise ModelLoadError(
            f"the {kind} reader is not available ({exc}); try --reader sentence"
        ) from exc


def evaluate_reader(
    dataset: SquadDataset,
    questions: Sequence[SquadQuestion],
    settings: Settings,
    kind: str,
    *,
    source: str,
) -> EvalReport:
    """Load the chosen reader and evaluate it on each question's own paragraph."""
    reader, _ = _reader(settings, kind)
    # The neural reader's decline is decided in the pipeline from its margin *and* retrieval
    # signals (answering/decision.py), on another scale than the span score: alone, it never
    # declines here, and its no-answer ranking shows in the best-threshold scores.
    threshold = 0.0 if kind == "neural" else decline_threshold(settings, kind)
    return run_reader_eval(dataset, questions, reader, threshold, source=source, reader_name=kind)


def indexed_pipeline(
    corpus: EvalCorpus,
    settings: Settings,
    index_dir: Path,
    kind: str,
    model_dir: Path | None = None,
) -> tuple[Pipeline, float, int]:
    """Build (or refresh) the index of the corpus and load a pipeline over it.

    ``model_dir``: the neural reader to use (default: the shipped one).
    """
    from qa_bot.answering.pipeline import Pipeline
    from qa_bot.index.build import build_index

    reader, embedder = _reader(settings, kind, model_dir)
    report = build_index(
        corpus.articles, index_dir, settings, embedder, progress=sys.stderr.isatty()
    )
    logger.info(
        "indexed %d articles, %d chunks in %.1f s", report.articles, report.chunks, report.seconds
    )
    return Pipeline(settings, index_dir, embedder, reader, kind), report.seconds, report.chunks


def evaluate_pipeline(
    dataset: SquadDataset,
    corpus: EvalCorpus,
    questions: Sequence[SquadQuestion],
    settings: Settings,
    index_dir: Path,
    *,
    reader_kind: str,
    top_k: int | None,
    source: str,
    through_conversation: bool = False,
) -> EvalReport:
    """Index the dataset's articles, then ask every sampled question through the pipeline.

    ``through_conversation``: in turn through one ``Conversation`` instead of ``answer()``.
    """
    k = top_k if top_k is not None else settings.retrieval.top_k
    if k < 1:
        raise EvaluationDataError(f"--top-k must be at least 1, got {k}")
    pipeline, seconds, chunks = indexed_pipeline(corpus, settings, index_dir, reader_kind)
    report = run_pipeline_eval(
        dataset,
        corpus,
        questions,
        pipeline,
        k,
        source=source,
        through_conversation=through_conversation,
    )
    return dataclasses.replace(report, index_seconds=seconds, index_chunks=chunks)


def evaluate_retrieval(
    dataset: SquadDataset,
    corpus: EvalCorpus,
    questions: Sequence[SquadQuestion],
    settings: Settings,
    index_dir: Path,
    *,
    k: int,
    source: str,
) -> EvalReport:
    """Index the dataset's articles, then measure recall of each retrieval mode."""
    if k < 1:
        raise EvaluationDataError(f"--k must be at least 1, got {k}")
    pipeline, seconds, chunks = indexed_pipeline(corpus, settings, index_dir, "sentence")
    report = run_retrieval_eval(dataset, corpus, questions, pipeline.retriever, k, source=source)
    return dataclasses.replace(report, index_seconds=seconds, index_chunks=chunks)
