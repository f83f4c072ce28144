"""Names in a question or an answer: runs of capitalised words ("Robert Rodriguez").

Some names are plainly not a person's: a club, a company, a body ("Castlebridge City",
"Harvest Hollow Foods", "Castlebridge City Supporters' Trust"), or the news outlet a story was
written for ("CNN"), which is never what "he" or "it" in a follow-up means.

A word is part of a name when it is capitalised (or a number, or a bracketed note after one:
"Slipknot (band)") and is not capitalised only because it opens a sentence or a question
("Who", "The", "Then" at the start); "of", "the", "de" … may join the words of one name
("University of Chicago").
"""

from __future__ import annotations

import re

__all__ = ["LEADING_WORDS", "is_organisation", "is_outlet", "names"]

_TOKEN = re.compile(r"\d[\d,.]*\d|\w[\w'’.-]*\+*|\([^)]*\)|[^\w\s]")  # "87,000" is one token
_CONNECTORS = {"of", "the", "de", "von", "van", "and", "&", "la", "le", "da", "del"}
LEADING_WORDS = {
    "who", "whom", "whose", "what", "which", "when", "where", "why", "how", "is", "are", "was",
    "were", "do", "does", "did", "can", "could", "will", "would", "should", "has", "have", "had",
    "the", "a", "an", "i", "in", "on", "and", "tell", "name", "list", "give", "describe", "after",
    "then", "so", "also", "but", "besides", "other", "aside", "during", "since", "before", "any",
    "anything", "at", "to", "from", "for", "with", "as", "by", "this", "that", "these", "those",
    "he", "she", "it", "they", "his", "her", "its", "their", "there", "if", "while", "yes", "no",
    "until", "till", "between", "among", "about", "under", "over", "into", "through", "upon",
    "within", "without", "near", "around", "against", "across", "along", "behind", "beyond",
    "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "can't", "couldn't",
    "won't", "wouldn't", "shouldn't", "haven't", "hasn't", "hadn't", "my", "your", "our",
}  # fmt: skip


def names(text: str) -> list[str]:
    """Runs of capitalised words ("Robert Rodriguez", "We Can Be Heroes"), in text order."""
    found: list[str] = []
    run: list[str] = []
    previous = ""
    for position, token in enumerate(_TOKEN.findall(text)):
        capital = token[:1].isupper() or token[:1].isdigit() or (run and token.startswith("("))
        if not run and "," in token:  # a quantity ("87,000 PrimaCook cookers") opens no name
            capital = False
        if _ends_sentence(previous):  # "… in 1992. Then the band …"
            _close(run, found)
            run = []
        starts = position == 0 or not run and _after_stop(text, token)
        if starts and _leading(token):
            capital = False
        previous = token
        if capital or (run and token.lower() in _CONNECTORS):
            run.append(token)
            continue
        _close(run, found)
        run = []
    _close(run, found)
    return found


def _ends_sentence(token: str) -> bool:
    """A token closing a sentence ("1992.", "?"), not an initial or abbreviation ("J.", "Dr.")."""
    if token in {".", "!", "?"}:
        return True
    return token.endswith(".") and len(token.rstrip(".")) > 2 and "." not in token.rstrip(".")


def _leading(token: str) -> bool:
    return token.lower() in LEADING_WORDS


def _after_stop(text: str, token: str) -> bool:
    """True when ``token`` starts a sentence of ``text`` ("… 1992. Then the band …")."""
    return bool(re.search(rf"(?:^|[.!?:;\"“]\s+){re.escape(token)}\b", text))


def _close(run: list[str], found: list[str]) -> None:
    while run and run[-1].lower() in _CONNECTORS:
        run.pop()
    name = re.sub(r"['’]s$", "", " ".join(run)).strip(".'’")
    if name and not name.isdigit() and name.lower() not in LEADING_WORDS and name != "I":
        found.append(name)


# A name ending in (or holding) one of these words names an organisation or a place.
_ORGANISATION = re.compile(
    r"\b(?:City|United|Town|County|Rovers|Wanderers|Athletic|FC|Inc|Corp|Corporation|Company|"
    r"Co|Ltd|LLC|Group|Foods|Museum|University|College|Institute|Agency|Administration|"
    r"Department|Ministry|Council|Authority|Association|Trust|Bank|Airlines?|Airways|Aerospace|"
    r"Party|Republic|Kingdom|Union|Committee|Commission|Court|Police|Club|Society|Foundation|"
    r"Hospital|School|Church|Center|Centre|Station|Network|Global|International|Industries|"
    r"Holdings|Partners|Services|Organization|Organisation|Office|Board|Bureau|Werke)\b"
)
_OUTLETS = frozenset(
    {"CNN", "AP", "Reuters", "AFP", "UPI", "Bloomberg", "BBC", "NPR", "EW.com", "CNN Student News"}
)


def is_organisation(name: str) -> bool:
    """True for the name of a body, a club or a place ("Castlebridge City", "Harvest Foods")."""
    return bool(_ORGANISATION.search(name)) or is_outlet(name)


def is_outlet(name: str) -> bool:
    """True for a news outlet's name ("CNN", "Reuters"), which no follow-up pronoun means."""
    return re.sub(r"['’]s$", "", name.strip()) in _OUTLETS
