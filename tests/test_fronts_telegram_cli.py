"""``qa-bot telegram`` set-up: environment checks, exit codes, the parser, and token redaction."""

from __future__ import annotations

import argparse
import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from telegram.ext import Application
from telegram_harness import FakePipeline

from qa_bot.config import Settings
from qa_bot.fronts.telegram import command as telegram_bot
from qa_bot.fronts.telegram.command import (
    RedactingFilter,
    SetupError,
    install_log_redaction,
    read_environment,
    run_telegram_command,
)

TOKEN = "123456789:AAHsecret_part-xyz0123456789abcdef"


def test_environment_is_read_and_checked() -> None:
    env = read_environment({"TELEGRAM_BOT_TOKEN": TOKEN}, webhook=False)
    assert (env.token, env.base_url, env.webhook_secret) == (
        TOKEN,
        "https://api.telegram.org",
        None,
    )
    env = read_environment(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/",
            "TELEGRAM_WEBHOOK_SECRET": "abc-DEF_123",
        },
        webhook=True,
    )
    assert (env.base_url, env.webhook_secret) == ("http://127.0.0.1:8081", "abc-DEF_123")


@pytest.mark.parametrize(
    ("environ", "webhook", "message"),
    [
        ({}, False, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, False, "does not look like a bot token"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "ftp://x"}, False, "http://"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN}, True, "needs TELEGRAM_WEBHOOK_SECRET"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": "a b"}, True, "1-256 characters"),
    ],
)
def test_bad_environments_are_refused(environ: dict[str, str], webhook: bool, message: str) -> None:
    with pytest.raises(SetupError, match=message):
        read_environment(environ, webhook=webhook)


def _args(**values: object) -> argparse.Namespace:
    return argparse.Namespace(**{"index_dir": None, "webhook": False, "reader": None, **values})


def test_missing_token_exits_2_before_loading_anything(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert run_telegram_command(_args(), Settings()) == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


def test_webhook_mode_needs_a_secret_and_a_url(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.delenv("TELEGRAM_WEBHOOK_SECRET", raising=False)
    assert run_telegram_command(_args(webhook=True), Settings()) == 2
    assert "TELEGRAM_WEBHOOK_SECRET" in capsys.readouterr().err
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "s3cret")
    assert run_telegram_command(_args(webhook=True), Settings()) == 2
    assert "telegram.webhook_url" in capsys.readouterr().err


def test_the_cli_has_the_telegram_command() -> None:
    from qa_bot.fronts.cli import build_parser

    args = build_parser().parse_args(["telegram", "--webhook", "--index-dir", "idx"])
    assert args.func is run_telegram_command
    assert (args.webhook, str(args.index_dir)) == (True, "idx")


def test_the_installed_command_refuses_to_start_without_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    result = subprocess.run(
        [sys.executable, "-m", "qa_bot", "telegram"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr


def test_tokens_are_redacted_in_messages_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter([TOKEN, "hook-secret"]))
    logger = logging.getLogger("test_telegram_cli.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise RuntimeError(f"failed https://x/bot{TOKEN}/sendMessage with hook-secret")
        except RuntimeError:
            logger.exception("request failed for token %s", TOKEN.split(":")[1])
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "AAHsecret_part" not in output and "hook-secret" not in output
    assert "bot<redacted>/getMe" in output
    assert "RuntimeError: failed https://x/bot<redacted>/sendMessage with <redacted>" in output


def test_install_log_redaction_quiets_httpx() -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler(io.StringIO())
    root.addHandler(handler)
    try:
        redactor = install_log_redaction(TOKEN)
        assert redactor in handler.filters
        assert logging.getLogger("httpx").level == logging.WARNING
    finally:
        root.removeHandler(handler)
        for other in root.handlers:
            other.removeFilter(redactor)


@pytest.mark.parametrize("webhook", [False, True])
def test_the_command_runs_polling_or_a_secret_webhook_from_settings(
    monkeypatch: pytest.MonkeyPatch, webhook: bool
) -> None:
    runs: list[tuple[str, dict[str, object]]] = []
    monkeypatch.setattr(Application, "run_polling", lambda self, **kw: runs.append(("poll", kw)))
    monkeypatch.setattr(Application, "run_webhook", lambda self, **kw: runs.append(("hook", kw)))
    monkeypatch.setattr(telegram_bot, "_load_warm_pipeline", lambda args, settings: FakePipeline())
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "hook-Secret_1")
    settings = Settings().replace(
        "telegram", webhook_url="https://bot.example.com/telegram", webhook_port=8444
    )
    assert run_telegram_command(_args(webhook=webhook), settings) == 0
    ((mode, kwargs),) = runs
    assert kwargs["allowed_updates"] == ["message", "callback_query"]
    assert kwargs["drop_pending_updates"] is False
    if webhook:
        assert mode == "hook"
        assert kwargs["secret_token"] == "hook-Secret_1"
        assert kwargs["webhook_url"] == "https://bot.example.com/telegram"
        assert (kwargs["listen"], kwargs["port"], kwargs["url_path"]) == (
            "127.0.0.1",
            8444,
            "/telegram",
        )
    else:
        assert mode == "poll"


def test_the_cli_imports_python_telegram_bot_only_when_the_bot_runs() -> None:
    code = (
        "import sys, qa_bot.fronts.cli; qa_bot.fronts.cli.build_parser(); "
        "print('telegram' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"
