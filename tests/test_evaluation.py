import gzip
import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import TEST_DATA

from qa_bot.errors import EvaluationDataError
from qa_bot.evaluation.metrics import (
    GoldSpan,
    exact_match,
    first_hit_rank,
    latency_summary,
    normalize_answer,
    percentile,
    recall_at,
    score_question,
    squad_scores,
    token_f1,
)
from qa_bot.evaluation.squad import load_na_probs, load_predictions, load_squad, parse_squad
from qa_bot.types import Chunk, Hit

REPO = Path(__file__).resolve().parents[1]
# Bundled in tests/data (tests/data/README.md); SQUAD_DATA_DIR points elsewhere if you like.
DATA_DIR = Path(os.environ.get("SQUAD_DATA_DIR", TEST_DATA))
DEV = DATA_DIR / "squad-v2.0-dev.json.gz"
REFERENCE = DATA_DIR / "squad-v2.0-dev.reference-predictions.json"

# Printed by the official evaluate-v2.0.py on this pair of files (tests/data/README.md).
OFFICIAL = {
    "exact": 78.74168280973637,
    "f1": 81.77528052374723,
    "total": 11873,
    "HasAns_exact": 74.10593792172739,
    "HasAns_f1": 80.18183293833508,
    "HasAns_total": 5928,
    "NoAns_exact": 83.36417157275021,
    "NoAns_f1": 83.36417157275021,
    "NoAns_total": 5945,
}

TINY = {
    "version": "v2.0",
    "data": [
        {
            "title": "Tiny",
            "paragraphs": [
                {
                    "context": "The cat sat on the mat. Paris is in France.",
                    "qas": [
                        {
                            "id": "q1",
                            "question": "Where did the cat sit?",
                            "answers": [
                                {"text": "on the mat", "answer_start": 8},
                                {"text": "the mat", "answer_start": 11},
                            ],
                        },
                        {
                            "id": "q2",
                            "question": "Where is Paris?",
                            "answers": [{"text": "France", "answer_start": 36}],
                        },
                        {
                            "id": "q3",
                            "question": "Who is the king of Paris?",
                            "answers": [],
                            "is_impossible": True,
                        },
                    ],
                }
            ],
        }
    ],
}


def require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"evaluation data missing: {path} (set SQUAD_DATA_DIR to the SQuAD folder)")
    return path


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("The Cat!", "cat"),
        ("  an  apple,   a pear ", "apple pear"),
        ("Theory of the Atom", "theory of atom"),
        ("anthem", "anthem"),  # articles only as whole words
        ("U.S.A.", "usa"),
        ("$", ""),
        ("", ""),
    ],
)
def test_normalize_answer(raw, normalized):
    assert normalize_answer(raw) == normalized


def test_exact_match_ignores_case_punctuation_and_articles():
    assert exact_match("the Eiffel Tower.", "Eiffel tower") == 1
    assert exact_match("Eiffel", "Eiffel Tower") == 0


def test_token_f1_partial_overlap():
    # pred tokens: eiffel tower paris; gold: eiffel tower -> P 2/3, R 1, F1 0.8
    assert token_f1("Eiffel Tower, Paris", "the Eiffel Tower") == pytest.approx(0.8)
    assert token_f1("London", "Paris") == 0.0


def test_token_f1_counts_repeated_tokens_once_each():
    # common = min counts: "new" x1 -> P 1/3, R 1/2 -> F1 0.4
    assert token_f1("new new new", "new york") == pytest.approx(0.4)


def test_empty_prediction_scores_one_only_on_unanswerable():
    assert score_question("", []) == (1, 1.0)
    assert score_question("Paris", []) == (0, 0.0)
    assert score_question("", ["Paris"]) == (0, 0.0)


def test_score_is_max_over_gold_answers():
    em, f1 = score_question("the mat", ["on the mat", "mat"])
    assert em == 1
    assert f1 == 1.0


def test_gold_answers_that_normalize_to_nothing_are_ignored():
    # SQuAD 2.0 semantics: a "$" answer cannot be matched, so only "" is right.
    assert score_question("", ["$"]) == (1, 1.0)


