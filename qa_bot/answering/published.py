"""Questions about when an article was published: "When was the article published?".

Like the writer's name (``authorship``), the date stands in a line under the headline, not in
a sentence a span reader can answer from ("When was the article published?" over a news story
dated "Updated 9:41 AM GMT, December 12, 2023" was declined). The pipeline recognises such a
question and answers with the article's date line (``qa_bot.ingest.dateline``), quoted like any
answer; which article is chosen as for the writer. Questions about when something else was
published ("When was Hamlet published?") are not these: the thing must be the article, story,
piece, post, report, interview or "this" ("When was it published?" may be about a book the
conversation names, and is read like any other question).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from qa_bot.answering.authorship import (
    KIND,
    PIECE,
    ArticleQuestion,
    article_question,
    compile_questions,
    quoted_line,
)
from qa_bot.ingest.dateline import find_dateline
from qa_bot.types import Answer, Source

_WHAT = rf"(?:(?:the|this|that)\s+{KIND}{PIECE}|this)"
_REST = r"(?P<rest>[^?!.]*?)"
_DONE = r"(?:published|written|posted|updated|released|put\s+out|dated)"
_PATTERNS = (
    # "When was the article (about X) published?", "When was this written?"
    rf"when\s+(?:was|is)\s+{_WHAT}\b{_REST}\s+{_DONE}",
    # "What date was the story published?"
    rf"(?:what|which)\s+(?:date|day|year)\s+(?:was|is)\s+{_WHAT}\b{_REST}\s+{_DONE}",
    # "What is the date of the article (about X)?", "What's the article's date?"
    rf"what(?:\s+is|'s|’s)\s+the\s+(?:date|publication\s+date)\s+of\s+{_WHAT}\b{_REST}",
    rf"what(?:\s+is|'s|’s)\s+the\s+{PIECE}['’]s\s+(?:date|publication\s+date)",
    # "When is the article from?"
    rf"when\s+is\s+{_WHAT}\b{_REST}\s+from",
)
_QUESTIONS = compile_questions(_PATTERNS)
_LEAD = re.compile(r"^\s*(?:about|on|in|of|regarding)\s+", re.I)


def date_question(question: str) -> ArticleQuestion | None:
    """The question as one about an article's date (what it names, if any), else None."""
    return article_question(question, _QUESTIONS, _LEAD)


def dateline_answer(
    question: str, article: str, source: Callable[[int], Source], began: float
) -> Answer | None:
    """The answer giving ``article``'s date from its date line, or None when it has none."""
    dateline = find_dateline(article)
    if dateline is None:
        return None
    where = (dateline.start, dateline.end, dateline.line_start, dateline.line_end)
    return quoted_line(question, article, where, source, began)
