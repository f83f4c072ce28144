"""Reader-training checkpoints: atomic saves, pruning that spares the best, dev-score history."""

from __future__ import annotations

import json
import logging
import random
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import torch

logger = logging.getLogger(__name__)


def latest_checkpoint(run_dir: Path) -> Path | None:
    """The newest complete checkpoint folder of a run (half-written ``.tmp`` ones are ignored)."""
    checkpoints = sorted((run_dir / "checkpoints").glob("step-*[0-9]"))
    return checkpoints[-1] if checkpoints else None


def save_checkpoint(
    run_dir: Path, step: int, model: Any, optimizer: Any, scheduler: Any, keep: int
) -> Path:
    """Write a checkpoint atomically (temp folder, then rename) and prune old ones."""
    final = run_dir / "checkpoints" / f"step-{step:06d}"
    tmp = final.with_name(final.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    state = {
        "step": step,
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "torch_rng": torch.get_rng_state(),
        "python_rng": random.getstate(),
        "numpy_rng": np.random.get_state(),
    }
    torch.save(state, tmp / "trainer_state.pt")
    tmp.replace(final)
    checkpoints = sorted((run_dir / "checkpoints").glob("step-*[0-9]"))
    for old in checkpoints[:-keep]:
        if not (old / "KEEP").exists():
            shutil.rmtree(old)
    logger.info("saved %s", final)
    return final


def record_eval(
    run_dir: Path, step: int, checkpoint: Path | None, scores: dict[str, float]
) -> None:
    """Append dev scores; mark the best checkpoint so pruning keeps it."""
    metrics = run_dir / "metrics.jsonl"
    history = (
        [json.loads(line) for line in metrics.read_text().splitlines()] if metrics.exists() else []
    )
    best = max((row["f1"] for row in history), default=-1.0)
    with metrics.open("a") as handle:
        handle.write(json.dumps({"step": step, **scores}) + "\n")
    if checkpoint is not None and scores["f1"] > best:
        for old in (run_dir / "checkpoints").glob("step-*/KEEP"):
            old.unlink()
        (checkpoint / "KEEP").write_text(json.dumps({"step": step, **scores}))
