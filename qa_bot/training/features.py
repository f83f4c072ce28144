"""Training windows for a run: built once from the SQuAD file, cached as flat arrays, collated."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import torch

from qa_bot.training.data import Feature, build_features, read_squad, training_examples
from qa_bot.training.run_config import RunConfig

logger = logging.getLogger(__name__)


def training_features(config: RunConfig, tokenizer: Any) -> list[Feature]:
    """Windows for ``pool_steps`` batches, from a seeded shuffle of all questions.

    The pool does not depend on ``total_steps``, so the schedule can be changed on resume
    without changing the data order.
    """
    examples = training_examples(
        read_squad(config.train),
        config.negative_fraction,
        config.seed,
        config.removed_fraction,
        config.variant_fraction,
        config.hard_fraction,
        config.answerable_fraction,
    )
    needed = max(config.pool_steps, config.total_steps) * config.batch_size
    if config.epochs > 0:
        needed = len(examples) * 4  # every window of every example
    features: list[Feature] = []
    taken = 0
    while len(features) < needed and taken < len(examples):
        chunk = examples[taken : taken + 2000]
        for feature in build_features(tokenizer, chunk, config.max_length, config.stride):
            features.append(
                Feature(
                    feature.example_index + taken,
                    feature.input_ids,
                    feature.token_type_ids,
                    feature.start,
                    feature.end,
                )
            )
        taken += len(chunk)
    negatives = sum(1 for f in features if f.start == 0)
    logger.info(
        "built %d windows from %d of %d examples (%d labelled [CLS]); need %d",
        len(features),
        taken,
        len(examples),
        negatives,
        needed,
    )
    return features


def cache_key(config: RunConfig) -> str:
    """What the cached windows depend on (not the schedule, so it can change on resume)."""
    fields = asdict(config)
    kept: tuple[str, ...] = ("train", "pool_steps", "batch_size", "max_length", "stride")
    kept += ("negative_fraction",)
    kept += ("seed", "removed_fraction", "variant_fraction", "hard_fraction", "epochs")
    if config.answerable_fraction != 1.0:  # keeps the keys of older runs' caches valid
        kept += ("answerable_fraction",)
    chosen = {name: fields[name] for name in kept}
    chosen["steps"] = "all" if config.epochs else max(config.pool_steps, config.total_steps)
    return json.dumps(chosen, sort_keys=True)


def save_feature_cache(path: Path, key: str, features: list[Feature]) -> None:
    """Store windows as flat arrays so a resume does not tokenize again."""
    lengths = np.array([len(f.input_ids) for f in features], dtype=np.int32)
    np.savez(
        path,
        key=np.array(key),
        lengths=lengths,
        ids=np.concatenate([np.array(f.input_ids, dtype=np.int32) for f in features]),
        types=np.concatenate([np.array(f.token_type_ids, dtype=np.int8) for f in features]),
        labels=np.array([(f.example_index, f.start, f.end) for f in features], dtype=np.int64),
    )


def load_feature_cache(path: Path, key: str) -> list[Feature] | None:
    """The cached windows, or None when the file is missing or was built for other settings."""
    if not path.exists():
        return None
    with np.load(path) as data:
        if str(data["key"]) != key:
            return None
        bounds = np.concatenate([[0], np.cumsum(data["lengths"])])
        ids, types, labels = data["ids"].tolist(), data["types"].tolist(), data["labels"].tolist()
    return [
        Feature(
            labels[i][0],
            tuple(ids[bounds[i] : bounds[i + 1]]),
            tuple(types[bounds[i] : bounds[i + 1]]),
            labels[i][1],
            labels[i][2],
        )
        for i in range(len(labels))
    ]


def cached_features(run_dir: Path, config: RunConfig, tokenizer: Any) -> list[Feature]:
    """Training windows from the run folder's cache, building (and caching) them if needed."""
    path = run_dir / "features.npz"
    key = cache_key(config)
    features = load_feature_cache(path, key)
    if features is None:
        features = training_features(config, tokenizer)
        save_feature_cache(path, key, features)
    else:
        logger.info("loaded %d cached windows from %s", len(features), path)
    return features


def collate(features: list[Feature], batch: list[int]) -> dict[str, torch.Tensor]:
    """Dynamic padding to the longest window of the batch."""
    width = max(len(features[i].input_ids) for i in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, index in enumerate(batch):
        feature = features[index]
        n = len(feature.input_ids)
        ids[row, :n] = torch.tensor(feature.input_ids)
        types[row, :n] = torch.tensor(feature.token_type_ids)
        mask[row, :n] = 1
    return {
        "input_ids": ids,
        "token_type_ids": types,
        "attention_mask": mask,
        "start_positions": torch.tensor([features[i].start for i in batch]),
        "end_positions": torch.tensor([features[i].end for i in batch]),
    }
