"""Which conversation a Telegram message continues: one per private chat, threads in groups.

- A private chat is one conversation.
- In a group (per forum topic), questions that are not replies to one of the bot's answers
  (a mention, ``/ask``) share the group's *main thread*. A reply to one of the bot's answers
  continues the conversation that answer belongs to, from that answer: when the thread has
  moved on since, the reply starts a *reply thread* that remembers what the conversation knew
  when that answer was sent, and goes its own way.
- A conversation not asked anything for ``idle_s`` is forgotten; the next question starts a new
  one. ``/new`` forgets every conversation of the chat.
- At most ``max_conversations`` threads (and as many answers to reply to) are kept: the least
  recently used go first.

Nothing here imports ``telegram`` or logs anything: the content of conversations stays in memory.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from qa_bot.answering.conversation import Conversation
from qa_bot.config import Settings
from qa_bot.types import Answer

if TYPE_CHECKING:
    from qa_bot.answering.pipeline import Pipeline

Clock = Callable[[], float]


@runtime_checkable
class ConversationPipeline(Protocol):
    """A pipeline that can hold conversations (``Pipeline`` is one): a follow-up's context."""

    settings: Settings

    def answer(
        self,
        question: str,
        *,
        top_k: int | None = None,
        context: str | None = None,
        prefer_article: str | None = None,
    ) -> Answer:
        """Answer one question, focused on the conversation."""
        ...

    def article_text(self, article_id: str) -> str:
        """The text of one indexed article."""
        ...


def store_for(pipeline: object, settings: Settings) -> ConversationStore | None:
    """The conversations of a bot over ``pipeline``, with the ``[telegram]`` limits.

    None for a plain answerer that takes no conversation context: it answers questions alone.
    """
    if not isinstance(pipeline, ConversationPipeline):
        return None
    tg = settings.telegram
    return ConversationStore(
        lambda: Conversation(cast("Pipeline", pipeline)),
        idle_s=tg.conversation_idle_minutes * 60,
        max_conversations=tg.max_conversations,
    )


@dataclass(frozen=True)
class ThreadKey:
    """A conversation's place: chat, forum topic (0: none), root (0: the chat's main thread).

    The root of a reply thread is the id of the bot's answer the first reply went to.
    """

    chat_id: int
    topic_id: int = 0
    root: int = 0


@dataclass
class _Thread:
    conversation: Conversation
    used: float  # clock time of its last question
    last_answer: int | None = None  # message id of the bot's latest answer in it


@dataclass(frozen=True)
class _Sent:
    """One answer the bot sent: its thread, and the conversation as it stood then."""

    key: ThreadKey
    snapshot: Conversation
    at: float


class ConversationStore:
    """The conversations of every chat, bounded and expiring; safe to use from several threads.

    Args:
        new: makes an empty conversation (over the bot's pipeline).
        idle_s: a conversation unused this long is forgotten.
        max_conversations: threads kept at most (least recently used dropped first).
        clock: monotonic seconds (injectable for tests).
    """

    def __init__(
        self,
        new: Callable[[], Conversation],
        *,
        idle_s: float,
        max_conversations: int,
        clock: Clock = time.monotonic,
    ) -> None:
        if idle_s <= 0 or max_conversations <= 0:
            raise ValueError("idle_s and max_conversations must be greater than 0")
        self._new = new
        self._idle_s = idle_s
        self._max = max_conversations
        self._clock = clock
        self._threads: OrderedDict[ThreadKey, _Thread] = OrderedDict()
        self._sent: OrderedDict[tuple[int, int], _Sent] = OrderedDict()
        self._lock = threading.Lock()

    def open(
        self, chat_id: int, *, topic_id: int = 0, reply_to: int | None = None
    ) -> tuple[ThreadKey, Conversation]:
        """The thread a question continues, and its conversation (created when needed).

        ``reply_to`` is the id of the bot's message the question replies to (groups only).
        """
        with self._lock:
            now = self._clock()
            self._expire(now)
            sent = self._sent.get((chat_id, reply_to)) if reply_to is not None else None
            if sent is None or reply_to is None:
                return self._continue(ThreadKey(chat_id, topic_id), now)
            thread = self._threads.get(sent.key)
            if thread is not None and thread.last_answer == reply_to:
                return self._continue(sent.key, now)  # the thread's latest answer: go on
            key = ThreadKey(chat_id, topic_id, reply_to)
            existing = self._threads.get(key)
            if existing is not None:
                return self._continue(key, now)
            return key, self._put(key, _Thread(sent.snapshot.fork(), now)).conversation

    def answered(self, key: ThreadKey, message_id: int) -> None:
        """Record that the bot's message ``message_id`` answered the latest question of ``key``."""
        with self._lock:
            thread = self._threads.get(key)
            if thread is None:
                return
            now = self._clock()
            thread.last_answer = message_id
            thread.used = now  # the thread lives as long as its latest answer can be replied to
            self._threads.move_to_end(key)
            self._sent[(key.chat_id, message_id)] = _Sent(key, thread.conversation.fork(), now)
            while len(self._sent) > self._max:
                self._sent.popitem(last=False)

    def thread_of(self, chat_id: int, message_id: int) -> ThreadKey | None:
        """The thread the bot's answer ``message_id`` belongs to (None: unknown or forgotten)."""
        with self._lock:
            sent = self._sent.get((chat_id, message_id))
            return sent.key if sent is not None else None

    def forget_chat(self, chat_id: int) -> int:
        """Forget every conversation of a chat (``/new``); return how many threads there were."""
        with self._lock:
            keys = [key for key in self._threads if key.chat_id == chat_id]
            for key in keys:
                del self._threads[key]
            for sent in [s for s in self._sent if s[0] == chat_id]:
                del self._sent[sent]
            return len(keys)

    def __len__(self) -> int:
        return len(self._threads)

    def _continue(self, key: ThreadKey, now: float) -> tuple[ThreadKey, Conversation]:
        thread = self._threads.pop(key, None)
        if thread is None:
            thread = _Thread(self._new(), now)
        thread.used = now
        return key, self._put(key, thread).conversation

    def _put(self, key: ThreadKey, thread: _Thread) -> _Thread:
        self._threads[key] = thread
        while len(self._threads) > self._max:
            self._threads.popitem(last=False)
        return thread

    def _expire(self, now: float) -> None:
        """Drop idle threads and old answers (both are kept oldest first)."""
        while self._threads:
            key, oldest = next(iter(self._threads.items()))
            if now - oldest.used < self._idle_s:
                break
            del self._threads[key]
        while self._sent:
            key2, sent = next(iter(self._sent.items()))
            if now - sent.at < self._idle_s:
                break
            del self._sent[key2]
