"""Driving the real REPL (`python -m qa_bot repl`) in a pseudo-terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect

REPO = Path(__file__).resolve().parents[1]


def repl_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment for a REPL child: offline, its own HOME, a plain terminal."""
    return {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "PYTHONUNBUFFERED": "1",
        "HOME": str(home),
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        **extra,
    }


def spawn_repl(
    index_dir: Path, env: dict[str, str], *options: str, timeout: int = 180
) -> pexpect.spawn:
    """Start the REPL over ``index_dir`` (extra CLI ``options`` before ``--index-dir``)."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "qa_bot", "repl", *options, "--index-dir", str(index_dir)],
        cwd=str(REPO),
        env=env,
        encoding="utf-8",
        timeout=timeout,
        dimensions=(40, 200),
    )
