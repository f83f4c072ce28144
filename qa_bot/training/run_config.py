"""The stored description of a reader-training run: data mix, batch size and schedule."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RunConfig:
    """Everything that fixes the data order and schedule; stored in the run folder."""

    train: str
    dev: str
    total_steps: int
    pool_steps: int = 4000
    batch_size: int = 16
    lr: float = 1e-4
    warmup_fraction: float = 0.06
    weight_decay: float = 0.01
    max_length: int = 192
    stride: int = 64
    negative_fraction: float = 0.2
    removed_fraction: float = 0.0
    variant_fraction: float = 0.0
    hard_fraction: float = 0.0
    answerable_fraction: float = 1.0
    init_onnx: str = ""
    epochs: int = 0
    seed: int = 13
    save_every: int = 150
    eval_every: int = 300
    eval_questions: int = 200
    log_every: int = 20
    keep_checkpoints: int = 3
