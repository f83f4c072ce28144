"""`qa_bot.answer()` from Python: the default index, replying as a chat's first turn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import qa_bot
from qa_bot.config import load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_answer_uses_the_default_index_and_replies_as_the_fronts_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_embedder
) -> None:
    from qa_bot.answering.pipeline import default_pipeline
    from qa_bot.answering.small_talk import GREETING
    from qa_bot.index.build import build_index
    from qa_bot.ingest.articles import read_paths

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "config", tmp_path / "config")
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    build_index(
        read_paths([tmp_path / "seeds"]).articles, tmp_path / "index", settings, real_embedder
    )
    default_pipeline.cache_clear()
    try:
        missy = qa_bot.answer("Who plays Missy in We Can Be Heroes?")
        assert missy.text == "Yaha Gosselin" and missy.kind == "span"
        streaming = qa_bot.answer("Is We Can Be Heroes streaming on Netflix?")
        assert streaming.kind == "evidence" and streaming.text == streaming.sentence
        hello = qa_bot.answer("hi")
        assert hello.kind == "chat" and hello.text is None and hello.declined_reason == GREETING
    finally:
        default_pipeline.cache_clear()
