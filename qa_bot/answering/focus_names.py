"""Names the focus of a conversation holds: the headline's person, an earlier question's name.

A news headline names its story's person ("Chef Ada Mensah on running a restaurant …"), never
what "it" means; an earlier question may name what "it" still is ("Where was Peel?" … "Who lent
her the money?" … "Why did it close?"), or the man "he" is in a story about a woman.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qa_bot.answering.cues import FOCUS_TURNS, asks_person
from qa_bot.answering.names import is_organisation, is_outlet, names
from qa_bot.answering.topic_kind import GROUP_WORDS

if TYPE_CHECKING:
    from qa_bot.answering.referents import Turn

__all__ = ["earlier_name", "headline_person", "last_person", "not_topic"]


def earlier_name(turns: Sequence[Turn], not_it: set[str], *, person: bool) -> str | None:
    """The last name the focus's questions gave, when it is (``person``) or is not a person's."""
    for turn in reversed(turns[-FOCUS_TURNS:] if person else turns[-FOCUS_TURNS:-1]):
        for name in reversed(names(turn.question)):
            name = re.sub(r"['’]s$", "", name)
            known = any(n in name or name in n for n in not_it if n)
            opening = re.search(rf"(?:^|[.!?]\s+){re.escape(name)}\b", turn.question)
            if not any(c.isalpha() for c in name) or known or opening or is_outlet(name):
                continue  # not "Mine is …", nor the "CNN" someone talked to
            person_like = " " in name and not GROUP_WORDS.search(name) and not is_organisation(name)
            if person:
                return name if person_like else None
            return None if person_like or asks_person(turn.question) else name
    return None


def headline_person(headline: str) -> str | None:
    """The first full name of a headline that is not a quoted title ("Carlos Moedas")."""
    quoted = " ".join(re.findall(r"['‘\"“]([^'’\"”]+)['’\"”]", headline))
    for name in names(headline):
        name = _HEADLINE_TITLE.sub("", name)  # "Chef Ada Mensah on …": Ada Mensah
        if " " in name and name not in quoted and not GROUP_WORDS.search(name):
            return name
    return None


_HEADLINE_TITLE = re.compile(
    r"^(?:(?:Chef|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Sir|Dame|Professor|Prof\.?|President|Mayor|Minister|"
    r"Senator|Governor|Coach|Director|Judge|CEO|Author|Singer|Actor|Actress|Artist)\s+)+"
)


def not_topic(found: list[str], topic: str | None) -> str | None:
    """The first name that shares no word with the topic."""
    topic_words = set((topic or "").lower().split())
    return next((n for n in found if not topic_words & set(n.lower().split())), None)


def last_person(turns: Sequence[Turn], topic: str) -> str | None:
    """The first full name (two to four words) of the last answer that is not the topic."""
    answer = turns[-1].answer or ""
    topic_words = set(topic.lower().split())
    for found in names(answer):
        name = re.sub(r"^[\d\s]+", "", found)  # "1990 Lou Grant": a year ran into the name
        words = name.split()
        unrelated = not topic_words & {w.lower() for w in words}
        if 2 <= len(words) <= 4 and unrelated and all(w[:1].isupper() for w in words):
            return name
    return None
