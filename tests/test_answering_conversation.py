"""qa_bot.Conversation: with a tiny fake pipeline, then the real model and index, then the REPL."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path
from typing import Any

import pexpect
import pytest
from repl_helpers import repl_env, spawn_repl

import qa_bot
from qa_bot.answering.conversation import Conversation
from qa_bot.config import ConversationSettings, Settings, load_settings
from qa_bot.types import Answer, Source

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "Intro. Robert Rodriguez directed We Can Be Heroes. It is streaming on Netflix. End."


class FakePipeline:
    """Answers every question with the span "Robert Rodriguez" and records what it was asked."""

    def __init__(self) -> None:
        self.settings = Settings()
        self.calls: list[dict[str, Any]] = []

    def answer(self, question: str, **kwargs: Any) -> Answer:
        self.calls.append({"question": question, **kwargs})
        start = ARTICLE.index("Robert Rodriguez")
        return Answer(
            question=question,
            text="Robert Rodriguez",
            score=0.9,
            sentence="Robert Rodriguez directed We Can Be Heroes.",
            source=Source("a1", "We Can Be Heroes", "heroes.txt"),
            start=start,
            end=start + len("Robert Rodriguez"),
        )

    def article_text(self, article_id: str) -> str:
        return ARTICLE


def _conversation(fake: FakePipeline, **kwargs: Any) -> Conversation:
    return Conversation(fake, **kwargs)  # type: ignore[arg-type]


def test_conversation_is_exported_lazily() -> None:
    assert qa_bot.Conversation is Conversation


def test_a_standalone_question_goes_to_the_pipeline_as_asked() -> None:
    fake = FakePipeline()
    answer = _conversation(fake).ask("Who directed We Can Be Heroes?")
    assert answer.understood_as is None and answer.kind == "span"
    assert fake.calls == [
        {
            "question": "Who directed We Can Be Heroes?",
            "top_k": None,
            "context": None,
            "prefer_article": None,
            "prefer_margin": Settings().conversation.topic_margin,
            "as_asked": None,
            "focus_threshold": None,
        }
    ]


def test_a_follow_up_is_rewritten_and_focused_on_the_last_answer() -> None:
    fake = FakePipeline()
    conversation = _conversation(fake)
    conversation.ask("Who directed We Can Be Heroes?")
    answer = conversation.ask("How many kids had he raised?")
    assert answer.understood_as == "How many kids had Robert Rodriguez raised?"
    assert answer.question == "How many kids had he raised?"
    call = fake.calls[-1]
    assert call["question"] == "How many kids had Robert Rodriguez raised?"
    assert call["as_asked"] == "How many kids had he raised?"  # for passages without the name
    assert "Who directed We Can Be Heroes?" in call["context"]
    assert call["prefer_article"] == "a1"


def test_read_as_asked_off_gives_the_reader_the_rewrite_only() -> None:
    fake = FakePipeline()
    fake.settings = Settings().replace("conversation", read_as_asked=False)
    conversation = _conversation(fake)
    conversation.ask("Who directed We Can Be Heroes?")
    conversation.ask("How many kids had he raised?")
    assert fake.calls[-1]["question"] == "How many kids had Robert Rodriguez raised?"
    assert fake.calls[-1]["as_asked"] is None


def _call_after_director(follow_up: str) -> tuple[FakePipeline, dict[str, Any]]:
    """What the pipeline was asked for ``follow_up`` after "Who directed We Can Be Heroes?"."""
    fake = FakePipeline()
    conversation = _conversation(fake)
    conversation.ask("Who directed We Can Be Heroes?")
    conversation.ask(follow_up)
    return fake, fake.calls[-1]


def test_a_question_used_as_asked_prefers_the_last_article_with_the_wide_margin() -> None:
    fake, call = _call_after_director("Were many scenes shot in Austin?")
    assert call["question"] == "Were many scenes shot in Austin?"
    assert call["context"] is None
    assert call["prefer_article"] == "a1"
    assert call["prefer_margin"] == fake.settings.conversation.topic_margin


def test_a_rewritten_follow_up_gets_the_context_and_the_narrow_margin() -> None:
    fake, call = _call_after_director("How many kids had he raised?")
    assert call["context"] == "Who directed We Can Be Heroes? Robert Rodriguez"
    assert call["prefer_margin"] == fake.settings.conversation.prefer_margin


def test_only_a_follow_up_that_refers_back_is_declined_by_the_follow_up_threshold() -> None:
    fake, call = _call_after_director("How many kids had he raised?")
    assert call["focus_threshold"] == fake.settings.conversation.follow_up_threshold
    fake, call = _call_after_director("Were many scenes shot in Austin?")
    assert call["focus_threshold"] is None


def test_a_one_word_answer_is_remembered_by_the_full_name_the_article_gives() -> None:
    fake = FakePipeline()
    conversation = _conversation(fake)
    conversation.ask("Who directed We Can Be Heroes?")
    fake.answer = lambda question, **kwargs: dataclasses.replace(  # type: ignore[method-assign]
        FakePipeline.answer(fake, question, **kwargs), text="Rodriguez"
    )
    conversation.ask("Who directed it again?")
    assert conversation.ask("How many kids had he raised?").understood_as == (
        "How many kids had Robert Rodriguez raised?"
    )


def test_focus_context_off_keeps_the_article_preference_only() -> None:
    fake = FakePipeline()
    fake.settings = Settings(conversation=ConversationSettings(focus_context=False))
    conversation = _conversation(fake)
    conversation.ask("Who directed We Can Be Heroes?")
    conversation.ask("How many kids had he raised?")
    assert fake.calls[1]["context"] is None and fake.calls[1]["prefer_article"] == "a1"


def test_reset_forgets_the_earlier_turns() -> None:
    fake = FakePipeline()
    conversation = _conversation(fake)
    conversation.ask("Who directed We Can Be Heroes?")
    conversation.reset()
    answer = conversation.ask("How many kids had he raised?")
    assert answer.understood_as is None
    assert fake.calls[-1]["prefer_article"] is None
    assert len(conversation.turns) == 1


def test_turns_are_bounded() -> None:
    conversation = _conversation(FakePipeline(), max_turns=3)
    for _ in range(10):
        conversation.ask("Who directed We Can Be Heroes?")
    assert len(conversation.turns) == 3


def test_a_yes_no_question_is_answered_with_its_whole_evidence_sentence() -> None:
    answer = _conversation(FakePipeline()).ask("Did Robert Rodriguez direct We Can Be Heroes?")
    assert answer.kind == "evidence"
    assert answer.text == "Robert Rodriguez directed We Can Be Heroes."
    assert answer.start is not None and ARTICLE[answer.start : answer.end] == answer.text


def test_an_advice_question_is_answered_with_its_whole_sentence() -> None:
    answer = _conversation(FakePipeline()).ask("Whose film should I watch tonight?")
    assert answer.kind == "evidence"
    assert answer.text == "Robert Rodriguez directed We Can Be Heroes."
    assert ARTICLE[answer.start : answer.end] == answer.text  # type: ignore[misc]


def test_asks_from_several_threads_are_all_remembered() -> None:
    conversation = _conversation(FakePipeline(), max_turns=100)
    threads = [
        threading.Thread(target=conversation.ask, args=("Who directed We Can Be Heroes?",))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(conversation.turns) == 8


@pytest.mark.slow
def test_real_pipeline_follow_up_and_yes_no(seed_index: Path, real_embedder) -> None:
    from qa_bot.answering.pipeline import load_pipeline

    pipeline = load_pipeline(load_settings(environ={}), seed_index, embedder=real_embedder)
    conversation = Conversation(pipeline)
    first = conversation.ask("Who directed We Can Be Heroes?")
    assert first.understood_as is None
    alone = pipeline.answer("Who directed We Can Be Heroes?")
    assert (first.text, first.start) == (alone.text, alone.start)  # standalone: unchanged
    follow = conversation.ask("Is it streaming on Netflix?")
    assert follow.understood_as == "Is We Can Be Heroes streaming on Netflix?"
    if not follow.declined:
        assert follow.kind == "evidence" and "Netflix" in (follow.text or "")
        text = pipeline.article_text(follow.source.article_id)  # type: ignore[union-attr]
        assert text[follow.start : follow.end] == follow.text


@pytest.mark.slow
def test_real_pipeline_the_issues_dialog_about_the_director_and_his_kids(
    seed_index: Path, real_embedder
) -> None:
    from qa_bot.answering.pipeline import load_pipeline

    pipeline = load_pipeline(load_settings(environ={}), seed_index, embedder=real_embedder)
    conversation = Conversation(pipeline)
    conversation.ask("Who directed We Can Be Heroes?")
    kids = conversation.ask("How many kids had he raised?")
    assert kids.understood_as == "How many kids had Robert Rodriguez raised?"
    # the passage says "the popular filmmaker … I had just raised five kids": read as asked
    assert kids.text == "five"
    composer = conversation.ask("Which of them composed the score?")
    assert composer.understood_as == "Which of Robert Rodriguez's kids composed the score?"
    assert "Rebel" in (composer.text or "")  # "… son Rebel composed the film's orchestral score"
    daughter = conversation.ask("And his daughter?")
    assert daughter.understood_as == "What did Robert Rodriguez's daughter do?"
    # what she did, from the sentence that names her ("… she also drew all of the
    # illustrations …"); where the reader declines "what did X do", that sentence is quoted
    assert daughter.text and "daughter Rhiannon" in (daughter.sentence or "")
    conversation.reset()
    conversation.ask("How old is his son Rebel?")
    done = conversation.ask("And what did he do for the film?")
    assert done.understood_as == "And what did Rebel do for the film?"
    assert done.kind == "evidence" and "son Rebel composed" in (done.text or "")
    text = pipeline.article_text(done.source.article_id)  # type: ignore[union-attr]
    assert text[done.start : done.end] == done.text
    assert conversation.ask("Who is Emmanuel Macron?").declined  # named nowhere: declined


@pytest.mark.slow
def test_repl_follow_up_and_new_in_a_pseudo_terminal(seed_index: Path, tmp_path: Path) -> None:
    child = spawn_repl(seed_index, repl_env(tmp_path))
    try:
        child.expect("ask>")
        child.sendline("Who directed We Can Be Heroes?")
        child.expect("ask>")
        child.sendline("Is it streaming on Netflix?")
        child.expect(r"\(understood as: Is We Can Be Heroes streaming on Netflix\?\)")
        child.expect("Netflix")
        child.expect("ask>")
        child.sendline(":new")
        child.expect("New conversation")
        child.expect("ask>")
        child.sendline("Is it streaming on Netflix?")
        child.expect("ask>")
        assert "understood as" not in (child.before or "")
        child.sendline(":quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0


class ManArticlePipeline(FakePipeline):
    """The fake whose article is about a man, counting how often its text is read."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    def article_text(self, article_id: str) -> str:
        self.reads += 1
        return "He was born in 1968. His films are fast; he shoots and edits them himself."


