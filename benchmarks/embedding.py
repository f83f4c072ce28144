"""Embedding speed and agreement: the torch backend against ONNX Runtime (int8 and fp32).

    nice -n 5 .venv/bin/python benchmarks/embedding.py --chunks 256 --queries 200 --rounds 3

Chunks are what the indexer embeds: SQuAD v2.0 dev articles cut by ``qa_bot.ingest.chunking``
with the default settings (at most 180 word pieces), sampled evenly; queries are its questions. Bulk
embedding runs with ``--threads`` (2: torch intra-op threads, ONNX workers), queries one at a time
as the pipeline embeds them (one thread in both backends). Backends run interleaved, round after
round, so that load from other processes hits them alike; the best round counts. CPU seconds are
reported beside wall time because they are less sensitive to a shared machine, and the 1-minute
load average before and after the run says how shared it was. ``--batch-sizes`` sweeps the torch
batch size (ONNX runs each text alone, see ``qa_bot.embedding.onnx_encoder``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from qa_bot.config import load_settings
from qa_bot.embedding.embedder import Embedder
from qa_bot.evaluation.metrics import load_squad
from qa_bot.evaluation.runs import corpus_from_squad
from qa_bot.ingest.chunking import chunk_article

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "squad-v2.0-dev.json.gz"


def load_texts(
    path: Path, embedder: Embedder, chunks: int, queries: int
) -> tuple[list[str], list[str]]:
    """Chunks of the SQuAD articles as the indexer cuts them, and questions, spread evenly."""
    dataset = load_squad(path)
    settings = load_settings(environ={}).chunking
    texts = [
        chunk.text
        for article in corpus_from_squad(dataset, str(path)).articles
        for chunk in chunk_article(article, settings, embedder.count_tokens)
    ]
    questions = [q.question for q in dataset.questions()]
    return (
        texts[:: max(1, len(texts) // chunks)][:chunks],
        questions[:: max(1, len(questions) // queries)][:queries],
    )


def make(backend: str, precision: str, threads: int) -> Embedder:
    """One embedder as the project loads it, with a fixed thread count for bulk work."""
    settings = load_settings(environ={})
    embedding = dataclasses.replace(settings.embedding, backend=backend, onnx_precision=precision)
    if backend == "onnx":
        from qa_bot.embedding.onnx_encoder import OnnxEmbedder

        return OnnxEmbedder(embedding, threads=threads)
    import torch

    from qa_bot.embedding.embedder import SentenceTransformerEmbedder

    torch.set_num_threads(threads)
    return SentenceTransformerEmbedder(embedding)


def time_bulk(embedder: Embedder, texts: list[str], batch_size: int) -> tuple[float, float]:
    """Wall and CPU seconds to embed ``texts``."""
    embedder.encode(texts[:4], batch_size=batch_size)  # warm caches
    wall, cpu = time.perf_counter(), time.process_time()
    embedder.encode(texts, batch_size=batch_size)
    return time.perf_counter() - wall, time.process_time() - cpu


def time_queries(embedder: Embedder, questions: list[str]) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per question, embedded one at a time."""
    wall_ms, cpu_ms = [], []
    for question in questions:
        began, cpu = time.perf_counter(), time.process_time()
        embedder.encode([question])
        wall_ms.append((time.perf_counter() - began) * 1000)
        cpu_ms.append((time.process_time() - cpu) * 1000)
    return wall_ms, cpu_ms


def measure(
    embedders: dict[str, Embedder], texts: list[str], questions: list[str], args: Any
) -> dict[str, dict[str, list[float]]]:
    """Interleaved rounds: bulk per batch size (torch) or once (onnx), then the questions."""
    runs: dict[str, dict[str, list[float]]] = {}
    for _ in range(args.rounds):
        for name, embedder in embedders.items():
            sizes = args.batch_sizes if name == "torch" else args.batch_sizes[:1]
            for size in sizes:
                key = f"torch-bs{size}" if name == "torch" and len(sizes) > 1 else name
                run = runs.setdefault(key, {"wall": [], "cpu": [], "query": [], "query_cpu": []})
                wall, cpu = time_bulk(embedder, texts, size)
                run["wall"].append(wall)
                run["cpu"].append(cpu)
                if size == sizes[0]:
                    wall_ms, cpu_ms = time_queries(embedder, questions)
                    run["query"] += wall_ms
                    run["query_cpu"] += cpu_ms
    return runs


def report(name: str, run: dict[str, list[float]], chunks: int, args: Any) -> dict[str, Any]:
    """One JSON-ready row of figures."""
    row: dict[str, Any] = {
        "backend": name,
        "threads": args.threads,
        "chunks": chunks,
        "chunks_per_s": round(chunks / min(run["wall"]), 1),
        "cpu_ms_per_chunk": round(1000 * min(run["cpu"]) / chunks, 1),
    }
    if run["query"]:
        latencies = sorted(run["query"])
        row.update(
            query_ms_p50=round(statistics.median(latencies), 2),
            query_ms_p95=round(latencies[int(0.95 * (len(latencies) - 1))], 2),
            query_cpu_ms_p50=round(statistics.median(run["query_cpu"]), 2),
        )
    return row


def main() -> None:
    """Run the benchmark and print one JSON object per backend (and torch batch size)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument("--chunks", type=int, default=256)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-sizes", default="32", help="torch batch sizes, e.g. 8,16,32,64")
    parser.add_argument("--backends", default="torch,onnx-int8,onnx-fp32")
    args = parser.parse_args()
    args.batch_sizes = [int(size) for size in args.batch_sizes.split(",")]
    load_before = os.getloadavg()[0]
    embedders: dict[str, Embedder] = {}
    for name in args.backends.split(","):
        backend, _, precision = name.partition("-")
        embedders[name] = make(backend, precision or "int8", args.threads)
    texts, questions = load_texts(
        args.data, next(iter(embedders.values())), args.chunks, args.queries
    )
    reference = embedders.get("torch")
    ref_vectors = reference.encode(texts + questions) if reference else None
    runs = measure(embedders, texts, questions, args)
    torch_rate = None
    for name, run in runs.items():
        row = report(name, run, len(texts), args)
        if name.startswith("torch"):
            torch_rate = max(torch_rate or 0.0, row["chunks_per_s"])
        elif torch_rate:
            row["speedup_vs_best_torch"] = round(row["chunks_per_s"] / torch_rate, 2)
        if ref_vectors is not None and name in embedders and name != "torch":
            vectors = embedders[name].encode(texts + questions)
            cosine = (vectors * ref_vectors).sum(axis=1)
            row.update(cosine_min=round(float(cosine.min()), 4))
            row.update(cosine_mean=round(float(cosine.mean()), 4))
        print(json.dumps(row), flush=True)
    load = {"load_1min_before": load_before, "load_1min_after": os.getloadavg()[0]}
    print(json.dumps(load | {"cpus": os.cpu_count()}), flush=True)


if __name__ == "__main__":
    main()
