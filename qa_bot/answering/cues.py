"""Words that say who a name is: "son Rebel" is a man, "actress Yaha Gosselin" a woman.

A conversation often says who someone is without a pronoun of its own: "How old is his son
Rebel?" makes Rebel a "he" for the next question, and "his daughter" names someone by their tie
to another (``is_relative``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qa_bot.answering.names import names

if TYPE_CHECKING:
    from qa_bot.answering.referents import Turn

__all__ = [
    "FOCUS_TURNS",
    "asks_person",
    "cued_names",
    "cued_person",
    "is_relative",
    "person_names",
]

FOCUS_TURNS = 3  # how many of the last turns a conversation's focus looks back over

# Words that say who a name is ("son Rebel", "his daughter Rhiannon", "actress Yaha Gosselin").
_MALE_CUES = (
    "son|sons|brother|father|husband|boyfriend|uncle|nephew|grandson|grandfather|stepson|"
    "stepfather|king|prince|actor|mr|sir"
)
_FEMALE_CUES = (
    "daughter|daughters|sister|mother|wife|girlfriend|aunt|niece|granddaughter|grandmother|"
    "stepdaughter|stepmother|queen|princess|actress|mrs|ms|lady"
)
_NAME_AFTER = r"\.?\s+([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})"  # the cue word in any case
_CUE = {
    "male": re.compile(rf"\b(?i:{_MALE_CUES}){_NAME_AFTER}"),
    "female": re.compile(rf"\b(?i:{_FEMALE_CUES}){_NAME_AFTER}"),
}


def cued_person(turns: Sequence[Turn], kind: str) -> str | None:
    """The name the last question asks about when the conversation says who it is.

    "How old is his son Rebel?" … "What did he do for the film?": "he" is Rebel, because a
    word before the name ("son") says he is a man. The cue may stand in the last question, its
    answer or the answer's sentence ("20-year-old son Rebel composed …"), or in the two turns
    before; the names of the last question are tried from its end (its focus), and only a man's
    cue answers "he", a woman's "she". None when no name of the last question has such a cue.
    """
    genders = ("male", "female") if kind == "person" else (kind,)
    if not turns or not set(genders) <= set(_CUE):
        return None
    cued = cued_names(turns[-FOCUS_TURNS:], genders)
    for name in reversed(names(turns[-1].question)):
        name = re.sub(r"['’]s$", "", name)
        if name in cued or any(name in full.split() for full in cued):  # "Racer" of "Racer Lee"
            return name
    return None


_RELATIVE = re.compile(
    rf"^(?:(?:his|her|their|its)\s+|\S.*['’]s\s+)?(?:{_MALE_CUES}|{_FEMALE_CUES})$", re.IGNORECASE
)


def is_relative(phrase: str) -> bool:
    """True for a phrase naming someone by their tie to another ("his daughter", "Ann's son")."""
    return bool(_RELATIVE.match(phrase.strip()))


def cued_names(turns: Sequence[Turn], genders: tuple[str, ...]) -> set[str]:
    """Names the turns say are a man's or a woman's ("son Rebel", "actress Ann Lee")."""
    seen = " ".join(t for turn in turns for t in (turn.question, turn.answer, turn.sentence) if t)
    return {m.group(1) for gender in genders for m in _CUE[gender].finditer(seen)}


_FULL_NAME = re.compile(r"(?<![\w.])([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})(?![\w'’])")


def person_names(text: str) -> list[tuple[str, int, int, str | None]]:
    """People a text names, in order: (name, start, end, "male"/"female" or None).

    A name a cue word introduces ("daughter Rhiannon", "Mr. Lee") has that cue's sex; a
    two- or three-word capitalised name that does not open a sentence ("… said Kevin Lindsay")
    has none known.
    """
    found: dict[int, tuple[str, int, int, str | None]] = {}
    for match in _FULL_NAME.finditer(text):
        opens = match.start() == 0 or re.search(r"[.!?]\s*$", text[: match.start()])
        aside = text.rfind("(", 0, match.start()) > text.rfind(")", 0, match.start())
        if not opens and not aside:  # not "(Yaha Gosselin)", an aside naming an actress
            found[match.start()] = (match.group(1), match.start(), match.end(), None)
    for gender, cue in _CUE.items():
        for match in cue.finditer(text):
            found[match.start(1)] = (match.group(1), match.start(1), match.end(1), gender)
    return [found[start] for start in sorted(found)]


_PERSON_WORDS = re.compile(
    r"\b(?:person|people|man|woman|men|women|king|queen|emperor|ruler|general|officer|leader|"
    r"president|writer|author|poet|scientist|chemist|physicist|clergyman|artist|painter|actor|"
    r"actress|singer|composer|musician|explorer|inventor|founder|philosopher|politician|"
    r"engineer|architect|player|saint|pope|bishop|priest|monk|chief|khan|sultan|prince|"
    r"princess|duke|lord|admiral|governor|mayor|emperor|student|expert|researcher|professor|"
    r"doctor|journalist|reporter|correspondent|director|producer|manager|minister|official|"
    r"spokes(?:man|woman|person)|chair(?:man|woman)?|executive|ceo|worker|driver|teacher|"
    r"lawyer|judge|coach|candidate|senator|soldier|nurse|farmer|fisherman|owner|employee|"
    r"critic|sceptic|skeptic|analyst|economist|[a-z]+ologist)\b",
    re.I,
)


_AUXILIARIES = {
    "is", "was", "are", "were", "do", "does", "did", "has", "have", "had", "can", "could",
    "will", "would", "should", "may", "might", "must",
}  # fmt: skip


def asks_person(question: str) -> bool | None:
    """True for "Who …?"/"Which officer …?", False for "Which city …?", None for other shapes."""
    text = question.strip().lower()
    if re.match(r"^(?:who|whom)\b", text):
        return True
    if not re.match(r"^(?:which|what)\b", text):
        return None
    words = text.split()
    head = []  # the words naming what is asked for: "which naval officer", "what city"
    for word in words[1:5]:
        if word in _AUXILIARIES:
            break
        head.append(word)
    # "What is the capital …?" asks for a name; "What is to the north of Warsaw?" does not.
    described = len(words) > 2 and words[2] in {"the", "a", "an"}
    if not head and not described:
        return None
    return bool(_PERSON_WORDS.search(" ".join(head)))
