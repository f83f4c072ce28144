"""When and where an article was written: its date line, and the place a news story opens with.

News stories and posts date themselves in a short line under the headline, often beside the
byline: "Published May 3, 2023", "Updated 9:41 AM GMT, December 12, 2023", "By Jane Doe, 3 May
2023", "2023-05-03", and on blogs "By Jane Doe · May 3, 2023 · 7 min read". Only the first
lines after the headline are looked at, each of at most ``LINE_CHARS`` characters (twice that
when it opens with "Published"/"Updated", as a report's publisher line does), and a date
counts there when the line says it is the publication's ("Published", "Updated", "Posted"),
holds little else, or is cut by separators (" · ", " | ", " • ") into fields one of which is the
date, so a short first paragraph that mentions a date ("On May 3, 2023 the storm …") is not
taken for one. The date is found in the
text itself, with offsets, so an answer quotes the article like any other.

A wire or network story opens its first paragraph with the place it was filed from, in capitals,
and the outlet: "MARLOW, Ohio (CNN) --", "NEW YORK (AP) —", "(CNN) --". That place is where the
reporter was, not an answer to what the story tells (``find_place_line``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa_bot.ingest.byline import HEAD_LINES, LINE_CHARS, head_lines

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
)
_LEAD = re.compile(r"\b(?:published|updated|posted|first published|last updated|date)\b", re.I)
LEAD_LINE_CHARS = 2 * LINE_CHARS  # "Published by <a long office name> · 14 February 2026"
OTHER_CHARS = 40  # a date line holds little beside its date, unless it says what the date is
_FIELD_BREAK = re.compile(r"\s+[·|•]\s+")
_DECORATION = "*_ \t"  # Markdown emphasis around a byline line


@dataclass(frozen=True)
class Dateline:
    """An article's publication date as its text gives it, with offsets into the text."""

    date: str  # "December 12, 2023"
    start: int
    end: int
    line_start: int  # the whole line, the sentence an answer quotes
    line_end: int


def find_dateline(text: str) -> Dateline | None:
    """The date line among the first lines after the headline, or None when there is none."""
    for start, line in head_lines(text)[1 : HEAD_LINES + 1]:
        found = _DATE.search(line)
        says_so = _LEAD.match(line.strip(_DECORATION)) is not None
        if found is None or len(line) > (LEAD_LINE_CHARS if says_so else LINE_CHARS):
            continue
        if (
            _LEAD.search(line)
            or len(line) - len(found.group()) <= OTHER_CHARS
            or _a_field_of_its_own(line, found.group())
        ):
            return Dateline(
                found.group(),
                start + found.start(),
                start + found.end(),
                start,
                start + len(line),
            )
    return None


# "MARLOW, Ohio (CNN) --", "NEW YORK (AP) —", "(CNN) --": a capitalised place, then the outlet
# in brackets, or a dash after a place in capitals alone ("PARIS —").
_PLACE_LINE = re.compile(
    r"^(?:(?-i:[A-Z][A-Z.'’ -]{1,40}?)(?:,\s+[A-Z][\w.'’ -]{1,40}?)?\s+)?"
    r"(?:\((?P<outlet>CNN|AP|Reuters|AFP|UPI|Bloomberg|AP Photo|EW\.com|CNN Student News)\)\s*)"
    r"(?:--|—|–|-)\s*"
    r"|^(?-i:[A-Z][A-Z.'’ -]{2,40}?)(?:,\s+[A-Z][\w.'’ -]{1,40}?)?\s+(?:--|—|–)\s+",
)


@dataclass(frozen=True)
class PlaceLine:
    """The place and outlet that open a news story's first paragraph, as offsets in the text."""

    start: int
    end: int
    outlet: str | None = None  # "CNN" of "(CNN) --"; None after a place alone ("PARIS —")


def find_place_line(text: str) -> PlaceLine | None:
    """The "KATHMANDU, Nepal (CNN) --" opening of a paragraph near the top, or None."""
    for start, line in head_lines(text)[:PLACE_LINES]:
        found = _PLACE_LINE.match(line)
        if found is not None:
            return PlaceLine(start, start + found.end(), found.group("outlet"))
    return None


PLACE_LINES = HEAD_LINES + 3  # headline, byline, date line, then the story's first paragraph


def _a_field_of_its_own(line: str, date: str) -> bool:
    """True when separators cut ``line`` into fields and one of them is ``date`` alone."""
    fields = _FIELD_BREAK.split(line)
    return len(fields) > 1 and any(field.strip(_DECORATION) == date for field in fields)


def with_dateline(text: str, date: str | None) -> str:
    """``text`` with "Published ``date``" under its first line, unless its head has a date.

    For pages whose metadata dates them (HTML, feeds) but whose main text does not.
    """
    found = _DATE.search(date or "")  # ISO from HTML, "Tue, 03 May 2023 10:00:00 GMT" from feeds
    if found is None or find_dateline(text) is not None:
        return text
    when = found.group()
    first, newline, rest = text.partition("\n")
    if not newline:
        return f"{first}\nPublished {when}"
    return f"{first}\nPublished {when}\n{rest.lstrip(chr(10))}"