def test_turns_know_what_their_article_is_about_and_read_it_once() -> None:
    fake = ManArticlePipeline()
    conversation = _conversation(fake)
    conversation.ask("Who directed We Can Be Heroes?")
    # Right after a "who" answer, "he" is the man just named.
    assert conversation.ask("Was he born in Texas?").understood_as == (
        "Was Robert Rodriguez born in Texas?"
    )
    conversation.ask("What did the critics say about its score?")
    assert [turn.topic_kind for turn in conversation.turns] == ["male", "male", "male"]
    assert fake.reads == 2  # once for its kind, once for the yes/no question's evidence
    # The man answered stays the focus: the questions since named no one else.
    answer = conversation.ask("Where was he born?")
    assert answer.understood_as == "Where was Robert Rodriguez born?"


PANCAKES = (
    "Fluffy pancakes\n\n"
    "For fluffy pancakes, separate the eggs and whip the whites until stiff, then fold them into "
    "the batter at the end. Baking powder must be fresh. Let the batter rest for ten minutes "
    "before cooking so the flour can hydrate. Cook them on a medium hot griddle and flip them "
    "once, when bubbles appear on the surface.\n\n"
    "Adding more milk makes the batter thinner, so the pancakes spread and come out flat and "
    "crepe-like. Buttermilk instead of milk makes them taller, because its acid reacts with the "
    "baking soda."
)
BREAD = (
    "Milk bread\n\n"
    "Milk in a bread dough gives a soft, tender crumb and a golden crust, because milk fat "
    "shortens the gluten strands and milk sugar browns. Scald the milk first: an enzyme in raw "
    "milk weakens the gluten. Knead the dough for ten minutes and let it rise until doubled."
)
MONGOLS = (
    "The Mongol Empire\n\n"
    "The Mongol Empire was founded by Genghis Khan in 1206, when the tribes of the steppe "
    "proclaimed him their ruler. At its height it stretched from Korea to Hungary."
)


