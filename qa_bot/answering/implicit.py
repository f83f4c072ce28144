"""Follow-ups that leave their subject out: "What happened in 1987?", "Any sisters?".

In a conversation about a topic, a question with no name and no pronoun of its own often
still means the topic: "What happened in 1987?" is what happened *to Vanilla Ice* in 1987,
"Any siblings?" asks whether *he* had any. Only these few shapes are read this way; other
questions with no name ("Why are the amplifiers important?") could stand alone and are left.
"""

from __future__ import annotations

import re

_EVENT = re.compile(
    r"^(?P<lead>(?:(?:and|so|then)\s+)?what(?:\s+else)?\s+(?:happened|happens|happen|changed))"
    r"\b(?!\s+(?:to|with|for)\b)(?P<rest>.*)$",
    re.I,
)
_ANY = re.compile(r"^(?:and\s+)?(?P<word>any|anything)\b(?P<rest>[^?]*)\??$", re.I)
_HOW_MANY = re.compile(r"^(?:and\s+)?how\s+many\s+(?P<noun>[a-z-]+)\s*\??$", re.I)
PEOPLE = {"male", "female", "group"}


def implicit_subject(text: str) -> bool:
    """True for the shapes that leave their subject to the conversation."""
    return bool(_EVENT.match(text) or _HOW_MANY.match(text) or _short_any(text))


def _short_any(text: str) -> re.Match[str] | None:
    match = _ANY.match(text)
    return match if match and len(text.split()) <= 7 else None


def with_subject(text: str, topic: str, kind: str | None) -> str | None:
    """``text`` with ``topic`` as its subject, or None when it is not one of those shapes."""
    event = _EVENT.match(text)
    if event:
        rest = event.group("rest").rstrip(" ?")
        return f"{_capital(event.group('lead'))} to {topic}{rest}?"
    many = _HOW_MANY.match(text)
    if many:
        verb = "have" if kind in PEOPLE else "include"
        return f"How many {many.group('noun')} did {topic} {verb}?"
    anything = _short_any(text)
    if anything:
        rest = anything.group("rest").strip()
        if anything.group("word").lower() == "any" and kind in PEOPLE:
            return f"Did {topic} have any {rest}?"
        return f"{_capital(anything.group('word'))} {rest} about {topic}?".replace("  ", " ")
    return None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
