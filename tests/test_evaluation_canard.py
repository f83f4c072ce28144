"""The CANARD rewrite metric: scoring, normalisation, dialog halves, and the real CLI."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa_bot.evaluation.canard import CanardItem, dialog_part, load_canard, run_canard, words

HISTORY = ("Ken Norris", "Early life")
ANSWER = "He was born in Ohio and he played for the Browns, where he met his wife."


def _item(dialog: str, number: int, question: str, rewrite: str) -> CanardItem:
    earlier = ("Where was Ken Norris born?", ANSWER) if number > 1 else ()
    return CanardItem(dialog, number, HISTORY + earlier, question, rewrite)


ITEMS = [
    _item("d1", 1, "Where was Ken Norris born?", "Where was Ken Norris born?"),
    _item("d1", 2, "When did he retire?", "When did Ken Norris retire?"),
    _item("d2", 1, "Who was Ken Norris?", "Who was Ken Norris?"),
    _item("d2", 2, "Why did he leave?", "Why did Ken Norris leave the Browns in 1980?"),
]


def test_accents_case_and_punctuation_are_folded_alike() -> None:
    assert words("Salvador Dalí's") == words("salvador DALI'S") == ["salvador", "dali", "s"]


def test_the_report_counts_full_rewrites_unchanged_questions_and_precision() -> None:
    report = run_canard(ITEMS)
    assert report.need_rewrite == 2 and report.need_none == 2
    assert report.rewritten_fully == 50.0  # "leave the Browns in 1980" is not in our rewrite
    assert report.left_unchanged == 100.0
    # "1980" is nowhere in the dialog: only the other follow-up is reachable by copying.
    assert report.reachable == 1 and report.reachable_fully == 100.0
    assert report.added_words_precision == 100.0  # "ken norris" is all we add, both times


def test_dialog_halves_split_by_dialog_in_file_order() -> None:
    tune, held_out = dialog_part(ITEMS, "tune"), dialog_part(ITEMS, "held-out")
    assert {i.dialog_id for i in tune} == {"d1"} and {i.dialog_id for i in held_out} == {"d2"}
    assert dialog_part(ITEMS, "all") == ITEMS


def _write(path: Path, items: list[CanardItem]) -> None:
    raw = [
        {
            "QuAC_dialog_id": i.dialog_id,
            "Question_no": i.number,
            "History": list(i.history),
            "Question": i.question,
            "Rewrite": i.rewrite,
        }
        for i in items
    ]
    with gzip.open(path, "wt", encoding="utf-8") as f:
        json.dump(raw, f)


@pytest.mark.slow
def test_eval_conversation_on_a_canard_file_in_the_real_cli(tmp_path: Path) -> None:
    path = tmp_path / "canard.json.gz"
    _write(path, ITEMS)
    assert load_canard(path) == ITEMS
    command = [sys.executable, "-m", "qa_bot", "eval", "conversation", str(path)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [*command, "--part", "tune", "--json"], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["questions"] == 2 and report["rewritten_fully"] == 100.0
    text = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert text.returncode == 0, text.stderr
    assert "need a rewrite: 2" in text.stdout and "left unchanged: 100.0%" in text.stdout
    bad = tmp_path / "bad.json"
    bad.write_text('[{"Rewrite": 1}]', encoding="utf-8")
    failed = subprocess.run([*command[:-1], str(bad)], capture_output=True, text=True, env=env)
    assert failed.returncode != 0 and "Traceback" not in failed.stderr
