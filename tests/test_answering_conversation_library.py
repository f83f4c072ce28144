"""Follow-ups over a library of three kinds of article, through the real model and index."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_bot.config import load_settings

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = [
    ROOT / "seeds",
    ROOT / "benchmarks" / "data" / "news-storm.txt",
    ROOT / "benchmarks" / "data" / "blog-cloud-bill.md",
]


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory, real_embedder):  # type: ignore[no-untyped-def]
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    index = tmp_path_factory.mktemp("library") / "index"
    settings = load_settings(environ={})
    build_index(read_paths(LIBRARY).articles, index, settings, real_embedder)
    return load_pipeline(settings, index, embedder=real_embedder)


def test_he_is_still_the_man_answered_after_a_question_that_names_nobody(pipeline) -> None:  # type: ignore[no-untyped-def]
    from qa_bot.answering.conversation import Conversation

    conversation = Conversation(pipeline)
    assert conversation.ask("Who leads the fishermen's association?").text == "Rui Costa"
    conversation.ask("How much could the losses reach?")
    asked = conversation.ask("What did he ask the government to do?")
    assert asked.understood_as == "What did Rui Costa ask the government to do?"
    assert asked.text is not None and "compensate" in asked.text


def test_it_is_the_post_not_its_writer(pipeline) -> None:  # type: ignore[no-untyped-def]
    from qa_bot.answering.conversation import Conversation

    conversation = Conversation(pipeline)
    assert conversation.ask("Who wrote the post about the cloud bill?").text == "Priya Raman"
    job = conversation.ask("What is her job?")
    assert job.understood_as == "What is Priya Raman's job?"
    dated = conversation.ask("When was it published?")
    assert dated.understood_as == "When was the post published?"
    assert dated.text == "March 4, 2025"


def test_a_question_that_refers_back_stays_in_the_article(pipeline) -> None:  # type: ignore[no-untyped-def]
    from qa_bot.answering.conversation import Conversation

    conversation = Conversation(pipeline)
    first = conversation.ask("What was the bill in October?")
    assert first.source is not None
    blog = first.source.article_id
    later = conversation.ask("Did they make it?")  # "they": no one to name; still the post
    assert later.understood_as is None
    shown = later.source or (later.alternatives[0] if later.alternatives else None)
    assert shown is None or shown.article_id == blog


def test_an_acronym_the_library_spells_out_finds_its_passage(pipeline) -> None:  # type: ignore[no-untyped-def]
    spent = pipeline.answer("What did Tallyfield spend on AWS?")
    assert spent.text == "$212,000"  # "our monthly bill from Amazon Web Services passed …"
    assert pipeline.answer("Who is the CFO?").text == "Marcus Oyelaran"


def test_small_talk_is_answered_and_forgotten_and_more_reads_on(pipeline) -> None:  # type: ignore[no-untyped-def]
    from qa_bot.answering.conversation import Conversation
    from qa_bot.answering.small_talk import GREETING, THANKS

    conversation = Conversation(pipeline)
    hello = conversation.ask("hi")
    assert hello.text is None and hello.kind == "chat" and hello.declined_reason == GREETING
    first = conversation.ask("Who is the mayor?")
    assert first.text == "Carlos Moedas" and first.sentence is not None
    assert conversation.ask("thanks!").declined_reason == THANKS
    assert len(conversation.turns) == 1  # the chat is no turn
    more = conversation.ask("Tell me more")
    article = pipeline.article_text(first.source.article_id)
    assert more.kind == "evidence" and more.text is not None
    assert more.start is not None and article[more.start : more.end] == more.text
    assert more.start > article.index(first.sentence)
    again = conversation.ask("Go on")
    assert again.start is not None and again.start >= more.end


def test_what_an_article_is_about_is_its_headline(pipeline) -> None:  # type: ignore[no-untyped-def]
    from qa_bot.answering.authorship import WHICH_ARTICLE

    unclear = pipeline.answer("What is the article about?")  # three articles: which?
    assert unclear.text is None and (unclear.declined_reason or "").startswith(WHICH_ARTICLE)
    storm = pipeline.answer("What is the story about the storm about?")
    assert storm.text == (
        "Storm floods Lisbon harbour as mayor Carlos Moedas promises swift repairs"
    )
    assert storm.source is not None and storm.passages


def test_more_after_the_byline_reads_the_story_not_its_head(pipeline) -> None:  # type: ignore[no-untyped-def]
    from qa_bot.answering.conversation import Conversation

    conversation = Conversation(pipeline)
    assert conversation.ask("Who wrote the post about the cloud bill?").text == "Priya Raman"
    more = conversation.ask("Tell me more")
    assert more.text is not None and more.text.startswith("Last spring our monthly bill")


def test_who_did_it_when_the_passage_says_she_did(pipeline) -> None:  # type: ignore[no-untyped-def]
    drew = pipeline.answer("Who drew the illustrations in the film?")
    assert drew.text == "Rhiannon"  # "… she also drew all of the illustrations …"
    assert drew.sentence is not None and "she also drew" in drew.sentence
