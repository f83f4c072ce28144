"""Evaluation runs over a SQuAD file: reader alone, the whole pipeline, and retrieval modes.

Each run takes loaded parts (a reader, a pipeline, a retriever) and returns an EvalReport;
loading models and building indexes is left to the caller (``qa_bot.evaluation.tasks``).
"""

from __future__ import annotations

import logging
import math
import random
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qa_bot.errors import BadQuestionError, EvaluationDataError
from qa_bot.evaluation.metrics import (
    GoldSpan,
    Latency,
    decline_rates,
    first_hit_rank,
    latency_summary,
    recall_at,
    sample_scores,
)
from qa_bot.evaluation.squad import SquadDataset, SquadQuestion
from qa_bot.ingest.articles import make_article
from qa_bot.types import Article, Chunk, Hit

if TYPE_CHECKING:
    from qa_bot.answering.pipeline import Pipeline
    from qa_bot.answering.reader import Reader
    from qa_bot.answering.retrieval import Retriever

logger = logging.getLogger(__name__)

PARAGRAPH_SEPARATOR = "\n\n"
# Characters make_article() would drop or rewrite; blanking them one for one keeps offsets valid.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\r\ud800-\udfff]")


@dataclass(frozen=True)
class EvalCorpus:
    """A SQuAD file as articles, with where each paragraph starts in its article."""

    articles: tuple[Article, ...]
    # (article index, paragraph index) -> (article id, offset of the paragraph in the article)
    paragraph_offsets: dict[tuple[int, int], tuple[str, int]]

    def gold_spans(self, question: SquadQuestion, context: str) -> list[GoldSpan]:
        """The question's gold answers as article offsets (empty for an unanswerable one).

        An answer whose ``answer_start`` is missing or wrong is looked up in the paragraph.
        """
        article_id, offset = self.paragraph_offsets[
            (question.article_index, question.paragraph_index)
        ]
        spans = []
        for text, start in zip(question.answers, question.answer_starts, strict=True):
            if start < 0 or context[start : start + len(text)] != text:
                start = context.find(text)
            if start >= 0 and text:
                spans.append(GoldSpan(article_id, offset + start, offset + start + len(text)))
        return spans


def _readable_title(title: str, index: int) -> str:
    from urllib.parse import unquote

    readable = unquote(title).replace("_", " ").strip()
    return readable or f"Article {index + 1}"


def corpus_from_squad(dataset: SquadDataset, source: str) -> EvalCorpus:
    """One article per SQuAD article: title + blank line + its paragraphs joined by blank lines.

    An article whose first paragraph already opens with its title on a line of its own (a
    whole news story, read from a file with its headline) is not given the title twice: a
    reader shown the headline twice quotes the whole headline.
    """
    articles: list[Article] = []
    offsets: dict[tuple[int, int], tuple[str, int]] = {}
    for a_index, squad_article in enumerate(dataset.articles):
        title = _readable_title(squad_article.title, a_index)
        paragraphs = squad_article.paragraphs
        headed = bool(paragraphs) and paragraphs[0].context.startswith(f"{title}\n")
        parts = [] if headed else [title]
        starts: list[int] = []
        position = 0 if headed else len(title) + len(PARAGRAPH_SEPARATOR)
        for paragraph in paragraphs:
            starts.append(position)
            parts.append(_UNSAFE.sub(" ", paragraph.context))
            position += len(parts[-1]) + len(PARAGRAPH_SEPARATOR)
        text = PARAGRAPH_SEPARATOR.join(parts)
        article = make_article(title, text, path=f"{source}#{a_index}")
        if not text.startswith(article.text):
            raise EvaluationDataError(
                f"{source}: article {a_index} ({title}) changed when read; offsets would be wrong"
            )
        articles.append(article)
        for p_index, start in enumerate(starts):
            offsets[(a_index, p_index)] = (article.id, start)
    return EvalCorpus(tuple(articles), offsets)


def sample_questions(dataset: SquadDataset, limit: int | None, seed: int) -> list[SquadQuestion]:
    """All questions, or a seeded random sample of ``limit`` of them kept in file order."""
    questions = list(dataset.questions())
    if limit is None or limit >= len(questions):
        return questions
    if limit <= 0:
        raise EvaluationDataError(f"--limit must be greater than 0, got {limit}")
    chosen = set(random.Random(seed).sample(range(len(questions)), limit))
    return [q for i, q in enumerate(questions) if i in chosen]


@dataclass(frozen=True)
class EvalReport:
    """What an evaluation run measured; percentages are 0-100."""

    setting: str
    dataset: str
    total_questions: int
    questions: int
    answerable: int
    reader: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    declined_noans: float | None = None
    declined_hasans: float | None = None
    recall: dict[str, dict[int, float]] = field(default_factory=dict)
    latency: Latency | None = None
    index_seconds: float | None = None
    index_chunks: int | None = None
    predictions: dict[str, str] = field(default_factory=dict)
    na_probs: dict[str, float] = field(default_factory=dict)


