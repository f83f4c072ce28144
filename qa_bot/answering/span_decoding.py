"""Pure span decoding over start/end logits of one window (shared by inference and training)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TokenSpan:
    """A candidate span of one window: inclusive token indices and the summed logit."""

    start: int
    end: int
    logit: float


def top_spans(
    start_logits: np.ndarray,
    end_logits: np.ndarray,
    context_mask: np.ndarray,
    max_tokens: int,
    top_k: int = 20,
) -> list[TokenSpan]:
    """Best spans with start <= end < start + max_tokens over context tokens, best first."""
    masked_start = np.where(context_mask, start_logits, -np.inf)
    masked_end = np.where(context_mask, end_logits, -np.inf)
    k = min(top_k, int(context_mask.sum()))
    if k == 0:
        return []
    starts = np.argsort(-masked_start)[:k]
    ends = np.argsort(-masked_end)[:k]
    spans: list[TokenSpan] = []
    for s in starts:
        for e in ends:
            if e < s or e - s + 1 > max_tokens:
                continue
            spans.append(TokenSpan(int(s), int(e), float(start_logits[s] + end_logits[e])))
    spans.sort(key=lambda span: span.logit, reverse=True)
    return spans
