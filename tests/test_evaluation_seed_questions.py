"""The seed article's question set quotes the article it is about."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "we-can-be-heroes-rodriguez-interview.txt"
QUESTIONS = ROOT / "benchmarks" / "data" / "seeds-questions.json"


def test_every_answer_is_quoted_from_the_seed_article_at_its_offset() -> None:
    text = SEED.read_text(encoding="utf-8")
    data = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    (article,) = data["data"]
    (paragraph,) = article["paragraphs"]
    assert paragraph["context"] == text
    ids = [qa["id"] for qa in paragraph["qas"]]
    assert len(ids) == len(set(ids))
    for qa in paragraph["qas"]:
        assert qa["is_impossible"] == (not qa["answers"])
        for answer in qa["answers"]:
            start = answer["answer_start"]
            assert text[start : start + len(answer["text"])] == answer["text"]
