"""Pure formatting: escaping per parse mode, splitting, the answer layout."""

from __future__ import annotations

import dataclasses

import pytest
from telegram_fake_server import parse_formatted
from telegram_harness import make_answer

from qa_bot.fronts.telegram.format import (
    Segment,
    answer_message,
    passage_message,
    plain_text,
    render,
    split,
    utf16_length,
)

NASTY = "a < b && c > d \"q\" 'x' *bold* _it_ __u__ [l](u) `c` \\ ~s~ ||sp|| #+-=|{}.!"


@pytest.mark.parametrize("parse_mode", ["HTML", "MarkdownV2"])
def test_render_round_trips_through_telegrams_parser(parse_mode: str) -> None:
    segments = (
        Segment(NASTY),
        Segment(NASTY, bold=True),
        Segment(NASTY, italic=True),
        Segment(NASTY, bold=True, italic=True),
        Segment(NASTY, url="https://example.com/x_(y)?a=1&b=\\"),
    )
    plain, entities = parse_formatted(render(segments, parse_mode), parse_mode)
    assert plain == NASTY * 5
    kinds = sorted(e["type"] for e in entities)
    assert kinds == ["bold", "bold", "italic", "italic", "text_link"]
    link = next(e for e in entities if e["type"] == "text_link")
    assert link["url"] == "https://example.com/x_(y)?a=1&b=\\"


def test_neighbouring_italics_do_not_become_underline_in_markdown_v2() -> None:
    segments = (Segment("one", italic=True), Segment("two", italic=True))
    plain, entities = parse_formatted(render(segments, "MarkdownV2"), "MarkdownV2")
    assert plain == "onetwo"
    assert [e["type"] for e in entities] == ["italic"]


def test_short_text_is_one_part() -> None:
    assert split((Segment("  hello  "),)) == [(Segment("hello"),)]
    assert split((Segment("   "),)) == []


def test_split_prefers_paragraphs_then_sentences() -> None:
    text = "First sentence here. Second one is here.\n\nThird paragraph."
    parts = [plain_text(p) for p in split((Segment(text),), limit=45)]
    assert parts == ["First sentence here. Second one is here.", "Third paragraph."]
    parts = [plain_text(p) for p in split((Segment("Aaa bbb. Ccc ddd. Eee fff."),), limit=12)]
    assert parts == ["Aaa bbb.", "Ccc ddd.", "Eee fff."]


def test_split_hard_cuts_a_word_longer_than_the_limit() -> None:
    parts = [plain_text(p) for p in split((Segment("x" * 25),), limit=10)]
    assert parts == ["x" * 10, "x" * 10, "x" * 5]


def test_split_counts_utf16_units_and_keeps_styles_across_the_cut() -> None:
    emoji = "😀" * 30  # 60 UTF-16 units
    parts = split((Segment("intro "), Segment(emoji, bold=True)), limit=40)
    assert all(utf16_length(plain_text(p)) <= 40 for p in parts)
    assert "".join(plain_text(p) for p in parts).replace(" ", "") == "intro" + emoji
    assert all(s.bold for p in parts[1:] for s in p)


@pytest.mark.parametrize("parse_mode", ["HTML", "MarkdownV2"])
def test_every_part_of_a_long_styled_text_parses(parse_mode: str) -> None:
    segments = tuple(Segment(f"{NASTY} {i}. ", bold=i % 2 == 0) for i in range(200))
    parts = split(segments)
    assert len(parts) > 1
    for part in parts:
        plain, _ = parse_formatted(render(part, parse_mode), parse_mode)
        assert 0 < utf16_length(plain) <= 4096


def test_answer_layout() -> None:
    answer = make_answer(
        "q",
        "Rebel",
        sentence="Son Rebel composed it.",
        title="Heroes",
        url="https://x.org/a",
        notes=("Your question was cut to 1000 characters.",),
    )
    segments = answer_message(answer)
    assert plain_text(segments) == (
        "Rebel\n\n“Son Rebel composed it.”\n\nSource: Heroes\n\n"
        "Your question was cut to 1000 characters."
    )
    assert [s.text for s in segments if s.bold] == ["Rebel", "Rebel"]
    assert [s.url for s in segments if s.url] == ["https://x.org/a"]


def test_source_without_a_web_url_is_not_a_link() -> None:
    answer = make_answer("q", "Rebel", sentence="Son Rebel.", title="T", url="file:///etc/x")
    assert not any(s.url for s in answer_message(answer))


def test_declined_answer_says_so_plainly() -> None:
    text = plain_text(answer_message(make_answer("q", None)))
    assert text.startswith("Sorry, I couldn't find an answer")


def test_a_declined_answer_with_a_question_back_asks_it() -> None:
    answer = dataclasses.replace(
        make_answer("Who wrote the article?", None),
        declined_reason="Which article do you mean? I have 2: “A” and “B”.",
    )
    assert plain_text(answer_message(answer)).startswith("Which article do you mean?")


def test_a_sentence_that_is_a_quotation_is_not_quoted_twice() -> None:
    said = "“I had just raised five kids.”"
    text = plain_text(answer_message(make_answer("How many kids?", "five", sentence=said)))
    assert said in text and "““" not in text


def test_passage_highlights_the_answer_by_offsets() -> None:
    article = "Rebel is here. And Rebel again."
    answer = make_answer("q", "Rebel", sentence="Rebel is here.", article=article)
    segments = passage_message(answer)
    assert plain_text(segments) == "Passage\n" + article
    assert [s.text for s in segments if s.bold] == ["Passage", "Rebel"]


def test_a_whole_sentence_answer_is_not_quoted_twice() -> None:
    sentence = "Son Rebel composed it."
    answer = make_answer("q", sentence, sentence=sentence, title="Heroes")
    assert plain_text(answer_message(answer)) == f"{sentence}\n\nSource: Heroes"


def test_a_hedged_answer_says_probably_with_its_sentence_and_source() -> None:
    from dataclasses import replace

    from qa_bot.types import Source

    source = Source("a1", "Heroes", "seeds/a1.txt", "https://x.org/a", None)
    answer = make_answer("q", "44 million", sentence="It drew more than 44 million viewers.")
    segments = answer_message(replace(answer, source=source, confident=False))
    assert plain_text(segments) == (
        "Probably 44 million (not fully sure)\n\n"
        "“It drew more than 44 million viewers.”\n\nSource: Heroes"
    )
    assert [s.text for s in segments if s.bold] == ["44 million", "44 million"]
    assert [s.url for s in segments if s.url] == ["https://x.org/a"]
