"""``qa-bot telegram``: run the Telegram front (long polling or webhook) over one loaded pipeline.

Importing this module is cheap: python-telegram-bot is imported only when the command runs.
Secrets come only from the environment: TELEGRAM_BOT_TOKEN and, for webhooks,
TELEGRAM_WEBHOOK_SECRET. TELEGRAM_API_BASE_URL points the bot at another Bot API server.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_bot.config import Settings

logger = logging.getLogger(__name__)

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
BASE_URL_ENV = "TELEGRAM_API_BASE_URL"
SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
DEFAULT_BASE_URL = "https://api.telegram.org"
EXIT_USAGE = 2

_TOKEN_FORMAT = re.compile(r"\d+:[A-Za-z0-9_-]+")
_SECRET_FORMAT = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as secret_token
_TOKEN_IN_TEXT = re.compile(r"bot\d+:[A-Za-z0-9_-]+")


class RedactingFilter(logging.Filter):
    """Replaces bot tokens (and other given secrets) in log records, tracebacks included."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        parts = [secret.partition(":")[2] for secret in secrets if _TOKEN_FORMAT.fullmatch(secret)]
        # longest first, so a token is replaced whole before its secret half is
        self.secrets = tuple(sorted({s for s in (*secrets, *parts) if s}, key=len, reverse=True))

    def redact(self, text: str) -> str:
        """``text`` with every secret replaced by a placeholder."""
        text = _TOKEN_IN_TEXT.sub("bot<redacted>", text)
        for secret in self.secrets:
            text = text.replace(secret, "<redacted>")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class ContentFilter(logging.Filter):
    """Keeps what users and the bot say out of the log.

    At DEBUG python-telegram-bot logs every Bot API call with its parameters and result, and
    every update it processes, i.e. the questions, answers and conversations; those records keep
    only the method's name or the update's id.
    """

    _CALLS = ("Calling Bot API endpoint", "Call to Bot API endpoint")
    _UPDATES = ("Processing update", "Dropping pending update")

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite such a record in place; never drops it."""
        if not isinstance(record.msg, str) or not isinstance(record.args, tuple) or not record.args:
            return True
        if record.msg.startswith(self._CALLS):
            record.msg, record.args = "Bot API call %s (content not logged)", (record.args[0],)
        elif record.msg.startswith(self._UPDATES):
            update_id = getattr(record.args[0], "update_id", "?")
            record.msg = record.msg.split("%", 1)[0].rstrip(" :") + " %s (content not logged)"
            record.args = (update_id,)
        return True


def install_log_redaction(*secrets: str) -> RedactingFilter:
    """Redact secrets on every root handler; keep httpx from logging URLs (they hold the token)."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    redactor = RedactingFilter(secrets)
    for handler in root.handlers:
        handler.addFilter(ContentFilter())
        handler.addFilter(redactor)
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return redactor


@dataclass(frozen=True)
class BotEnvironment:
    """What the bot reads from the environment, checked."""

    token: str
    base_url: str
    webhook_secret: str | None


class SetupError(Exception):
    """A missing or malformed setting that stops the bot before it starts."""


def read_environment(environ: Mapping[str, str], *, webhook: bool) -> BotEnvironment:
    """Read and check the token, the API base URL and (for webhooks) the secret."""
    token = environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise SetupError(f"{TOKEN_ENV} is not set: put the token @BotFather gave you in it")
    if not _TOKEN_FORMAT.fullmatch(token):
        raise SetupError(f"{TOKEN_ENV} does not look like a bot token (<digits>:<letters>)")
    base_url = check_base_url(environ.get(BASE_URL_ENV, "").strip() or DEFAULT_BASE_URL)
    secret = None
    if webhook:
        secret = environ.get(SECRET_ENV, "").strip()
        if not secret:
            raise SetupError(
                f"webhook mode needs {SECRET_ENV}, so that only Telegram can post updates"
            )
        if not _SECRET_FORMAT.fullmatch(secret):
            raise SetupError(f"{SECRET_ENV} must be 1-256 characters from A-Z, a-z, 0-9, _ and -")
    return BotEnvironment(token, base_url, secret)


