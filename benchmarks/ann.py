"""Approximate search at a million chunks: recall, latency, size and build time of our index kinds.

    nice -n 5 .venv/bin/python benchmarks/ann.py --count 1000000 --out /tmp/ann

A seeded synthetic corpus of clustered unit vectors (384-d, like all-MiniLM-L6-v2) stands in for
the embeddings; held-out points of the same clusters are the queries. The index is built and
loaded through ``qa_bot.index.faiss_index`` exactly as ``qa-bot index`` does. Searches run one
query at a time on one thread (``faiss.omp_set_num_threads(1)``); 10-recall@10 is measured against
exact search. Prints one JSON object per configuration.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

from qa_bot.config import IndexSettings
from qa_bot.index import faiss_index


def clustered(
    count: int, dimension: int, clusters: int, spread: float, seed: int, block: int = 100_000
) -> np.ndarray:
    """Unit vectors in two-level clusters: topics, sub-topics around them, points around those.

    ``spread`` is the noise norm relative to a (unit) centre at both levels, so neighbouring
    sub-topics overlap as related passages do, instead of forming separated blobs.
    """
    rng = np.random.default_rng(seed)

    def around(centres: np.ndarray, size: int) -> np.ndarray:
        noise = rng.standard_normal((size, dimension), dtype=np.float32)
        points = (
            centres[rng.integers(len(centres), size=size)] + spread / np.sqrt(dimension) * noise
        )
        return points / np.linalg.norm(points, axis=1, keepdims=True)

    topics = rng.standard_normal((max(1, clusters // 100), dimension)).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    centres = around(topics, clusters)
    out = np.empty((count, dimension), dtype=np.float32)
    for start in range(0, count, block):
        out[start : start + block] = around(centres, min(block, count - start))
    return out


def exact_neighbours(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Exact top-k ids by inner product (multithreaded flat search)."""
    import faiss

    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    return np.asarray(flat.search(queries, k)[1])


def timed_search(index: Any, queries: np.ndarray, k: int) -> tuple[np.ndarray, list[float]]:
    """Search one query at a time; ids and per-query milliseconds."""
    ids, times = [], []
    for query in queries:
        began = time.perf_counter()
        ids.append(index.search(query[None, :], k)[1][0])
        times.append((time.perf_counter() - began) * 1000)
    return np.array(ids), times


def main() -> None:
    """Build the index, then measure each search configuration."""
    import faiss

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--dimension", type=int, default=384)
    parser.add_argument("--clusters", type=int, default=10_000)
    parser.add_argument("--spread", type=float, default=1.0)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--kind", default="ivf_sq8", choices=("ivf_sq8", "hnsw", "flat"))
    parser.add_argument("--nprobe", default="8,16,32,64")
    parser.add_argument("--rerank", default="1,4")
    parser.add_argument("--depth", type=int, default=100, help="also time k = retrieval depth")
    parser.add_argument("--out", type=Path, default=Path("/tmp/qa-bot-ann"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    began = time.perf_counter()
    data = clustered(
        args.count + args.queries, args.dimension, args.clusters, args.spread, args.seed
    )
    vectors, queries = data[: args.count], data[args.count :]
    truth = exact_neighbours(vectors, queries, 10)
    nearest = float(np.mean((vectors[truth[:, 0]] * queries).sum(1)))
    seconds = round(time.perf_counter() - began, 1)
    data_row = {"stage": "data", "seconds": seconds, "mean_nearest_cosine": round(nearest, 3)}
    print(json.dumps(data_row), flush=True)
    np.save(args.out / faiss_index.VECTORS_FILE, vectors)
    settings = IndexSettings(kind=args.kind)
    began = time.perf_counter()
    info = faiss_index.write(args.out / "faiss.index", vectors, settings)
    build_s = time.perf_counter() - began
    size = (args.out / "faiss.index").stat().st_size
    del data, vectors
    per_chunk = round(size / args.count, 1)
    build_row = {"stage": "build", **info, "build_s": round(build_s, 1)}
    print(json.dumps({**build_row, "index_bytes_per_chunk": per_chunk}), flush=True)

    faiss.omp_set_num_threads(1)
    knobs = [int(n) for n in args.nprobe.split(",")] if args.kind == "ivf_sq8" else [0]
    for knob in knobs:
        for rerank in (int(r) for r in args.rerank.split(",")):
            if args.kind == "flat" and rerank > 1:
                continue
            search = dataclasses.replace(settings, rerank=rerank)
            if knob:
                search = dataclasses.replace(search, nprobe=knob, ef_search=knob)
            index = faiss_index.load(args.out / "faiss.index", search)
            timed_search(index, queries[:20], 10)  # warm: page in the lists and vectors
            found, times = timed_search(index, queries, 10)
            _, deep = timed_search(index, queries[: args.queries // 4], args.depth)
            recall = np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth, strict=True)])
            row = {
                "kind": args.kind,
                "nprobe" if args.kind == "ivf_sq8" else "ef_search": knob or None,
                "rerank": rerank,
                "recall_10_at_10": round(float(recall), 4),
                "p50_ms": round(statistics.median(times), 3),
                "p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 3),
                f"p50_ms_k{args.depth}": round(statistics.median(deep), 3),
            }
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
