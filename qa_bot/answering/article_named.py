"""A reply naming the article, after the bot asked "Which article do you mean?".

In a library of several, "Who wrote the article?" gets a question back
(``authorship.which_article``). In a chat the natural answer is a fragment — "the one about
the storm", "The Lisbon story", "about Robert Rodriguez" — which means the question asked before,
about that article: "Who wrote the article about the storm?". A reply that is a question of its
own ("How many homes lost power?") or only chat ("thanks", "ok") is not such a naming, and is
read as it stands.
"""

from __future__ import annotations

import re

from qa_bot.answering.authorship import WHICH_ARTICLE, author_question
from qa_bot.answering.gist import gist_question
from qa_bot.answering.published import date_question

__all__ = ["WHICH_ARTICLE", "asked_which", "named_article"]
_MAX_WORDS = 12
_CHAT_WORDS = "ok okay yes no yeah nope thanks thank you cool great fine sure hi hello"
_CHAT = frozenset(_CHAT_WORDS.split())
_QUESTION = re.compile(
    r"^(?:who|whom|whose|what|when|where|why|how|which|is|are|was|were|do|does|did|can|could|"
    r"should|will|would|has|have|had|tell|show|list)\b",
    re.IGNORECASE,
)
_NAMING = re.compile(
    r"^(?:i\s+meant?\s+)?(?:the\s+(?:one|article|story|post|piece|interview|report)\s+)?"
    r"(?:(?:about|on|with|from|by)\s+)?(?P<what>.+?)"
    r"(?:\s+(?:one|article|story|post|piece|please))?[\s.!?]*$",
    re.IGNORECASE,
)


def asked_which(declined_reason: str | None) -> bool:
    """True when the bot's reply asked which article was meant."""
    return (declined_reason or "").startswith(WHICH_ARTICLE)


def named_article(reply: str, asked: str) -> str | None:
    """``asked`` about the article ``reply`` names ("Who wrote the article about X?"), or None.

    Args:
        reply: the user's next message.
        asked: the question the bot answered with "Which article do you mean?".
    """
    text = " ".join(reply.split())
    if not text or len(text.split()) > _MAX_WORDS or _QUESTION.match(text):
        return None
    found = _NAMING.match(text)
    what = found.group("what").strip(" ,;:") if found else ""
    if not what or set(re.findall(r"[a-z]+", what.lower())) <= _CHAT:
        return None
    if author_question(asked) is not None:
        return f"Who wrote the article about {what}?"
    if date_question(asked) is not None:
        return f"When was the article about {what} published?"
    if gist_question(asked) is not None:
        return f"What is the article about {what} about?"
    return None
