"""Our own multi-article dialogs (benchmarks/data/dialogs-squad-dev.jsonl) and their measurement."""

from __future__ import annotations

import dataclasses
import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from telegram_harness import ConversationalFakePipeline, make_answer

from qa_bot.errors import EvaluationDataError
from qa_bot.evaluation.dialogs import Dialog, DialogTurn, load_jsonl_dialogs, run_dialogs

REPO = Path(__file__).resolve().parent.parent
DIALOGS = REPO / "benchmarks" / "data" / "dialogs-squad-dev.jsonl"


def _check_quoted(dialogs: list[Dialog], texts: dict[str, str]) -> None:
    """Each dialog opens with a standalone question, every answer quotes its article, and
    every follow-up carries a standalone form of its own."""
    for dialog in dialogs:
        first, *follow_ups = dialog.turns
        assert first.standalone is None and follow_ups, dialog.id
        for turn in dialog.turns:
            assert turn.answers and all(a in texts[dialog.title] for a in turn.answers), turn
        for turn in follow_ups:
            assert turn.standalone and turn.standalone != turn.question, turn


def test_the_bundled_dialogs_quote_their_articles(squad_dev: Path) -> None:
    dialogs = load_jsonl_dialogs(DIALOGS)
    with gzip.open(squad_dev, "rt", encoding="utf-8") as handle:
        data: Any = json.load(handle)
    texts = {a["title"]: " ".join(p["context"] for p in a["paragraphs"]) for a in data["data"]}
    assert len(dialogs) >= 20 and sum(len(d.turns) for d in dialogs) >= 60
    assert len({d.title for d in dialogs}) >= 15  # many articles, one index
    _check_quoted(dialogs, texts)


def test_a_broken_line_is_refused_with_the_file_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "article": "X", "turns": [{"question": "Q?"}]}\n')
    with pytest.raises(EvaluationDataError, match="bad.jsonl"):
        load_jsonl_dialogs(path)
    path.write_text("\n")
    with pytest.raises(EvaluationDataError, match="no dialogs"):
        load_jsonl_dialogs(path)


def test_follow_ups_are_scored_against_their_standalone_form() -> None:
    luther = "Martin Luther wrote the Ninety-five Theses. Martin Luther was born in 1483."
    answers = {
        "Who wrote the Ninety-five Theses?": make_answer(
            "Who wrote the Ninety-five Theses?", "Martin Luther", article=luther, title="Luther"
        ),
        "When was Martin Luther born?": make_answer(
            "When was Martin Luther born?", "1483", article=luther, title="Luther"
        ),
    }
    dialog = Dialog(
        "d",
        "Luther",
        "",
        (
            DialogTurn("Who wrote the Ninety-five Theses?", ("Martin Luther",)),
            DialogTurn("When was he born?", ("1483",), "When was Martin Luther born?"),
        ),
    )
    report = run_dialogs([dialog], ConversationalFakePipeline(answers))  # type: ignore[arg-type]
    assert report.follow_ups == 1 and report.standalone_follow_ups == 1
    assert report.f1_follow_ups_conversation == 100.0  # "he" understood
    assert report.f1_follow_ups_alone == 0.0  # "When was he born?" alone: nobody knows
    assert report.f1_standalone_alone == 100.0
    assert report.f1_standalone_conversation == 100.0


