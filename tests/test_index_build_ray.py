"""`qa-bot index --engine ray` on a local Ray cluster gives the same index and answers."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from qa_bot.answering.pipeline import load_pipeline
from qa_bot.config import load_settings
from qa_bot.index.build import build_index
from qa_bot.index.store import MANIFEST, VECTORS_FILE, current_generation
from qa_bot.ingest.articles import read_paths

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, squad_dev: Path) -> tuple[Path, list[str]]:
    """200 one-paragraph articles (plus a duplicate and an unreadable file) and questions."""
    with gzip.open(squad_dev, "rt", encoding="utf-8") as handle:
        data = json.load(handle)["data"]
    folder = tmp_path_factory.mktemp("ray-corpus")
    paragraphs = [(a["title"], p) for a in data for p in a["paragraphs"]][::5][:200]
    questions = []
    for number, (title, paragraph) in enumerate(paragraphs):
        text = f"{title.replace('_', ' ')} {number}\n\n{paragraph['context']}\n"
        (folder / f"{number:03d}.txt").write_text(text, encoding="utf-8")
        questions += [q["question"] for q in paragraph["qas"][:1]]
    (folder / "copy.txt").write_text((folder / "000.txt").read_text(), encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    return folder, questions[::10]


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A head and two worker nodes on this machine, one CPU each."""
    from ray.cluster_utils import Cluster

    local = Cluster(initialize_head=True, head_node_args={"num_cpus": 1})
    local.add_node(num_cpus=1)
    local.add_node(num_cpus=1)
    local.wait_for_nodes()
    yield local.address
    local.shutdown()


def test_ray_index_answers_like_the_single_machine_index(
    corpus: tuple[Path, list[str]], cluster: str, real_embedder, tmp_path: Path
) -> None:
    folder, questions = corpus
    settings = load_settings(environ={})
    local_dir, ray_dir = tmp_path / "local", tmp_path / "ray"
    build_index(read_paths([folder]).articles, local_dir, settings, real_embedder)
    command = [sys.executable, "-m", "qa_bot", "index", str(folder), "--index-dir", str(ray_dir)]
    command += ["--engine", "ray", "--address", cluster, "--actors", "2"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "indexed 200 articles" in done.stdout and "1 skipped" in done.stdout
    assert "broken.json" in done.stderr

    local_gen, ray_gen = current_generation(local_dir), current_generation(ray_dir)
    manifests = [json.loads((g / MANIFEST).read_text()) for g in (local_gen, ray_gen)]
    for key in ("embedding", "chunking", "counts", "index", "format_version"):
        assert manifests[0][key] == manifests[1][key], key
    assert manifests[1]["embedding_backend"]["engine"] == "ray"
    vectors = [np.load(g / VECTORS_FILE) for g in (local_gen, ray_gen)]
    assert (vectors[0] * vectors[1]).sum(axis=1).min() > 0.999

    local = load_pipeline(settings, local_dir, embedder=real_embedder)
    remote = load_pipeline(settings, ray_dir, embedder=real_embedder)
    assert local.index.table.chunks == remote.index.table.chunks
    assert len(questions) >= 15
    for question in questions:
        mine, theirs = local.answer(question), remote.answer(question)
        assert (mine.text, mine.start, mine.end) == (theirs.text, theirs.start, theirs.end)
        assert [h.chunk.id for h in mine.passages] == [h.chunk.id for h in theirs.passages]


def test_an_onnx_actor_runs_as_many_workers_as_its_cpus() -> None:
    from qa_bot.embedding.onnx_encoder import OnnxEmbedder
    from qa_bot.index.build_ray import ChunkEmbedder

    actor = ChunkEmbedder(load_settings(environ={}), threads=1)
    assert isinstance(actor.embedder, OnnxEmbedder) and actor.embedder.threads == 1
    assert actor.embedder.encode(["one text", "another"]).shape == (2, 384)
