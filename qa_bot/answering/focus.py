"""A conversation's focus on retrieval: does a question stay on the topic, and what to search.

In a conversation most questions continue the topic without naming it ("Should I add more
milk?" after "How do I make pancakes fluffy?"): searched alone they often find another article
that shares their words. A question *stays on the topic* when, searched as asked, the best
passage of the conversation's article scores within ``conversation.topic_margin`` of the best
passage anywhere (fused scores: dense and BM25, each min-max normalised over the question's
candidates, so 1 is the best match and an article missing from the candidates never stays);
then retrieval also gets the question that opened the topic and the article's passages come
first when they score close. A question that clearly belongs elsewhere ("Who founded the Mongol
Empire?") opens a new topic and is searched as asked.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa_bot.types import Hit


def prefer_article(hits: Sequence[Hit], article_id: str | None, margin: float) -> list[Hit]:
    """Hits of ``article_id`` scoring within ``margin`` of the best one move to the front.

    The rest keep their order; with no such hit, no article or ``margin`` 0 nothing moves.
    """
    ranked = list(hits)
    if article_id is None or margin <= 0 or not ranked:
        return ranked
    best = ranked[0].score
    close = [h for h in ranked if h.chunk.article_id == article_id and h.score >= best - margin]
    if not close:
        return ranked
    chosen = {id(h) for h in close}
    return close + [h for h in ranked if id(h) not in chosen]


TOPIC_DEPTH = 100  # best passages looked at for the conversation's article


def stays_on_topic(own: float | None, best: float, margin: float) -> bool:
    """True when the topic article's best score ``own`` is within ``margin`` of ``best``."""
    return own is not None and own >= best - margin


def focused_query(question: str, context: str | None) -> str:
    """The retrieval query: the question, then the conversation's context words if any."""
    if not context:
        return question
    return f"{question} {' '.join(context.split())}"
