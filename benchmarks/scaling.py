"""How indexing and answering cost grow with the corpus: 1k -> 10k -> 100k chunks of real text.

    nice -n 5 .venv/bin/python benchmarks/scaling.py --sizes 1000,10000,100000 \\
        --embed-max 100000 --ann docs/scaling.json --json docs/scaling.json --plot docs/scaling.png

Articles are SQuAD v1.1 train articles (title + its paragraphs). Each size is built, then served,
in its own subprocess, so peak RSS is per stage and per size. Above the ~22k chunks of the
originals, articles repeat under new titles with the sentences of every paragraph shuffled, so
every chunk is new text that is chunked and embedded for real. Chunk spans and vectors are cached
between sizes (each size is a prefix of the next) with the time measured for them. Up to
``--embed-max`` chunks are embedded for real; above it, vectors are copies of real ones plus a
little noise and embedding time is extrapolated from the measured rate. Everything else (SQLite,
FAISS, BM25, checksums, loading, every query stage) runs for real at every size. The reader stage
is the configured (default: neural) reader; the sentence reader is timed beside it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
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
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
BLOCK = 5_000  # chunks embedded between two saves of the cache


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def settings_for(args: argparse.Namespace) -> Any:
    """Default settings with the chosen embedding backend."""
    from qa_bot.config import load_settings

    return load_settings(environ={"QA_BOT_EMBEDDING__BACKEND": args.backend})


def load_squad(path: Path) -> tuple[list[Any], list[tuple[str, str]]]:
    """SQuAD train as Articles, and (question, article id) pairs."""
    from qa_bot.ingest.articles import make_article

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


def article_stream(originals: list[Any]) -> Any:
    """The originals, then copy 1, 2, ... of each (new title, sentences shuffled), forever."""
    from qa_bot.ingest.articles import make_article

    copy = 0
    while True:
        for original in originals:
            if copy == 0:
                yield original
                continue
            shuffle = random.Random(f"{copy}/{original.id}").shuffle
            paragraphs = []
            for paragraph in original.text.split("\n\n"):
                sentences = SENTENCE_END.split(paragraph)
                shuffle(sentences)
                paragraphs.append(" ".join(sentences))
            text = "\n\n".join(paragraphs)
            yield make_article(f"{original.title} ({copy})", text, original.path)
        copy += 1


def measured(runs: list[dict[str, Any]], upto: int) -> dict[str, Any]:
    """Rate and CPU per chunk over the cached runs that cover the first ``upto`` chunks."""
    used = [run for run in runs if run["upto"] <= upto] or runs[:1]
    count = sum(run["chunks"] for run in used)
    seconds, cpu = sum(run["seconds"] for run in used), sum(run["cpu_s"] for run in used)
    return {
        "chunks_per_s": round(count / seconds, 2),
        "cpu_ms_per_chunk": round(1000 * cpu / count, 3),
        "measured_on": count,
    }


def corpus_of(size: int, args: argparse.Namespace, count: Any) -> tuple[list, list, dict]:
    """Articles and their chunks until ``size`` chunks: originals first, then shuffled copies.

    Chunk spans are cached in ``out/chunks.json`` with the time spent cutting them, so a larger
    size only chunks the articles that a smaller one did not reach.
    """
    from qa_bot.ingest.chunking import chunk_article
    from qa_bot.types import Chunk

    chunking = settings_for(args).chunking
    originals, _ = load_squad(args.data)
    cache = args.out / "chunks.json"
    saved = json.loads(cache.read_text()) if cache.exists() else {"spans": [], "runs": []}
    articles: list[Any] = []
    chunks: list[Any] = []
    run = {"chunks": 0, "seconds": 0.0, "cpu_s": 0.0}
    for number, article in enumerate(article_stream(originals)):
        if len(chunks) >= size:
            break
        if number == len(saved["spans"]):
            began, cpu = time.perf_counter(), time.process_time()
            pieces = chunk_article(article, chunking, count)
            run["seconds"] += time.perf_counter() - began
            run["cpu_s"] += time.process_time() - cpu
            run["chunks"] += len(pieces)
            saved["spans"].append([[c.start, c.end] for c in pieces])
        for start, end in saved["spans"][number]:
            chunks.append(Chunk(len(chunks), article.id, article.text[start:end], start, end))
        articles.append(article)
    if run["chunks"]:
        saved["runs"].append({**run, "upto": len(chunks)})
        cache.write_text(json.dumps(saved))
    info = {
        "chunking": measured(saved["runs"], len(chunks)),
        "copies": (len(articles) - 1) // len(originals),
        "articles": len(articles),
    }
    return articles, chunks[:size], info


def embed(chunks: list[Any], embedder: Any, args: argparse.Namespace) -> tuple[np.ndarray, dict]:
    """Vectors of the chunks and the measured embedding rate; cached between sizes."""
    limit = min(len(chunks), args.embed_max)
    cache, meta = args.out / "embedded.npy", args.out / "embedded.json"
    have = np.load(cache) if cache.exists() else np.zeros((0, embedder.dimension), np.float32)
    runs = json.loads(meta.read_text())["runs"] if meta.exists() else []
    while len(have) < limit:  # in blocks, saved after each, so an interrupted run resumes
        texts = [c.text for c in chunks[len(have) : min(limit, len(have) + BLOCK)]]
        began, cpu = time.perf_counter(), time.process_time()
        fresh = embedder.encode(texts, batch_size=32)
        seconds, cpu_s = time.perf_counter() - began, time.process_time() - cpu
        have = np.concatenate([have, fresh])
        runs.append({"upto": len(have), "chunks": len(texts), "seconds": seconds, "cpu_s": cpu_s})
        np.save(cache, have)
        meta.write_text(json.dumps({"runs": runs}))
    vectors = np.empty((len(chunks), embedder.dimension), dtype=np.float32)
    vectors[:limit] = have[:limit]
    rng = np.random.default_rng(0)
    for start in range(limit, len(chunks), limit):  # beyond the limit: noisy copies
        block = have[: min(limit, len(chunks) - start)]
        noisy = block + 0.05 * rng.standard_normal(block.shape, dtype=np.float32) / 20
        vectors[start : start + len(block)] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
    return vectors, {**measured(runs, limit), "embedded_for_real": limit}


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
    from qa_bot.embedding.embedder import load_embedder
    from qa_bot.index import bm25, faiss_index, store

    settings = settings_for(args)
    embedder = load_embedder(settings)
    articles, chunks, info = corpus_of(size, args, embedder.count_tokens)
    vectors, embedding = embed(chunks, embedder, args)
    totals: dict[str, float] = {}
    for module, name in ((store, "write_table"), (store, "sha256_file"), (store, "_fsync_tree")):
        timed(module, name, totals)
    for module, name in ((faiss_index, "write"), (bm25, "build_bm25")):
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
        "embed": embedding,
        "index_s": {  # chunk and embed: wall time at the rate measured over these chunks
            "chunk": round(len(chunks) / info["chunking"]["chunks_per_s"], 1),
            "embed": round(len(chunks) / embedding["chunks_per_s"], 1),
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


def answer_in_stages(question: str, pipeline: Any, sentence_reader: Any) -> dict[str, tuple]:
    """Answer one question stage by stage; (wall ms, CPU ms) of each stage."""
    from qa_bot.answering.retrieval import fuse
    from qa_bot.types import Hit

    settings, retriever = pipeline.settings, pipeline.retriever
    depth = settings.retrieval.candidates
    found: dict[str, Any] = {}  # what each stage hands to the next

    def dense() -> None:
        scores, ids = pipeline.index.faiss.search(found["vector"], depth)
        found["dense"] = {
            int(i): float(s) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0
        }

    def fusion() -> None:
        fused = fuse(found["dense"], found["bm25"], settings.retrieval)
        ranked = sorted(fused, key=lambda key: (-fused[key], key))[: settings.reader.passages]
        found["hits"] = [Hit(retriever.chunks[i], fused[i]) for i in ranked]

    steps = {
        "embed": lambda: found.update(vector=pipeline.embedder.encode([question])),
        "dense": dense,
        "bm25": lambda: found.update(bm25=retriever.bm25_scores(question, depth)),
        "fusion": fusion,
        "reader": lambda: pipeline.reader.read(question, found["hits"]),
        "reader_sentence": lambda: sentence_reader.read(question, found["hits"]),
    }
    spent = {}
    for stage, step in steps.items():
        began, cpu = time.perf_counter(), time.process_time()
        step()
        spent[stage] = (1000 * (time.perf_counter() - began), 1000 * (time.process_time() - cpu))
    return spent


def serve_stage(size: int, args: argparse.Namespace) -> dict[str, Any]:
    """Load the index and time each stage of answering sampled questions."""
    import faiss

    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.answering.reader import SentenceReader
    from qa_bot.embedding.embedder import load_embedder
    from qa_bot.index.loading import load_index

    faiss.omp_set_num_threads(1)
    settings = settings_for(args)
    embedder = load_embedder(settings)
    index_dir = args.out / f"index-{size}"
    began = time.perf_counter()
    load_index(index_dir, settings, embedder.dimension).table.close()
    load_s = time.perf_counter() - began
    pipeline = load_pipeline(settings, index_dir, embedder=embedder)
    sentence_reader = SentenceReader(settings.reader, embedder)
    indexed = set(pipeline.index.table.articles)
    _, questions = load_squad(args.data)
    pool = [q for q, article in questions if article in indexed]
    sample = random.Random(0).sample(pool, min(args.questions + 1, len(pool)))
    answer_in_stages(sample.pop(), pipeline, sentence_reader)  # loads the reader's model
    spent = [answer_in_stages(question, pipeline, sentence_reader) for question in sample]
    stages = (*STAGES, "reader_sentence")

    def summary(which: int) -> dict[str, dict[str, float]]:
        series = {stage: [row[stage][which] for row in spent] for stage in stages}
        series["total"] = [sum(row[stage][which] for stage in STAGES) for row in spent]
        return {
            stage: {"p50": round(statistics.median(v), 3), "p95": round(pct(v, 95), 3)}
            for stage, v in series.items()
        }

    return {
        "load_index_s": round(load_s, 2),
        "questions": len(sample),
        "reader_kind": pipeline.reader_kind,
        "query_ms": summary(0),
        "query_cpu_ms": summary(1),
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
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def read_ann(path: Path) -> list[dict[str, Any]]:
    """ANN results: JSON lines from benchmarks/ann.py, or the "ann" list of a previous --json."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return list(json.loads(text)["ann"])
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def main() -> None:
    """Build and serve every size (each stage in a subprocess); write JSON and the plot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--embed-max", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--backend", default="onnx", choices=("onnx", "torch"))
    parser.add_argument("--data", type=Path, default=TRAIN)
    parser.add_argument("--out", type=Path, default=Path("/tmp/qa-bot-scaling"))
    parser.add_argument(
        "--ann", type=Path, help="the 1M point: benchmarks/ann.py output, or a previous --json"
    )
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
    ann = read_ann(args.ann) if args.ann else []
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
    kind = rows[0].get("reader_kind", "sentence") if rows else ""
    labels = {"reader": f"reader ({kind})", "reader_sentence": "sentence reader (not in total)"}
    for stage in (*STAGES, "reader_sentence", "total"):
        if any(stage not in r["query_cpu_ms"] for r in rows):
            continue
        style = {"total": "k--", "reader_sentence": "o:"}.get(stage, "o-")
        values = [r["query_cpu_ms"][stage]["p50"] for r in rows]
        left.plot(sizes, values, style, label=labels.get(stage, stage))
    ivf = [a for a in report["ann"] if a.get("nprobe") == 16 and a.get("rerank") == 4]
    if ivf:  # wall ms of benchmarks/ann.py (synthetic vectors); retrieval asks for k = 100
        left.plot(
            [1_000_000], [ivf[0]["p50_ms_k100"]], "r*", ms=12, label="dense, 1M IVF-SQ8 k=100"
        )
        left.plot([1_000_000], [ivf[0]["p50_ms"]], "rx", ms=9, label="dense, 1M IVF-SQ8 k=10")
    left.set(xscale="log", yscale="log", xlabel="chunks", ylabel="CPU ms per question (p50)")
    left.set_ylim(top=3000)  # room for the legend above the lines
    left.set_title("answering: time per stage")
    chunk_cpu = [r["chunks"] * r["chunking"]["cpu_ms_per_chunk"] / 1000 for r in rows]
    embed_cpu = [r["chunks"] * r["embed"]["cpu_ms_per_chunk"] / 1000 for r in rows]
    middle.plot(sizes, chunk_cpu, "o-", label="chunk (CPU s)")
    middle.plot(sizes, embed_cpu, "o-", label="embed (CPU s)")
    for stage in ("table", "faiss", "bm25", "checksums+fsync"):
        middle.plot(sizes, [r["index_s"][stage] for r in rows], "o-", label=stage)
    middle.set(xscale="log", yscale="log", xlabel="chunks", ylabel="seconds")
    middle.set_ylim(top=30_000)
    middle.set_title("indexing: time per stage")
    for key in ("table", "vectors", "faiss", "bm25"):
        right.plot(sizes, [r["disk_bytes"][key] / 2**20 for r in rows], "o-", label=f"disk {key}")
    right.plot(sizes, [r["serve_peak_rss_mb"] for r in rows], "k--", label="RAM serving")
    right.plot(sizes, [r["build_peak_rss_mb"] for r in rows], "k:", label="RAM indexing")
    right.set(xscale="log", yscale="log", xlabel="chunks", ylabel="MiB")
    right.set_ylim(top=20_000)
    right.set_title("disk and peak memory")
    for axes in (left, middle, right):
        axes.grid(True, which="both", alpha=0.3)
        axes.legend(fontsize=7, ncol=2, loc="upper left")
    backend = report["backend"]
    figure.suptitle(
        f"qa_bot cost by corpus size ({backend} embeddings, {kind} reader, 2 CPU cores)"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
