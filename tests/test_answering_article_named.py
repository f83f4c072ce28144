"""After "Which article do you mean?", a reply that names the article answers the question."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_bot.answering.article_named import asked_which, named_article
from qa_bot.answering.authorship import which_article
from qa_bot.config import load_settings

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "benchmarks" / "data" / "news-storm.txt"
BLOG = ROOT / "benchmarks" / "data" / "blog-cloud-bill.md"


@pytest.mark.parametrize(
    ("reply", "about"),
    [
        ("the one about the storm", "the storm"),
        ("The storm one", "The storm"),
        ("about Robert Rodriguez", "Robert Rodriguez"),
        ("I mean the article about the cloud bill.", "the cloud bill"),
        ("Lisbon", "Lisbon"),
    ],
)
def test_a_reply_naming_the_article_asks_the_question_about_it(reply: str, about: str) -> None:
    assert named_article(reply, "Who wrote the article?") == f"Who wrote the article about {about}?"
    dated = named_article(reply, "When was the post published?")
    assert dated == f"When was the article about {about} published?"


@pytest.mark.parametrize(
    "reply",
    ["How many homes lost power?", "Who is the mayor?", "thanks", "OK, thank you!", "", "   "],
)
def test_a_new_question_or_chat_is_no_naming(reply: str) -> None:
    assert named_article(reply, "Who wrote the article?") is None


def test_only_the_which_article_reply_asks_for_a_naming() -> None:
    assert asked_which(which_article(["A", "B"]))
    assert not asked_which("I could not find that in the articles.")
    assert not asked_which(None)


def test_real_conversation_takes_the_reply_as_the_article_meant(
    tmp_path: Path, real_embedder
) -> None:
    from qa_bot.answering.conversation import Conversation
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    settings = load_settings(environ={})
    build_index(read_paths([NEWS, BLOG]).articles, tmp_path / "index", settings, real_embedder)
    conversation = Conversation(load_pipeline(settings, tmp_path / "index", embedder=real_embedder))
    unclear = conversation.ask("Who wrote the article?")
    assert unclear.text is None and asked_which(unclear.declined_reason)
    named = conversation.ask("the one about the cloud bill")
    assert named.text == "Priya Raman"
    assert named.understood_as == "Who wrote the article about the cloud bill?"
    # The conversation is now about that post: its date needs no naming.
    assert conversation.ask("When was it published?").text == "March 4, 2025"
    # A new question after "which article?" is read as it stands.
    conversation.reset()
    conversation.ask("When was the article published?")
    fresh = conversation.ask("How many homes lost power?")
    assert fresh.understood_as is None and fresh.text is not None
