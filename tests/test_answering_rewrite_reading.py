"""Which form of a rewritten follow-up is read against a passage."""

from __future__ import annotations

from qa_bot.answering.rewrite_reading import added_names, question_for

REWRITE = "How many kids had Robert Rodriguez raised?"
ASKED = "How many kids had he raised?"


def test_the_names_a_rewrite_added_are_its_new_capitalised_words() -> None:
    assert added_names(REWRITE, ASKED) == {"Robert", "Rodriguez"}
    film = added_names("Is We Can Be Heroes streaming on Netflix?", "Is it streaming on Netflix?")
    assert film == {"We", "Can", "Be", "Heroes"}
    assert added_names("What did Rogue do?", "And Rogue?") == frozenset()  # "What" opens it
    # a fragment is no question to read: "And his daughter?" is read as its rewrite
    assert added_names("What did Ann Lee's daughter do?", "And his daughter?") == frozenset()
    assert added_names("Why did Ann Lee leave?", "Why?") == frozenset()
    assert added_names("When did Luther's father die?", "When did his father die?") == {"Luther"}


def test_a_passage_must_name_every_added_word_to_be_read_with_the_rewrite() -> None:
    added = added_names(REWRITE, ASKED)
    assert question_for(REWRITE, ASKED, added, "Robert Rodriguez raised five kids.") == REWRITE
    assert question_for(REWRITE, ASKED, added, "the Rodriguez clan; I raised five kids") == ASKED
    assert question_for(REWRITE, ASKED, added, "robert rodriguez in lower case") == ASKED
    assert question_for(REWRITE, None, added, "anything") == REWRITE  # not a follow-up
    assert question_for(REWRITE, ASKED, frozenset(), "anything") == REWRITE
