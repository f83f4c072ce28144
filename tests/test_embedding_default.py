"""ONNX Runtime is the default embedding backend; torch-built indexes keep working with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEEDS

from qa_bot.config import EmbeddingSettings, Settings, load_settings
from qa_bot.embedding.prepare import prepare

QUESTIONS = [
    "Who composed the film's orchestral score?",
    "How many viewers did the film draw over the holidays?",
    "Who plays Missy?",
]


def _clean_env(**extra: str) -> dict[str, str]:
    """This environment without QA_BOT_* overrides (the defaults are under test)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_BOT_")}
    return {**env, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **extra}


def test_the_default_backend_is_onnx_and_torch_stays_selectable() -> None:
    assert load_settings(environ={}).embedding.backend == "onnx"
    assert Settings().embedding.backend == "onnx"  # the dataclass agrees with default.toml
    chosen = load_settings(environ={"QA_BOT_EMBEDDING__BACKEND": "torch"})
    assert chosen.embedding.backend == "torch"


def test_prepare_has_nothing_to_do_for_torch(tmp_path: Path) -> None:
    assert prepare(EmbeddingSettings(backend="torch"), tmp_path) is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_prepare_command_finds_the_cached_export_and_refuses_bad_settings(
    real_embedder, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "qa_bot.embedding.prepare"]
    done = subprocess.run(command, capture_output=True, text=True, env=_clean_env(), timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ready in" in done.stdout
    assert Path(done.stdout.split("ready in ")[1].split(" (")[0]) == real_embedder.model_file.parent
    bad = tmp_path / "bad.toml"
    bad.write_text('[embedding]\nbackend = "tensorflow"\n', encoding="utf-8")
    done = subprocess.run(
        [*command, "--config", str(bad)], capture_output=True, text=True, env=_clean_env()
    )
    assert done.returncode == 1
    assert "backend" in done.stderr and "Traceback" not in done.stderr


@pytest.fixture(scope="module")
def torch_index(tmp_path_factory: pytest.TempPathFactory, torch_embedder) -> Path:
    """An index over seeds/ built by the torch backend, as every index before this release."""
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    index_dir = tmp_path_factory.mktemp("torch-index")
    settings = load_settings(environ={"QA_BOT_EMBEDDING__BACKEND": "torch"})
    build_index(read_paths([SEEDS]).articles, index_dir, settings, torch_embedder)
    return index_dir


@pytest.mark.slow
def test_a_torch_built_index_answers_through_the_onnx_default(
    torch_index: Path, torch_embedder
) -> None:
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.index.store import MANIFEST, current_generation

    manifest = json.loads((current_generation(torch_index) / MANIFEST).read_text())
    assert manifest["embedding_backend"]["backend"] == "torch"
    torch_settings = load_settings(environ={"QA_BOT_EMBEDDING__BACKEND": "torch"})
    reference = load_pipeline(torch_settings, torch_index, embedder=torch_embedder)
    answered = 0
    for question in QUESTIONS:
        # The real CLI with default settings (onnx) over the torch-built index.
        done = subprocess.run(
            [sys.executable, "-m", "qa_bot", "ask", "--json", "--index-dir", str(torch_index)]
            + [question],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=_clean_env(),
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert "rebuild" not in done.stderr
        got = json.loads(done.stdout)
        want = reference.answer(question)
        spans = [(p["start"], p["end"]) for p in got["passages"]]
        # The passage the answer is read from is the same one torch's own queries find.
        assert spans[0] == (want.passages[0].chunk.start, want.passages[0].chunk.end)
        assert len(set(spans) & {(h.chunk.start, h.chunk.end) for h in want.passages}) >= 4
        # Near ties may shift a span's edges ("44 million" / "more than 44 million"), no more.
        if got["answer"] is not None and want.text is not None:
            answered += 1
            assert got["source"]["title"] == want.source.title
            assert got["start"] < want.end and want.start < got["end"], (got["answer"], want.text)
    assert answered >= 2


@pytest.mark.slow
def test_serving_with_the_default_never_loads_the_torch_embedder(torch_index: Path) -> None:
    script = (
        "import json, resource, sys\n"
        "from pathlib import Path\n"
        "import qa_bot\n"
        "p = qa_bot.load_pipeline(index_dir=Path(sys.argv[1]))\n"
        "a = p.answer(sys.argv[2])\n"
        "print(json.dumps({'answer': a.text, 'kind': type(p.embedder).__name__,\n"
        "    'st': 'sentence_transformers' in sys.modules}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(torch_index), QUESTIONS[2]],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_clean_env(),
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["answer"]  # a real answer, read through the onnx question vectors
    assert report["kind"] == "OnnxEmbedder"
    # sentence-transformers (and torch's model weights) stay out of a serving process.
    assert report["st"] is False
