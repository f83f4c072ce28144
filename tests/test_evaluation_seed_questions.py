"""The question sets over one article (seeds/, news, a blog post, a report, a web page) quote it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa_bot.ingest.articles import read_file

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
SETS = [
    (ROOT / "seeds" / "we-can-be-heroes-rodriguez-interview.txt", DATA / "seeds-questions.json"),
    (DATA / "news-storm.txt", DATA / "news-questions.json"),
    (DATA / "blog-cloud-bill.md", DATA / "blog-questions.json"),
    (DATA / "news-long-rail.txt", DATA / "news-long-questions.json"),
    (DATA / "report-transit.md", DATA / "report-questions.json"),
    (DATA / "feature-glacier.html", DATA / "feature-questions.json"),
    (DATA / "press-release-recall.docx", DATA / "press-release-questions.json"),
    (DATA / "interview-chef.txt", DATA / "interview-questions.json"),
    (DATA / "news-match.txt", DATA / "match-questions.json"),
    (DATA / "obituary-engineer.md", DATA / "obituary-questions.json"),
    (DATA / "help-router.html", DATA / "help-questions.json"),
    (DATA / "brief-heat.pdf", DATA / "brief-questions.json"),
    (DATA / "news-cnn-landslide.txt", DATA / "cnn-landslide-questions.json"),
    (DATA / "news-cnn-study.txt", DATA / "cnn-study-questions.json"),
    (DATA / "news-cnn-verdict.txt", DATA / "cnn-verdict-questions.json"),
    (DATA / "news-cnn-layoffs.txt", DATA / "cnn-layoffs-questions.json"),
    (DATA / "news-cnn-election.txt", DATA / "cnn-election-questions.json"),
    (DATA / "news-cnn-rescue.txt", DATA / "cnn-rescue-questions.json"),
    (DATA / "news-cnn-transfer.txt", DATA / "cnn-transfer-questions.json"),
    (DATA / "news-cnn-recall.txt", DATA / "cnn-recall-questions.json"),
    (DATA / "news-cnn-heist.txt", DATA / "cnn-heist-questions.json"),
    (DATA / "news-cnn-wildfire.txt", DATA / "cnn-wildfire-questions.json"),
    (DATA / "news-cnn-bank.txt", DATA / "cnn-bank-questions.json"),
    (DATA / "news-cnn-ferry.txt", DATA / "cnn-ferry-questions.json"),
    (DATA / "news-cnn-launch.txt", DATA / "cnn-launch-questions.json"),
    (DATA / "recipe-flatbread.html", DATA / "recipe-questions.json"),
    (DATA / "review-ebike.md", DATA / "review-questions.json"),
]


@pytest.mark.parametrize(("article", "questions"), SETS)
def test_every_answer_is_quoted_from_the_article_at_its_offset(
    article: Path, questions: Path
) -> None:
    # A Markdown post, a web page or a Word file as the bot reads it (without its markup).
    (read,), _ = read_file(article)
    marked_up = article.suffix in (".md", ".html", ".docx", ".pdf")
    text = read.text if marked_up else article.read_text(encoding="utf-8")
    data = json.loads(questions.read_text(encoding="utf-8"))
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
