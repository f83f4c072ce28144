"""Chat that is not a question: "hi", "thanks!", "ok", and "cool, and Racer?".

In a chat people greet the bot, thank it and acknowledge answers. Searched as questions, "hi"
was answered with a random span ("spawn") and "thanks!" with "I could not find that in the
articles."; a follow-up after "ok" ("what?") was read against "ok", and "what?" after an
answer as the last question with "what" ("What was We Can Be Heroes directed by …?"). Such a
message gets a short reply instead (``Answer.kind`` "chat", ``text`` None, the reply in
``declined_reason``) and is not a turn of the conversation; an interjection before a real
question ("cool, and Racer?") is left out of it.
"""

from __future__ import annotations

import re

__all__ = ["ACKNOWLEDGED", "GREETING", "PARDON", "THANKS", "small_talk", "without_interjection"]

GREETING = "Hello! Ask me anything about the articles, e.g. “Who wrote the article?”"
THANKS = "You're welcome! Ask me another question whenever you like."
ACKNOWLEDGED = "OK. Ask me another question whenever you like."
PARDON = "Could you ask that as a whole question? For example “What did he do next?”"

_GREETINGS = (
    "hi|hello|hey|hiya|howdy|yo|hallo|good morning|good afternoon|good evening|greetings|"
    "hi there|hello there|hey there"
)
_THANKS = "thanks|thank you|thanks a lot|thank you very much|thx|ty|cheers|many thanks|merci"
_ACKS = (
    "ok|okay|k|kk|cool|great|nice|good|got it|i see|alright|all right|awesome|perfect|fine|sure|"
    "wow|interesting|makes sense|understood|noted|ah|oh|hmm|lol"
)
_TO_BOT = r"(?:\s+(?:bot|there|again|so much|very much|a lot))?"
_GREETING = re.compile(rf"^(?:{_GREETINGS}){_TO_BOT}$")
_THANKED = re.compile(rf"^(?:(?:{_ACKS})\s+)?(?:{_THANKS}){_TO_BOT}$")
_ACKNOWLEDGEMENT = re.compile(rf"^(?:{_ACKS})(?:\s+(?:{_ACKS}))?$")
# "What?" alone: surprise, or "say again" — read as "What + the last question" it was nonsense
_PARDONED = re.compile(r"^(?:what|huh|pardon|sorry|eh|come again|say again|what do you mean)$")
_INTERJECTION = re.compile(rf"^(?:{_ACKS}|{_THANKS})\s*[,!.;:]+\s*(?=\S)", re.IGNORECASE)


def _plain(message: str) -> str:
    """Lower case, punctuation and emoji dropped, spaces collapsed."""
    return " ".join(re.sub(r"[^\w\s']", " ", message.lower()).split())


def small_talk(message: str) -> str | None:
    """The reply to a greeting, a thank-you or an acknowledgement; None for anything else."""
    plain = _plain(message)
    if not plain or len(plain.split()) > 6:
        return None
    if _GREETING.match(plain):
        return GREETING
    if _THANKED.match(plain):
        return THANKS
    if _ACKNOWLEDGEMENT.match(plain):
        return ACKNOWLEDGED
    if _PARDONED.match(plain):
        return PARDON
    return None


def without_interjection(message: str) -> str:
    """``message`` without a leading "cool," / "thanks!" before the question itself."""
    return _INTERJECTION.sub("", message.strip(), count=1)