def _progress(items: Sequence[SquadQuestion], label: str) -> Iterable[SquadQuestion]:
    """A progress bar on an interactive terminal; a log line every 100 questions otherwise."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(items, desc=label, unit="q", leave=False)
    return _logged(items, label)


def _logged(items: Sequence[SquadQuestion], label: str) -> Iterator[SquadQuestion]:
    for done, item in enumerate(items):
        if done and done % 100 == 0:
            logger.info("%s: %d of %d questions done", label, done, len(items))
        yield item


def _rank(
    dataset: SquadDataset, corpus: EvalCorpus, question: SquadQuestion, hits: Sequence[Hit]
) -> int | None:
    return first_hit_rank(hits, corpus.gold_spans(question, dataset.context_of(question)))


def run_reader_eval(
    dataset: SquadDataset,
    questions: Sequence[SquadQuestion],
    reader: Reader,
    threshold: float,
    *,
    source: str,
    reader_name: str,
) -> EvalReport:
    """Read each question's own paragraph (one hit, score 1.0); decline below ``threshold``."""
    predictions: dict[str, str] = {}
    raw: dict[str, str] = {}
    na_probs: dict[str, float] = {}
    timings: list[float] = []
    for question in _progress(questions, "reader"):
        context = dataset.context_of(question)
        paragraph = f"paragraph-{question.article_index}-{question.paragraph_index}"
        hit = Hit(Chunk(0, paragraph, context, 0, len(context)), 1.0)
        began = time.perf_counter()
        result = reader.read(question.question, [hit])
        timings.append((time.perf_counter() - began) * 1000.0)
        best = result.spans[0] if result.spans else None
        raw[question.id] = best.text if best else ""
        predictions[question.id] = best.text if best and best.score >= threshold else ""
        # 1 - score as na-prob lets the official best-threshold search find the best threshold.
        na_probs[question.id] = 1.0 - best.score if best else math.inf
    declined_noans, declined_hasans = decline_rates(questions, predictions)
    return EvalReport(
        setting="reader",
        dataset=source,
        total_questions=sum(1 for _ in dataset.questions()),
        questions=len(questions),
        answerable=sum(1 for q in questions if q.has_answer),
        reader=reader_name,
        scores=sample_scores(dataset, questions, predictions, raw, na_probs),
        declined_noans=declined_noans,
        declined_hasans=declined_hasans,
        latency=latency_summary(timings),
        predictions=predictions,
        na_probs=na_probs,
    )


def run_pipeline_eval(
    dataset: SquadDataset,
    corpus: EvalCorpus,
    questions: Sequence[SquadQuestion],
    pipeline: Pipeline,
    top_k: int,
    *,
    source: str,
    through_conversation: bool = False,
) -> EvalReport:
    """Ask every question through ``Pipeline.answer``; score answers and retrieved passages.

    ``through_conversation``: ask them in turn through one ``Conversation`` instead, so each
    question meets the history of the ones before it (which must not hurt one that stands alone).
    """
    from qa_bot.answering.conversation import Conversation

    ask = Conversation(pipeline).ask if through_conversation else pipeline.answer
    predictions: dict[str, str] = {}
    raw: dict[str, str] = {}
    na_probs: dict[str, float] = {}
    timings: list[float] = []
    ranks: list[int | None] = []
    for question in _progress(questions, "pipeline"):
        began = time.perf_counter()
        try:
            answer = ask(question.question, top_k=top_k)
        except BadQuestionError as exc:
            logger.warning("question %s refused: %s", question.id, exc)
            predictions[question.id] = raw[question.id] = ""
            na_probs[question.id] = math.inf
            if question.has_answer:
                ranks.append(None)
            continue
        timings.append((time.perf_counter() - began) * 1000.0)
        predictions[question.id] = answer.text or ""
        candidates = answer.alternatives if answer.declined else ()
        raw[question.id] = answer.text or (candidates[0].text if candidates else "")
        na_probs[question.id] = 1.0 - answer.score if raw[question.id] else math.inf
        if question.has_answer:
            ranks.append(_rank(dataset, corpus, question, answer.passages))
    declined_noans, declined_hasans = decline_rates(questions, predictions)
    ks = sorted({k for k in (1, 5, top_k) if k <= top_k})
    return EvalReport(
        setting="pipeline",
        dataset=source,
        total_questions=sum(1 for _ in dataset.questions()),
        questions=len(questions),
        answerable=sum(1 for q in questions if q.has_answer),
        reader=pipeline.reader_kind,
        scores=sample_scores(dataset, questions, predictions, raw, na_probs),
        declined_noans=declined_noans,
        declined_hasans=declined_hasans,
        recall={"answer": recall_at(ranks, ks)},
        latency=latency_summary(timings),
        predictions=predictions,
        na_probs=na_probs,
    )


def run_retrieval_eval(
    dataset: SquadDataset,
    corpus: EvalCorpus,
    questions: Sequence[SquadQuestion],
    retriever: Retriever,
    k: int,
    *,
    source: str,
) -> EvalReport:
    """Recall@1/5/k of the answerable questions for dense-only, BM25-only and fused search."""
    answerable = [q for q in questions if q.has_answer]
    ks = sorted({cut for cut in (1, 5, k) if cut <= k})
    modes = ("dense", "bm25", "fused")
    ranks: dict[str, list[int | None]] = {mode: [] for mode in modes}
    timings: list[float] = []
    for question in _progress(answerable, "retrieval"):
        began = time.perf_counter()
        # Encoded once for the dense and the fused search; the fused latency includes it.
        vector = retriever.embed(question.question)
        hits = retriever.search(question.question, k, mode="fused", query_vector=vector)
        timings.append((time.perf_counter() - began) * 1000.0)
        ranks["fused"].append(_rank(dataset, corpus, question, hits))
        for mode in ("dense", "bm25"):
            hits = retriever.search(question.question, k, mode=mode, query_vector=vector)
            ranks[mode].append(_rank(dataset, corpus, question, hits))
    recall = {mode: recall_at(ranks[mode], ks) for mode in modes}
    return EvalReport(
        setting="retrieval",
        dataset=source,
        total_questions=sum(1 for _ in dataset.questions()),
        questions=len(questions),
        answerable=len(answerable),
        recall=recall,
        latency=latency_summary(timings),
    )
