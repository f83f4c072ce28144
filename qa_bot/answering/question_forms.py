"""The question as the reader reads it against one passage.

Three passage-dependent rewordings, in order: the article's title phrase left out where the
passage lacks it (``title_phrase``), an acronym spelled out as the passage spells it
(``acronyms``), and a person's full name as the surname the passage uses alone
(``surname_reading``).
"""

from __future__ import annotations

from qa_bot.answering.acronyms import spelled_out
from qa_bot.answering.surname_reading import by_surname
from qa_bot.answering.title_phrase import reading_question

__all__ = ["reading_form"]


def reading_form(question: str, title: str | None, passage: str, *, surnames: bool = True) -> str:
    """``question`` worded for reading ``passage`` (of the article titled ``title``)."""
    worded = spelled_out(reading_question(question, title, passage), passage)
    return by_surname(worded, passage) if surnames else worded
