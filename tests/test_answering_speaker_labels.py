"""Speaker labels of a Q&A interview are no part of an answer (``answering/speaker_labels``)."""

from __future__ import annotations

from qa_bot.answering.speaker_labels import label_spans, without_labels
from qa_bot.types import Span

INTERVIEW = (
    "Chef on waste\n\nLarder: Where did it start?\n\nMensah: In Accra.\n\n"
    "Larder: Who helps you?\n\nMensah: Priya Natarajan, my sous-chef.\n\n"
    "Larder: And the garden?\n\nMensah: It is at Gifford.\n\nNote: prices vary."
)


def _span(text: str, start: int, end: int) -> Span:
    return Span(text[start:end], 0.5, "a", start, end, "", 0, 0, 0)


def test_labels_are_those_that_open_several_lines() -> None:
    labels = [INTERVIEW[a:b] for a, b in label_spans(INTERVIEW)]
    assert labels == ["Larder: ", "Mensah: "] * 3  # "Note: " opens one line only


def test_a_span_loses_the_label_it_starts_with_and_a_bare_label_is_dropped() -> None:
    label = INTERVIEW.index("Mensah: Priya")
    answer = INTERVIEW.index("Priya")
    with_label = _span(INTERVIEW, label, answer + len("Priya Natarajan"))
    bare = _span(INTERVIEW, label, label + len("Mensah"))
    other = _span(INTERVIEW, INTERVIEW.index("Gifford"), INTERVIEW.index("Gifford") + 7)
    kept = without_labels([with_label, bare, other], lambda _: INTERVIEW)
    assert [span.text for span in kept] == ["Priya Natarajan", "Gifford"]
    assert INTERVIEW[kept[0].start : kept[0].end] == "Priya Natarajan"


def test_an_article_without_labels_keeps_its_spans() -> None:
    text = "Note: the storm came.\n\nIt flooded the harbour."
    span = _span(text, 0, 4)
    assert without_labels([span], lambda _: text) == (span,)
