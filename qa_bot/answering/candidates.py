"""The reader's candidate spans, reordered by what the question and the article tell.

The span reader ranks spans by its own scores. Some of its best are plainly not answers: the
writer's name or the date line for a question not about the writing (``head``), a speaker's
label in a transcript (``speaker_labels``), a span that only repeats the question (``echo``), a
person's age for "how many …?" (``ages``), the story's own outlet (``outlet``), a span of
another kind than the question asks for (``answer_type``). Each step sets such spans behind the
others (or drops the head fields); the reader's order is kept among the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from qa_bot.answering.ages import not_ages
from qa_bot.answering.answer_type import typed_first
from qa_bot.answering.echo import not_echoes
from qa_bot.answering.head import not_in_head_lines
from qa_bot.answering.outlet import not_the_outlet
from qa_bot.answering.speaker_labels import without_labels
from qa_bot.types import Span

__all__ = ["ordered"]


def ordered(
    question: str, spans: Sequence[Span], article_text: Callable[[str], str]
) -> tuple[Span, ...]:
    """The candidate spans for ``question``, the likeliest answer first."""
    kept = without_labels(not_in_head_lines(question, spans, article_text), article_text)
    kept = not_the_outlet(question, not_echoes(question, kept), article_text)
    return typed_first(question, not_ages(question, kept, article_text))
