"""Terminal and JSON rendering of answers, declines and hints."""

from __future__ import annotations

from qa_bot.fronts.render import render_text, to_json
from qa_bot.types import Answer, Hint, Source

SOURCE = Source("a1", "Heroes", "seeds/heroes.txt", None, None)
HINT = Hint("44 million", 0.7, "It drew more than 44 million viewers.", SOURCE)


def _declined(hint: Hint | None) -> Answer:
    return Answer(
        "How many?", None, 0.7, None, None, None, None, declined_reason="Not found.", hint=hint
    )


def test_a_declined_answer_without_a_hint_is_one_line() -> None:
    assert render_text(_declined(None)) == "Not found."
    assert to_json(_declined(None))["hint"] is None


def test_a_hint_is_marked_unsure_with_its_sentence_and_source() -> None:
    lines = render_text(_declined(HINT)).splitlines()
    assert lines[0] == "Not found."
    assert "not sure" in lines[1] and lines[1].endswith(": 44 million")
    assert lines[2] == "  “It drew more than «44 million» viewers.”"
    assert lines[3] == "  — Heroes (seeds/heroes.txt)"


def test_json_carries_the_hint_but_no_answer() -> None:
    data = to_json(_declined(HINT))
    assert data["answer"] is None
    assert data["hint"]["text"] == "44 million"
    assert data["hint"]["sentence"] == HINT.sentence
    assert data["hint"]["source"]["path"] == "seeds/heroes.txt"
