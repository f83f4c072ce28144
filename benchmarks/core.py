"""Core speed benchmark: indexing throughput and peak memory, warm answer() latency, cold start.

Run: .venv/bin/python benchmarks/core.py [--dataset tests/data/squad-v2.0-dev.json.gz]
     [--questions 200] [--articles N] [--reader sentence|neural] [--backend onnx|torch]
     [--out docs/benchmarks/core.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATASET = REPO / "tests" / "data" / "squad-v2.0-dev.json.gz"  # bundled


def _children_cpu_s() -> float:
    """User + system CPU seconds of the finished children so far (load-independent cost)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def index_benchmark(dataset: Path, work: Path, articles: int | None = None) -> dict[str, float]:
    """Index the dataset's articles with the real CLI in a child process; time and peak RSS."""
    from qa_bot.evaluation.metrics import load_squad
    from qa_bot.evaluation.runs import corpus_from_squad

    corpus = corpus_from_squad(load_squad(dataset), dataset.name)
    source = work / "articles.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for article in corpus.articles[:articles]:
            handle.write(json.dumps({"title": article.title, "text": article.text}) + "\n")
    began, cpu_before = time.perf_counter(), _children_cpu_s()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "qa_bot",
            "-v",
            "index",
            "-q",
            "--index-dir",
            str(work / "idx"),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    seconds = time.perf_counter() - began
    cpu_s = _children_cpu_s() - cpu_before
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    match = re.search(r"indexed (\d+) articles, (\d+) chunks", run.stdout)
    if match is None:
        raise RuntimeError(run.stdout + run.stderr)
    chunks = int(match.group(2))
    return {
        "articles": int(match.group(1)),
        "chunks": chunks,
        "seconds": round(seconds, 1),
        "chunks_per_s": round(chunks / seconds, 1),
        "cpu_s": round(cpu_s, 1),
        "cpu_ms_per_chunk": round(1000 * cpu_s / chunks, 1),
        "peak_rss_mb": round(peak_mb),
    }


def warm_benchmark(dataset: Path, index_dir: Path, questions: int, reader: str) -> dict[str, float]:
    """Warm latency of retrieval alone and of the whole answer(), one question at a time."""
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.config import load_settings
    from qa_bot.evaluation.metrics import load_squad
    from qa_bot.evaluation.runs import sample_questions

    settings = load_settings()
    pipeline = load_pipeline(settings, index_dir, reader_kind=reader)
    sample = sample_questions(load_squad(dataset), questions, seed=0)
    pipeline.answer(sample[0].question)  # warm-up: first call loads lazily
    retrieve_ms, answer_ms, answer_cpu_ms = [], [], []
    for question in sample:
        began = time.perf_counter()
        pipeline.retriever.search(question.question, settings.retrieval.top_k)
        retrieve_ms.append((time.perf_counter() - began) * 1000)
        began, cpu = time.perf_counter(), time.process_time()
        pipeline.answer(question.question)
        answer_ms.append((time.perf_counter() - began) * 1000)
        answer_cpu_ms.append((time.process_time() - cpu) * 1000)
    return {
        "questions": len(sample),
        "retrieval_p50_ms": round(statistics.median(retrieve_ms), 1),
        "retrieval_p95_ms": round(_pct(retrieve_ms, 95), 1),
        "answer_p50_ms": round(statistics.median(answer_ms), 1),
        "answer_p95_ms": round(_pct(answer_ms, 95), 1),
        "answer_cpu_p50_ms": round(statistics.median(answer_cpu_ms), 1),
    }


def cold_start(index_dir: Path, reader: str, runs: int = 3) -> dict[str, float]:
    """Process start to printed answer for `qa-bot ask`, and that process's peak RSS."""
    times, peaks, cpus = [], [], []
    command = [sys.executable, "-m", "qa_bot", "ask", "--reader", reader]
    command += [
        "--index-dir",
        str(index_dir),
        "Which NFL team represented the AFC at Super Bowl 50?",
    ]
    for _ in range(runs):
        began = time.perf_counter()
        child = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
        )
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage (peak RSS)
        times.append(time.perf_counter() - began)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise RuntimeError(f"qa-bot ask exited with {child.returncode}")
        peaks.append(usage.ru_maxrss / 1024)
        cpus.append(usage.ru_utime + usage.ru_stime)
    return {
        "cold_start_median_s": round(statistics.median(times), 2),
        "cpu_median_s": round(statistics.median(cpus), 2),
        "peak_rss_mb_max": round(max(peaks)),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--articles", type=int, default=None, help="index only the first N")
    parser.add_argument("--reader", choices=("sentence", "neural"), default="sentence")
    parser.add_argument(
        "--backend", choices=("onnx", "torch"), help="embedding backend (default: the settings')"
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.backend:  # read by load_settings here and in every child process
        os.environ["QA_BOT_EMBEDDING__BACKEND"] = args.backend
    from qa_bot.config import load_settings

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        result = {
            "date": time.strftime("%Y-%m-%d"),
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
            "reader": args.reader,
            "embedding_backend": load_settings().embedding.backend,
            "index": index_benchmark(args.dataset, work, args.articles),
            "warm": warm_benchmark(args.dataset, work / "idx", args.questions, args.reader),
            "cold": cold_start(work / "idx", args.reader),
        }
    result["load_average_1min"] = {"start": load_before, "end": os.getloadavg()[0]}
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
