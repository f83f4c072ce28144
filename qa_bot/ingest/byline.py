"""Who wrote an article: the byline near its top ("By Jane Doe", or a name line over a role).

News stories and posts name their writer in a short line under the headline: "By Jane Doe and
John Roe", "Words by Jane Doe", or a line holding only the name, with the writer's role, outlet,
date or reading time on the next line ("Kevin Polowy" / "·Senior Correspondent, Yahoo
Entertainment"). Only the first lines are looked at (``HEAD_LINES``, ``HEAD_CHARS``), and a bare
name line only when the next line reads as a byline's (a role, "min read", a date), so a
subheading of capitalised words is not taken for a writer. The byline is found in the text
itself, with offsets, so an answer naming the writer quotes the article like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEAD_LINES = 8  # non-empty lines after the headline where a byline may stand
HEAD_CHARS = 1500
LINE_CHARS = 100  # a byline is a short line; a paragraph opening with a name is not one

# "Kevin", "J.", "McDonald", "O'Brien", and print's capitals ("JANE DOE")
_PART = r"(?:[A-Z][a-zà-ÿ'’-]+|[A-Z]\.|[A-Z][a-z]?[A-Z][a-z'’-]+|[A-Z][A-Z'’-]+)"
_LINK = r"(?:de|van|von|da|del|der|la|le|bin|al|dos|du|DE|VAN|VON|DA|DEL|DER|LA|LE)"
_NAME = rf"{_PART}(?:\s+(?:{_LINK}\s+){{0,2}}{_PART}){{1,3}}"
# "A", "A and B", "A, B and C" (a comma alone ends the names: "Jane Doe, Associated Press")
_NAMES = rf"(?P<names>{_NAME}(?:(?:\s*,\s*{_NAME})*\s+(?:and|AND|&)\s+{_NAME})?)"
_LEADS = (
    r"(?i:(?:written|words|story|text|reporting|reported|posted|compiled|interview|"
    r"photos\s+and\s+text)\s+by|by|authors?\s*:|writer\s*:)"
)
_AFTER = r"(?=[\s*_]*(?:$|[,|·•–—(-]|\bon\b|\bfor\b|\bat\b))"  # "*By Jane Doe*", "… on May 3"
_BY = re.compile(rf"^[\W_]{{0,3}}{_LEADS}\s*:?\s+{_NAMES}{_AFTER}")
_NAME_LINE = re.compile(rf"^[\W_]{{0,3}}(?P<names>{_NAME})(?=[\s*_]*(?:$|[,|·•–—(]))")
_ROLE = re.compile(
    r"\b(?:correspondent|reporter|writer|editor|columnist|contributor|journalist|staff|critic|"
    r"author|freelance|producer|min(?:ute)?s? read|updated|published|posted|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_NOT_NAMES = re.compile(
    r"\b(?:correspondent|reporter|editor|staff|news|updated|published|the|way|of|day|eve|"
    r"christmas|easter|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|night)\b",
    re.I,
)


@dataclass(frozen=True)
class Byline:
    """An article's writer as its text names them, with offsets into the text."""

    author: str  # "Kevin Polowy", or "Jane Doe and John Roe"
    start: int  # the author in the text
    end: int
    line_start: int  # the whole byline line, the sentence an answer quotes
    line_end: int


def find_byline(text: str) -> Byline | None:
    """The byline among the first lines after the headline, or None when there is none."""
    lines = head_lines(text)
    for number, (start, line) in enumerate(lines[1 : HEAD_LINES + 1], start=1):
        if len(line) > LINE_CHARS:
            continue
        end = start + len(line)
        found = _BY.match(line)
        if found is None:
            found = _NAME_LINE.match(line)
            following = lines[number + 1] if number + 1 < len(lines) else (end, "")
            if found is None or _ROLE.search(line[found.end() :]):
                pass
            elif _ROLE.search(following[1]):
                end = following[0] + len(following[1])  # the role line belongs to the byline
            else:
                continue
        if found is None or _NOT_NAMES.search(found.group("names")):
            continue
        begin = start + found.start("names")
        return Byline(found.group("names"), begin, begin + len(found.group("names")), start, end)
    return None


def head_lines(text: str) -> list[tuple[int, str]]:
    """The non-empty lines starting in the text's head, whole, each with its offset, stripped.

    Whole: a long paragraph cut at ``HEAD_CHARS`` would read as a short line.
    """
    lines: list[tuple[int, str]] = []
    for match in re.finditer(r"[^\n]+", text):
        if match.start() >= HEAD_CHARS:
            break
        stripped = match.group().rstrip()
        leading = len(stripped) - len(stripped.lstrip())
        if stripped.strip():
            lines.append((match.start() + leading, stripped.strip()))
    return lines


def with_byline(text: str, author: str | None) -> str:
    """``text`` with "By ``author``" under its first line, unless its head already names them.

    For pages whose metadata names the writer (HTML ``<meta name="author">``) but whose main
    text, as extracted, has no byline: the answer to "Who wrote the article?" is then quoted
    from the text like any other.
    """
    names = [" ".join(part.split()) for part in re.split(r"[;,]", author or "") if part.strip()]
    name = " and ".join(names) if len(names) <= 2 else f"{', '.join(names[:-1])} and {names[-1]}"
    if not name or name in text[:HEAD_CHARS] or find_byline(text) is not None:
        return text
    first, newline, rest = text.partition("\n")
    signed = f"{first}\nBy {name}\n{rest.lstrip(chr(10))}" if newline else f"{first}\nBy {name}"
    return signed if find_byline(signed) is not None else text  # "admin", "CNN staff": no name
