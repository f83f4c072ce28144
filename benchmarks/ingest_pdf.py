"""Read and chunk a 100-page text PDF (embedding aside): the issue-15 target is <= 10 s.

    nice -n 19 .venv/bin/python benchmarks/ingest_pdf.py [--pages 100] [--repeat 3]

Writes the PDF with tests/documents.py (Helvetica text, ~450 words a page, one Flate stream per
page), then times read_file (pypdf extraction) and chunk_article (sentence split + token count
with the embedding model's tokenizer) separately; prints one JSON line.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from qa_bot.config import load_settings
from qa_bot.ingest.articles import read_file
from qa_bot.ingest.chunking import chunk_article

REPO = Path(__file__).resolve().parent.parent
SENTENCES = (
    "The harbour commission met on the first Monday of every month to review the dredging work.",
    "In 1901 the engineer Anna Berg finished the bridge that still carries trams across the water.",
    "Fishing boats unloaded before dawn, and the market opened as soon as the ice arrived.",
    "Dr. Okafor measured the tides for twelve years and published the tables in 1923.",
    "Storms in the winter of 1930 closed the port for eleven days and flooded the lower streets.",
)


def _documents() -> Any:
    path = REPO / "tests" / "documents.py"
    spec = importlib.util.spec_from_file_location("documents", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def page_text(number: int) -> str:
    """About 450 words of prose for one page, different on every page."""
    words = [f"Page {number}."]
    for i in range(26):
        words.append(SENTENCES[(number + i) % len(SENTENCES)].replace("1901", str(1800 + i)))
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    documents = _documents()
    settings = load_settings(environ={})
    from qa_bot.embedding.embedder import load_embedder

    count = load_embedder(settings).count_tokens  # loading is not timed; only its tokenizer runs
    reads, chunks_times, totals = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.pdf"
        path.write_bytes(documents.text_pdf([page_text(n) for n in range(args.pages)]))
        for _ in range(args.repeat):
            began = time.perf_counter()
            (article,), skipped = read_file(path)
            read = time.perf_counter() - began
            chunks = chunk_article(article, settings.chunking, count)
            total = time.perf_counter() - began
            reads.append(read)
            chunks_times.append(total - read)
            totals.append(total)
        size = path.stat().st_size
    print(
        json.dumps(
            {
                "pages": args.pages,
                "pdf_bytes": size,
                "characters": len(article.text),
                "chunks": len(chunks),
                "read_s_median": round(statistics.median(reads), 3),
                "chunk_s_median": round(statistics.median(chunks_times), 3),
                "total_s_median": round(statistics.median(totals), 3),
                "total_s_max": round(max(totals), 3),
                "target_s": 10,
            }
        )
    )


if __name__ == "__main__":
    main()
