"""Yes/no questions: answered with the sentence that bears on them, quoted whole.

A span reader given "Did Rebel compose the score?" returns a fragment ("orchestral score"),
which reads as a non-answer. For a question that starts with an auxiliary verb the bot instead
quotes the whole sentence the best span stands in, with its source, and marks the answer
``kind = "evidence"``. It gives no yes/no verdict: none has been measured.
"""

from __future__ import annotations

import dataclasses
import re

from qa_bot.types import Answer

_AUXILIARY = re.compile(
    r"^(?:and\s+|so\s+|but\s+)?(?:is|are|was|were|am|do|does|did|has|have|had|can|could|will|"
    r"would|shall|should|may|might|must|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|"
    r"hasn't|haven't|hadn't|can't|couldn't|won't|wouldn't|shouldn't)\s+\w",
    re.IGNORECASE,
)
# "Is it X or Y?" asks to choose, not yes or no.
_CHOICE = re.compile(r"\bor\b(?!\s+not\b)", re.IGNORECASE)

EVIDENCE_LEAD = "The article says:"


def is_yes_no(question: str) -> bool:
    """True for a question answered by yes or no ("Did Rebel compose the score?")."""
    text = " ".join(question.split())
    return bool(_AUXILIARY.match(text)) and not _CHOICE.search(text)


def sentence_offsets(article: str, answer: Answer) -> tuple[int, int] | None:
    """Where the answer's sentence stands in the article (the occurrence holding the span)."""
    if answer.sentence is None or answer.start is None or answer.end is None:
        return None
    for match in re.finditer(re.escape(answer.sentence), article):
        if match.start() <= answer.start and answer.end <= match.end():
            return match.start(), match.end()
    return None


def as_evidence(answer: Answer, article: str) -> Answer:
    """The answer with its whole sentence as the text (offsets quoting it), kind "evidence".

    A declined answer, or one whose sentence cannot be placed in the article, is returned as is.
    """
    if answer.declined:
        return answer
    where = sentence_offsets(article, answer)
    if where is None:
        return answer
    start, end = where
    return dataclasses.replace(
        answer, text=article[start:end], start=start, end=end, kind="evidence"
    )
