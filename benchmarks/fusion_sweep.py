"""Tune retrieval fusion on a SQuAD file: recall@1/@5 for dense, BM25, RRF and weighted fusion.

Scores of both retrievers are computed once per question, then fused with each setting.
Run: .venv/bin/python benchmarks/fusion_sweep.py [--dataset FILE] [--index-dir DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
import time
from pathlib import Path

from qa_bot.answering.pipeline import load_pipeline
from qa_bot.answering.retrieval import fuse
from qa_bot.config import load_settings
from qa_bot.embedding.embedder import load_embedder
from qa_bot.evaluation.metrics import first_hit_rank, load_squad, recall_at
from qa_bot.evaluation.runs import corpus_from_squad
from qa_bot.index.build import build_index
from qa_bot.types import Hit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATASET = REPO.parent / "shared" / "data" / "squad-v2.0-dev.json.gz"
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--index-dir", type=Path, help="reuse/keep the index here")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    settings = load_settings()
    dataset = load_squad(args.dataset)
    corpus = corpus_from_squad(dataset, args.dataset.name)
    embedder = load_embedder(settings)
    index_dir = args.index_dir or Path(tempfile.mkdtemp(prefix="qa-bot-sweep-"))
    report = build_index(corpus.articles, index_dir, settings, embedder)
    pipeline = load_pipeline(settings, index_dir, reader_kind="sentence", embedder=embedder)
    retriever, chunks = pipeline.retriever, pipeline.retriever.chunks
    depth = settings.retrieval.candidates
    per_question = []
    began = time.perf_counter()
    for question in dataset.questions():
        if not question.has_answer:
            continue
        golds = corpus.gold_spans(question, dataset.context_of(question))
        dense = retriever.dense_scores(question.question, depth)
        sparse = retriever.bm25_scores(question.question, depth)
        per_question.append((golds, dense, sparse))
    seconds = time.perf_counter() - began

    def recall(scores_of) -> dict[str, float]:  # type: ignore[no-untyped-def]
        ranks = []
        for golds, dense, sparse in per_question:
            scores = scores_of(dense, sparse)
            ranked = sorted(scores, key=lambda key: (-scores[key], key))[:20]
            ranks.append(first_hit_rank([Hit(chunks[i], scores[i]) for i in ranked], golds))
        at = recall_at(ranks, (1, 5, 10, 20))
        return {f"R@{k}": round(v, 1) for k, v in at.items()}

    base = settings.retrieval
    rows = {
        "dense": recall(lambda d, s: d),
        "bm25": recall(lambda d, s: s),
        f"rrf k={base.rrf_k}": recall(
            lambda d, s: fuse(d, s, dataclasses.replace(base, fusion="rrf"))
        ),
    }
    for weight in WEIGHTS:
        fused = dataclasses.replace(base, fusion="weighted", dense_weight=weight)
        rows[f"weighted w={weight}"] = recall(lambda d, s, f=fused: fuse(d, s, f))
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "dataset": args.dataset.name,
        "answerable_questions": len(per_question),
        "chunks": report.chunks,
        "chunking": dataclasses.asdict(settings.chunking),
        "scoring_seconds": round(seconds, 1),
        "recall_percent": rows,
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
