"""Synthetic unanswerable questions: each kind of change leaves the paragraph unable to answer."""

from __future__ import annotations

import random

from qa_bot.training.negatives import (
    article_entities,
    closest_other_paragraph,
    content_words,
    unanswerable_variant,
)

CONTEXT = (
    "In 1066 the Normans under William the Conqueror invaded England. The largest battle was "
    "fought at Hastings, where Harold was killed."
)
OTHER = "Later, Henry of Anjou ruled Normandy and parts of France from Rouen."


def _variants(question: str, seeds: int = 40) -> set[str]:
    entities = article_entities([CONTEXT, OTHER])
    found = set()
    for seed in range(seeds):
        variant = unanswerable_variant(question, CONTEXT, entities, random.Random(seed))
        if variant is not None:
            found.add(variant)
    return found


def test_entities_are_names_not_sentence_starts() -> None:
    entities = article_entities([CONTEXT, OTHER])
    assert "William the Conqueror" in entities
    assert "Henry of Anjou" in entities
    assert "Later" not in entities and "The" not in entities


def test_entity_swap_brings_in_a_name_the_paragraph_lacks() -> None:
    variants = _variants("Who did the Normans under William the Conqueror defeat at Hastings?")
    swapped = [v for v in variants if "Hastings" not in v or "William the Conqueror" not in v]
    assert swapped
    for variant in swapped:
        assert any(name in variant for name in ("Henry of Anjou", "Normandy", "France", "Rouen"))


def test_number_change_picks_a_number_absent_from_the_paragraph() -> None:
    variants = [v for v in _variants("What happened in 1066?") if "1066" not in v]
    assert variants
    for variant in variants:
        year = next(word for word in variant.split() if word.rstrip("?").isdigit()).rstrip("?")
        assert year not in CONTEXT


def test_antonym_and_negation() -> None:
    variants = _variants("Where was the largest battle fought?")
    assert "Where was the smallest battle fought?" in variants
    assert "Where was not the largest battle fought?" in variants


def test_no_variant_when_nothing_can_change() -> None:
    assert _variants("Who did it?") == set()
    assert _variants("Why isn't it here?") == set()  # already negated, no aux to negate


PARAGRAPHS = [
    "The Normans invaded England in 1066 and won the battle at Hastings.",
    "The Normans built castles in England after the battle, such as the Tower of London.",
    "Normandy is a region of France with apples and cider.",
    "After the battle at Hastings the Normans crowned William in 1066 in England.",
]


def _closest(question: str, own: int, answer: str) -> int | None:
    words = [content_words(p) for p in PARAGRAPHS]
    return closest_other_paragraph(question, words, PARAGRAPHS, own, answer)


def test_hard_negative_is_the_closest_paragraph_without_the_answer() -> None:
    # Paragraph 3 shares the most words but holds the answer "1066"; paragraph 1 is next closest.
    assert _closest("When did the Normans win the battle in England?", 0, "1066") == 1
    assert _closest("What did the Normans build after the battle?", 1, "castles") == 3


def test_hard_negative_needs_two_shared_words() -> None:
    assert _closest("What drink is made from apples?", 2, "cider") is None
    assert "the" not in content_words("The Normans") and "normans" in content_words("The Normans")
