"""Which feed-forward output projections int8 must keep in fp32: cosine to torch and CPU time.

    nice -n 10 .venv/bin/python benchmarks/embedding_int8_layers.py --chunks 400 --queries 400

Exports the int8 model once per choice of fp32 layers (``--choices``, ``;``-separated, ``none``
for all-int8) into a temporary folder, embeds SQuAD v2.0 dev chunks (as the indexer cuts them)
and questions one at a time on one thread, and prints one JSON row per choice: cosine to the
torch backend (min, mean, how many texts fall below 0.99) and CPU ms per chunk. The shipped
choice is ``qa_bot.embedding.onnx_export.FP32_FFN_LAYERS``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from embedding import DEV, load_texts, make
from tokenizers import Tokenizer

from qa_bot.embedding.embedder import model_path
from qa_bot.embedding.onnx_encoder import open_session
from qa_bot.embedding.onnx_export import MODEL_FILE, export_model


def embed(session: Any, tokenizer: Tokenizer, texts: list[str]) -> np.ndarray:
    """Unit vectors, one text per run (as ``OnnxEmbedder`` does)."""
    rows = []
    for item in tokenizer.encode_batch(texts):
        ids = np.array([item.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        rows.append(session.run(None, feeds)[0][0])
    vectors = np.array(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def main() -> None:
    """Print one JSON row per choice of fp32 layers."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEV)
    parser.add_argument("--chunks", type=int, default=400)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--choices", default="none;0;0,2;0,1,2;0,1,2,3,4,5")
    args = parser.parse_args()
    torch_embedder = make("torch", "int8", 1)
    texts, questions = load_texts(args.data, torch_embedder, args.chunks, args.queries)
    reference = torch_embedder.encode(texts + questions)
    source = model_path(torch_embedder.name)
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    tokenizer.enable_truncation(int(getattr(torch_embedder, "max_tokens", 256)))
    tokenizer.no_padding()
    for choice in args.choices.split(";"):
        layers = [] if choice == "none" else [int(layer) for layer in choice.split(",")]
        with tempfile.TemporaryDirectory() as folder:
            export_model(source, Path(folder), "int8", fp32_layers=layers)
            session = open_session(Path(folder) / MODEL_FILE)
            embed(session, tokenizer, texts[:4])
            began = time.process_time()
            chunk_vectors = embed(session, tokenizer, texts)
            cpu_ms = 1000 * (time.process_time() - began) / len(texts)
            vectors = np.concatenate([chunk_vectors, embed(session, tokenizer, questions)])
        cosine = (vectors * reference).sum(axis=1)
        row = {
            "fp32_layers": layers,
            "cpu_ms_per_chunk": round(cpu_ms, 1),
            "cosine_min_chunks": round(float(cosine[: len(texts)].min()), 4),
            "cosine_min_questions": round(float(cosine[len(texts) :].min()), 4),
            "cosine_mean": round(float(cosine.mean()), 4),
            "below_0.99": int((cosine < 0.99).sum()),
            "texts": len(cosine),
        }
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
