"""The kind of answer a question asks for, and candidate spans of another kind set behind.

The span reader knows answer types only loosely. Asked "Who paid for the research?" it quoted
"$3.2 million" (from "funded by a $3.2 million grant from the National Heart, Lung, and Blood
Institute"); asked "On what date was the recall announced?", a phone number; asked "How much
does the Glide 2 cost?", a weight. When the question's opening says what kind of answer it
wants — someone for "who", a count for "how many", a year for "what year", a date for "on what
date", a sum of money for "how much … cost" — and the best span is plainly not of that kind,
the best candidate of that kind comes first, if the reader scores it within ``MAX_DROP`` of the
best; for a sum of money, a bare figure ("17") also gives way to one that names a currency
("$2.3 million"). Nothing changes when the question's kind is open ("what", "why", "how",
"when": a "when" may be answered by a clause) or when no candidate fits.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable, Sequence

from qa_bot.types import Span

__all__ = ["MAX_DROP", "Kind", "fits", "kind_asked", "typed_first"]

MAX_DROP = 0.25  # how far below the best a candidate of the kind asked may score


class Kind(enum.Enum):
    """What a question's opening asks for."""

    SOMEONE = "someone"
    COUNT = "count"
    YEAR = "year"
    DATE = "date"
    MONEY = "money"
    DURATION = "duration"


_LEAD = r"^\s*(?:(?:and|so|but|then|ok|okay)\s*,?\s+)?"
_ASKED = (
    (Kind.SOMEONE, re.compile(rf"{_LEAD}(?:who|whom)\b", re.I)),
    (Kind.COUNT, re.compile(rf"{_LEAD}how\s+many\b", re.I)),
    (Kind.YEAR, re.compile(rf"{_LEAD}(?:in\s+)?(?:what|which)\s+year\b", re.I)),
    (Kind.DATE, re.compile(rf"{_LEAD}(?:on\s+)?(?:what|which)\s+(?:date|day)\b", re.I)),
    (
        Kind.MONEY,
        re.compile(
            rf"{_LEAD}how\s+much\b.*\b(?:cost|costs|costing|pay|paid|pays|spend|spent|charge[sd]?|"
            r"price[sd]?|worth|sell|sells|sold|fine[sd]?|earn|earns|earned|raise[sd]?|owe[sd]?|"
            r"pledge[sd]?|donate[sd]?|invest(?:s|ed)?|steal|stole|stolen|stealing|embezzled?)\b"
            r"|^\W*how\s+much\s+(?:\w+\s+)?(?:money|cash|funding|ransom|bail|compensation)\b",
            re.I,
        ),
    ),
)

_DURATION_ASKED = re.compile(
    rf"{_LEAD}how\s+long\s+(?:after|before|ago|did|does|do|will|would|had|has|have|can|could|"
    r"should|must|(?:was|were|is|are)\s+(?:[\w'’-]+\s+){1,5}(?:held|kept|trapped|missing|"
    r"gone|away|closed|jailed|imprisoned|detained|married|hospitali[sz]ed|in\s+(?:charge|office|"
    r"power|prison|jail|orbit|space|the\s+job|hospital|a\s+coma)|at\s+sea|on\s+strike|"
    r"underground|stuck|stranded|delayed|suspended|shut|there|here)\b)",
    re.I,
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_NUMBER_WORDS = (
    r"zero|none|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?|half|both|all|"
    r"several|few|many|single|pair|couple|twice|once|thrice"
)
_YEAR = re.compile(r"\b(?:1[0-9]|20)\d\d\b|\b\d{2,4}s\b|['’]\d0s\b|\bcentury\b", re.I)
_DATE = re.compile(
    rf"\b(?:{_MONTHS}|{_DAYS}|today|yesterday|tomorrow|tonight|week|weekend)\b"
    r"|\b(?:1[0-9]|20)\d\d\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b\d{1,2}[.-]\d{1,2}[.-]\d{2,4}\b",
    re.I,
)
_SPELL = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|years?|decades?|"
    r"centur(?:y|ies)|millenni(?:um|a)|lifetime|overnight|secs?|mins?|hrs?|"
    r"yrs?)\b|\d\s?(?:s|h|min)\b",
    re.I,
)
_COUNT = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.I)
_CURRENCY = re.compile(
    r"[$£€¥₹]|\b(?:dollars?|euros?|pounds?|pence|cents?|yen|yuan|rupees?|francs?|krona|kronor|"
    r"pesos?|rand|free|nothing)\b|\b(?:USD|EUR|GBP)\b",
    re.I,
)
_BARE_SUM = re.compile(r"^[~≈]?\d[\d.,]*(?:\s?(?:million|billion|thousand|bn|m|k))?$", re.I)
_FIGURE = re.compile(
    r"^[~≈+\-−]?[$£€¥₹]?\d[\d.,:/\s-]*(?:%|per\s?cent|percent|[a-z]{1,3}|million|billion|"
    r"thousand|hundred)?$",
    re.I,
)


_HEDGE = re.compile(
    r"^(?:(?:a|an|the|about|around|nearly|almost|some|over|under|up\s+to|more\s+than|"
    r"less\s+than|fewer\s+than|at\s+least|roughly|approximately|just|only)\s+)+",
    re.I,
)


def kind_asked(question: str) -> Kind | None:
    """The kind of answer the question's opening asks for, or None when it is open."""
    if _DURATION_ASKED.search(question):  # "How long did it last?", not "How long is the river?"
        return Kind.DURATION
    return next((kind for kind, pattern in _ASKED if pattern.search(question)), None)


def fits(kind: Kind, text: str) -> bool:
    """False when ``text`` is plainly not an answer of ``kind`` (a sum of money for "who")."""
    text = _HEDGE.sub("", text.strip())
    if kind is Kind.SOMEONE:
        words = re.findall(r"[^\W_]+", text)
        dated = all(w.isdigit() or _DATE.fullmatch(w) for w in words)
        return bool(words) and not (dated or _FIGURE.match(text) or _CURRENCY.match(text))
    if kind is Kind.COUNT:
        return bool(_COUNT.search(text))
    if kind is Kind.YEAR:
        return bool(_YEAR.search(text))
    if kind is Kind.DATE:
        return bool(_DATE.search(text))
    if kind is Kind.DURATION:  # "139 seconds", "since March 2022"
        return bool(_SPELL.search(text) or re.match(r"(?:ever\s+)?since\b", text, re.I))
    return bool(_CURRENCY.search(text) or _BARE_SUM.match(text))


def _names_currency(text: str) -> bool:
    return _CURRENCY.search(text) is not None


def typed_first(question: str, spans: Sequence[Span]) -> tuple[Span, ...]:
    """``spans`` with the best one of the kind asked first, when the best is of another kind."""
    kind = kind_asked(question)
    if kind is None or not spans:
        return tuple(spans)
    best = spans[0]
    if not fits(kind, best.text):
        wanted: Callable[[str], bool] = functools.partial(fits, kind)
    elif kind is Kind.MONEY and not _CURRENCY.search(best.text):
        wanted = _names_currency  # a bare "17" gives way to "$2.3 million"
    else:
        return tuple(spans)
    for at, span in enumerate(spans[1:], start=1):
        if span.score >= best.score - MAX_DROP and wanted(span.text):
            return (span, *spans[:at], *spans[at + 1 :])
    return tuple(spans)
