"""What "it" means after a question whose subject is a name: the fire, not "Colorado".

"How many acres has the Granite Ridge Fire in Colorado burned?" "How much of it is contained?":
"it" is the question's subject, the name right after its auxiliary, not the place the headline
also names. A day or a month is never "it" ("… capsized on Monday evening?" "Who was its
captain?"), and neither is a person's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa_bot.answering.first_names import FEMALE, MALE

__all__ = ["is_calendar", "subject_name"]

_CALENDAR = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december)$",
    re.IGNORECASE,
)
_AUXILIARY = re.compile(
    r"^\W*(?:how\s+(?:many|much)\s+[\w-]+\s+|(?:what|which)\s+[\w-]+\s+|(?:when|where|why|how)\s+)"
    r"(?:has|have|had|did|does|do|is|was|are|were|will|would|can|could)\s+(?:the\s+)?",
    re.IGNORECASE,
)


def is_calendar(name: str) -> bool:
    """True for a weekday's or a month's name ("Monday", "March")."""
    return bool(_CALENDAR.match(name.strip()))


def subject_name(question: str, found: Sequence[str]) -> str | None:
    """The name of ``found`` that is the question's subject, never a person's.

    The subject comes right after the auxiliary ("has the Granite Ridge Fire"); else a name the
    question introduces with its kind ("the ferry MV Maria Consuelo").
    """
    things = [name for name in found if name.split()[0].lower() not in FEMALE | MALE]
    opening = _AUXILIARY.match(question)
    rest = question[opening.end() :] if opening else ""
    for name in things:
        if rest.startswith(name):
            return name
    for name in things:
        if re.search(rf"\bthe\s+[a-z][\w-]+\s+{re.escape(name)}", question):
            return name
    return None
