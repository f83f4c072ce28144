"""Acronyms the question uses and the passage spells out."""

from __future__ import annotations

import pytest

from qa_bot.answering.acronyms import expanded_query, expansion, spelled_out

BLOG = (
    "Last spring our monthly bill from Amazon Web Services passed $212,000. Our chief "
    "financial officer, Marcus Oyelaran, gave the team a target."
)


@pytest.mark.parametrize(
    ("question", "passage", "expected"),
    [
        ("What did they spend on AWS?", BLOG, "What did they spend on Amazon Web Services?"),
        ("Who is the CFO?", BLOG, "Who is the chief financial officer?"),
        ("What does the DOE fund?", "The Department of Energy funds it.",
         "What does the Department of Energy fund?"),
        ("What do CEOs earn?", "Chief executive officers earn a lot.",
         "What do Chief executive officers earn?"),
        ("What do the CFOs say?", BLOG, "What do the chief financial officers say?"),
    ],
)  # fmt: skip
def test_an_acronym_the_passage_spells_out_is_read_as_its_words(
    question: str, passage: str, expected: str
) -> None:
    assert spelled_out(question, passage) == expected


@pytest.mark.parametrize(
    ("question", "passage"),
    [
        ("Where is the UN?", "It is under new management."),  # two short common words
        ("Where is NASA based?", "NASA is in Houston. Nobody Asked Silly Answers."),  # it has it
        ("What does the US export?", "The country exports grain."),  # nothing spells it
        ("Who is the CFO?", "The Chief Fun Organiser. She is the CFO."),
    ],
)
def test_a_question_is_left_alone_when_the_passage_has_the_acronym_or_no_spelling(
    question: str, passage: str
) -> None:
    assert spelled_out(question, passage) == question


def test_a_spelling_never_starts_or_ends_with_a_joining_word() -> None:
    assert expansion("TUS", "the United States") is None
    assert expansion("US", "the United States of") == "United States"


def test_the_query_gets_the_words_of_an_acronym_the_library_lacks() -> None:
    texts = ["Nothing here.", BLOG]
    assert expanded_query("What did they spend on AWS?", texts, lambda w: w.lower() in {"x"}) == (
        "What did they spend on AWS? Amazon Web Services"
    )
    assert expanded_query("What did they spend on AWS?", texts, lambda w: True) == (
        "What did they spend on AWS?"
    )


def test_an_acronym_asked_many_times_is_looked_up_once() -> None:
    looked: list[str] = []

    def known(word: str) -> bool:
        looked.append(word)
        return False

    assert expanded_query("AWS " * 300 + "?", [BLOG], known).endswith("Amazon Web Services")
    assert looked == ["AWS"]
    spelled = spelled_out("AWS or AWS?", BLOG)
    assert spelled == "Amazon Web Services or Amazon Web Services?"