@pytest.mark.slow
def test_the_real_cli_asks_for_the_squad_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "qa_bot", "eval", "conversation", str(DIALOGS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "--articles" in done.stderr and "Traceback" not in done.stderr


def test_eval_pipeline_through_a_conversation_asks_in_turn() -> None:
    from test_evaluation_runs import RAW, FakePipeline

    from qa_bot.config import Settings
    from qa_bot.evaluation.runs import corpus_from_squad, run_pipeline_eval
    from qa_bot.evaluation.squad import parse_squad
    from qa_bot.types import Source

    class Recording(FakePipeline):  # type: ignore[misc]
        settings = Settings()

        def __init__(self, corpus: Any, dataset: Any) -> None:
            super().__init__(corpus, dataset)
            self.asked: list[tuple[str, str | None]] = []
            self.text = corpus.articles[0].text
            self.article_id = corpus.articles[0].id

        def answer(self, question, *, top_k=None, prefer_article=None, **_):  # type: ignore[no-untyped-def]  # noqa: E501
            self.asked.append((question, prefer_article))
            answer = super().answer(question, top_k=top_k)
            source = Source(self.article_id, "Seven Years' War", "tiny.json#0", None, None)
            return dataclasses.replace(answer, source=source)

        def article_text(self, article_id: str) -> str:
            return self.text

    dataset = parse_squad(RAW)
    corpus = corpus_from_squad(dataset, "tiny.json")
    questions = list(dataset.questions())
    alone = Recording(corpus, dataset)
    run_pipeline_eval(dataset, corpus, questions, alone, 2, source="t")
    assert [q for q, _ in alone.asked] == [q.question for q in questions]
    together = Recording(corpus, dataset)
    run_pipeline_eval(
        dataset, corpus, questions, together, 2, source="t", through_conversation=True
    )
    assert together.asked[0] == (questions[0].question, None)  # the first one: as asked
    assert together.asked[1][0] != "When did it end?"  # "it" read from the history
    assert together.asked[1][1] is not None  # and the last answer's article preferred


SEED_DIALOGS = REPO / "benchmarks" / "data" / "dialogs-seeds.jsonl"


def test_the_seed_dialogs_quote_the_seed_article() -> None:
    from qa_bot.ingest.articles import read_paths

    articles = {a.title: a.text for a in read_paths([REPO / "seeds"]).articles}
    dialogs = load_jsonl_dialogs(SEED_DIALOGS)
    assert len(dialogs) >= 4
    _check_quoted(dialogs, articles)


def test_the_real_cli_takes_a_folder_of_articles_and_names_a_missing_title(
    tmp_path: Path,
) -> None:
    dialogs = tmp_path / "d.jsonl"
    turn = {"question": "Who?", "answers": ["x"]}
    dialogs.write_text(json.dumps({"id": "1", "article": "No such title", "turns": [turn]}))
    done = subprocess.run(
        [sys.executable, "-m", "qa_bot", "eval", "conversation", str(dialogs)]
        + ["--articles", str(REPO / "seeds")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "No such title" in done.stderr and "Traceback" not in done.stderr


LIBRARY_DIALOGS = REPO / "benchmarks" / "data" / "dialogs-library.jsonl"
LIBRARY = [
    REPO / "seeds",
    REPO / "benchmarks" / "data" / "news-storm.txt",
    REPO / "benchmarks" / "data" / "blog-cloud-bill.md",
]


@pytest.mark.parametrize("kind", ["squad", "folder", "files"])
def test_the_bundled_dialogs_find_their_articles(squad_dev: Path, kind: str) -> None:
    import argparse

    from qa_bot.evaluation.conversation_cli import _dialogs_and_articles

    dataset, articles = {
        "squad": (DIALOGS, [squad_dev]),
        "folder": (SEED_DIALOGS, [REPO / "seeds"]),
        "files": (LIBRARY_DIALOGS, LIBRARY),
    }[kind]
    args = argparse.Namespace(dataset=dataset, articles=articles)
    dialogs, indexed = _dialogs_and_articles(args)
    assert dialogs and len(indexed) >= len({d.title for d in dialogs})
    if kind == "files":  # one library of three articles, each dialog about one of them
        assert len({d.title for d in dialogs}) == len(indexed) == 3


def test_the_library_dialogs_quote_their_articles() -> None:
    from qa_bot.ingest.articles import read_paths

    articles = {a.title: a.text for a in read_paths(LIBRARY).articles}
    dialogs = load_jsonl_dialogs(LIBRARY_DIALOGS)
    assert len(dialogs) >= 7
    _check_quoted(dialogs, articles)


@pytest.mark.parametrize(
    ("dialogs_file", "article"),
    [
        ("dialogs-report.jsonl", "report-transit.md"),
        ("dialogs-feature.jsonl", "feature-glacier.html"),
        ("dialogs-press-release.jsonl", "press-release-recall.docx"),
        ("dialogs-interview.jsonl", "interview-chef.txt"),
        ("dialogs-match.jsonl", "news-match.txt"),
        ("dialogs-obituary.jsonl", "obituary-engineer.md"),
        ("dialogs-help.jsonl", "help-router.html"),
        ("dialogs-brief.jsonl", "brief-heat.pdf"),
        ("dialogs-recipe.jsonl", "recipe-flatbread.html"),
        ("dialogs-review.jsonl", "review-ebike.md"),
    ],
)
def test_the_dialogs_over_other_kinds_of_article_quote_their_article(
    dialogs_file: str, article: str
) -> None:
    from qa_bot.ingest.articles import read_paths

    data = REPO / "benchmarks" / "data"
    articles = {a.title: a.text for a in read_paths([data / article]).articles}
    dialogs = load_jsonl_dialogs(data / dialogs_file)
    assert len(dialogs) >= 3
    _check_quoted(dialogs, articles)


def test_the_dialogs_over_four_cnn_stories_quote_their_stories() -> None:
    from qa_bot.ingest.articles import read_paths

    data = REPO / "benchmarks" / "data"
    stories = [data / f"news-cnn-{name}.txt" for name in ("transfer", "recall", "heist", "launch")]
    articles = {a.title: a.text for a in read_paths(stories).articles}
    dialogs = load_jsonl_dialogs(data / "dialogs-cnn.jsonl")
    assert len(dialogs) == 8
    for dialog in dialogs:  # a change of topic stands alone, without a standalone form
        assert dialog.turns[0].standalone is None
        assert sum(turn.standalone is not None for turn in dialog.turns) >= 4, dialog.id
        for turn in dialog.turns:
            assert turn.answers and all(a in articles[dialog.title] for a in turn.answers), turn
            assert turn.standalone != turn.question, turn


def test_the_dialogs_over_three_more_cnn_stories_quote_their_stories() -> None:
    from qa_bot.ingest.articles import read_paths

    data = REPO / "benchmarks" / "data"
    stories = [data / f"news-cnn-{name}.txt" for name in ("wildfire", "bank", "ferry")]
    articles = {a.title: a.text for a in read_paths(stories).articles}
    dialogs = load_jsonl_dialogs(data / "dialogs-cnn-more.jsonl")
    assert len(dialogs) == 6
    for dialog in dialogs:
        assert dialog.turns[0].standalone is None
        assert sum(turn.standalone is not None for turn in dialog.turns) >= 4, dialog.id
        for turn in dialog.turns:
            assert turn.answers and all(a in articles[dialog.title] for a in turn.answers), turn
