"""Access policy, per-user token buckets, the answer LRU and the feedback file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from telegram_harness import make_answer

from qa_bot.fronts.telegram.format import Segment
from qa_bot.fronts.telegram.state import (
    AccessPolicy,
    AnswerCache,
    CachedAnswer,
    FeedbackLog,
    RateLimiter,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_empty_allow_lists_let_everyone_in() -> None:
    assert AccessPolicy().allows(1, 1)


def test_each_allow_list_grants_access() -> None:
    policy = AccessPolicy.of([10], [-500])
    assert policy.allows(10, 10)  # listed user, private chat
    assert policy.allows(10, -999)  # listed user, any group
    assert policy.allows(30, -500)  # anyone in a listed chat
    assert not policy.allows(30, 30)
    assert not policy.allows(None, None)


def test_token_bucket_allows_a_burst_then_refills() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=6, burst=2, clock=clock)  # one token every 10 s
    assert limiter.check(1).allowed and limiter.check(1).allowed
    refused = limiter.check(1)
    assert not refused.allowed and refused.warn
    assert refused.retry_in == pytest.approx(10.0)
    again = limiter.check(1)
    assert not again.allowed and not again.warn  # warn once, not on every message
    assert limiter.check(2).allowed  # other users are not affected
    clock.now += 10
    assert limiter.check(1).allowed
    clock.now += 1000
    assert [limiter.check(1).allowed for _ in range(3)] == [True, True, False]


def test_rate_limiter_memory_is_bounded() -> None:
    limiter = RateLimiter(per_minute=1, burst=1, clock=Clock(), max_users=3)
    for user in range(10):
        limiter.check(user)
    assert len(limiter._buckets) == 3


def _entry() -> CachedAnswer:
    answer = make_answer("Who?", "Rebel", sentence="Rebel did it.", title="Heroes")
    return CachedAnswer(answer, chat_id=5, user_id=7, last_part=(Segment("x"),))


def test_answer_cache_keys_are_short_and_evicted_least_recent_first() -> None:
    cache = AnswerCache(max_entries=2)
    first, second = cache.put(_entry()), cache.put(_entry())
    assert len(first) == 8 and len(f"v:{first}:down".encode()) <= 64
    assert cache.get(first) is not None  # now the most recent
    cache.put(_entry())
    assert cache.get(second) is None
    assert cache.get(first) is not None
    assert len(cache) == 2


def test_feedback_lines_are_json(tmp_path: Path) -> None:
    log = FeedbackLog(tmp_path / "sub" / "feedback.jsonl", clock=lambda: 0.0)
    log.record(_entry(), vote="up", user_id=7)
    log.record(_entry(), vote="down", user_id=8)
    lines = [json.loads(line) for line in log.path.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {
        "time": "1970-01-01T00:00:00Z",
        "user_id": 7,
        "chat_id": 5,
        "question": "Who?",
        "answer": "Rebel",
        "source": "Heroes",
        "vote": "up",
    }
    assert lines[1]["vote"] == "down"
