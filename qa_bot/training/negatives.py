"""Synthetic unanswerable questions for training the reader to decline (SQuAD 2.0 in spirit).

SQuAD 2.0's unanswerable questions were written against their paragraph: an entity swapped for
one the paragraph does not mention, a negation, an antonym. These rules make the same kinds of
question from answerable SQuAD 1.1 ones, so the reader learns that a plausible span is not
enough; the paragraph must actually answer the question.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

# "did"/"does" are left out: the negation would land before the subject ("When did not ...").
_AUXILIARIES = ("is", "are", "was", "were", "can", "could", "will", "would", "should", "must")
_AUX_PATTERN = re.compile(r"\b(" + "|".join(_AUXILIARIES) + r")\b(?! not\b)(?=\s+\w)", re.I)
_ANTONYMS = dict(
    pair
    for a, b in (
        ("first", "last"),
        ("largest", "smallest"),
        ("biggest", "smallest"),
        ("most", "least"),
        ("before", "after"),
        ("earliest", "latest"),
        ("increase", "decrease"),
        ("increased", "decreased"),
        ("north", "south"),
        ("east", "west"),
        ("northern", "southern"),
        ("eastern", "western"),
        ("highest", "lowest"),
        ("larger", "smaller"),
        ("more", "less"),
        ("oldest", "newest"),
        ("major", "minor"),
        ("won", "lost"),
        ("win", "lose"),
        ("began", "ended"),
        ("start", "end"),
        ("positive", "negative"),
        ("maximum", "minimum"),
        ("top", "bottom"),
        ("longest", "shortest"),
        ("early", "late"),
        ("best", "worst"),
        ("high", "low"),
        ("above", "below"),
        ("inside", "outside"),
        ("rise", "fall"),
        ("allowed", "banned"),
        ("accepted", "rejected"),
        ("success", "failure"),
        ("successful", "unsuccessful"),
        ("private", "public"),
        ("ancient", "modern"),
        ("internal", "external"),
        ("strongest", "weakest"),
        ("cheapest", "most expensive"),
    )
    for pair in ((a, b), (b, a))
)
_ANTONYM_PATTERN = re.compile(r"\b(" + "|".join(map(re.escape, _ANTONYMS)) + r")\b", re.I)
_ENTITY = re.compile(r"\b(?:[A-Z][a-zA-Z'\-]+)(?:\s+(?:of\s+|the\s+)?[A-Z][a-zA-Z'\-]+)*")
_NUMBER = re.compile(r"\b\d{1,4}\b")
_WORD = re.compile(r"\w+")
_STOPWORDS = frozenset(
    "a an and are as at be by did do does for from had has have how in is it its of on or"  # noqa: SIM905
    " that the their this to was were what when where which who whom whose why with".split()
)


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of ``text`` without the commonest function words."""
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS)


def closest_other_paragraph(
    question: str,
    paragraph_words: Sequence[frozenset[str]],
    paragraphs: Sequence[str],
    own: int,
    answer: str,
) -> int | None:
    """The other paragraph sharing most of the question's words and not holding ``answer``.

    This is a hard negative: on topic and lexically close, so declining on it cannot rest on
    the question's words being absent, as it can for a random paragraph of the article.
    """
    asked = content_words(question)
    best, best_overlap = None, 1  # at least two shared words
    for index, words in enumerate(paragraph_words):
        if index == own or answer.lower() in paragraphs[index].lower():
            continue
        overlap = len(asked & words)
        if overlap > best_overlap:
            best, best_overlap = index, overlap
    return best


def article_entities(paragraphs: Sequence[str]) -> list[str]:
    """Capitalised phrases of an article (candidates to swap into its questions)."""
    lowercase = {word for text in paragraphs for word in re.findall(r"\b[a-z][a-z'\-]*\b", text)}
    found: dict[str, None] = {}
    for text in paragraphs:
        for match in _ENTITY.finditer(text):
            name = match.group()
            opens_sentence = not text[: match.start()].strip() or text[
                : match.start()
            ].rstrip().endswith((".", "!", "?", '"', ":"))
            single = " " not in name
            if single and (opens_sentence or len(name) <= 3 or name.lower() in lowercase):
                continue
            found.setdefault(name, None)
    return list(found)


def _swap_entity(
    question: str, context: str, entities: Sequence[str], rng: random.Random
) -> str | None:
    """Replace a name the paragraph mentions with one from the article that it does not."""
    mentioned = [m for m in _ENTITY.finditer(question) if m.start() > 0 and m.group() in context]
    pool = [e for e in entities if e not in context and e not in question]
    if not mentioned or not pool:
        return None
    target = rng.choice(mentioned)
    return question[: target.start()] + rng.choice(pool) + question[target.end() :]


def _swap_number(question: str, context: str, rng: random.Random) -> str | None:
    numbers = [m for m in _NUMBER.finditer(question) if m.group() in context]
    if not numbers:
        return None
    target = rng.choice(numbers)
    value = int(target.group())
    for _ in range(10):
        other = str(value + rng.choice((-1, 1)) * rng.randint(1, 40 if value > 1000 else 9))
        if int(other) > 0 and other not in context:
            return question[: target.start()] + other + question[target.end() :]
    return None


def _negate(question: str) -> str | None:
    if re.search(r"\bnot\b|n't\b|\bnever\b", question, re.I):
        return None
    match = _AUX_PATTERN.search(question)
    if match is None:
        return None
    return question[: match.end()] + " not" + question[match.end() :]


def _antonym(question: str) -> str | None:
    match = _ANTONYM_PATTERN.search(question)
    if match is None:
        return None
    word = match.group()
    other = _ANTONYMS[word.lower()]
    if word[0].isupper():
        other = other[0].upper() + other[1:]
    return question[: match.start()] + other + question[match.end() :]


def unanswerable_variant(
    question: str, context: str, entities: Sequence[str], rng: random.Random
) -> str | None:
    """A close variant of ``question`` that ``context`` no longer answers, or None.

    Tries the kinds of change in a random order: entity swap, number change, antonym, negation.
    """
    makers = [
        lambda: _swap_entity(question, context, entities, rng),
        lambda: _swap_number(question, context, rng),
        lambda: _antonym(question),
        lambda: _negate(question),
    ]
    rng.shuffle(makers)
    for make in makers:
        variant = make()
        if variant is not None and variant != question:
            return variant
    return None
