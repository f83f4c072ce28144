"""The question as the reader reads it against one passage, without words naming its article.

"Who plays Missy in We Can Be Heroes?" asked of a passage of the *We Can Be Heroes* article that
does not repeat the film's name: the trailing "in We Can Be Heroes" names the article the passage
comes from and nothing in the passage, and a span reader then looks for a span near words it
cannot find (on seeds/ it answered "Rhiannon", the name nearest "Missy", instead of the actor in
parentheses). Retrieval already credits such words to every passage of the article
(``retrieval.title_credit``); this is the same idea for reading. The phrase is left out only when
it ends the question after a preposition, names something (a capitalised word or a number), is
a run of words of the article's title, and does not occur in the passage itself.
"""

from __future__ import annotations

import re
import unicodedata

_PREPOSITION = re.compile(r"\s+(?:in|of|from|for|about|on|at|during|behind)\s+", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_ENDING = " \t\r\n?!."
MIN_WORDS_LEFT = 3
# "How many museums are in Warsaw?" cannot lose "in Warsaw": the verb needs it.
_BARE_VERB_END = re.compile(
    r"\b(?:is|are|was|were|be|been|being|lies|lie|located)\s*$", re.IGNORECASE
)


def _words(text: str) -> list[str]:
    """Lower-cased words, accents folded and apostrophes dropped ("Rodriguez’s" -> rodriguezs)."""
    folded = unicodedata.normalize("NFKD", text.lower()).replace("’", "").replace("'", "")
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


def _contains_run(haystack: list[str], needle: list[str]) -> bool:
    """True when ``needle`` occurs in ``haystack`` as consecutive words."""
    size = len(needle)
    return size > 0 and any(
        haystack[i : i + size] == needle for i in range(len(haystack) - size + 1)
    )


def _names_something(phrase: str) -> bool:
    return any(word[:1].isupper() or word[:1].isdigit() for word in phrase.split())


def reading_question(question: str, title: str | None, passage: str) -> str:
    """``question`` without a trailing phrase naming ``title``'s article that ``passage`` lacks.

    Returns the question unchanged when no such phrase ends it, or when leaving it out would
    leave fewer than ``MIN_WORDS_LEFT`` words or a verb that needs it ("How many are in X?").
    """
    if not title:
        return question
    body_end = len(question.rstrip(_ENDING))
    ending = question[body_end:]
    title_words = _words(title)
    passage_words: list[str] | None = None
    for match in _PREPOSITION.finditer(question, 0, body_end):
        phrase = question[match.end() : body_end]
        words = _words(phrase)
        if words[:1] == ["the"]:
            words = words[1:]
        if not words or not _names_something(phrase) or not _contains_run(title_words, words):
            continue
        if passage_words is None:
            passage_words = _words(passage)
        if _contains_run(passage_words, words):
            return question
        kept = question[: match.start()]
        if len(kept.split()) < MIN_WORDS_LEFT or _BARE_VERB_END.search(kept):
            return question
        return kept + ending.strip()
    return _without_modifiers(question, title_words, passage)


# "the Patagonian ice core project": modifiers before the noun a "the …" phrase ends with
_THE_PHRASE = re.compile(r"\bthe\s+((?:[\w'’-]+\s+){1,3})(?=([a-z][\w-]*)\b)")
_LINKING = frozenset({"of", "in", "on", "at", "for", "to", "from", "by", "with", "and", "or", "a"})
STEM = 6  # letters two words share to count as one ("Patagonian", "Patagonia's")


def _title_word(word: str, title_words: list[str]) -> bool:
    """True when ``word`` is a word of the title, or shares its first ``STEM`` letters."""
    return any(word == t or len(word) >= STEM and word[:STEM] == t[:STEM] for t in title_words)


def _without_modifiers(question: str, title_words: list[str], passage: str) -> str:
    """``question`` without the modifiers of a "the …" phrase that the passage lacks.

    Only when one of them is a capitalised word of the article's title, none is a linking word
    ("the founder of Brightwater") and the passage speaks of "the <noun>" itself: "How much
    did the Patagonian ice core project cost?" reads "How much did the project cost?" against a
    passage that says "the project cost US$2.4 million" (the reader had found no answer there).
    """
    in_order = _words(passage)
    passage_words = set(in_order)
    for match in _THE_PHRASE.finditer(question):
        modifiers = match.group(1).split()
        folded = [_words(word) for word in modifiers]
        if any(not words or words[0] in passage_words | _LINKING for words in folded):
            continue
        if not _contains_run(in_order, ["the", match.group(2)]):
            continue  # the passage must speak of "the project" itself
        named = any(
            word[:1].isupper() and _title_word(words[0], title_words)
            for word, words in zip(modifiers, folded, strict=True)
        )
        if named:
            kept = question[: match.start(1)] + question[match.end(1) :]
            if len(kept.split()) >= MIN_WORDS_LEFT:
                return kept
    return question
