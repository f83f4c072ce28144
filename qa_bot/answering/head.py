"""Questions about an article itself, answered from its head: writer, date, what it is about.

"Who wrote the article?" (its byline, ``authorship``), "When was it published?" (its date
line, ``published``) and "What is the article about?" (its headline, ``gist``) are answered
from the lines that head the article, not by the span reader. Which article: the one the
question names ("… the article about the storm?", found by retrieval with those words), else
the conversation's, else the library's only one; in a library of several with nothing to tell
them apart, the question is read as any other, and if that finds nothing the bot asks which
article is meant.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from qa_bot.answering import retrieval
from qa_bot.answering.authorship import author_question, byline_answer, which_article
from qa_bot.answering.gist import gist_answer, gist_question
from qa_bot.answering.published import date_question, dateline_answer
from qa_bot.index.loading import LoadedIndex
from qa_bot.ingest.byline import find_byline
from qa_bot.ingest.dateline import find_dateline, find_place_line
from qa_bot.types import NOT_FOUND, Answer, Chunk, Hit, Region, Source, Span

__all__ = [
    "declined_reason",
    "head_answer",
    "head_regions",
    "in_head_lines",
    "not_in_head_lines",
]

# A question about the writing itself, which a byline or a date line may answer
_ABOUT_WRITING = re.compile(
    r"\b(?:wr[io]te|written|writ\w*|author\w*|report\w*|correspondent|journalist|editor|"
    r"byline|publish\w*|posted|updated|dated?)\b",
    re.I,
)


def _article_asked_about(
    about: str, prefer_article: str | None, index: LoadedIndex, retriever: retrieval.Retriever
) -> str | None:
    """The article named by ``about`` words, else the conversation's, else the only one."""
    if about:
        hits = retriever.search(about, 1)
        return hits[0].chunk.article_id if hits else None
    if prefer_article in index.table.articles:
        return prefer_article
    return next(iter(index.table.articles)) if len(index.table.articles) == 1 else None


def _chunk_at(index: LoadedIndex, article_id: str, offset: int) -> Chunk | None:
    """The passage of ``article_id`` that holds ``offset`` (None when none does)."""
    chunks = index.table.chunks
    return next(
        (c for c in chunks if c.article_id == article_id and c.start <= offset < c.end), None
    )


def head_answer(
    question: str,
    prefer_article: str | None,
    loaded: tuple[LoadedIndex, retrieval.Retriever],
    source: Callable[[str, LoadedIndex, int], Source],
    began: float,
) -> Answer | None:
    """The answer from an article's head, or None when the question asks something else.

    ``question`` is cleaned; ``loaded`` the index generation and its retriever (one
    throughout); ``source(article_id, index, offset)`` an article's metadata. None too when
    the article is unclear or its head does not say.
    """
    index, retriever = loaded
    author = author_question(question)
    dated = None if author else date_question(question)
    gist = None if author or dated else gist_question(question)
    asked = author or dated or gist
    if asked is None:
        return None
    article_id = _article_asked_about(asked.about, prefer_article, index, retriever)
    if article_id is None:
        return None
    text = index.table.article_text(article_id)

    def located(offset: int) -> Source:
        return source(article_id, index, offset)

    if author is not None:
        found = byline_answer(question, text, located, began)
    elif dated is not None:
        found = dateline_answer(question, text, located, began)
    else:
        title = index.table.articles[article_id].title
        found = gist_answer(question, text, title, located, began)
    if found is None:
        return None
    chunk = _chunk_at(index, article_id, found.start or 0)  # for "Show passage"
    return dataclasses.replace(found, passages=(Hit(chunk, 1.0),) if chunk is not None else ())


def declined_reason(question: str, prefer_article: str | None, index: LoadedIndex) -> str:
    """Why nothing is shown: the usual message, or "which article?" when asked about one.

    That is, about "the article" in a library of several, with nothing naming which.
    """
    asked = author_question(question) or date_question(question) or gist_question(question)
    articles = index.table.articles
    if asked is None or asked.about or prefer_article in articles or len(articles) < 2:
        return NOT_FOUND
    return which_article(sorted(article.title for article in articles.values()))


def _head_fields(question: str, text: str) -> list[tuple[int, int]]:
    """The writer's name, the date line and the filing place, unless asked about the writing."""
    if _ABOUT_WRITING.search(question):
        return []
    fields = []
    byline, dateline, place = find_byline(text), find_dateline(text), find_place_line(text)
    if byline is not None:  # the name: the outlet beside it may answer "Which magazine …?"
        fields.append((byline.start, byline.end))
    if dateline is not None:  # the whole line: "Updated 0312 GMT (1112 HKT) March 12, 2011"
        fields.append((dateline.line_start, dateline.line_end))
    if place is not None:
        fields.append((place.start, place.end))
    return fields


def head_regions(
    question: str, hits: Sequence[Hit], article_text: Callable[[str], str]
) -> tuple[Region, ...]:
    """The writers' names, date lines and filing places of the passages' articles, to avoid.

    Not for a question on the writing ("Who wrote …?", "When was it published?"). Only the
    articles whose head a passage reaches are read.
    """
    headed = dict.fromkeys(hit.chunk.article_id for hit in hits if hit.chunk.start < HEAD_CHARS)
    return tuple(
        Region(article_id, start, end)
        for article_id in headed
        for start, end in _head_fields(question, article_text(article_id))
    )


def in_head_lines(question: str, span: Span, text: str) -> bool:
    """True when ``span`` quotes the byline's name, date or place for a question not on them.

    "Who leads the project?" is not answered with the writer's name, nor "Who was convicted?"
    with the "MARLOW, Ohio (CNN) --" a story was filed from; the outlet beside a byline may
    still answer "Which outlet …?".
    """
    fields = _head_fields(question, text)
    return any(span.start < end and start < span.end for start, end in fields)


HEAD_CHARS = 2000  # spans starting this far into an article may stand in its byline


def not_in_head_lines(
    question: str, spans: Sequence[Span], article_text: Callable[[str], str]
) -> tuple[Span, ...]:
    """The spans less those quoting a byline's name or a date for another question."""
    heads = {span.article_id for span in spans if span.start < HEAD_CHARS}
    texts = {article_id: article_text(article_id) for article_id in heads}
    return tuple(
        span
        for span in spans
        if span.article_id not in texts or not in_head_lines(question, span, texts[span.article_id])
    )
