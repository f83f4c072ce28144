"""How indexing and answering cost grow with the corpus: 1k -> 10k -> 100k chunks of real text.

    nice -n 5 .venv/bin/python benchmarks/scaling.py --sizes 1000,10000,100000 \\
        --embed-max 10000 --ann /tmp/qa-bot-ann/ann.jsonl --json docs/scaling.json \\
        --plot docs/scaling.png

Articles are SQuAD v1.1 train articles (title + its paragraphs). Each size is built, then served,
in its own subprocess, so peak RSS is per stage and per size. Above the ~22k chunks of the
originals, articles repeat under new titles (their chunks are reused, not re-chunked). Up to
``--embed-max`` chunks are embedded for real (timed, and cached between sizes); above it, vectors
are copies of real ones plus a little noise, and embedding and chunking time are extrapolated from
the measured rates. Everything else (SQLite, FAISS, BM25, checksums, loading, every query stage)
runs for real at every size.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

TRAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "squad-v1.1-train.json.gz"
STAGES = ("embed", "dense", "bm25", "fusion", "reader")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def settings_for(args: argparse.Namespace) -> Any:
    """Default settings with the chosen embedding backend."""
    from qa_bot.config import load_settings

    return load_settings(environ={"QA_BOT_EMBEDDING__BACKEND": args.backend})


def load_squad(path: Path) -> tuple[list[Any], list[tuple[str, str]]]:
    """SQuAD train as Articles, and (question, article id) pairs."""
    from qa_bot.articles import make_article

    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)["data"]
    articles, questions = [], []
    for item in data:
        title = item["title"].replace("_", " ")
        text = title + "\n\n" + "\n\n".join(p["context"] for p in item["paragraphs"])
        article = make_article(title, text, f"squad/{item['title']}")
        articles.append(article)
        questions += [(q["question"], article.id) for p in item["paragraphs"] for q in p["qas"]]
    return articles, questions


def corpus_of(size: int, args: argparse.Namespace, count: Any) -> tuple[list, list, dict]:
    """Articles and their chunks until ``size`` chunks; originals first, then renamed copies.

    Originals are chunked up to ``--chunk-max`` chunks (spans cached in ``out/chunks.json``
    with the measured rate); larger corpora repeat them under new titles.
    """
    from qa_bot.articles import make_article
    from qa_bot.chunking import chunk_article
    from qa_bot.types import Chunk

    chunking = settings_for(args).chunking
    originals, _ = load_squad(args.data)
    cache = args.out / "chunks.json"
    saved: dict[str, Any] = {"spans": [], "rate": 0.0}
    if cache.exists():
        saved = json.loads(cache.read_text())
    target = min(size, args.chunk_max)
    if sum(map(len, saved["spans"])) < target:
        began, cpu, spans, total = time.perf_counter(), time.process_time(), [], 0
        for article in originals:
            if total >= target:
                break
            pieces = chunk_article(article, chunking, count)
            spans.append([[c.start, c.end] for c in pieces])
            total += len(pieces)
        cpu_ms = 1000 * (time.process_time() - cpu) / total
        saved = {"spans": spans, "rate": total / (time.perf_counter() - began), "cpu_ms": cpu_ms}
        cache.write_text(json.dumps(saved))
    articles: list[Any] = []
    chunks: list[Any] = []
    copy = 0
    while len(chunks) < size:
        for original, spans in zip(originals, saved["spans"], strict=False):
            if len(chunks) >= size or (copy == 0 and len(chunks) >= args.chunk_max):
                break
            article = original
            if copy:
                article = make_article(f"{original.title} ({copy})", original.text, original.path)
            for start, end in spans:
                chunks.append(Chunk(len(chunks), article.id, article.text[start:end], start, end))
            articles.append(article)
        copy += 1
    info = {
        "chunks_per_s_chunking": round(saved["rate"], 1),
        "chunking_cpu_ms_per_chunk": round(saved.get("cpu_ms", 0.0), 1),
        "copies": copy - 1,
    }
    return articles, chunks[:size], {**info, "articles": len(articles)}


def embed(chunks: list[Any], embedder: Any, args: argparse.Namespace) -> tuple[np.ndarray, float]:
    """Vectors of the chunks and the measured embedding rate (chunks/s); cached between runs."""
    limit = min(len(chunks), args.embed_max)
    cache, meta = args.out / "embedded.npy", args.out / "embedded.json"
    have = np.load(cache) if cache.exists() else np.zeros((0, embedder.dimension), np.float32)
    rate = json.loads(meta.read_text())["chunks_per_s"] if meta.exists() else 0.0
    if len(have) < limit:
        texts = [c.text for c in chunks[len(have) : limit]]
        began, cpu = time.perf_counter(), time.process_time()
        fresh = embedder.encode(texts, batch_size=32)
        rate = len(texts) / (time.perf_counter() - began)
        cpu_ms = 1000 * (time.process_time() - cpu) / len(texts)
        have = np.concatenate([have, fresh])
        np.save(cache, have)
        measured = {"chunks_per_s": rate, "cpu_ms_per_chunk": cpu_ms, "measured_on": len(texts)}
        meta.write_text(json.dumps(measured))
    vectors = np.empty((len(chunks), embedder.dimension), dtype=np.float32)
    vectors[:limit] = have[:limit]
    rng = np.random.default_rng(0)
    for start in range(limit, len(chunks), limit):  # beyond the limit: noisy copies
        block = have[: min(limit, len(chunks) - start)]
        noisy = block + 0.05 * rng.standard_normal(block.shape, dtype=np.float32) / 20
        vectors[start : start + len(block)] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
    return vectors, rate


def timed(module: Any, name: str, totals: dict[str, float]) -> None:
    """Wrap ``module.name`` so that its run time is added to ``totals[name]``."""
    function = getattr(module, name)

    def wrapper(*a: Any, **k: Any) -> Any:
        began = time.perf_counter()
        try:
            return function(*a, **k)
        finally:
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - began

    setattr(module, name, wrapper)


def build_stage(size: int, args: argparse.Namespace) -> dict[str, Any]:
    """Chunk, embed and write one index of ``size`` chunks; timings, sizes and peak RSS."""
    from qa_bot import faiss_index, retrieval, store
    from qa_bot.embedding import load_embedder

    settings = settings_for(args)
    embedder = load_embedder(settings)
    articles, chunks, info = corpus_of(size, args, embedder.count_tokens)
    vectors, rate = embed(chunks, embedder, args)
    totals: dict[str, float] = {}
    for module, name in ((store, "write_table"), (store, "sha256_file"), (store, "_fsync_tree")):
        timed(module, name, totals)
    for module, name in ((faiss_index, "write"), (retrieval, "build_bm25")):
        timed(module, name, totals)
    index_dir = args.out / f"index-{size}"
    began = time.perf_counter()
    generation = store.write_generation(
        index_dir, articles, chunks, vectors, settings, embedder.dimension
    )
    files = {p.name: p.stat().st_size for p in generation.iterdir() if p.is_file()}
    bm25 = sum(p.stat().st_size for p in (generation / store.BM25_DIR).rglob("*") if p.is_file())
    return {
        "chunks": len(chunks),
        **info,
        "embed": json.loads((args.out / "embedded.json").read_text()),
        "index_s": {
            "chunk": round(len(chunks) / info["chunks_per_s_chunking"], 1),
            "embed": round(len(chunks) / rate, 1),
            "table": round(totals.get("write_table", 0.0), 1),
            "faiss": round(totals.get("write", 0.0), 1),
            "bm25": round(totals.get("build_bm25", 0.0), 1),
            "checksums+fsync": round(totals["sha256_file"] + totals["_fsync_tree"], 1),
            "write_generation": round(time.perf_counter() - began, 1),
        },
        "disk_bytes": {
            "table": files[store.TABLE_FILE],
            "vectors": files[store.VECTORS_FILE],
            "faiss": files[store.FAISS_FILE],
            "bm25": bm25,
            "total": sum(files.values()) + bm25,
        },
        "table_bytes_per_chunk": round(files[store.TABLE_FILE] / len(chunks), 1),
        "build_peak_rss_mb": peak_rss_mb(),
    }


def serve_stage(size: int, args: argparse.Namespace) -> dict[str, Any]:
    """Load the index and time each stage of answering sampled questions."""
    import faiss

    from qa_bot.embedding import load_embedder
    from qa_bot.pipeline import load_index, load_pipeline
    from qa_bot.retrieval import fuse
    from qa_bot.types import Hit

    faiss.omp_set_num_threads(1)
    settings = settings_for(args)
    embedder = load_embedder(settings)
    index_dir = args.out / f"index-{size}"
    began = time.perf_counter()
    load_index(index_dir, settings, embedder.dimension).table.close()
    load_s = time.perf_counter() - began
    pipeline = load_pipeline(settings, index_dir, embedder=embedder)
    indexed = set(pipeline.index.table.articles)
    _, questions = load_squad(args.data)
    pool = [q for q, article in questions if article in indexed]
    sample = random.Random(0).sample(pool, min(args.questions, len(pool)))
    depth, retrieval = settings.retrieval.candidates, pipeline.retriever
    times: dict[str, list[float]] = {stage: [] for stage in STAGES}
    cpu: dict[str, list[float]] = {stage: [] for stage in STAGES}
    for question in sample:
        marks, cpu_marks = [time.perf_counter()], [time.process_time()]
        vector = embedder.encode([question])
        marks.append(time.perf_counter())
        cpu_marks.append(time.process_time())
        scores, ids = pipeline.index.faiss.search(vector, depth)
        dense = {int(i): float(s) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0}
        marks.append(time.perf_counter())
        cpu_marks.append(time.process_time())
        sparse = retrieval.bm25_scores(question, depth)
        marks.append(time.perf_counter())
        cpu_marks.append(time.process_time())
        fused = fuse(dense, sparse, settings.retrieval)
        ranked = sorted(fused, key=lambda key: (-fused[key], key))[: settings.reader.passages]
        hits = [Hit(retrieval.chunks[i], fused[i]) for i in ranked]
        marks.append(time.perf_counter())
        cpu_marks.append(time.process_time())
        pipeline.reader.read(question, hits)
        marks.append(time.perf_counter())
        cpu_marks.append(time.process_time())
        for i, stage in enumerate(STAGES):
            times[stage].append((marks[i + 1] - marks[i]) * 1000)
            cpu[stage].append((cpu_marks[i + 1] - cpu_marks[i]) * 1000)
    total = [sum(parts) for parts in zip(*times.values(), strict=True)]
    cpu_total = [sum(parts) for parts in zip(*cpu.values(), strict=True)]
    return {
        "load_index_s": round(load_s, 2),
        "questions": len(sample),
        "query_ms": {
            stage: {"p50": round(statistics.median(v), 3), "p95": round(pct(v, 95), 3)}
            for stage, v in {**times, "total": total}.items()
        },
        "query_cpu_ms": {
            stage: {"p50": round(statistics.median(v), 3), "p95": round(pct(v, 95), 3)}
            for stage, v in {**cpu, "total": cpu_total}.items()
        },
        "serve_peak_rss_mb": peak_rss_mb(),
    }


def pct(values: list[float], q: int) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]


def run_child(stage: str, size: int, args: argparse.Namespace) -> dict[str, Any]:
    """Run one stage for one size in a fresh interpreter; its JSON result."""
    command = [sys.executable, __file__, "--stage", stage, "--sizes", str(size)]
    command += ["--out", str(args.out), "--backend", args.backend, "--data", str(args.data)]
    command += ["--embed-max", str(args.embed_max), "--questions", str(args.questions)]
    command += ["--chunk-max", str(args.chunk_max)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    """Build and serve every size (each stage in a subprocess); write JSON and the plot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--embed-max", type=int, default=10_000)
    parser.add_argument("--chunk-max", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--backend", default="onnx", choices=("onnx", "torch"))
    parser.add_argument("--data", type=Path, default=TRAIN)
    parser.add_argument("--out", type=Path, default=Path("/tmp/qa-bot-scaling"))
    parser.add_argument("--ann", type=Path, help="benchmarks/ann.py output for the 1M point")
    parser.add_argument("--json", type=Path, help="write all results here")
    parser.add_argument("--plot", type=Path, help="write a PNG here")
    parser.add_argument("--replot", type=Path, help="only re-plot a --json file (with --ann)")
    parser.add_argument("--stage", choices=("build", "serve"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.stage:
        stage = build_stage if args.stage == "build" else serve_stage
        print(json.dumps(stage(sizes[0], args)), flush=True)
        return
    results = json.loads(args.replot.read_text())["sizes"] if args.replot else []
    for size in [] if args.replot else sizes:
        row = {**run_child("build", size, args), **run_child("serve", size, args)}
        print(json.dumps(row), flush=True)
        results.append(row)
    ann = [json.loads(line) for line in args.ann.read_text().splitlines()] if args.ann else []
    report = {"backend": args.backend, "sizes": results, "ann": ann}
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    if args.plot:
        plot(report, args.plot)


def plot(report: dict[str, Any], path: Path) -> None:
    """Three panels: query latency per stage, indexing time per stage, disk and memory."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = report["sizes"]
    sizes = [r["chunks"] for r in rows]
    figure, (left, middle, right) = plt.subplots(1, 3, figsize=(16, 4.8))
    for stage in (*STAGES, "total"):
        style = "k--" if stage == "total" else "o-"
        left.plot(sizes, [r["query_cpu_ms"][stage]["p50"] for r in rows], style, label=stage)
    ivf = [a for a in report["ann"] if a.get("nprobe") == 16 and a.get("rerank") == 4]
    if ivf:
        left.plot([1_000_000], [ivf[0]["p50_ms"]], "r*", ms=12, label="dense, 1M IVF-SQ8 k=10")
    left.set(xscale="log", yscale="log", xlabel="chunks", ylabel="CPU ms per question (p50)")
    left.set_title("answering: time per stage")
    chunk_cpu = [r["chunks"] * r["chunking_cpu_ms_per_chunk"] / 1000 for r in rows]
    embed_cpu = [r["chunks"] * r["embed"]["cpu_ms_per_chunk"] / 1000 for r in rows]
    middle.plot(sizes, chunk_cpu, "o-", label="chunk (CPU s)")
    middle.plot(sizes, embed_cpu, "o-", label="embed (CPU s)")
    for stage in ("table", "faiss", "bm25", "checksums+fsync"):
        middle.plot(sizes, [r["index_s"][stage] for r in rows], "o-", label=stage)
    middle.set(xscale="log", yscale="log", xlabel="chunks", ylabel="seconds")
    middle.set_title("indexing: time per stage")
    for key in ("table", "vectors", "faiss", "bm25"):
        right.plot(sizes, [r["disk_bytes"][key] / 2**20 for r in rows], "o-", label=f"disk {key}")
    right.plot(sizes, [r["serve_peak_rss_mb"] for r in rows], "k--", label="RAM serving")
    right.plot(sizes, [r["build_peak_rss_mb"] for r in rows], "k:", label="RAM indexing")
    right.set(xscale="log", yscale="log", xlabel="chunks", ylabel="MiB")
    right.set_title("disk and peak memory")
    for axes in (left, middle, right):
        axes.grid(True, which="both", alpha=0.3)
        axes.legend(fontsize=8)
    figure.suptitle(f"qa_bot cost by corpus size ({report['backend']} embeddings, 2 CPU cores)")
    figure.tight_layout()
    figure.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
