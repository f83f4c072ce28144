"""A follow-up's "the striker" after an answer quoted as "Argentine striker Mateo Ferreira".

News names a person by their role beside their name ("sacked head coach Hendrik Vanderveld",
"signed Argentine striker Mateo Ferreira"), and a chat goes on with the role: "How many goals
has the striker scored so far?" A "the <noun>" of a follow-up is read as a recent answer whose
sentence put that noun right before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa_bot.answering.names import names
from qa_bot.answering.referents import Turn

__all__ = ["role_named"]

RECENT_TURNS = 6  # how far back an answer's sentence still names "the <role>"
_THE_NOUN = re.compile(r"\b[Tt]he\s+([a-z][a-z-]{2,})\b(?!\s+(?:of|[A-Z]))")


def _named(noun: str, turns: Sequence[Turn]) -> str | None:
    """The latest recent answer (a name) its sentence calls ``noun`` right before the name."""
    for turn in reversed(turns[-RECENT_TURNS:]):
        answer = (turn.answer or "").strip(" .,;:")
        if not turn.sentence or names(answer) != [answer] or " " not in answer:
            continue
        if re.search(rf"\b{re.escape(noun)}\s+{re.escape(answer)}\b", turn.sentence, re.I):
            return answer
    return None


def role_named(question: str, turns: Sequence[Turn]) -> str | None:
    """The question with its "the <role>" replaced by the answer so described, or None."""
    for found in _THE_NOUN.finditer(question):
        name = _named(found.group(1), turns)
        if name is not None and name not in question:
            return question[: found.start()] + name + question[found.end() :]
    return None
