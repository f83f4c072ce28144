"""A conversation: questions asked in turn, follow-ups understood from the earlier ones.

``Conversation(pipeline).ask(question)`` decides whether the question stands alone
(``qa_bot.answering.followup``). A follow-up is rewritten to stand alone; the reader gets the
rewrite, retrieval also gets the previous question and answer, and the returned
``Answer.understood_as`` holds the rewrite. Every question after the first prefers the article
of the last answer (``qa_bot.answering.focus``): its passages come first when they score within
``conversation.topic_margin`` of the best (``conversation.prefer_margin`` for a rewritten
follow-up, whose query already holds the topic; ``conversation.referring_margin`` for one that
refers back but could not be rewritten, "Did they make it?"); a question that finds nothing
there within the margin is answered from where it points, and the conversation follows it.
Yes/no and advice questions ("How do I…?", "Should I…?") are answered with their evidence sentence
(``qa_bot.answering.yesno``); "Who is Rebel?" / "What did he do?", when the reader declines
them, with the first retrieved sentence that names the one asked about
(``qa_bot.answering.describe``).
"""

from __future__ import annotations

import dataclasses
import threading
from collections import deque
from typing import TYPE_CHECKING

from qa_bot.answering.another import another_answer, asks_for_another
from qa_bot.answering.article_named import asked_which, named_article
from qa_bot.answering.cues import FOCUS_TURNS
from qa_bot.answering.describe import with_description
from qa_bot.answering.followup import Turn, needs_context, resolve
from qa_bot.answering.more import END_OF_ARTICLE, asks_for_more, next_sentence
from qa_bot.answering.small_talk import small_talk, without_interjection
from qa_bot.answering.topic_kind import topic_kind
from qa_bot.answering.whole_name import named_in_full, one_word_name
from qa_bot.answering.yesno import as_evidence, sentence_offsets, wants_evidence
from qa_bot.types import NOT_FOUND, Answer, Source

if TYPE_CHECKING:
    from qa_bot.answering.pipeline import Pipeline

_KINDS_KEPT = 64


def _chat(question: object, reply: str) -> Answer:
    """A reply that is no answer from the articles ("Hello! Ask me …")."""
    text = " ".join(question.split()) if isinstance(question, str) else ""
    return Answer(
        text, None, 0.0, None, None, None, None, declined_reason=reply, confident=False, kind="chat"
    )


def _wants_more(question: object) -> bool:
    return isinstance(question, str) and asks_for_more(question)


def _refers_back(question: object) -> bool:
    return isinstance(question, str) and needs_context(question)


