"""A conversation's focus on retrieval: the article it is about comes first when it is close.

In a conversation most questions continue the topic without naming it ("Should I add more
milk?" after "How do I make pancakes fluffy?"): searched alone they often find another article
that shares their words. Conversation passes the article of the last answer, and
``prefer_article`` moves its passages to the front when the best of them scores within a
margin of the best passage anywhere (fused scores: dense and BM25, each min-max normalised over
the question's candidates, so 1 is the best match): a wide one (``conversation.topic_margin``)
for a question used as asked, a narrow one (``conversation.prefer_margin``) for a rewritten
follow-up, whose retrieval query also holds the previous question and answer. The passages
keep the order the question itself gives them. A question whose words clearly belong elsewhere
("Who founded the Mongol Empire?") finds no passage of the article within the margin and is
answered from where it points: the conversation follows the change of topic.
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


PREFER_DEPTH = 100  # passages searched when an article is preferred (its best may rank low)


def focused_query(question: str, context: str | None) -> str:
    """The retrieval query: the question, then the conversation's context words if any."""
    if not context:
        return question
    return f"{question} {' '.join(context.split())}"
