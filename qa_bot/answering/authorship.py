"""Questions about who wrote an article: "Who wrote the article?", "Who is the author?".

The span reader cannot answer them: the writer's name stands in a byline, not in a sentence
that says "X wrote this" (over seeds/, "Who wrote the article?" was declined, its best span
the video's producer). So the pipeline recognises such a question and answers with the byline
of the article it is about (``qa_bot.ingest.byline``), quoted like any answer. Which article:
the one the question names ("Who wrote the article about Robert Rodriguez?", found by
retrieval with those words), else the conversation's article, else the library's only article;
in a library of several, with nothing to tell them apart, the question is read as any other,
and if that finds nothing the bot asks which article is meant (``which_article``).
Questions about who wrote something else ("Who wrote the Ninety-five Theses?", "Who is the
author of Hamlet?") are not these: the thing written must be the article, story, piece, post,
report, interview or "this".
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa_bot.ingest.byline import find_byline
from qa_bot.types import Answer, Source

# The words that name an article ("the story", "this post"), shared with ``gist``
PIECE = (
    r"(?:article|story|piece|post|report|interview|column|text|feature|essay|profile|review|"
    r"obituary|brief|editorial|press\s+release|news\s+story|blog\s+post|"
    r"help\s+page|web\s+page)"
)
# Words before it that say what kind ("the annual report", "this magazine feature"), never a name
KIND = (
    r"(?:(?:annual|quarterly|monthly|weekly|yearly|latest|new|full|original|whole|main|news|"
    r"magazine|science|long|special|research|progress|performance|match|game|race|sports?|"
    r"football|rugby|cricket|film|book|music|restaurant|travel|policy|briefing|help)\s+){0,2}"
)
_WHAT = rf"(?:(?:the|this|that)\s+{KIND}{PIECE}|this)"
_REST = r"(?P<rest>[^?!.]*?)"
_PATTERNS = (
    # "Who wrote the article (about X)?", "Who reported this story?"
    rf"who\s+(?:wrote|authored|penned|reported|has\s+written|was\s+writing)\s+{_WHAT}\b{_REST}",
    # "Who is the author (of the article about X)?"
    rf"who(?:\s+is|\s+was|\s+are|\s+were|'s|’s)\s+the\s+(?:author|writer|reporter|journalist)s?"
    rf"(?:\s+of\s+{_WHAT}\b{_REST})?",
    # "Who is the article by?", "Who was this story written by?"
    rf"who\s+(?:is|was)\s+{_WHAT}\b{_REST}\s+(?:written\s+)?by",
    # "By whom was the article written?"
    rf"by\s+whom\s+(?:is|was)\s+{_WHAT}\b{_REST}\s+written",
    # "Who interviewed Ada Mensah?": an interview's writer asked the questions
    r"who\s+(?:interviewed|was\s+interviewing|did\s+the\s+interview\s+with)\s+(?P<named>[^?!.]+?)",
    # "Whose article is this?"
    rf"whose\s+{PIECE}\s+is\s+(?:this|it){_REST}",
    # "What is the author's name?", "What's the name of the writer?"
    r"what(?:\s+is|'s|’s)\s+(?:the\s+)?(?:(?:author|writer|reporter)['’]s\s+name|"
    r"name\s+of\s+the\s+(?:author|writer|reporter))",
)


def compile_questions(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Whole-question patterns, each allowing a leading "And"/"So"/"OK" and trailing marks."""
    lead = r"^(?:(?:and|so|ok|okay|then)\s*,?\s+)?"
    return tuple(
        re.compile(rf"{lead}(?:{pattern})\s*[?!.]*$", re.IGNORECASE) for pattern in patterns
    )


_QUESTIONS = compile_questions(_PATTERNS)
_LEAD = re.compile(r"^\s*(?:about|on|in|of|from|that\s+(?:talks\s+)?about|regarding)\s+", re.I)


@dataclass(frozen=True)
class ArticleQuestion:
    """A question about an article itself (who wrote it, when), and the words naming which."""

    about: str  # "Robert Rodriguez" of "Who wrote the article about Robert Rodriguez?"


def article_question(
    question: str, questions: tuple[re.Pattern[str], ...], lead: re.Pattern[str]
) -> ArticleQuestion | None:
    """The first of ``questions`` the question matches, with what it names, else None.

    What it names: the words after ``lead`` ("about Robert Rodriguez" -> "Robert Rodriguez").
    Other words after the article ("Who wrote this song?") make it a question about something
    else.
    """
    text = " ".join(question.split())
    for pattern in questions:
        match = pattern.match(text)
        if match is not None:
            named = match.groupdict().get("named")
            if named:  # "Who interviewed Ada Mensah?": the article about her
                return ArticleQuestion(named.strip())
            rest = (match.groupdict().get("rest") or "").strip()
            if rest and not lead.match(rest):
                return None
            return ArticleQuestion(lead.sub("", rest).strip())
    return None


def author_question(question: str) -> ArticleQuestion | None:
    """The question as one about an article's writer, or None when it asks something else."""
    return article_question(question, _QUESTIONS, _LEAD)


def byline_answer(
    question: str, article: str, source: Callable[[int], Source], began: float
) -> Answer | None:
    """The answer naming ``article``'s writer from its byline, or None when it has none.

    ``source(offset)`` gives the article's metadata; ``began`` is when answering started
    (``time.perf_counter()``).
    """
    byline = find_byline(article)
    if byline is None:
        return None
    where = (byline.start, byline.end, byline.line_start, byline.line_end)
    return quoted_line(question, article, where, source, began)


LISTED_TITLES = 5  # a library of at most this many articles is listed when asking which one
WHICH_ARTICLE = "Which article do you mean?"


def which_article(titles: Sequence[str]) -> str:
    """What to ask when a question about "the article" could be about any of ``titles``."""
    shown = [" ".join(title.split()) for title in titles[:LISTED_TITLES]]
    if len(titles) > LISTED_TITLES or not shown:
        listing = f"I have {len(titles)} articles."
    else:
        listing = f"I have {len(titles)}: " + ", ".join(f"“{title}”" for title in shown) + "."
    example = shown[0] if shown else "the storm"
    return (
        f"{WHICH_ARTICLE} {listing} Name it in the question, for example "
        f"“… the article about {example}?”"
    )


def quoted_line(
    question: str,
    article: str,
    where: tuple[int, int, int, int],
    source: Callable[[int], Source],
    began: float,
) -> Answer:
    """A confident answer quoting ``article[start:end]`` within its line.

    ``where``: start, end, line start, line end. A line running over two (a name, then a role)
    is quoted as one.
    """
    start, end, line_start, line_end = where
    return Answer(
        question=question,
        text=article[start:end],
        score=1.0,
        sentence=" ".join(article[line_start:line_end].split()),
        source=source(start),
        start=start,
        end=end,
        latency_ms=(time.perf_counter() - began) * 1000,
    )
