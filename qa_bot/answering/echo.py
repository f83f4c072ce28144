"""A span that only repeats the question is no answer ("Who is the former treasurer …?").

The span reader sometimes quotes the words the question asks about rather than the answer to
it: asked "Who is the former county treasurer convicted of stealing public funds?", it quoted
"A former county treasurer" from the headline. A span whose every content word is in the
question tells the user nothing, so such spans go behind the others (their order kept). Not for
a question that offers a choice ("Was it Paris or Lyon?"), whose answer is one of its words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa_bot.answering.span_order import put_behind
from qa_bot.types import Span

__all__ = ["echoes_question", "not_echoes"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CHOICE = re.compile(r"\bor\b", re.IGNORECASE)
# Words that add nothing a question did not already say: function words and the modifiers a
# span adds to a title it repeats ("a former county treasurer", "the ex-county treasurer").
_EMPTY_TEXT = (
    "a an the of and or to in on at for by with from as is was were be been are it its this "
    "that these those his her their former ex then late current new old who whom what which"
)
_EMPTY = frozenset(_EMPTY_TEXT.split())


def _content(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if word not in _EMPTY}


def echoes_question(question: str, span_text: str) -> bool:
    """True when every content word of ``span_text`` is a word of ``question``."""
    said = _content(span_text)
    return bool(said) and said <= _content(question)


def not_echoes(question: str, spans: Sequence[Span]) -> tuple[Span, ...]:
    """``spans`` with those that only repeat the question put behind the others."""
    if _CHOICE.search(question):
        return tuple(spans)
    echoes = [echoes_question(question, span.text) for span in spans]
    return put_behind(spans, echoes)
