"""How far should a conversation prefer the article of its last answer? (retrieval only)

For each ``conversation.topic_margin`` the question is searched as asked, 100 passages deep, and
the last top article's passages go first when the best of them scores within the margin of the
best passage (``qa_bot.answering.focus.prefer_article``, what ``Conversation`` does for a
question it does not rewrite). Three sequences of questions:

- DoQA cooking dev, every dialog in order over all 200 passages: is the top passage of a
  follow-up turn in the dialog's own passage? (staying on the topic)
- SQuAD 2.0 dev, 1,000 seeded questions (the answerable ones) in file order over its 35
  articles: a topic change every ~28 questions; top article right, answer in the top passage.
- the same questions shuffled: a topic change at nearly every question (following the change).

    python benchmarks/conversation_focus.py [--doqa FILE] [--squad FILE]

Needs ``../shared/data`` for DoQA; indexes are built in a temporary folder (a few minutes).
"""

from __future__ import annotations

import argparse
import logging
import random
import tempfile
from collections.abc import Sequence
from pathlib import Path

from qa_bot.answering.focus import PREFER_DEPTH, prefer_article
from qa_bot.answering.pipeline import Pipeline
from qa_bot.config import load_settings
from qa_bot.embedding.embedder import load_embedder
from qa_bot.evaluation.dialogs import dialog_articles, load_dialogs
from qa_bot.evaluation.runs import corpus_from_squad, sample_questions
from qa_bot.evaluation.squad import load_squad
from qa_bot.index.build import build_index
from qa_bot.types import Article, Hit

REPO = Path(__file__).resolve().parent.parent
MARGINS = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9)


class Searcher:
    """One index, each question searched once."""

    def __init__(self, articles: Sequence[Article], folder: Path) -> None:
        settings = load_settings(environ={})
        embedder = load_embedder(settings)
        build_index(list(articles), folder, settings, embedder)
        self.pipeline = Pipeline(settings, folder, embedder, _NoReader(), "sentence")
        self._seen: dict[str, list[Hit]] = {}

    def search(self, question: str) -> list[Hit]:
        if question not in self._seen:
            self._seen[question] = self.pipeline.retriever.search(question, PREFER_DEPTH)
        return self._seen[question]


class _NoReader:
    def read(  # pragma: no cover
        self, question: str, hits: Sequence[Hit], titles: object = None, as_asked: object = None
    ) -> None:
        raise NotImplementedError


def run(
    searcher: Searcher,
    dialogs: Sequence[Sequence[tuple[str, str, tuple[str, ...]]]],
    margin: float,
    *,
    first_too: bool = False,
) -> tuple[float, float]:
    """% of turns whose top passage is in the gold article, and whose top passage has an answer."""
    asked = right = holds = 0
    for dialog in dialogs:
        last = None
        for position, (question, gold, answers) in enumerate(dialog):
            top = prefer_article(searcher.search(question), last, margin)[0].chunk
            if position > 0 or first_too:
                asked += 1
                right += top.article_id == gold
                holds += any(answer in top.text for answer in answers)
            last = top.article_id
    return 100.0 * right / asked, 100.0 * holds / asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--doqa",
        type=Path,
        default=REPO.parent / "shared/data/conversation/doqa-cooking-dev-v2.1.json.gz",
    )
    parser.add_argument("--squad", type=Path, default=REPO / "tests/data/squad-v2.0-dev.json.gz")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="qa-bot-focus-") as scratch:
        loaded = load_dialogs(args.doqa)
        articles = dialog_articles(loaded, "doqa")
        doqa = Searcher(articles, Path(scratch) / "doqa")
        by_passage = {a.text: a.id for a in articles}
        doqa_dialogs = [
            [(turn.question, _article_of(dialog.passage, by_passage), ()) for turn in dialog.turns]
            for dialog in loaded
        ]
        squad = load_squad(args.squad)
        corpus = corpus_from_squad(squad, args.squad.name)
        wiki = Searcher(corpus.articles, Path(scratch) / "squad")
        questions = [q for q in sample_questions(squad, 1000, 0) if q.answers]
        ordered = [
            (
                q.question,
                corpus.paragraph_offsets[(q.article_index, q.paragraph_index)][0],
                q.answers,
            )
            for q in questions
        ]
        shuffled = list(ordered)
        random.Random(5).shuffle(shuffled)
        print(
            "| topic_margin | DoQA follow-ups: top passage in the dialog's passage | SQuAD in file "
            "order: top article / answer in top passage | SQuAD shuffled: same |"
        )
        print("|---|---|---|---|")
        for margin in MARGINS:
            stay, _ = run(doqa, doqa_dialogs, margin)
            file_article, file_answer = run(wiki, [ordered], margin, first_too=True)
            mixed_article, mixed_answer = run(wiki, [shuffled], margin, first_too=True)
            print(
                f"| {margin:.1f} | {stay:.1f} % | {file_article:.1f} / {file_answer:.1f} % | "
                f"{mixed_article:.1f} / {mixed_answer:.1f} % |",
                flush=True,
            )


def _article_of(passage: str, by_text: dict[str, str]) -> str:
    for text, article_id in by_text.items():
        if passage.strip() and passage.strip()[:200] in text:
            return article_id
    return ""


if __name__ == "__main__":
    main()
