"""Quick dev EM/F1 of a torch span-reader model over gold paragraphs (used during training)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from qa_bot.answering.span_decoding import top_spans
from qa_bot.evaluation.metrics import score_question
from qa_bot.training.data import QaExample


def predict(
    model: Any, tokenizer: Any, example: QaExample, max_length: int, stride: int
) -> tuple[str, float]:
    """Best answer text over all windows and its logit margin over the [CLS] null score."""
    encoded = tokenizer(
        example.question.lstrip(),
        example.context,
        truncation="only_second",
        max_length=max_length,
        stride=stride,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        padding=True,
        return_tensors="pt",
    )
    device = next(model.parameters()).device
    names = ("input_ids", "attention_mask", "token_type_ids")
    with torch.no_grad():
        output = model(**{name: encoded[name].to(device) for name in names})
    starts = output.start_logits.float().cpu().numpy()
    ends = output.end_logits.float().cpu().numpy()
    best_text, best_logit, null = "", -np.inf, -np.inf
    for window in range(starts.shape[0]):
        sequence_ids = encoded.sequence_ids(window)
        mask = np.array([sid == 1 for sid in sequence_ids])
        null = max(null, float(starts[window, 0] + ends[window, 0]))
        spans = top_spans(starts[window], ends[window], mask, max_tokens=30)
        if spans and spans[0].logit > best_logit:
            offsets = encoded["offset_mapping"][window]
            best_logit = spans[0].logit
            best_text = example.context[
                int(offsets[spans[0].start][0]) : int(offsets[spans[0].end][1])
            ]
    return best_text, best_logit - null


def evaluate(
    model: Any, tokenizer: Any, examples: Sequence[QaExample], max_length: int, stride: int
) -> dict[str, float]:
    """Mean EM and F1 (percent) of the best span against the gold answers (answerable only)."""
    model.eval()
    em_total = f1_total = 0.0
    for example in examples:
        text, _ = predict(model, tokenizer, example, max_length, stride)
        em, f1 = score_question(text, example.answers)
        em_total += em
        f1_total += f1
    n = max(1, len(examples))
    return {"em": 100 * em_total / n, "f1": 100 * f1_total / n}