def test_squad_scores_tiny_dataset_with_breakdown():
    dataset = parse_squad(TINY)
    scores = squad_scores(dataset, {"q1": "the mat", "q2": "southern France", "q3": ""})
    assert list(scores) == list(OFFICIAL)
    assert scores["total"] == 3
    assert scores["HasAns_exact"] == pytest.approx(50.0)
    assert scores["HasAns_f1"] == pytest.approx(100 * (1 + 2 / 3) / 2)
    assert scores["NoAns_exact"] == 100.0
    assert scores["exact"] == pytest.approx(200 / 3)


def test_missing_predictions_count_as_no_answer():
    scores = squad_scores(parse_squad(TINY), {})
    assert scores["exact"] == pytest.approx(100 / 3)
    assert scores["HasAns_exact"] == 0.0


def test_v11_file_has_no_noans_keys():
    v11 = json.loads(json.dumps(TINY))
    v11["version"] = "1.1"
    v11["data"][0]["paragraphs"][0]["qas"].pop()
    scores = squad_scores(parse_squad(v11), {"q1": "mat", "q2": "France"})
    assert "NoAns_total" not in scores
    assert scores["HasAns_total"] == 2


def test_na_prob_threshold_declines_and_best_threshold():
    dataset = parse_squad(TINY)
    preds = {"q1": "the mat", "q2": "Italy", "q3": "Paris"}
    na = {"q1": 0.1, "q2": 0.6, "q3": 0.9}
    scores = squad_scores(dataset, preds, na, na_prob_thresh=0.5)
    # q2 and q3 are declined: q2 wrong either way, q3 becomes right.
    assert scores["exact"] == pytest.approx(200 / 3)
    # Answer q1 only (threshold 0.1): q1 right, q2 declined (0), q3 declined (1).
    assert scores["best_exact"] == pytest.approx(200 / 3)
    assert scores["best_exact_thresh"] == 0.1
    assert list(scores)[-4:] == ["best_exact", "best_exact_thresh", "best_f1", "best_f1_thresh"]


def brute_force_best(dataset, preds, na, key):
    """Best score over every threshold, by rescoring (distinct na-probs only)."""
    best = squad_scores(dataset, preds, na, na_prob_thresh=-math.inf)[key]
    best_t = 0.0  # everything declined reports threshold 0.0, as the official scorer does
    for t in sorted(na.values()):
        score = squad_scores(dataset, preds, na, na_prob_thresh=t)[key]
        if score > best + 1e-9:
            best, best_t = score, t
    return best, best_t


def test_best_threshold_agrees_with_rescoring_at_every_threshold():
    rng = random.Random(7)
    raw: dict[str, Any] = {"version": "v2.0", "data": [{"title": "T", "paragraphs": []}]}
    words = ["red", "blue", "green", "big", "small"]
    qas = []
    for i in range(40):
        answers = [] if rng.random() < 0.4 else [{"text": " ".join(rng.sample(words, 2))}]
        qas.append({"id": f"q{i}", "question": "?", "answers": answers})
    raw["data"][0]["paragraphs"].append({"context": "x", "qas": qas})
    dataset = parse_squad(raw)
    preds = {f"q{i}": rng.choice(["", *words, "red blue"]) for i in range(40)}
    na: dict[str, float] = {f"q{i}": p for i, p in enumerate(rng.sample(range(1000), 40))}
    na = {k: v / 1000 for k, v in na.items()}
    scores = squad_scores(dataset, preds, na)
    for metric in ("exact", "f1"):
        best, thresh = brute_force_best(dataset, preds, na, metric)
        assert scores[f"best_{metric}"] == pytest.approx(best)
        assert scores[f"best_{metric}_thresh"] == thresh


def test_reference_predictions_reproduce_official_scores():
    dataset = load_squad(require(DEV))
    predictions = load_predictions(require(REFERENCE))
    scores = squad_scores(dataset, predictions)
    assert list(scores) == list(OFFICIAL)
    for key, value in OFFICIAL.items():
        assert round(scores[key], 3) == round(value, 3), key
        assert scores[key] == pytest.approx(value, abs=1e-9), key


