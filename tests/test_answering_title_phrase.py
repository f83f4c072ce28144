"""The question as the reader reads it against one passage (answering/title_phrase.py)."""

from __future__ import annotations

import pytest

from qa_bot.answering.title_phrase import reading_question

HEROES = "'We Can Be Heroes': Robert Rodriguez reveals surprising help he got to make Netflix hit"
WITHOUT_NAME = "His daughter Rhiannon not only inspired lead character Missy (Yaha Gosselin)."
WITH_NAME = "The Christmas Day release of We Can Be Heroes, the latest family film."


def test_a_trailing_phrase_naming_the_article_is_left_out_where_the_passage_lacks_it() -> None:
    question = "Who plays Missy in We Can Be Heroes?"
    assert reading_question(question, HEROES, WITHOUT_NAME) == "Who plays Missy?"


def test_it_stays_where_the_passage_says_it() -> None:
    question = "Who plays Missy in We Can Be Heroes?"
    assert reading_question(question, HEROES, WITH_NAME) == question


@pytest.mark.parametrize(
    ("question", "title", "expected"),
    [
        (
            "Which team represented the AFC at Super Bowl 50?",
            "Super Bowl 50",
            "Which team represented the AFC?",
        ),
        ("What was the population of the Normans?", "Normans", "What was the population?"),
        (
            "What did Rodriguez’s son compose for Netflix",
            HEROES,
            "What did Rodriguez’s son compose",
        ),
    ],
)
def test_other_titles(question: str, title: str, expected: str) -> None:
    assert reading_question(question, title, "Nothing about it here.") == expected


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Who plays Missy in the film?", HEROES),  # names nothing
        ("Who plays Missy in Spy Kids?", HEROES),  # not this article's title
        ("Who is in We Can Be Heroes?", HEROES),  # too little would be left
        ("How many Netflix viewers are in We Can Be Heroes?", HEROES),  # the verb needs it
        ("In We Can Be Heroes, who plays Missy?", HEROES),  # not at the end
        ("Who plays Missy in We Can Be Heroes?", None),
        ("Who plays Missy in We Can Be Heroes?", ""),
    ],
)
def test_questions_left_as_asked(question: str, title: str | None) -> None:
    assert reading_question(question, title, WITHOUT_NAME) == question


def test_any_text_is_safe() -> None:
    for question in [
        "",
        "?",
        " in ",
        "in We Can Be Heroes",
        "a in Heroes ??  ",
        "Ωμέγα στο Heroes;",
    ]:
        assert isinstance(reading_question(question, HEROES, ""), str)


ICE = "The race to drill Patagonia's oldest ice"
PROJECT = "This time the planning took four years and the project cost US$2.4 million."


def test_the_modifiers_naming_the_articles_topic_that_a_passage_lacks_are_left_out() -> None:
    asked = "How much did the Patagonian ice core project cost?"
    assert reading_question(asked, ICE, PROJECT) == "How much did the project cost?"
    # kept where the passage has them, or where none is a capitalised word of the title
    named = "This time the Patagonian ice core project cost US$2.4 million."
    assert reading_question(asked, ICE, named) == asked
    plain = "How much did the new ice core project cost?"
    assert reading_question(plain, ICE, PROJECT) == plain


def test_a_subject_named_with_the_titles_words_is_never_cut() -> None:
    title, passage = "Brightwater's long road", "She studied chemistry in Trondheim."
    for asked in (
        "Where did the founder of Brightwater study chemistry?",
        "Where did the Brightwater founder study chemistry?",
    ):
        assert reading_question(asked, title, passage) == asked