class Conversation:
    """One conversation over a pipeline; ``ask`` is safe to call from several threads.

    Args:
        pipeline: the loaded pipeline (None: ``default_pipeline()``, loaded on first ask).
        max_turns: earlier turns remembered (None: ``conversation.max_turns`` of the settings).
    """

    def __init__(self, pipeline: Pipeline | None = None, *, max_turns: int | None = None) -> None:
        self._pipeline = pipeline
        self._max_turns = max_turns
        self._turns: deque[Turn] = deque()
        self._last_article: str | None = None
        self._asked_which: str | None = None  # a question answered with "which article?"
        self._quoted: Answer | None = None  # the last answer quoting an article ("Tell me more")
        self._kinds: dict[str, str | None] = {}  # article id -> topic_kind, a small cache
        self._lock = threading.Lock()

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline questions go to."""
        if self._pipeline is None:
            from qa_bot.answering.pipeline import default_pipeline

            self._pipeline = default_pipeline()
        return self._pipeline

    @property
    def turns(self) -> tuple[Turn, ...]:
        """The remembered turns, oldest first."""
        with self._lock:
            return tuple(self._turns)

    def reset(self) -> None:
        """Forget every earlier turn: the next question starts a new conversation."""
        with self._lock:
            self._turns.clear()
            self._last_article = None
            self._asked_which = None
            self._quoted = None

    def fork(self) -> Conversation:
        """A new conversation that remembers what this one does now, then goes its own way."""
        with self._lock:
            other = Conversation(self._pipeline, max_turns=self._max_turns)
            other._turns.extend(self._turns)
            other._last_article = self._last_article
            other._asked_which = self._asked_which
            other._quoted = self._quoted
            return other

    def ask(self, question: str, *, top_k: int | None = None) -> Answer:
        """Answer a question in the light of the earlier ones (raises BadQuestionError)."""
        with self._lock:
            if isinstance(question, str):
                reply = small_talk(question)
                if reply is not None:  # "hi", "thanks!": a reply, not a turn
                    return _chat(question, reply)
                question = without_interjection(question)  # "cool, and Racer?"
            turns = tuple(self._turns)
            rewrite = self._reading(question, turns)
            if rewrite is None and self._quoted is not None and _wants_more(question):
                answer = self._more(question, self._quoted)
            else:
                answer = self._answer(question, rewrite, turns, top_k)
            self._asked_which = (
                (rewrite or question) if asked_which(answer.declined_reason) else None
            )
            self._remember(rewrite or question, answer)
            return answer

    def _answer(
        self, question: str, rewrite: str | None, turns: tuple[Turn, ...], top_k: int | None
    ) -> Answer:
        """The pipeline's answer to the question as understood, worded for a conversation."""
        pipeline = self.pipeline
        asked = rewrite or question
        settings = pipeline.settings.conversation
        context = None
        margin = settings.topic_margin
        referring = rewrite is None and bool(turns) and _refers_back(question)
        focus_threshold = None
        if rewrite is not None or referring:
            focus_threshold = settings.follow_up_threshold
            margin = settings.referring_margin if referring else settings.prefer_margin
            if settings.focus_context:
                last = turns[-1]
                context = f"{last.question} {last.answer or ''}"
        answer = pipeline.answer(
            asked,
            top_k=top_k,
            context=context,
            prefer_article=self._last_article,
            prefer_margin=margin,
            as_asked=question if rewrite is not None and settings.read_as_asked else None,
            focus_threshold=focus_threshold,
        )
        if wants_evidence(asked) and answer.source is not None:
            answer = as_evidence(answer, pipeline.article_text(answer.source.article_id))
        answer = with_description(answer, self._source)
        if (rewrite is not None or referring) and asks_for_another(asked):
            # "Who else discovered it?" right after Scheele: not Scheele again
            said = [turn.answer for turn in turns[-FOCUS_TURNS:] if turn.answer]
            answer = another_answer(answer, said, self._source)
        if rewrite is not None:
            answer = dataclasses.replace(
                answer, question=" ".join(question.split()), understood_as=rewrite
            )
        return answer

    def _more(self, question: str, quoted: Answer) -> Answer:
        """The sentence after the one last quoted, in the same article ("Tell me more")."""
        if quoted.source is None:
            return _chat(question, NOT_FOUND)
        article_id = quoted.source.article_id
        try:
            article = self.pipeline.article_text(article_id)
            where = sentence_offsets(article, quoted)  # None: a byline joined from two lines
            found = next_sentence(article, where[1] if where else quoted.end or 0)
            source = self._source(article_id, found[0]) if found else None
        except KeyError:  # the article left the library since
            return _chat(question, NOT_FOUND)
        if found is None or source is None:
            return _chat(question, END_OF_ARTICLE)
        start, end = found
        text = article[start:end]
        return Answer(
            question=" ".join(question.split()),
            text=text,
            score=1.0,
            sentence=text,
            source=source,
            start=start,
            end=end,
            kind="evidence",
        )

    def _reading(self, question: str, turns: tuple[Turn, ...]) -> str | None:
        """The question to ask instead of ``question`` (None: as asked)."""
        if not isinstance(question, str):
            return None
        if self._asked_which is not None:
            named = named_article(question, self._asked_which)
            if named is not None:
                return named
        return resolve(question, turns)

    def _source(self, article_id: str, offset: int) -> Source:
        """An indexed article's metadata (KeyError when it has left the library)."""
        return self.pipeline.source(article_id, None, offset)

    def _topic_kind(self, article_id: str, title: str | None) -> str | None:
        """Whether the article is about a man, a woman, a group or a thing (from its pronouns)."""
        if article_id not in self._kinds:
            try:
                text = self.pipeline.article_text(article_id)
            except KeyError:  # the article left the library since it answered
                return None
            if len(self._kinds) >= _KINDS_KEPT:
                self._kinds.clear()
            self._kinds[article_id] = topic_kind(text, title)
        return self._kinds[article_id]

    def _remember(self, asked: str, answer: Answer) -> None:
        # An evidence sentence is no name to refer back to.
        span = None if answer.kind == "evidence" else answer.text
        if span is not None and answer.source is not None and one_word_name(span):
            span = named_in_full(span, self.pipeline.article_text(answer.source.article_id))
        topic = answer.source.title if answer.source is not None else None
        kind = self._topic_kind(answer.source.article_id, topic) if answer.source else None
        self._turns.append(Turn(" ".join(asked.split()), span, topic, kind, answer.sentence))
        if answer.source is not None:
            self._last_article = answer.source.article_id
            self._quoted = answer
        limit = self._max_turns or self.pipeline.settings.conversation.max_turns
        while len(self._turns) > max(limit, 1):
            self._turns.popleft()
