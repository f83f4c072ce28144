"""Chat that is no question, and "tell me more"."""

from __future__ import annotations

import pytest

from qa_bot.answering.more import asks_for_more, next_sentence
from qa_bot.answering.small_talk import (
    ACKNOWLEDGED,
    GREETING,
    PARDON,
    THANKS,
    small_talk,
    without_interjection,
)


@pytest.mark.parametrize(
    ("message", "reply"),
    [
        ("hi", GREETING),
        ("Hello there!", GREETING),
        ("Good morning", GREETING),
        ("thanks!", THANKS),
        ("Thank you so much 🙏", THANKS),
        ("great, thanks", THANKS),
        ("ok", ACKNOWLEDGED),
        ("Got it.", ACKNOWLEDGED),
        ("Who directed it?", None),
        ("Hi, who directed We Can Be Heroes?", None),
        ("no", None),  # may answer the bot ("Which article do you mean?")
        ("what?", PARDON),
        ("Huh?", PARDON),
        ("what do you mean?", PARDON),
        ("What is it?", None),
        ("Good Will Hunting", None),
    ],
)
def test_small_talk_gets_a_reply_and_questions_do_not(message: str, reply: str | None) -> None:
    assert small_talk(message) == reply


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("cool, and Racer?", "and Racer?"),
        ("Thanks! Who composed the score?", "Who composed the score?"),
        ("Who composed the score?", "Who composed the score?"),
        ("Okay so what about Rogue?", "Okay so what about Rogue?"),  # no comma: left as it is
    ],
)
def test_an_interjection_before_a_question_is_left_out(message: str, question: str) -> None:
    assert without_interjection(message) == question


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Tell me more", True),
        ("tell me more about it", True),
        ("Go on.", True),
        ("Anything else?", True),
        ("and then?", True),
        ("What else did he direct?", False),
        ("More kids?", False),
    ],
)
def test_requests_for_more(message: str, expected: bool) -> None:
    assert asks_for_more(message) is expected


def test_the_next_sentence_starts_after_the_one_quoted() -> None:
    article = "Title\n\nA storm hit. Boats sank.\n\nThe mayor spoke."
    first_end = article.index("hit.") + len("hit.")
    start, end = next_sentence(article, first_end) or (0, 0)
    assert article[start:end] == "Boats sank."
    start, end = next_sentence(article, end) or (0, 0)
    assert article[start:end] == "The mayor spoke."
    assert next_sentence(article, len(article)) is None


def test_more_passes_over_lines_that_are_no_sentence() -> None:
    article = "Headline\n\nKevin Polowy\n·3 min read\n\nNetflix had a hit. It drew viewers."
    byline_end = article.index("Polowy") + len("Polowy")
    start, end = next_sentence(article, byline_end) or (0, 0)
    assert article[start:end] == "Netflix had a hit."


def test_evidence_that_says_every_word_asked_is_worded_as_what_the_article_says() -> None:
    from qa_bot.answering.yesno import as_evidence
    from qa_bot.types import Answer, Source

    article = "Intro. We Can Be Heroes is currently streaming on Netflix. Rebel composed the score."

    def hedged(question: str, span: str) -> Answer:
        start = article.index(span)
        sentence = next(s.rstrip(".") + "." for s in article.split(". ") if span in s)
        return Answer(
            question, span, 0.3, sentence, Source("a", "T", "t.txt"), start,
            start + len(span), confident=False,
        )  # fmt: skip

    says = as_evidence(hedged("Is We Can Be Heroes streaming on Netflix?", "Netflix"), article)
    assert says.kind == "evidence" and says.confident
    assert says.text == "We Can Be Heroes is currently streaming on Netflix."
    close = as_evidence(hedged("Did Racer compose the score?", "Rebel"), article)
    assert close.kind == "evidence" and not close.confident  # Racer is not in it
