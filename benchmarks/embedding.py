"""Embedding speed and agreement: the torch backend against ONNX Runtime (int8 and fp32).

    nice -n 5 .venv/bin/python benchmarks/embedding.py --passages 256 --queries 200 --rounds 3

Passages are SQuAD v2.0 dev paragraphs (about the size of our chunks), queries its questions.
Backends run interleaved, round after round, so that load from other processes hits them alike;
the best round counts. CPU seconds per chunk are reported beside wall time because they are less
sensitive to a shared machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from qa_bot.config import load_settings
from qa_bot.embedding import Embedder

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "squad-v2.0-dev.json.gz"


def load_texts(path: Path, passages: int, queries: int) -> tuple[list[str], list[str]]:
    """Paragraphs and questions from a SQuAD file, spread over its articles."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)["data"]
    paragraphs = [p for article in data for p in article["paragraphs"]]
    step = max(1, len(paragraphs) // passages)
    contexts = [p["context"] for p in paragraphs[::step][:passages]]
    questions = [q["question"] for p in paragraphs for q in p["qas"]]
    return contexts, questions[:: max(1, len(questions) // queries)][:queries]


def make(backend: str, precision: str, threads: int) -> Embedder:
    """One embedder as the project loads it, with a fixed thread count."""
    settings = load_settings(environ={})
    embedding = dataclasses.replace(settings.embedding, backend=backend, onnx_precision=precision)
    if backend == "onnx":
        from qa_bot.embedding_onnx import OnnxEmbedder

        return OnnxEmbedder(embedding, threads=threads)
    import torch

    from qa_bot.embedding import SentenceTransformerEmbedder

    torch.set_num_threads(threads)
    return SentenceTransformerEmbedder(embedding)


def main() -> None:
    """Run the benchmark and print one JSON object per backend."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument("--passages", type=int, default=256)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--backends", default="torch,onnx-int8,onnx-fp32")
    args = parser.parse_args()
    contexts, questions = load_texts(args.data, args.passages, args.queries)
    embedders: dict[str, Embedder] = {}
    for name in args.backends.split(","):
        backend, _, precision = name.partition("-")
        embedders[name] = make(backend, precision or "int8", args.threads)
    reference = embedders.get("torch")
    ref_vectors = reference.encode(contexts + questions) if reference else None
    runs: dict[str, dict[str, list[float]]] = {
        n: {"wall": [], "cpu": [], "query": [], "query_cpu": []} for n in embedders
    }
    for _ in range(args.rounds):
        for name, embedder in embedders.items():
            embedder.encode(contexts[:4], batch_size=args.batch_size)  # warm caches
            wall, cpu = time.perf_counter(), time.process_time()
            embedder.encode(contexts, batch_size=args.batch_size)
            runs[name]["wall"].append(time.perf_counter() - wall)
            runs[name]["cpu"].append(time.process_time() - cpu)
            for question in questions:
                began, cpu = time.perf_counter(), time.process_time()
                embedder.encode([question])
                runs[name]["query"].append((time.perf_counter() - began) * 1000)
                runs[name]["query_cpu"].append((time.process_time() - cpu) * 1000)
    for name, embedder in embedders.items():
        measured = runs[name]
        latencies = sorted(measured["query"])
        row: dict[str, Any] = {
            "backend": name,
            "threads": args.threads,
            "passages": len(contexts),
            "chunks_per_s": round(len(contexts) / min(measured["wall"]), 1),
            "cpu_ms_per_chunk": round(1000 * min(measured["cpu"]) / len(contexts), 1),
            "query_ms_p50": round(statistics.median(latencies), 2),
            "query_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
            "query_ms_min": round(latencies[0], 2),
            "query_cpu_ms_p50": round(statistics.median(measured["query_cpu"]), 2),
        }
        if ref_vectors is not None and name != "torch":
            vectors = np.concatenate([embedder.encode(contexts), embedder.encode(questions)])
            cosine = (vectors * ref_vectors).sum(axis=1)
            row.update(cosine_min=round(float(cosine.min()), 4))
            row.update(cosine_mean=round(float(cosine.mean()), 4))
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
