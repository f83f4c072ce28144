"""A bare "How many in 2025?" after "Which district had the most hospital admissions?".

A chat counts what the last question ranked: "Which Port Ellery district had the most
heat-related hospital admissions?" "Harbourside." "How many in 2025?" asks how many
heat-related hospital admissions Harbourside had in 2025. A "How many" with no noun of its own
takes the things the last question ranked ("the most …", "the highest number of …") and the
name that answered it.
"""

from __future__ import annotations

import re

from qa_bot.answering.names import names
from qa_bot.answering.referents import Turn

__all__ = ["BARE_HOW_MANY", "how_many_of"]

_TAIL_WORDS = r"(?:in|on|at|during|by|for|since|before|after|last|this|that|so\s+far)"
# "How many?", "How many in 2025?", "And how many last year?": no noun counted
BARE_HOW_MANY = re.compile(
    rf"^\W*(?:(?:and|so|but)\s+)?how\s+many(?P<tail>\s+{_TAIL_WORDS}\b[^?]*)?\s*\??\s*$", re.I
)
_RANKED = re.compile(
    r"^\W*(?:which|what)\s+[^?]*?\b(?P<verb>[a-z]+)\s+the\s+"
    r"(?:most|fewest|highest\s+number\s+of|largest\s+number\s+of|greatest\s+number\s+of|"
    r"lowest\s+number\s+of|smallest\s+number\s+of)\s+(?P<things>[^?]+?)"
    rf"(?P<tail>\s+{_TAIL_WORDS}\b[^?]*)?\s*\??\s*$",
    re.I,
)
# the verbs a ranking question uses, in the form that follows "did"
_BASE = {
    "had": "have",
    "has": "have",
    "have": "have",
    "saw": "see",
    "sees": "see",
    "got": "get",
    "gets": "get",
    "won": "win",
    "wins": "win",
    "lost": "lose",
    "loses": "lose",
    "recorded": "record",
    "records": "record",
    "reported": "report",
    "reports": "report",
    "received": "receive",
    "receives": "receive",
    "scored": "score",
    "scores": "score",
    "sold": "sell",
    "sells": "sell",
    "attracted": "attract",
    "drew": "draw",
    "carried": "carry",
    "carries": "carry",
}


def how_many_of(question: str, last: Turn) -> str | None:
    """The bare "How many …?" as a whole question about what ``last`` ranked, or None."""
    bare = BARE_HOW_MANY.match(question)
    if bare is None or not last.answer:
        return None
    ranked = _RANKED.match(last.question)
    answer = re.sub(r"^(?:the)\s+", "", last.answer.strip(" .,;:"), flags=re.I)
    if ranked is None or names(answer) != [answer]:
        return None  # "Harbourside", not "the district with the least shade"
    base = _BASE.get(ranked.group("verb").lower())
    if base is None:
        return None
    tail = (bare.group("tail") or ranked.group("tail") or "").strip()
    counted = f"How many {ranked.group('things').strip()} did {answer} {base}"
    return f"{counted} {tail}?" if tail else f"{counted}?"
