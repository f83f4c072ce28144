"""'Who else discovered it?': an answer the conversation has not already given.

After "Who discovered oxygen?" (Carl Wilhelm Scheele), "Who else discovered it?" is read as
"Who else discovered oxygen?", and the reader's best span is Scheele again: "else" asks for
someone the conversation has not named. When the best span repeats an earlier answer, the
reader's next span that shares no word with any earlier answer and that it prefers to no
answer (positive margin) is given instead, hedged ("Joseph Priestley"); when there is none, the
question is declined rather than answered with what was said before. Only a follow-up (a
question rewritten or referring back) is checked, against the answers of the last turns: a
question that stands alone ("What other cities are near Fresno?") is answered as it is.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection

from qa_bot.types import Answer, Source, Span

__all__ = ["NOTHING_ELSE", "another_answer", "asks_for_another"]

NOTHING_ELSE = "I found nothing else about that in the articles."
_ANOTHER = re.compile(
    r"\b(?:else|other|others|another|besides|apart\s+from|aside\s+from|except)\b", re.IGNORECASE
)
_WORD = re.compile(r"[^\W_]+")
_SMALL = frozenset({"the", "a", "an", "of", "and", "in", "on", "at", "to", "for", "by", "s"})


def asks_for_another(question: str) -> bool:
    """True for "Who else …?", "What other …?", "Besides X, what …?"."""
    return bool(_ANOTHER.search(question))


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if word not in _SMALL}


def another_answer(
    answer: Answer, said: Collection[str], source: Callable[[str, int], Source]
) -> Answer:
    """``answer``, or when its text repeats one of ``said``, the best span that does not.

    ``source(article_id, offset)`` gives the metadata of the article a span comes from
    (KeyError when it left the library: that span is skipped).
    """
    if answer.text is None or answer.kind != "span":
        return answer
    earlier = [_words(text) for text in said if text]
    if not any(_words(answer.text) & words for words in earlier):
        return answer
    for span in answer.alternatives:
        if (span.margin is not None and span.margin <= 0) or any(
            _words(span.text) & words for words in earlier
        ):
            continue
        try:
            origin = source(span.article_id, span.start)
        except KeyError:
            continue
        return _as_answer(answer, span, origin)
    return dataclasses.replace(
        answer,
        text=None,
        sentence=None,
        source=None,
        start=None,
        end=None,
        confident=False,
        declined_reason=NOTHING_ELSE,
    )


def _as_answer(answer: Answer, span: Span, origin: Source) -> Answer:
    rest = tuple(other for other in answer.alternatives if other is not span)
    return dataclasses.replace(
        answer,
        text=span.text,
        sentence=span.sentence,
        source=origin,
        start=span.start,
        end=span.end,
        alternatives=rest,
        confident=False,
    )
