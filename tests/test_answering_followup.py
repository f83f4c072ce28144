"""Follow-up rewriting rules on tiny inline conversations."""

from __future__ import annotations

import pytest

from qa_bot.answering.followup import Turn, names, needs_context, resolve
from qa_bot.answering.yesno import is_yes_no

DIRECTOR = [Turn("Who directed We Can Be Heroes?", "Robert Rodriguez", "We Can Be Heroes")]
LUTHER = [Turn("When was Martin Luther born?", "10 November 1483", "Martin Luther")]
WARSAW = [Turn("What is to the north of Warsaw?", "Kampinos Forest", "Warsaw")]


@pytest.mark.parametrize(
    "question",
    [
        "Who founded the Mongol Empire?",
        "When was Martin Luther born?",
        "What is the capital of France?",
        "Is it safe to eat raw eggs?",
        "How long does it take to boil an egg?",
    ],
)
def test_a_question_that_stands_alone_is_never_changed(question: str) -> None:
    assert resolve(question, DIRECTOR) is None
    assert resolve(question, LUTHER) is None


def test_no_conversation_means_no_rewrite() -> None:
    assert resolve("When was he born?", []) is None


def test_he_is_the_person_a_who_question_was_answered_with() -> None:
    assert resolve("How many kids had he raised?", DIRECTOR) == (
        "How many kids had Robert Rodriguez raised?"
    )


def test_only_the_first_pronoun_is_replaced() -> None:
    turns = [Turn("Where was Adolf Hitler born?", "Braunau am Inn", "Adolf Hitler")]
    assert resolve("Where did he live during his childhood?", turns) == (
        "Where did Adolf Hitler live during his childhood?"
    )


def test_possessives_become_the_name_with_s() -> None:
    assert resolve("Who was his wife?", LUTHER) == "Who was Martin Luther's wife?"
    assert resolve("What is her name?", [Turn("Who wrote Emma?", "Jane Austen", None)]) == (
        "What is Jane Austen's name?"
    )


def test_it_is_the_name_in_the_last_question() -> None:
    assert resolve("Is it streaming on Netflix?", DIRECTOR) == (
        "Is We Can Be Heroes streaming on Netflix?"
    )
    assert resolve("What country is it in?", WARSAW) == "What country is Warsaw in?"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("To the south?", "What is to the south of Warsaw?"),
        ("How about to the south?", "What is to the south of Warsaw?"),
        ("And Paris?", "What is to the north of Paris?"),
    ],
)
def test_a_fragment_takes_the_place_of_its_part_of_the_last_question(
    fragment: str, expected: str
) -> None:
    assert resolve(fragment, WARSAW) == expected


def test_and_his_mother_asks_the_last_question_about_her() -> None:
    assert resolve("And his wife?", LUTHER) == "When was Martin Luther's wife born?"


def test_a_bare_question_word_asks_the_last_question_again() -> None:
    assert resolve("Where?", LUTHER) == "Where was Martin Luther born?"


def test_a_name_already_in_the_question_is_not_added_again() -> None:
    assert resolve("Did Luther change his mind?", LUTHER) is None


def test_a_topic_change_is_followed() -> None:
    turns = [*LUTHER, Turn("Who founded the Mongol Empire?", "Genghis Khan", "Genghis Khan")]
    assert resolve("When did he die?", turns) == "When did Genghis Khan die?"


def test_names_are_runs_of_capitalised_words() -> None:
    assert names("Who directed We Can Be Heroes?") == ["We Can Be Heroes"]
    assert names("Where is the University of Warsaw?") == ["University of Warsaw"]


def test_needs_context() -> None:
    assert needs_context("Why?")
    assert needs_context("What happened next?")
    assert not needs_context("Who founded the Mongol Empire?")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Did Rebel compose the score?", True),
        ("Is it streaming on Netflix?", True),
        ("Is it red or blue?", False),
        ("Who composed the score?", False),
    ],
)
def test_yes_no_questions_are_recognised(question: str, expected: bool) -> None:
    assert is_yes_no(question) is expected
