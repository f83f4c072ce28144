"""Terminal and JSON rendering of answers: confident, hedged and declined."""

from __future__ import annotations

from qa_bot.fronts.render import render_text, to_json
from qa_bot.types import Answer, Source

SOURCE = Source("a1", "Heroes", "seeds/heroes.txt", None, None)
SENTENCE = "It drew more than 44 million viewers."


def _declined() -> Answer:
    return Answer(
        "How many?",
        None,
        0.2,
        None,
        None,
        None,
        None,
        declined_reason="Not found.",
        confident=False,
    )


def _answer(confident: bool) -> Answer:
    start = SENTENCE.index("44 million")
    return Answer(
        "How many?", "44 million", 0.7, SENTENCE, SOURCE, start, start + 10, confident=confident
    )


def test_a_declined_answer_is_one_plain_line() -> None:
    assert render_text(_declined()) == "Not found."
    data = to_json(_declined())
    assert data["answer"] is None and data["confident"] is False


def test_a_hedged_answer_reads_probably_with_its_sentence_and_source() -> None:
    lines = render_text(_answer(confident=False)).splitlines()
    assert lines[0] == "Probably 44 million (not fully sure)"
    assert lines[1] == "  “It drew more than «44 million» viewers.”"
    assert lines[2] == "  — Heroes (seeds/heroes.txt)"


def test_a_confident_answer_has_no_caveat() -> None:
    assert render_text(_answer(confident=True)).splitlines()[0] == "44 million"


def test_json_marks_a_hedged_answer_as_an_answer_that_is_not_confident() -> None:
    data = to_json(_answer(confident=False))
    assert data["answer"] == "44 million" and data["confident"] is False
    assert data["sentence"] == SENTENCE
    assert data["source"]["path"] == "seeds/heroes.txt"
    assert "hint" not in data
    assert to_json(_answer(confident=True))["confident"] is True


def test_a_sentence_that_is_a_quotation_is_not_quoted_twice() -> None:
    said = "“I had just raised five kids.”"
    start = said.index("five")
    answer = Answer("How many?", "five", 0.7, said, SOURCE, start, start + 4, confident=True)
    lines = render_text(answer).splitlines()
    assert lines[1] == "  “I had just raised «five» kids.”"
    plain = render_text(_answer(confident=True)).splitlines()[1]
    assert plain == "  “It drew more than «44 million» viewers.”"
