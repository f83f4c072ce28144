"""Who is X / what did X do: a declined one is answered with the sentence that names X."""

from __future__ import annotations

import pytest

from qa_bot.answering.describe import Described, described, with_description
from qa_bot.types import Answer, Chunk, Hit, Source

INTRO = "Intro line. "
SONS = (
    "The family helped. His son Rogue designed the ship; 20-year-old son Rebel composed the "
    "score. His daughter Rhiannon drew the pictures."
)
ARTICLE = INTRO + SONS
OTHER = "Nothing about them here. The weather was fine."


def _hits() -> tuple[Hit, ...]:
    return (
        Hit(Chunk(7, "b", OTHER, 0, len(OTHER)), 0.9),
        Hit(Chunk(3, "a", SONS, len(INTRO), len(ARTICLE)), 0.5),
    )


def _declined(question: str) -> Answer:
    return Answer(question, None, 0.02, None, None, None, None, passages=_hits())


def _source(article_id: str, offset: int) -> Source:
    return Source(article_id, f"Title {article_id}", f"{article_id}.txt")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who is Rebel?", Described("Rebel")),
        ("Who is Rebel???", Described("Rebel")),
        ("What did Rebel do for the film?", Described("Rebel")),
        ("And what did Racer Rodriguez do?", Described("Racer Rodriguez")),
        ("What did Robert Rodriguez's daughter do?", Described("daughter", "Robert Rodriguez")),
        ("Who is the president of France?", None),  # asks for a name, not about one
        ("Who was Robert's son?", None),
        ("What did the committee decide?", None),
        ("When did Rebel compose the score?", None),
        ("Did Racer direct We Can Be Heroes?", Described("Racer")),
        ("Is Rebel the oldest?", Described("Rebel")),
        ("Did the film win an award?", None),  # no name to look up
        ("Is it safe to eat raw eggs in Paris?", None),  # the name is not its subject
        ("What did Rodriguez say about parenting?", Described("parenting")),
        ("What does the mayor think about the clean-up?", Described("clean-up")),
        ("What did he say about Netflix?", None),  # a name: asked of the reader as it is
    ],
)
def test_description_questions_name_who_they_are_about(
    question: str, expected: Described | None
) -> None:
    assert described(question) == expected


def test_a_declined_description_quotes_the_first_sentence_naming_its_subject() -> None:
    answer = with_description(_declined("Who is Rebel?"), _source)
    assert answer.kind == "evidence" and not answer.confident
    assert answer.text is not None and "son Rebel composed" in answer.text
    assert answer.source == _source("a", 0)
    assert answer.start is not None and answer.end is not None
    assert ARTICLE[answer.start : answer.end] == answer.text


def test_a_relative_is_looked_up_only_where_the_owner_is_named() -> None:
    asked = "What did Robert Rodriguez's daughter do?"
    assert with_description(_declined(asked), _source).declined  # no Rodriguez named
    text = "The Rodriguez clan. His daughter Rhiannon drew."
    owned = (Hit(Chunk(3, "a", text, 0, len(text)), 0.5),)
    declined = Answer(asked, None, 0.02, None, None, None, None, passages=owned)
    answer = with_description(declined, _source)
    assert answer.text == "His daughter Rhiannon drew."


def test_a_name_no_passage_mentions_and_an_answer_given_stay_as_they_are() -> None:
    missing = _declined("Who is Emmanuel Macron?")
    assert with_description(missing, _source) is missing
    given = Answer("Who is Rebel?", "a son", 0.5, "…", _source("a", 0), 1, 6)
    assert with_description(given, _source) is given


def test_an_article_that_left_the_library_is_skipped() -> None:
    def gone(article_id: str, offset: int) -> Source:
        raise KeyError(article_id)

    assert with_description(_declined("Who is Rebel?"), gone).declined


def test_a_declined_yes_no_question_about_a_name_quotes_what_it_did() -> None:
    answer = with_description(_declined("Did Rhiannon compose the score?"), _source)
    assert answer.kind == "evidence" and answer.text is not None
    assert "daughter Rhiannon drew" in answer.text


def test_a_declined_said_about_question_quotes_the_sentence_about_it() -> None:
    answer = with_description(_declined("What did he say about the score?"), _source)
    assert answer.kind == "evidence" and answer.text is not None
    assert "composed the score" in answer.text
