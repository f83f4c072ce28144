"""Training and dev evaluations find the bundled dev set and refuse a missing file clearly."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SQUAD_DEV

from qa_bot.training import data_files, dev_eval, train_args


def test_the_dev_default_exists_in_a_clone_without_shared_data() -> None:
    dev = data_files.default_dev()
    assert dev.is_file() and dev.name == SQUAD_DEV.name
    if not (data_files.SHARED_DATA / data_files.DEV_NAME).is_file():
        assert dev == SQUAD_DEV


def test_training_without_its_data_says_what_it_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "squad-v1.1-train.json.gz"
    with pytest.raises(SystemExit) as stopped:
        train_args.parse_args(["--train", str(missing), "--run-dir", str(tmp_path / "run")])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "not bundled" in err and "shared/data" in err


def test_dev_eval_refuses_a_missing_dev_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        dev_eval.main(["--dev", str(tmp_path / "nope.json.gz")])
    assert stopped.value.code == 2
    assert "nope.json.gz: no such file" in capsys.readouterr().err
