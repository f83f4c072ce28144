"""Bookkeeping for the Telegram front: access control, rate limits, recent answers, feedback.

Nothing here imports ``telegram``; every class is bounded in memory and safe to unit-test alone.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa_bot.fronts.telegram.format import RichText
from qa_bot.types import Answer

Clock = Callable[[], float]


@dataclass(frozen=True)
class AccessPolicy:
    """Who may use the bot.

    Each non-empty list grants access: a user on ``user_ids`` may ask anywhere, and anyone may
    ask inside a chat on ``chat_ids``. With both lists empty, everyone may ask.
    """

    user_ids: frozenset[int] = frozenset()
    chat_ids: frozenset[int] = frozenset()

    @classmethod
    def of(cls, user_ids: Iterable[int], chat_ids: Iterable[int]) -> AccessPolicy:
        """Build a policy from two lists of ids."""
        return cls(frozenset(user_ids), frozenset(chat_ids))

    def allows(self, user_id: int | None, chat_id: int | None) -> bool:
        """True when this user in this chat may use the bot."""
        if not self.user_ids and not self.chat_ids:
            return True
        return (user_id is not None and user_id in self.user_ids) or (
            chat_id is not None and chat_id in self.chat_ids
        )


@dataclass(frozen=True)
class RateDecision:
    """Outcome of one rate-limit check."""

    allowed: bool
    retry_in: float = 0.0
    warn: bool = False  # first refusal since the user was last allowed: worth telling them


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class RateLimiter:
    """A token bucket per user: ``burst`` questions at once, refilled at ``per_minute``."""

    def __init__(
        self,
        per_minute: float,
        burst: int,
        *,
        clock: Clock = time.monotonic,
        max_users: int = 10_000,
    ) -> None:
        if per_minute <= 0 or burst <= 0:
            raise ValueError("per_minute and burst must be greater than 0")
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._max_users = max_users
        self._buckets: OrderedDict[int, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, user_id: int) -> RateDecision:
        """Take one token for ``user_id`` if there is one."""
        with self._lock:
            now = self._clock()
            bucket = self._buckets.pop(user_id, None) or _Bucket(self._burst, now)
            bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
            bucket.updated = now
            self._buckets[user_id] = bucket
            while len(self._buckets) > self._max_users:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                bucket.warned = False
                return RateDecision(True)
            warn = not bucket.warned
            bucket.warned = True
            return RateDecision(False, (1.0 - bucket.tokens) / self._rate, warn)


@dataclass
class CachedAnswer:
    """An answer the bot sent, kept so its buttons keep working for a while."""

    answer: Answer
    chat_id: int
    user_id: int | None
    last_part: RichText  # the text of the message that carries the buttons
    passage_shown: bool = False
    voters: set[int] = field(default_factory=set)


class AnswerCache:
    """A bounded LRU of recent answers, keyed by short ids that fit in callback data."""

    def __init__(self, max_entries: int = 2000) -> None:
        self._entries: OrderedDict[str, CachedAnswer] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def put(self, entry: CachedAnswer) -> str:
        """Store ``entry`` and return its key (8 URL-safe characters)."""
        with self._lock:
            key = secrets.token_urlsafe(6)
            while key in self._entries:
                key = secrets.token_urlsafe(6)
            self._entries[key] = entry
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
            return key

    def get(self, key: str) -> CachedAnswer | None:
        """The entry for ``key``, or None when it has been evicted or never existed."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def __len__(self) -> int:
        return len(self._entries)


class FeedbackLog:
    """Appends one JSON object per line to the feedback file (thread-safe)."""

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()

    def record(self, entry: CachedAnswer, *, vote: str, user_id: int | None) -> dict[str, Any]:
        """Append a vote on ``entry`` and return the line written."""
        answer = entry.answer
        line: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self._clock())),
            "user_id": user_id,
            "chat_id": entry.chat_id,
            "question": answer.question,
            "answer": answer.text,
            "source": answer.source.title if answer.source else None,
            "vote": vote,
        }
        self.append(line)
        return line

    def append(self, line: Mapping[str, Any]) -> None:
        """Write one line; creates the folder if needed."""
        text = json.dumps(line, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(text)