def test_load_squad_reads_plain_and_gzipped(tmp_path):
    plain = tmp_path / "tiny.json"
    plain.write_text(json.dumps(TINY), encoding="utf-8")
    zipped = tmp_path / "tiny.data"  # gzip is detected from the content, not the name
    with gzip.open(zipped, "wt", encoding="utf-8") as handle:
        json.dump(TINY, handle)
    for path in (plain, zipped):
        dataset = load_squad(path)
        assert [q.id for q in dataset.questions()] == ["q1", "q2", "q3"]
        assert dataset.context_of(next(dataset.questions())).startswith("The cat")


@pytest.mark.parametrize(
    "content",
    ["not json", json.dumps({"nodata": []}), json.dumps({"data": [{"paragraphs": [{}]}]})],
)
def test_load_squad_rejects_bad_files(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationDataError):
        load_squad(path)


def test_load_missing_file_names_it(tmp_path):
    with pytest.raises(EvaluationDataError, match="not found"):
        load_squad(tmp_path / "nope.json")


def test_prediction_and_na_prob_files_are_validated(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"q1": 3}), encoding="utf-8")
    with pytest.raises(EvaluationDataError):
        load_predictions(path)
    path.write_text(json.dumps({"q1": "x"}), encoding="utf-8")
    with pytest.raises(EvaluationDataError):
        load_na_probs(path)
    path.write_text(json.dumps({"q1": 0.25}), encoding="utf-8")
    assert load_na_probs(path) == {"q1": 0.25}


def test_na_prob_file_must_cover_every_question():
    with pytest.raises(EvaluationDataError, match="lacks 2 ids"):
        squad_scores(parse_squad(TINY), {}, {"q1": 0.5})


def make_hit(article_id, start, end):
    return Hit(Chunk(0, article_id, "x" * (end - start), start, end), 1.0)


def test_first_hit_rank_needs_same_article_and_whole_span():
    golds = [GoldSpan("a", 50, 60)]
    hits = [
        make_hit("b", 0, 100),  # other article
        make_hit("a", 55, 100),  # cuts the answer
        make_hit("a", 40, 60),  # contains it (end is exclusive on both)
    ]
    assert first_hit_rank(hits, golds) == 3
    assert first_hit_rank(hits[:2], golds) is None


def test_recall_at():
    assert recall_at([1, 3, None, 5], [1, 5]) == {1: 25.0, 5: 75.0}
    assert math.isnan(recall_at([], [1])[1])


def test_percentiles_interpolate():
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 50) == 25.0
    assert percentile(values, 0) == 10.0
    assert percentile(values, 100) == 40.0
    summary = latency_summary(values)
    assert summary.p95 == pytest.approx(38.5)
    assert summary.count == 4


def test_cli_eval_score_reproduces_official_json():
    command = [
        sys.executable,
        "-m",
        "qa_bot",
        "eval",
        "score",
        str(require(DEV)),
        str(require(REFERENCE)),
        "--json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    for key, value in OFFICIAL.items():
        assert scores[key] == pytest.approx(value, abs=1e-9), key


def test_cli_eval_score_reports_bad_file_and_exits_1(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    command = [sys.executable, "-m", "qa_bot", "eval", "score", str(bad), str(bad)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 1
    assert "bad.json" in done.stderr


def test_cli_eval_score_with_na_probs_and_table(tmp_path):
    data, preds, na = tmp_path / "d.json", tmp_path / "p.json", tmp_path / "na.json"
    data.write_text(json.dumps(TINY), encoding="utf-8")
    preds.write_text(json.dumps({"q1": "the mat", "q2": "Italy", "q3": "Paris"}), "utf-8")
    na.write_text(json.dumps({"q1": 0.1, "q2": 0.6, "q3": 0.9}), encoding="utf-8")
    base = [sys.executable, "-m", "qa_bot", "eval", "score", str(data), str(preds)]
    options = ["--na-prob-file", str(na), "--na-prob-thresh", "0.5"]
    done = subprocess.run([*base, *options, "--json"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    assert scores["exact"] == pytest.approx(200 / 3)
    assert scores["best_exact_thresh"] == 0.1
    table = subprocess.run([*base, *options], capture_output=True, text=True, cwd=REPO)
    assert "HasAns" in table.stdout
    assert "best EM 66.667 at na-prob threshold 0.1" in table.stdout
