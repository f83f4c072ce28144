"""Questions that ask who someone is or what they did: "Who is Rebel?", "What did Racer do?".

Also whether a named one did something ("Did Racer direct it?": what Racer did is the
evidence) and what someone said about something ("What did Rodriguez say about parenting?":
the sentence about parenting).

A span reader declines most of them: the answer is a description ("20-year-old son Rebel
composed the film's orchestral score"), not a short span it can point at. When it declines one,
the conversation quotes instead the first sentence, in the passages retrieved for the question
(best first), that names the one asked about: an evidence answer that is not confident ("The
closest the article comes is: …"), as for a yes/no question. Only names are looked up ("Who is
the president of France?" and "Who was Robert's son?" ask for a name, not about one), and a
relative ("What did Robert Rodriguez's daughter do?") only in a passage that also names whose
relative it is; a name no retrieved passage mentions is still declined.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from qa_bot.answering.cues import is_relative
from qa_bot.answering.names import names
from qa_bot.types import Answer, Hit, Source

_DID = re.compile(
    r"^(?:and\s+|so\s+)?what\s+(?:did|does|do|has|had|have)\s+(?P<who>.+?)\s+(?:do|done)\b"
    r"(?:\s+(?:for|in|on|at|with|about)\b[^?]*)?[\s?!.]*$",
    re.IGNORECASE,
)
_WHO = re.compile(r"^(?:and\s+)?who\s+(?:is|was|are|were)\s+(?P<who>[^?!.]+?)[\s?!.]*$", re.I)
_OWNED = re.compile(r"^(?P<owner>.+?)['’]s\s+(?P<noun>\w+)$")
# "Did Racer direct it?": whether a named one did something, answered by what they did
_DID_NAMED = re.compile(
    r"^(?:and\s+|so\s+)?(?:did|does|do|is|was|were|has|had|can|could|will|would)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
# "What did Rodriguez say about parenting?": the sentence about it
_SAID = re.compile(
    r"^(?:and\s+|so\s+)?what\s+(?:did|does|do|has|have|had)\s+.+?\s+"
    r"(?:say|said|tell|told|think|thought|write|written|wrote|feel|felt)\s+(?:about|of|on)\s+"
    r"(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+)?(?P<what>[a-z][\w' -]*?)[\s?!.]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Described:
    """Who a description question is about: the words a sentence must name, and its owner."""

    key: str  # a name ("Rebel") or a relative's noun ("daughter")
    owner: str | None = None  # whose relative ("Robert Rodriguez"), to be named nearby


def described(question: str) -> Described | None:
    """Who "Who is X?" / "What did X do?" asks about, when X is a name or someone's relative."""
    text = " ".join(question.split())
    said = _SAID.match(text)
    if said and not names(said.group("what")):
        return Described(said.group("what").lower())
    named = _DID_NAMED.match(text)
    if named and names(named.group("rest")):
        first = names(named.group("rest"))[0]
        if named.group("rest").startswith(first) and first[:1].isupper():
            return Described(first)  # "Did Racer direct it?" "Is Rebel the oldest?"
    did = _DID.match(text)
    match = did or _WHO.match(text)
    if match is None:
        return None
    who = match.group("who").strip()
    owned = _OWNED.match(who)
    if owned and is_relative(who) and did:  # "Who was Robert's son?" asks for a name
        return Described(owned.group("noun").lower(), owned.group("owner"))
    if names(who) == [who] and who[:1].isupper():
        return Described(who)
    return None


def _names(sentence: str, key: str) -> bool:
    flags = re.IGNORECASE if key.islower() else 0
    return bool(re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", sentence, flags))


def _mentions(hit: Hit, asked: Described) -> list[tuple[int, int]]:
    """The sentences of a passage that name the one asked about (offsets in the passage)."""
    from qa_bot.ingest.chunking import split_sentences

    text = hit.chunk.text
    if asked.owner is not None and not any(
        _names(text, word) for word in asked.owner.split() if word[:1].isupper()
    ):
        return []
    return [(s, e) for s, e in split_sentences(text) if _names(text[s:e], asked.key)]


def with_description(answer: Answer, source: Callable[[str, int], Source]) -> Answer:
    """A declined description question answered with the first sentence naming its subject.

    The question is ``answer.question``, as the pipeline cleaned it. ``source(article_id,
    offset)`` gives an article's metadata, with the page holding ``offset`` (KeyError when the
    article left the library). Any other answer, or one whose subject no retrieved passage
    names, is returned as is.
    """
    subject = described(answer.question)
    if not answer.declined or subject is None:
        return answer
    for hit in answer.passages:
        found = _mentions(hit, subject)
        if not found:
            continue
        start, end = found[0]
        try:
            origin = source(hit.chunk.article_id, hit.chunk.start + start)
        except KeyError:
            continue
        sentence = hit.chunk.text[start:end]
        return dataclasses.replace(
            answer,
            text=sentence,
            sentence=sentence,
            source=origin,
            start=hit.chunk.start + start,
            end=hit.chunk.start + end,
            kind="evidence",
            confident=False,
            declined_reason=None,
        )
    return answer
