"""A conversation's focus on retrieval: the article it is about comes first when it is close."""

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


def focused_query(question: str, context: str | None) -> str:
    """The retrieval query: the question, then the conversation's context words if any."""
    if not context:
        return question
    return f"{question} {' '.join(context.split())}"
