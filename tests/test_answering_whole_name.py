"""A name answer cut short is quoted whole (``answering/whole_name``)."""

from __future__ import annotations

import pytest

from qa_bot.answering.whole_name import named_in_full, whole_name
from qa_bot.types import Span


def _span(sentence: str, answer: str, at: int = 50) -> Span:
    where = sentence.index(answer)
    start = at + where
    return Span(answer, 0.5, "a", start, start + len(answer), sentence, at, at + len(sentence), 0)


@pytest.mark.parametrize(
    ("sentence", "answer", "whole"),
    [
        ("Ingrid Solheim, of the Nordic Ice Core Laboratory, is not convinced.", "Ingrid",
         "Ingrid Solheim"),
        ("Inside the trench, Ana Lucía Ferreyra read the depth.", "Ferreyra", "Ana Lucía Ferreyra"),
        ("The symphony by Ludwig van Beethoven was played.", "Beethoven", "Ludwig van Beethoven"),
        ("Yahoo Entertainment reported it first.", "Yahoo", "Yahoo Entertainment"),
    ],
)  # fmt: skip
def test_the_capitalised_words_that_touch_a_name_are_part_of_it(
    sentence: str, answer: str, whole: str
) -> None:
    found = whole_name("Who is it?", _span(sentence, answer))
    assert found.text == whole
    assert sentence[found.start - 50 : found.end - 50] == whole


@pytest.mark.parametrize(
    ("question", "sentence", "answer"),
    [
        ("Who is the Transport Secretary?", "Transport Secretary Fiona Hyslop said no.",
         "Fiona Hyslop"),  # a title, and words of the question
        ("Who said no?", "Prime Minister Keir Starmer said no.", "Keir Starmer"),
        ("Who spoke?", "In March Ferreyra spoke.", "Ferreyra"),  # a month
        ("Who spoke?", "With Ferreyra spoke Reinholt.", "Ferreyra"),  # a sentence's opening
        ("Which book?", "Said’s Orientalism portrayed the east.", "Orientalism"),  # possessive
        ("Where?", "He moved to Paris in 1990.", "Paris"),
        ("Who?", "Dr. Helena Marsh is chief executive.", "Helena Marsh"),
        ("What job?", "Economist Thomas Piketty disagreed.", "Economist"),
        ("When?", "It happened in the spring.", "spring"),  # no name
    ],
)  # fmt: skip
def test_titles_months_openings_and_possessives_are_not_taken_in(
    question: str, sentence: str, answer: str
) -> None:
    span = _span(sentence, answer)
    assert whole_name(question, span) == span


ARTICLE = (
    "Ingrid Solheim, an ice-core chemist, is not convinced. Ana Lucía Ferreyra disagrees. "
    '"Ingrid is right to be careful," Ferreyra says. Ferreyra\'s team flew to Bern.'
)


@pytest.mark.parametrize(
    ("name", "full"),
    [("Ingrid", "Ingrid Solheim"), ("Ferreyra", "Ana Lucía Ferreyra"), ("Bern", "Bern"),
     ("Ingrid Solheim", "Ingrid Solheim"), (None, None), ("spring", "spring")],
)  # fmt: skip
def test_a_one_word_name_reads_as_the_articles_one_full_form(
    name: str | None, full: str | None
) -> None:
    assert named_in_full(name, ARTICLE) == full


def test_two_full_forms_leave_the_name_as_it_is() -> None:
    assert named_in_full("Ingrid", ARTICLE + " Ingrid Berg was not there.") == "Ingrid"


def test_a_count_is_no_name_to_give_in_full() -> None:
    from qa_bot.answering.whole_name import named_in_full, one_word_name

    article = 'Three arrested in Basel. The thieves took "Three Dancers Resting" by Degas.'
    assert not one_word_name("Three")
    assert named_in_full("Three", article) == "Three"  # not "Three Dancers Resting"
    assert one_word_name("Ingrid")