def check_base_url(base_url: str) -> str:
    """The Bot API root from TELEGRAM_API_BASE_URL, checked.

    A trailing ``/bot`` (python-telegram-bot's convention) is accepted and dropped; a token in
    it, a query, or a URL that is not http(s) with a host is refused with what is wrong.
    """
    if not re.match(r"https?://[^/?#]+", base_url, re.IGNORECASE):
        raise SetupError(
            f"{BASE_URL_ENV} = {base_url!r}: must start with http:// or https:// and a host, "
            "e.g. https://api.telegram.org"
        )
    if re.search(r"/bot\d+:", base_url):
        raise SetupError(
            f"{BASE_URL_ENV} must not contain the token: give the server's root (e.g. "
            "https://api.telegram.org) and put the token in TELEGRAM_BOT_TOKEN"
        )
    if "?" in base_url or "#" in base_url:
        raise SetupError(f"{BASE_URL_ENV} = {base_url!r}: must not have a query or fragment")
    root = base_url.rstrip("/")
    if root.lower().endswith("/bot"):
        root = root[: -len("/bot")].rstrip("/")
    return root


def add_telegram_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``telegram`` subcommand to the CLI's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "telegram",
        help="run the Telegram bot",
        description=(
            "Run the Telegram bot. The token comes from TELEGRAM_BOT_TOKEN; "
            "TELEGRAM_API_BASE_URL overrides the Bot API server. Long polling by default."
        ),
    )
    parser.add_argument("--index-dir", type=Path, default=None, help="index folder to answer from")
    parser.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates by webhook (settings telegram.webhook_*; needs "
        "TELEGRAM_WEBHOOK_SECRET)",
    )
    parser.add_argument(
        "--reader",
        choices=("neural", "sentence"),
        default=None,
        help="answer reader (default from config: reader.kind)",
    )
    parser.add_argument(
        "--drop-pending",
        action="store_true",
        help="ignore questions sent while the bot was down (default: answer them)",
    )
    parser.set_defaults(func=run_telegram_command)
    return parser


def _load_warm_pipeline(args: argparse.Namespace, settings: Settings) -> Any:
    """Load the pipeline and answer one question, so models load now and not on a user's time."""
    from qa_bot.answering.pipeline import load_pipeline

    began = time.perf_counter()
    index_dir = getattr(args, "index_dir", None)
    pipeline = load_pipeline(
        settings, Path(index_dir) if index_dir else None, reader_kind=getattr(args, "reader", None)
    )
    pipeline.answer("What is this about?")
    logger.info("pipeline ready in %.1f s", time.perf_counter() - began)
    return pipeline


def run_telegram_command(args: argparse.Namespace, settings: Settings) -> int:
    """Run the bot until SIGINT/SIGTERM; return the exit code."""
    webhook = bool(getattr(args, "webhook", False))
    try:
        env = read_environment(os.environ, webhook=webhook)
        if webhook and not settings.telegram.webhook_url:
            raise SetupError("webhook mode needs telegram.webhook_url (the public HTTPS URL)")
    except SetupError as exc:
        print(f"qa-bot telegram: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        from telegram.error import InvalidToken, NetworkError

        from qa_bot.fronts.telegram.app import TelegramFront
    except ImportError as exc:
        print(
            f"qa-bot telegram: {exc}; install it with: pip install 'qa-bot[telegram]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    redactor = install_log_redaction(env.token, env.webhook_secret or "")

    pipeline = _load_warm_pipeline(args, settings)
    from qa_bot.fronts.telegram.live import library_for

    front = TelegramFront(pipeline, settings, library=library_for(pipeline, settings))
    app = front.build_application(env.token, base_url=env.base_url)
    drop = bool(getattr(args, "drop_pending", False))
    try:
        if webhook:
            tg = settings.telegram
            logger.info("webhook on %s:%s%s", tg.webhook_listen, tg.webhook_port, tg.webhook_path)
            app.run_webhook(
                listen=tg.webhook_listen,
                port=tg.webhook_port,
                url_path=tg.webhook_path,
                webhook_url=tg.webhook_url,
                secret_token=env.webhook_secret,
                allowed_updates=["message", "callback_query"],
                drop_pending_updates=drop,
            )
        else:
            logger.info("long polling %s", env.base_url)
            app.run_polling(
                allowed_updates=["message", "callback_query"], drop_pending_updates=drop
            )
    except InvalidToken:
        where = (
            ""
            if env.base_url == DEFAULT_BASE_URL
            else f", or {env.base_url} is not a Bot API server (the bot called "
            f"{env.base_url}/bot<token>/getMe; {BASE_URL_ENV} should be the server's root)"
        )
        print(
            f"qa-bot telegram: Telegram rejected the token in TELEGRAM_BOT_TOKEN{where}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except NetworkError as exc:
        print(
            f"qa-bot telegram: cannot reach {env.base_url}: {redactor.redact(str(exc))}",
            file=sys.stderr,
        )
        return 1
    finally:
        front.close()
    logger.info("stopped")
    return 0
