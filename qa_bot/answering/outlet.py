"""The news outlet a story was written for is not what the story answers about.

A network's story names its outlet in the opening ("MARLOW, Ohio (CNN) --") and in the body
("a club official told CNN", "CNN's Ana Ruiz contributed to this report"). Asked "Who will take
charge of Castlebridge City until a permanent replacement is found?", the span reader scored
"CNN" (0.400) a hair above "Gary Pruitt" (0.399). A span that is only the story's own outlet goes
behind the others, unless the question names the outlet or asks whom someone spoke to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qa_bot.answering.head import HEAD_CHARS
from qa_bot.answering.span_order import put_behind
from qa_bot.ingest.dateline import find_place_line
from qa_bot.types import Span

__all__ = ["not_the_outlet", "outlet_of"]

_SPOKEN_TO = re.compile(
    r"\b(?:told|tell|tells|spoke|speak|speaks|talk\w*|interview\w*|network|channel|outlet|"
    r"broadcaster|agency|news|report\w*)\b",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:the\s+)", re.IGNORECASE)


def outlet_of(text: str) -> str | None:
    """The outlet a story's opening names ("CNN" of "(CNN) --"), or None."""
    place = find_place_line(text[:HEAD_CHARS])
    return place.outlet if place is not None else None


def _is_outlet(span: Span, outlet: str | None) -> bool:
    said = _ARTICLE.sub("", span.text.strip(" .,;:'\"’")).casefold()
    return outlet is not None and said in {outlet.casefold(), f"{outlet.casefold()}'s"}


def not_the_outlet(
    question: str, spans: Sequence[Span], article_text: Callable[[str], str]
) -> tuple[Span, ...]:
    """``spans`` with those that only name the story's own outlet put behind the others."""
    if not spans or _SPOKEN_TO.search(question):
        return tuple(spans)
    outlets = {a: outlet_of(article_text(a)) for a in {span.article_id for span in spans}}
    named = {outlet.casefold() for outlet in outlets.values() if outlet is not None}
    if not named or any(re.search(rf"\b{re.escape(o)}\b", question, re.I) for o in named):
        return tuple(spans)
    marked = [_is_outlet(span, outlets[span.article_id]) for span in spans]
    return put_behind(spans, marked)
