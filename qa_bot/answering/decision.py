"""The answer-or-decline decision: one score from the reader and retrieval, two thresholds.

The score is a logistic combination of four signals, each with an absolute meaning (min-max
normalised retrieval scores have none: the best passage always scores 1):

- ``margin``: the reader's best span logit minus its null ([CLS]) logit, over ``margin_scale``
  (the SQuAD 2.0 no-answer rule; sigmoid(margin) was the reader's old confidence);
- ``dense``: the raw cosine between the question and the passage the answer comes from;
- ``passage_words``: the share of the question's content words (BM25 stems) in that passage;
- ``library_words``: the share of them found anywhere in the library (a question whose words
  the library barely contains is about something else).

The weights are fitted by ``python -m qa_bot.training.calibrate_decision`` and stored in the
reader's ``reader.json`` (``decision``), because they depend on the reader's margins. Above the
upper threshold an answer is confident, between the two it is given with a caveat (hedged),
below the lower one the bot declines.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qa_bot.errors import ModelLoadError
from qa_bot.types import Hit, Span

FEATURES = ("margin", "dense", "passage_words", "library_words")
MARGIN_CLIP = 10.0


class Verdict(enum.Enum):
    """What the bot does with its best candidate."""

    CONFIDENT = "confident"
    HEDGED = "hedged"
    DECLINED = "declined"


@dataclass(frozen=True)
class Signals:
    """The decision's inputs for one question's best candidate."""

    margin: float
    dense: float
    passage_words: float
    library_words: float

    def vector(self) -> tuple[float, ...]:
        """The signals in ``FEATURES`` order, the margin clipped to ±MARGIN_CLIP."""
        margin = max(-MARGIN_CLIP, min(MARGIN_CLIP, self.margin))
        return (margin, self.dense, self.passage_words, self.library_words)


@dataclass(frozen=True)
class DecisionModel:
    """score = sigmoid(bias + weights · signals); weights in ``FEATURES`` order."""

    weights: tuple[float, ...] = (1.0, 0.0, 0.0, 0.0)  # unfitted: the reader's sigmoid(margin)
    bias: float = 0.0

    def score(self, signals: Signals) -> float:
        """The probability-like answer score in [0, 1]."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, signals.vector(), strict=True))
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    def to_json(self) -> dict[str, Any]:
        """The ``decision`` block of ``reader.json``."""
        return {
            "features": list(FEATURES),
            "weights": dict(zip(FEATURES, self.weights, strict=True)),
            "bias": self.bias,
        }


def decision_model(raw: Mapping[str, Any] | None) -> DecisionModel:
    """Read the ``decision`` block of ``reader.json``; the unfitted model when it is absent."""
    if raw is None:
        return DecisionModel()
    try:
        weights = raw["weights"]
        model = DecisionModel(tuple(float(weights[name]) for name in FEATURES), float(raw["bias"]))
    except (KeyError, TypeError, ValueError) as error:
        raise ModelLoadError(
            f"reader.json: the decision block is malformed ({error!r}); rerun "
            "python -m qa_bot.training.calibrate_decision"
        ) from error
    if not all(math.isfinite(w) for w in (*model.weights, model.bias)):
        raise ModelLoadError("reader.json: the decision weights must be finite numbers")
    return model


def word_share(asked: set[str], found: set[str] | Mapping[str, int]) -> float:
    """Share of the question's content words that occur in ``found`` (0 for none asked)."""
    if not asked:
        return 0.0
    return sum(1 for word in asked if word in found) / len(asked)


def signals_for(
    best: Span,
    hits: Sequence[Hit],
    asked: set[str],
    passage_tokens: set[str],
    library_words: float,
) -> Signals:
    """The signals of ``best`` read from ``hits`` (``passage_tokens``: its passage's stems)."""
    own = next((hit for hit in hits if hit.chunk.id == best.chunk_id), None)
    dense = own.dense_score if own is not None and own.dense_score is not None else 0.0
    return Signals(
        margin=best.margin if best.margin is not None else 0.0,
        dense=float(dense),
        passage_words=word_share(asked, passage_tokens),
        library_words=library_words,
    )


def verdict(score: float, lower: float, upper: float) -> Verdict:
    """Confident at or above ``upper``, hedged from ``lower``, declined below ``lower``."""
    if score < lower:
        return Verdict.DECLINED
    return Verdict.CONFIDENT if score >= max(lower, upper) else Verdict.HEDGED