@pytest.mark.slow
def test_real_pipeline_keeps_the_topic_and_follows_a_change(tmp_path: Path, real_embedder) -> None:
    from qa_bot.answering.pipeline import load_pipeline
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import make_article

    settings = load_settings(environ={})
    articles = [
        make_article(text.split("\n", 1)[0], text, f"{name}.txt")
        for name, text in (("pancakes", PANCAKES), ("bread", BREAD), ("mongols", MONGOLS))
    ]
    build_index(articles, tmp_path / "index", settings, real_embedder)
    pipeline = load_pipeline(settings, tmp_path / "index", embedder=real_embedder)
    ids = {article.title: article.id for article in articles}
    conversation = Conversation(pipeline)
    first = conversation.ask("How do I make fluffy pancakes?")
    assert first.source is not None and first.source.article_id == ids["Fluffy pancakes"]
    follow = "What happens if I add more milk?"  # milk: the bread article's word, too
    answer = conversation.ask(follow)
    assert answer.source is not None and answer.source.article_id == ids["Fluffy pancakes"]
    assert answer.passages[0].chunk.article_id == ids["Fluffy pancakes"]
    switch = conversation.ask("Who founded the Mongol Empire?")
    assert switch.source is not None and switch.source.article_id == ids["The Mongol Empire"]
    assert switch.text is not None and "Genghis Khan" in switch.text
    assert switch.passages[0].chunk.article_id == ids["The Mongol Empire"]
