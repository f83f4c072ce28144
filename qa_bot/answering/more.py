"""'Tell me more': the article's next sentence after the one last quoted.

After an answer, people ask for more — "Tell me more", "Go on", "Anything else?" — meaning the
article's own continuation, not a new search (searched, "Anything more?" was declined and "What
else?" answered with an unrelated span). Such a message, when it cannot be read as a follow-up
of its own, is answered with the sentence that follows the last one quoted, in the same
article (``kind`` "evidence": the whole sentence, its offsets), and the next request continues
from there.
"""

from __future__ import annotations

import re

from qa_bot.ingest.chunking import split_sentences

__all__ = ["END_OF_ARTICLE", "asks_for_more", "next_sentence"]

END_OF_ARTICLE = "That was the end of the article: there is nothing more after it."
_MORE = re.compile(
    r"^(?:and\s+|so\s+|ok(?:ay)?\s+)?(?:please\s+)?(?:tell\s+me\s+more|more|more\s+please|"
    r"go\s+on|continue|keep\s+going|and\s+then|then\s+what|what\s+else|anything\s+else|"
    r"anything\s+more|what\s+more|say\s+more|read\s+on|next)"
    r"(?:\s+(?:about\s+(?:it|that|this)|please))?\s*[?.!…]*$",
    re.IGNORECASE,
)


def asks_for_more(message: str) -> bool:
    """True for "Tell me more", "Go on", "Anything else?" and the like."""
    return bool(_MORE.match(" ".join(message.split())))


def next_sentence(article: str, after: int) -> tuple[int, int] | None:
    """Offsets of the first sentence of ``article`` that starts at or after ``after``.

    Lines that are no sentence — a byline, "3 min read", a heading: nothing closes them with a
    full stop, a question or exclamation mark or a closing quote — are passed over.
    """
    for start, end in split_sentences(article):
        text = article[start:end].strip()
        if start >= after and text and text[-1] in _CLOSING:
            return start, end
    return None


_CLOSING = frozenset(".!?…\"”’'")
