"""'Who drew the illustrations?' over a passage that says "she also drew …"."""

from __future__ import annotations

import pytest

from qa_bot.answering.cues import person_names
from qa_bot.answering.pronoun_passage import original_offsets, who_question, with_names

RHIANNON = (
    "His daughter Rhiannon not only inspired lead character Missy (Yaha Gosselin) as well as "
    "a couple of the young heroes, she also drew all of the illustrations. His son Rogue "
    "designed the ship."
)


def test_people_named_with_their_sex_when_a_word_says_it() -> None:
    found = person_names(RHIANNON + " The crew thanked Kevin Lindsay.")
    assert [(name, sex) for name, _, _, sex in found] == [
        ("Rhiannon", "female"),
        ("Rogue", "male"),
        ("Kevin Lindsay", None),
    ]  # not "(Yaha Gosselin)", an aside; not "His son Rogue" as a name of its own


def test_she_is_read_as_the_woman_last_named_and_spans_go_back_to_the_passage() -> None:
    substituted = with_names(RHIANNON)
    assert substituted is not None
    assert "heroes, Rhiannon also drew all of the illustrations" in substituted.text
    start = substituted.text.index("Rhiannon also")
    back = original_offsets(substituted, start, start + len("Rhiannon"))
    assert back is not None and RHIANNON[back[0] : back[1]] == "Rhiannon"
    after = substituted.text.index("designed the ship")
    back = original_offsets(substituted, after, after + len("designed the ship"))
    assert back is not None and RHIANNON[back[0] : back[1]] == "designed the ship"
    across = original_offsets(substituted, start - 8, start + 4)  # "heroes, Rhia"
    assert across is None


@pytest.mark.parametrize(
    "passage",
    [
        "The report was late. She said nothing.",  # no one named
        "His son Rebel composed it, she said.",  # "she" is no man
        "Nobody knows who she is.",  # not a subject opening a clause
    ],
)
def test_a_pronoun_with_no_fitting_name_is_left(passage: str) -> None:
    assert with_names(passage) is None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who drew the illustrations?", True),
        ("who composed the score", True),
        ("Who is she?", False),
        ("What did she draw?", False),
    ],
)
def test_who_questions(question: str, expected: bool) -> None:
    assert who_question(question) is expected
