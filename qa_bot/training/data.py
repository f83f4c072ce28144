"""SQuAD loading, negative sampling and windowed feature building for the span reader."""

from __future__ import annotations

import gzip
import json
import logging
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_bot.training.negatives import (
    article_entities,
    closest_other_paragraph,
    content_words,
    unanswerable_variant,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QaExample:
    """One question over one paragraph; ``answer_start is None`` when it is unanswerable there."""

    qid: str
    question: str
    context: str
    answer_text: str
    answer_start: int | None
    answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feature:
    """One tokenized window; ``start == end == 0`` points at [CLS] (no answer in the window)."""

    example_index: int
    input_ids: tuple[int, ...]
    token_type_ids: tuple[int, ...]
    start: int
    end: int


def read_squad(path: str | Path) -> list[dict[str, Any]]:
    """Return the ``data`` list (articles) of a SQuAD JSON file, gzipped or not."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return list(json.load(handle)["data"])


def _iter_questions(
    articles: Sequence[dict[str, Any]],
) -> Iterator[tuple[int, int, dict[str, Any]]]:
    for a_index, article in enumerate(articles):
        for p_index, paragraph in enumerate(article["paragraphs"]):
            for qa in paragraph["qas"]:
                yield a_index, p_index, qa


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def without_answer_sentence(context: str, start: int, answer: str) -> str | None:
    """The paragraph without the sentence(s) holding ``answer``; None if too little is left.

    A hard negative in the SQuAD 2.0 spirit: same topic and style, the answer itself gone.
    """
    end = start + len(answer)
    kept: list[str] = []
    position = 0
    for piece in _SENTENCE_BREAK.split(context):
        begin = context.find(piece, position)
        position = begin + len(piece)
        if begin < end and position > start:
            continue
        kept.append(piece)
    rest = " ".join(kept)
    if len(kept) < 2 or answer.lower() in rest.lower():
        return None
    return rest


def training_examples(
    articles: Sequence[dict[str, Any]],
    negative_fraction: float,
    seed: int,
    removed_fraction: float = 0.0,
    variant_fraction: float = 0.0,
    hard_fraction: float = 0.0,
    answerable_fraction: float = 1.0,
) -> list[QaExample]:
    """Every question, shuffled once; answerable ones followed with some probability by negatives.

    Real unanswerable questions (SQuAD 2.0's ``is_impossible``) are kept over their own paragraph,
    labelled at [CLS]. ``answerable_fraction`` keeps that share of the answerable questions (with
    their negatives), to balance a fine-tune towards the unanswerable ones.

    A negative pairs the question with another paragraph of the same article (SQuAD 2.0 style,
    probability ``negative_fraction``) or with its own paragraph minus the answer's sentence
    (probability ``removed_fraction``) or as a close variant it no longer answers over its own
    paragraph (probability ``variant_fraction``; see ``negatives.unanswerable_variant``) or with
    the article's paragraph closest to it in words that does not hold the answer (probability
    ``hard_fraction``; see ``negatives.closest_other_paragraph``).
    """
    rng = random.Random(seed)
    items = list(_iter_questions(articles))
    rng.shuffle(items)
    examples: list[QaExample] = []
    entities: dict[int, list[str]] = {}
    words: dict[int, list[frozenset[str]]] = {}
    for a_index, p_index, qa in items:
        paragraphs = articles[a_index]["paragraphs"]
        context = paragraphs[p_index]["context"]
        if qa.get("is_impossible") or not qa.get("answers"):
            examples.append(QaExample(qa["id"], qa["question"], context, "", None))
            continue
        if answerable_fraction < 1.0 and rng.random() >= answerable_fraction:
            continue
        answer = qa["answers"][0]
        examples.append(
            QaExample(qa["id"], qa["question"], context, answer["text"], answer["answer_start"])
        )
        others = [i for i in range(len(paragraphs)) if paragraphs[i]["context"] != context]
        if others and rng.random() < negative_fraction:
            other = paragraphs[rng.choice(others)]["context"]
            examples.append(QaExample(qa["id"] + "-neg", qa["question"], other, "", None))
        if hard_fraction > 0 and rng.random() < hard_fraction:
            texts = [p["context"] for p in paragraphs]
            if a_index not in words:
                words[a_index] = [content_words(text) for text in texts]
            hard = closest_other_paragraph(
                qa["question"], words[a_index], texts, p_index, answer["text"]
            )
            if hard is not None:
                examples.append(
                    QaExample(qa["id"] + "-hard", qa["question"], texts[hard], "", None)
                )
        if variant_fraction > 0 and rng.random() < variant_fraction:
            if a_index not in entities:
                entities[a_index] = article_entities([p["context"] for p in paragraphs])
            variant = unanswerable_variant(qa["question"], context, entities[a_index], rng)
            if variant is not None:
                examples.append(QaExample(qa["id"] + "-var", variant, context, "", None))
        if removed_fraction > 0 and rng.random() < removed_fraction:
            rest = without_answer_sentence(context, answer["answer_start"], answer["text"])
            if rest is not None:
                examples.append(QaExample(qa["id"] + "-cut", qa["question"], rest, "", None))
    return examples


def dev_examples(articles: Sequence[dict[str, Any]]) -> list[QaExample]:
    """All questions of a SQuAD (2.0) dev file over their gold paragraph, in file order."""
    examples: list[QaExample] = []
    for a_index, p_index, qa in _iter_questions(articles):
        context = articles[a_index]["paragraphs"][p_index]["context"]
        answers = tuple(answer["text"] for answer in qa.get("answers", []))
        if answers:
            first = qa["answers"][0]
            examples.append(
                QaExample(
                    qa["id"], qa["question"], context, first["text"], first["answer_start"], answers
                )
            )
        else:
            examples.append(QaExample(qa["id"], qa["question"], context, "", None, ()))
    return examples


def _token_span(
    offsets: Sequence[tuple[int, int]], sequence_ids: Sequence[int | None], start: int, end: int
) -> tuple[int, int]:
    """Token indices of answer characters [start, end) in one window; (0, 0) if not inside."""
    context_tokens = [i for i, sid in enumerate(sequence_ids) if sid == 1]
    if not context_tokens:
        return 0, 0
    first, last = context_tokens[0], context_tokens[-1]
    if offsets[first][0] > start or offsets[last][1] < end:
        return 0, 0
    token_start = first
    while token_start <= last and offsets[token_start][1] <= start:
        token_start += 1
    token_end = last
    while token_end >= first and offsets[token_end][0] >= end:
        token_end -= 1
    if token_start > token_end:
        return 0, 0
    return token_start, token_end


def build_features(
    tokenizer: Any, examples: Sequence[QaExample], max_length: int, stride: int
) -> list[Feature]:
    """Tokenize question + context into overlapping windows with answer token labels."""
    features: list[Feature] = []
    batch = 256
    for begin in range(0, len(examples), batch):
        chunk = examples[begin : begin + batch]
        encoded = tokenizer(
            [example.question.lstrip() for example in chunk],
            [example.context for example in chunk],
            truncation="only_second",
            max_length=max_length,
            stride=stride,
            return_overflowing_tokens=True,
            return_offsets_mapping=True,
            padding=False,
        )
        for window, local_index in enumerate(encoded["overflow_to_sample_mapping"]):
            example = chunk[local_index]
            start = end = 0
            if example.answer_start is not None:
                start, end = _token_span(
                    encoded["offset_mapping"][window],
                    encoded.sequence_ids(window),
                    example.answer_start,
                    example.answer_start + len(example.answer_text),
                )
            features.append(
                Feature(
                    begin + local_index,
                    tuple(encoded["input_ids"][window]),
                    tuple(encoded["token_type_ids"][window]),
                    start,
                    end,
                )
            )
    return features


def length_grouped_batches(
    lengths: Sequence[int], batch_size: int, seed: int, group_batches: int = 50
) -> list[list[int]]:
    """Batches of indices of similar length (less padding), in a seeded random order."""
    rng = random.Random(seed)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches: list[list[int]] = []
    group = batch_size * group_batches
    for begin in range(0, len(order), group):
        members = sorted(order[begin : begin + group], key=lambda i: lengths[i])
        batches.extend(members[i : i + batch_size] for i in range(0, len(members), batch_size))
    rng.shuffle(batches)
    return batches
