"""A name answer cut short is quoted whole: "Ingrid" -> "Ingrid Solheim".

The span reader sometimes ends a name early or starts it late ("Which outside expert doubts the
age?" → "Ingrid", from "Ingrid Solheim, of the Nordic Ice Core Laboratory, …"). A user expects
the whole name, and a conversation that goes on with "she" needs it: "Ingrid" alone read back
into the next question sent the reader elsewhere. When the answer is a capitalised name, the
capitalised words that touch it in its sentence (no punctuation between) are taken in: names'
linking words ("de", "van", "bin") when a capitalised word follows them, never a title ("Dr."),
a month or day, a word that opens most sentences ("The", "In"), nor on the left a title
("Transport Secretary Fiona Hyslop") or a word of the question.
"""

from __future__ import annotations

import dataclasses
import re

from qa_bot.types import Span

__all__ = ["named_in_full", "one_word_name", "whole_name"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_WORDS = 6  # a name longer than this is not extended further
_LINKS = frozenset(
    {"de", "da", "del", "della", "der", "van", "von", "bin", "ibn", "al", "la", "le"}
)
_NOT_NAME = _words(
    """the a an in on at by for from to of and or but when after before while as his her their its
    this that these those he she they it we i mr mrs ms dr prof sir st yesterday today tomorrow
    however meanwhile later earlier last next then now with without within into onto upon under
    over during through since until about against among between despite like near off per than
    via so yet if although though because where whereas also not only even both either neither
    all some many most each every no our your my there here what which who whom whose how why
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday"""
)


_TITLES = _words(
    """secretary minister prime president chancellor chief executive director mayor governor
    senator judge justice general captain colonel major lieutenant sergeant professor officer
    chairman chairwoman chair ceo king queen prince princess lord lady sheriff commissioner
    inspector detective coach manager editor correspondent reporter spokesman spokeswoman pope
    bishop father sister brother saint deputy vice acting former late"""
)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word.rstrip(".").lower() not in _NOT_NAME


def _title(word: str) -> bool:
    """A title or an occupation ("Secretary", "Economist"): it asks for a name, is none."""
    lowered = word.lower()
    return lowered in _TITLES or lowered.endswith(("ist", "ists"))


def _is_name(text: str) -> bool:
    words = text.split()
    if not 0 < len(words) <= MAX_WORDS or not _capitalised(words[0]):
        return False
    return _capitalised(words[-1]) and all(_capitalised(w) or w in _LINKS for w in words)


def _right(sentence: str, end: int) -> int:
    """Where the name that ends at ``end`` really ends (a linking word needs a name after it)."""
    while True:
        found = re.match(r" ([\w'’.-]+)", sentence[end:])
        if found is None:
            return end
        word = found.group(1)
        if word in _LINKS:
            after = re.match(r" ([\w'’.-]+)", sentence[end + found.end() :])
            if after is None or not _capitalised(after.group(1)):
                return end
            end += found.end() + after.end()
            continue
        if not _capitalised(word) or word.endswith((".", "'s", "’s")) or _title(word):
            return end
        end += found.end()


def _left(sentence: str, start: int, asked: frozenset[str]) -> int:
    """Where the name that starts at ``start`` really starts (not at a title or a word asked)."""
    while True:
        found = re.search(r"([\w'’.-]+) $", sentence[:start])
        if found is None:
            return start
        word = found.group(1)
        if word in _LINKS:  # "Ludwig van Beethoven": the link and the name before it
            before = re.search(r"([\w'’.-]+) $", sentence[: found.start()])
            if before is None or not _capitalised(before.group(1)):
                return start
            start = before.start()
            continue
        possessive = word.endswith(("'s", "’s"))
        if not _capitalised(word) or word.endswith(".") or possessive or _title(word):
            return start
        if word.lower() in asked:
            return start
        start = found.start()


def whole_name(question: str, span: Span) -> Span:
    """``span`` with the rest of the name it cuts, when it is a name; else ``span`` itself.

    A capitalised word the question holds ("Who is the Transport Secretary?") or a title
    ("Prime Minister …") is what the name is asked by, not part of it.
    """
    asked = frozenset(re.findall(r"[\w'’-]+", question.lower()))
    text = span.text.strip()
    if not _is_name(text) or not span.sentence or any(_title(w) for w in text.split()):
        return span
    begin = span.start - span.sentence_start
    finish = span.end - span.sentence_start
    if span.sentence[begin:finish] != span.text:
        return span
    start, end = _left(span.sentence, begin, asked), _right(span.sentence, finish)
    if (start, end) == (begin, finish) or len(span.sentence[start:end].split()) > MAX_WORDS:
        return span
    return dataclasses.replace(
        span,
        text=span.sentence[start:end],
        start=span.sentence_start + start,
        end=span.sentence_start + end,
    )


def one_word_name(text: str) -> bool:
    """True for one capitalised word, no title nor count: "Ingrid", not "Secretary", "Three"."""
    capitalised = re.fullmatch(r"[A-ZÀ-ÖØ-Þ][\w'’-]+", text) is not None
    return capitalised and not _title(text) and not _NUMBER_WORD.fullmatch(text)


_NUMBER_WORD = re.compile(
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|dozens?|hundreds|thousands|none|both|several|many|few)",
    re.IGNORECASE,
)


def named_in_full(name: str | None, article: str) -> str | None:
    """A one-word name as the article gives it in full, when it gives one full form only.

    "Ingrid" (quoted from "Ingrid is right to be careful") is "Ingrid Solheim" where the
    article introduced her; "Ferreyra" is "Ana Lucía Ferreyra". A conversation reads the full
    name into the next question ("Where does she work?"), not the bare first name.
    """
    if name is None or not one_word_name(name):
        return name
    word = r"[A-ZÀ-ÖØ-Þ][\w'’-]+"
    after = re.findall(rf"\b{re.escape(name)}((?: {word}){{1,2}})\b", article)
    before = re.findall(rf"((?:{word} ){{1,2}}){re.escape(name)}\b", article)
    forms = {f"{name}{rest}" for rest in after} | {f"{lead}{name}" for lead in before}
    forms = {f for f in forms if all(_capitalised(w) and not _title(w) for w in f.split())}
    forms = {f for f in forms if not f.endswith(("'s", "’s"))}
    return forms.pop() if len(forms) == 1 else name
