"""Keep "he" off a woman's name and "she" off a man's, when the first name says which.

"Which Eastmoor player was sent off?" "Jamie Doyle." "Who showed him the card?" "Referee Helen
Cartwright." "What did his manager make of it?": "his" is not Helen Cartwright, the last name
answered, but the man before her. A name whose first name (or title) is a woman's never stands
for "he/him/his", nor a man's for "she/her"; the conversation's latest name of the right sex
does, else a person answered whose first name says nothing (Jamie), else nobody (the question
is asked as it stands).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from qa_bot.answering.first_names import FEMALE, MALE
from qa_bot.answering.names import is_organisation, names
from qa_bot.answering.referents import Turn, people, topic_of

__all__ = ["gender_of", "same_sex"]

RECENT_TURNS = 4  # how far back a name of the right sex is looked for
_TITLES = {
    **dict.fromkeys(("mr", "sir", "lord", "king", "prince", "father", "brother"), "male"),
    **dict.fromkeys(("mrs", "ms", "miss", "madam", "dame", "lady", "queen", "princess"), "female"),
    **dict.fromkeys(("sister", "mother"), "female"),
}
_NEUTRAL = (
    "dr doctor prof professor president vice deputy mayor minister prime judge justice chief "
    "general gen col colonel capt captain sen senator rep gov governor rev reverend saint st "
    "coach referee inspector detective sgt sergeant officer chancellor secretary ambassador"
)
_NEUTRAL_TITLES = frozenset(_NEUTRAL.split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*\.?")


def _folded(word: str) -> str:
    plain = unicodedata.normalize("NFKD", word)
    return "".join(c for c in plain if not unicodedata.combining(c)).lower().rstrip(".")


def gender_of(name: str) -> str | None:
    """Female or male, when the name's title or first name says so; None otherwise."""
    for word in _WORD.findall(name):
        folded = _folded(word)
        if folded in _TITLES:
            return _TITLES[folded]
        if folded in _NEUTRAL_TITLES or not word[0].isupper():
            continue  # "Deputy Mayor Rosa …", "referee Helen …"
        if folded in FEMALE:
            return "female"
        return "male" if folded in MALE else None
    return None


def _candidates(turns: Sequence[Turn]) -> list[str]:
    """People's names of the recent turns, newest first: answers, then the questions' names."""
    found: list[str] = []
    for turn in reversed(turns[-RECENT_TURNS:]):
        for name in (*names(turn.answer or ""), *names(turn.question)):
            if " " in name and not is_organisation(name) and name not in found:
                found.append(name)
    return found


def same_sex(who: str | None, kind: str, turns: Sequence[Turn]) -> str | None:
    """``who`` for "he" (kind "male") or "she" ("female"), unless its first name is the other's.

    Then the latest name of the right sex, else the person the article is about, else someone
    answered to a "who" question whose first name says nothing, or None. Without ``who``, a
    name of the right sex in the last question or its answer.
    """
    if kind not in {"male", "female"}:
        return who
    if who is None:  # "Which keeper did Samuel Okafor beat?" "Who replaced him?"
        last = [name for name in _candidates(turns[-1:]) if gender_of(name) == kind]
        return last[0] if last else None
    if gender_of(who) in {None, kind}:
        return who
    named = _candidates(turns)
    right = [name for name in named if gender_of(name) == kind]
    if right:
        return right[0]
    if who == topic_of(turns)[0]:
        return who  # the person the article is about, whatever the pronoun ("Judith Butler")
    answered = people(turns)
    return next((name for name in named if name in answered and gender_of(name) is None), None)
