"""Questions about what an article is about: "What is the article about?", "Summarize it".

A span reader finds no span that answers them (over seeds/, "What is the article about?" was
declined). The article's own summary is its headline, so the answer quotes the title line
where it heads the article (the first sentence of the text when the title is not in it).
Which article is chosen as for the writer (``authorship``). What something else is about
("What is the movie about?") is not these: the thing must be the article, story, piece, post,
report, interview or "this".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from qa_bot.answering.authorship import (
    PIECE,
    ArticleQuestion,
    article_question,
    compile_questions,
    quoted_line,
)
from qa_bot.ingest.chunking import split_sentences
from qa_bot.types import Answer, Source

__all__ = ["gist_answer", "gist_question"]

_WHAT = rf"(?:(?:the|this|that)\s+{PIECE}|this|it)"
_REST = r"(?P<rest>[^?!.]*?)"
_PATTERNS = (
    # "What is the article (about X) about?", "What's this about?"
    rf"what(?:\s+is|'s|’s)\s+{_WHAT}\b{_REST}\s+about",
    # "Summarize the article (about X)", "Can you summarise this post?"
    rf"(?:(?:can|could)\s+you\s+|please\s+)?summari[sz]e\s+{_WHAT}\b{_REST}(?:\s+for\s+me)?",
    # "What is the gist / summary of the article (about X)?", "Give me a summary of this"
    rf"(?:what(?:\s+is|'s|’s)|give\s+me)\s+(?:the\s+|a\s+)?(?:gist|summary|main\s+point)"
    rf"(?:\s+of\s+{_WHAT}\b{_REST})?",
    r"tl;?\s*dr",
)
_QUESTIONS = compile_questions(_PATTERNS)
_LEAD = re.compile(r"^\s*(?:about|on|in|of|regarding)\s+", re.I)


def gist_question(question: str) -> ArticleQuestion | None:
    """The question as one about what an article is about (what it names, if any), else None."""
    return article_question(question, _QUESTIONS, _LEAD)


def gist_answer(
    question: str, article: str, title: str, source: Callable[[int], Source], began: float
) -> Answer | None:
    """The answer quoting ``article``'s title line, or its first sentence; None when empty."""
    head = article[: len(title) + 200]
    at = head.find(title) if title else -1
    if at >= 0:
        line_start = article.rfind("\n", 0, at) + 1
        line_end = article.find("\n", at)
        line_end = len(article) if line_end < 0 else line_end
        return quoted_line(
            question, article, (at, at + len(title), line_start, line_end), source, began
        )
    sentences = split_sentences(article)
    if not sentences:
        return None
    start, end = sentences[0]
    return quoted_line(question, article, (start, end, start, end), source, began)
