"""SQuAD files: the dataset as frozen dataclasses, and reading datasets, predictions and na-probs.

Pure functions only: nothing here loads a model or an index.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_bot.errors import EvaluationDataError


@dataclass(frozen=True)
class SquadQuestion:
    """One question with its gold answers (empty tuple: unanswerable) and where it lives."""

    id: str
    question: str
    answers: tuple[str, ...]
    answer_starts: tuple[int, ...]
    article_index: int
    paragraph_index: int

    @property
    def has_answer(self) -> bool:
        """True for an answerable question (the official scorer's definition)."""
        return bool(self.answers)


@dataclass(frozen=True)
class SquadParagraph:
    """A context paragraph and its questions."""

    context: str
    questions: tuple[SquadQuestion, ...]


@dataclass(frozen=True)
class SquadArticle:
    """One Wikipedia article of a SQuAD file."""

    title: str
    paragraphs: tuple[SquadParagraph, ...]


@dataclass(frozen=True)
class SquadDataset:
    """A SQuAD v1.1 or v2.0 file, read into frozen dataclasses."""

    version: str
    articles: tuple[SquadArticle, ...]

    def questions(self) -> Iterator[SquadQuestion]:
        """Every question in file order."""
        for article in self.articles:
            for paragraph in article.paragraphs:
                yield from paragraph.questions

    def context_of(self, question: SquadQuestion) -> str:
        """The paragraph a question was asked about."""
        return self.articles[question.article_index].paragraphs[question.paragraph_index].context

    def subset(self, questions: Iterable[SquadQuestion]) -> SquadDataset:
        """The dataset restricted to the given questions (for scoring a sample)."""
        wanted = {q.id for q in questions}
        articles = tuple(
            SquadArticle(
                article.title,
                tuple(
                    SquadParagraph(p.context, tuple(q for q in p.questions if q.id in wanted))
                    for p in article.paragraphs
                ),
            )
            for article in self.articles
        )
        return SquadDataset(self.version, articles)


def _read_json(path: Path, what: str) -> Any:
    try:
        with path.open("rb") as handle:
            gzipped = handle.read(2) == b"\x1f\x8b"
        if gzipped:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                return json.load(handle)
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise EvaluationDataError(f"{what} not found: {path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, EOFError) as exc:
        raise EvaluationDataError(f"{what} {path} is not readable JSON: {exc}") from exc


def _parse_question(raw: Any, where: str, a_index: int, p_index: int) -> SquadQuestion:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise EvaluationDataError(f"{where}: a question needs a string 'id'")
    answers = raw.get("answers", [])
    if not isinstance(answers, list) or not all(
        isinstance(a, dict) and isinstance(a.get("text"), str) for a in answers
    ):
        raise EvaluationDataError(f"{where}, question {raw['id']}: 'answers' must be [{{text}}]")
    return SquadQuestion(
        id=raw["id"],
        question=str(raw.get("question", "")),
        answers=tuple(a["text"] for a in answers),
        answer_starts=tuple(int(a.get("answer_start", -1)) for a in answers),
        article_index=a_index,
        paragraph_index=p_index,
    )


def parse_squad(raw: Any, source: str = "dataset") -> SquadDataset:
    """Turn the JSON of a SQuAD file into a SquadDataset, checking its layout."""
    if not isinstance(raw, dict) or not isinstance(raw.get("data"), list):
        raise EvaluationDataError(f"{source}: not a SQuAD file (no 'data' list at the top)")
    articles = []
    for a_index, article in enumerate(raw["data"]):
        if not isinstance(article, dict) or not isinstance(article.get("paragraphs"), list):
            raise EvaluationDataError(f"{source}: article {a_index} has no 'paragraphs' list")
        paragraphs = []
        for p_index, paragraph in enumerate(article["paragraphs"]):
            where = f"{source}: article {a_index}, paragraph {p_index}"
            if not isinstance(paragraph, dict) or not isinstance(paragraph.get("context"), str):
                raise EvaluationDataError(f"{where} has no 'context' string")
            qas = paragraph.get("qas", [])
            if not isinstance(qas, list):
                raise EvaluationDataError(f"{where}: 'qas' must be a list")
            questions = tuple(_parse_question(qa, where, a_index, p_index) for qa in qas)
            paragraphs.append(SquadParagraph(paragraph["context"], questions))
        articles.append(
            SquadArticle(str(article.get("title", f"article {a_index}")), tuple(paragraphs))
        )
    return SquadDataset(str(raw.get("version", "")), tuple(articles))


def load_squad(path: str | Path) -> SquadDataset:
    """Read a SQuAD v1.1 or v2.0 JSON file, gzipped or not."""
    path = Path(path)
    return parse_squad(_read_json(path, "dataset"), str(path))


def load_squads(paths: Sequence[str | Path]) -> SquadDataset:
    """Several SQuAD files as one dataset (their articles in order: one library to ask)."""
    if len(paths) == 1:
        return load_squad(paths[0])
    data: list[Any] = []
    versions = set()
    ids: set[str] = set()
    for path in map(Path, paths):
        raw = _read_json(path, "dataset")
        part = parse_squad(raw, str(path))  # checks each file's layout on its own
        repeated = ids & {question.id for question in part.questions()}
        if repeated:
            raise EvaluationDataError(
                f"{path}: question ids repeat another file's: {min(repeated)}"
            )
        ids |= {question.id for question in part.questions()}
        versions.add(part.version)
        data.extend(raw["data"])
    version = "v2.0" if "v2.0" in versions else max(versions, default="")
    return parse_squad({"version": version, "data": data}, " + ".join(map(str, paths)))


def load_predictions(path: str | Path) -> dict[str, str]:
    """Read an official-format predictions file: {question id: answer text, "" for no answer}."""
    path = Path(path)
    raw = _read_json(path, "predictions file")
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise EvaluationDataError(f"{path}: predictions must be a JSON object of id -> string")
    return raw


def load_na_probs(path: str | Path) -> dict[str, float]:
    """Read a na-prob file: {question id: probability that there is no answer}."""
    path = Path(path)
    raw = _read_json(path, "na-prob file")
    if not isinstance(raw, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in raw.values()
    ):
        raise EvaluationDataError(f"{path}: na-probs must be a JSON object of id -> number")
    return {qid: float(value) for qid, value in raw.items()}
