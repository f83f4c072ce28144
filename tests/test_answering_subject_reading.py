"""The headline's name read as a pronoun against a passage that does not name it."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_bot.answering.subject_reading import pronoun_question, subject_names
from qa_bot.config import load_settings

TITLE = "'We Can Be Heroes': Robert Rodriguez reveals surprising help he got to make Netflix hit"
HIS = "The production was a family affair for the Rodriguez clan. His daughter drew. He said so."
HERS = "The production was a family affair. Her daughter drew the pictures, she said."


@pytest.mark.parametrize(
    ("question", "passage", "expected"),
    [
        ("How many kids has Robert Rodriguez raised?", HIS, "How many kids has he raised?"),
        ("Who worked with Robert Rodriguez?", HIS, "Who worked with him?"),
        ("Where is Robert Rodriguez's family based?", HIS, "Where is his family based?"),
        ("Where is Robert Rodriguez's family based?", HERS, "Where is her family based?"),
        ("When was We Can Be Heroes released?", HIS, "When was it released?"),
    ],
)  # fmt: skip
def test_the_headlines_name_the_passage_lacks_becomes_a_pronoun(
    question: str, passage: str, expected: str
) -> None:
    assert pronoun_question(question, TITLE, passage) == expected


@pytest.mark.parametrize(
    ("question", "title", "passage"),
    [
        # the passage names him: read as asked
        ("How many kids has Robert Rodriguez raised?", TITLE, "Robert Rodriguez raised five."),
        # not in the headline: SQuAD 2.0's traps swap such names
        ("How many kids has Quentin Tarantino raised?", TITLE, HIS),
        ("How many kids has Robert Rodriguez raised?", "Netflix had a stellar 2020", HIS),
        ("How many kids has Robert Rodriguez raised?", None, HIS),
        # one capitalised word is too loose a name; a name that modifies a noun takes no pronoun
        ("How many kids has Rodriguez raised?", TITLE, "The family affair. He said so."),
        ("Which Robert Rodriguez film drew 44 million viewers?", TITLE, HIS),
        # the question opens with the name: nothing to replace it with that reads
        ("Robert Rodriguez raised how many kids?", TITLE, HIS),
    ],
)
def test_other_questions_are_read_as_asked(question: str, title: str | None, passage: str) -> None:
    assert pronoun_question(question, title, passage) is None


def test_subject_names_need_every_word_in_the_headline() -> None:
    assert subject_names("Did Robert Rodriguez meet Robert Smith?", TITLE) == ["Robert Rodriguez"]
    assert subject_names("Did Robert Rodriguez call?", None) == []


def test_real_pipeline_answers_a_question_naming_the_headlines_person(
    seed_index: Path, real_embedder
) -> None:
    from qa_bot.answering.pipeline import load_pipeline

    settings = load_settings(environ={})
    question = "How many kids has Robert Rodriguez raised?"
    answer = load_pipeline(settings, seed_index, embedder=real_embedder).answer(question)
    # "… the popular filmmaker … tells Yahoo Entertainment … “I had just raised five kids.”"
    assert answer.text == "five"
    assert answer.source is not None and "Robert Rodriguez" in answer.source.title
    # the passage also says "Rodriguez" alone: the surname reading would find it too
    off = settings.replace("reader", subject_as_pronoun=False, surname_reading=False)
    before = load_pipeline(off, seed_index, embedder=real_embedder).answer(question)
    assert before.text != answer.text  # the trap this reading avoids
