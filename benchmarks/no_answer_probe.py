"""How well can a reader's own signals tell SQuAD 2.0's unanswerable questions apart?

Reads every dev question over its gold paragraph with one or more readers, records the signals a
no-answer decision could use (best span and [CLS] logits, their margin, the runner-up span, the
spread of span scores, answer length, words of the question missing from the paragraph, overlap
with the answer's sentence), then compares deciding on the margin alone with classifiers trained
on all the signals, fitted on half of the articles and scored on the other half (2-fold, split
by article). The figure reported for each is issue 4's: NoAns accuracy at the highest threshold
that keeps HasAns F1 within 5 points of never declining.

    python benchmarks/no_answer_probe.py                  # the shipped ONNX reader
    python benchmarks/no_answer_probe.py --torch-dir CKPT --torch-dir CKPT2   # checkpoints too

Needs scikit-learn (a dependency of sentence-transformers).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from qa_bot.answering.acronyms import spelled_out
from qa_bot.answering.span_decoding import top_spans
from qa_bot.evaluation.metrics import score_question
from qa_bot.training.data import read_squad
from qa_bot.training.negatives import content_words

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "data" / "squad-v2.0-dev.json.gz"
Logits = Callable[[dict[str, np.ndarray]], tuple[np.ndarray, np.ndarray]]
SIGNALS = (
    "best",
    "null",
    "margin",
    "runner_up",
    "top_share",
    "entropy",
    "answer_tokens",
    "question_words",
    "missing_words",
    "sentence_overlap",
    "windows",
)


@dataclass(frozen=True)
class Reading:
    """One question read over its gold paragraph by one reader."""

    qid: str
    article: int
    answerable: bool
    text: str
    f1: float
    signals: tuple[float, ...]


def onnx_logits(model_dir: Path) -> tuple[Logits, Any]:
    """A logits function over the ONNX reader in ``model_dir``, and its tokenizer."""
    from qa_bot.answering.neural_reader import NeuralReader
    from qa_bot.config import ReaderSettings

    loaded = NeuralReader(ReaderSettings(), model_dir)._load()

    def run(feeds: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        start, end = loaded.session.run(["start_logits", "end_logits"], feeds)
        return start, end

    return run, loaded.tokenizer


def torch_logits(checkpoint: Path, tokenizer_dir: Path) -> tuple[Logits, Any]:
    """A logits function over a training checkpoint (fp32 torch), and the reader's tokenizer."""
    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer

    model = AutoModelForQuestionAnswering.from_pretrained(str(checkpoint)).eval()

    def run(feeds: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        with torch.no_grad():
            out = model(**{k: torch.from_numpy(v) for k, v in feeds.items()})
        return out.start_logits.numpy(), out.end_logits.numpy()

    return run, AutoTokenizer.from_pretrained(str(tokenizer_dir))


def _sentence_of(context: str, offset: int) -> str:
    for match in re.finditer(r"[^.!?]+[.!?]*", context):
        if match.start() <= offset < match.end():
            return match.group()
    return context


def read_one(run: Logits, tokenizer: Any, question: str, context: str) -> tuple[str, list[float]]:
    """The best span of ``context`` for ``question`` and the no-answer signals around it.

    The question is read as the shipped reader reads it against a passage: an acronym the
    passage spells out stands as its words (``qa_bot.answering.acronyms``).
    """
    encoded = tokenizer(
        [spelled_out(question, context)],
        [context],
        truncation="only_second",
        max_length=256,
        stride=64,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
        padding=True,
        return_tensors="np",
    )
    keys = ("input_ids", "attention_mask", "token_type_ids")
    start, end = run({key: encoded[key].astype(np.int64) for key in keys})
    null = min(float(start[w, 0] + end[w, 0]) for w in range(len(start)))
    spans: list[tuple[float, int, int, int]] = []
    for window in range(len(start)):
        mask = np.array([sid == 1 for sid in encoded.sequence_ids(window)])
        offsets = encoded["offset_mapping"][window]
        for span in top_spans(start[window], end[window], mask, 30)[:20]:
            first, last = int(offsets[span.start][0]), int(offsets[span.end][1])
            spans.append((span.logit, first, last, span.end - span.start + 1))
    spans.sort(reverse=True)
    best = spans[0]
    apart = [s for s in spans[1:] if s[2] <= best[1] or s[1] >= best[2]]
    runner_up = apart[0][0] - null if apart else -20.0
    scores = np.array([s[0] for s in spans[:20]])
    share = np.exp(scores - scores.max())
    share /= share.sum()
    asked = content_words(question)
    missing = len(asked - content_words(context))
    overlap = len(asked & content_words(_sentence_of(context, best[1]))) / max(1, len(asked))
    signals = [
        best[0],
        null,
        best[0] - null,
        runner_up,
        float(share[0]),
        float(-(share * np.log(share + 1e-12)).sum()),
        float(best[3]),
        float(len(asked)),
        float(missing),
        overlap,
        float(len(start)),
    ]
    return context[best[1] : best[2]], signals


def read_dev(
    articles: Sequence[dict[str, Any]], run: Logits, tokenizer: Any, per_article: int | None = None
) -> list[Reading]:
    """Read every question (or the first ``per_article`` of each article) over its paragraph."""
    readings: list[Reading] = []
    for article_index, article in enumerate(articles):
        taken = 0
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            for qa in paragraph["qas"]:
                if per_article is not None and taken >= per_article:
                    break
                taken += 1
                answers = tuple(a["text"] for a in qa.get("answers", []))
                text, signals = read_one(run, tokenizer, qa["question"].strip(), context)
                f1 = score_question(text, answers)[1] if answers else 0.0
                readings.append(
                    Reading(qa["id"], article_index, bool(answers), text, f1, tuple(signals))
                )
    return readings


def noans_within_5(score: np.ndarray, answerable: np.ndarray, f1: np.ndarray) -> dict[str, float]:
    """NoAns accuracy at the highest threshold keeping HasAns F1 within 5 points of answering all.

    A question is answered when its score is at least the threshold; F1 is on a 0-1 scale.
    """
    full = 100 * f1[answerable].mean()
    chosen = {"threshold": float("-inf"), "HasAns_f1": full, "NoAns_acc": 0.0}
    for threshold in np.unique(score):
        answered = score >= threshold
        has_f1 = 100 * (f1 * answered)[answerable].mean()
        if has_f1 < full - 5.0:
            break
        noans = 100 * (~answered)[~answerable].mean()
        chosen = {"threshold": float(threshold), "HasAns_f1": has_f1, "NoAns_acc": noans}
    return {"HasAns_f1_all": full, **chosen}


def cross_fitted(
    features: np.ndarray, answerable: np.ndarray, articles: np.ndarray, make: Callable[[], Any]
) -> np.ndarray:
    """Out-of-fold P(answerable): fit on half of the articles, predict the other half, and back."""
    rng = np.random.default_rng(0)
    order = rng.permutation(np.unique(articles))
    predicted = np.zeros(len(answerable))
    for fold in (order[0::2], order[1::2]):
        held = np.isin(articles, fold)
        model = make()
        model.fit(features[~held], answerable[~held])
        predicted[held] = model.predict_proba(features[held])[:, 1]
    return predicted


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def probe(readers: Sequence[Sequence[Reading]]) -> dict[str, dict[str, float]]:
    """Margin alone (first reader) against classifiers over every reader's signals."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    first = readers[0]
    answerable = np.array([r.answerable for r in first])
    f1 = np.array([r.f1 for r in first])
    articles = np.array([r.article for r in first])
    columns = [np.array([r.signals for r in readings]) for readings in readers]
    agree = [
        np.array([[float(_same(a.text, b.text))] for a, b in zip(first, r, strict=True)])
        for r in readers[1:]
    ]
    features = np.hstack(columns + agree)
    margin = columns[0][:, SIGNALS.index("margin")]
    scores = {
        "margin (reader 1 alone)": margin,
        "logistic regression, 2-fold by article": cross_fitted(
            features,
            answerable,
            articles,
            lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        ),
        "gradient boosting, 2-fold by article": cross_fitted(
            features,
            answerable,
            articles,
            lambda: HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05),
        ),
    }
    if len(readers) > 1:
        scores["mean margin of all readers"] = np.mean(
            [c[:, SIGNALS.index("margin")] for c in columns], axis=0
        )
    report = {}
    for name, score in scores.items():
        report[name] = {
            "AUC": float(roc_auc_score(answerable, score)),
            **noans_within_5(score, answerable, f1),
        }
    return report


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--model-dir", type=Path, default=ROOT / "qa_bot" / "models" / "reader")
    parser.add_argument("--no-onnx", action="store_true", help="only the --torch-dir checkpoints")
    parser.add_argument("--torch-dir", type=Path, action="append", default=[])
    parser.add_argument("--per-article", type=int, default=None, help="first N of each (tests)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    articles = read_squad(args.dev)
    runners = [] if args.no_onnx else [(str(args.model_dir), onnx_logits(args.model_dir))]
    runners += [(str(d), torch_logits(d, args.model_dir)) for d in args.torch_dir]
    readers = []
    for name, (run, tokenizer) in runners:
        began = time.perf_counter()
        readers.append(read_dev(articles, run, tokenizer, args.per_article))
        logger.info(
            "read %d questions with %s in %.0f s",
            len(readers[-1]),
            name,
            time.perf_counter() - began,
        )
    report = {"readers": [name for name, _ in runners], "questions": len(readers[0])}
    report["results"] = probe(readers)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out is not None:
        args.out.write_text(text + "\n")
        rows = [asdict(r) for r in readers[0]]
        args.out.with_suffix(".readings.json").write_text(json.dumps(rows))


if __name__ == "__main__":
    main()
