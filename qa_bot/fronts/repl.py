"""The terminal front: a question loop with line editing and history over answer()."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from qa_bot.answering.conversation import Conversation
from qa_bot.answering.pipeline import Pipeline
from qa_bot.errors import QaBotError
from qa_bot.fronts.render import render_passages, render_text
from qa_bot.types import Answer

logger = logging.getLogger(__name__)

HELP = """Type a question and press Enter. Commands:
  :help      this text
  :sources   the passages behind the last answer
  :k N       show N passages per answer
  :new       start a new conversation (forget the earlier questions)
  :reload    pick up a rebuilt index
  :quit      leave (or Ctrl-D)
Ask on as in a chat: "When was he born?", "Who else?", "Tell me more" (the article's next
sentence), "What is the article about?"."""


def _history_file() -> Path:
    path = Path.home() / ".cache" / "qa_bot" / "repl_history"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


class Session:
    """State of one REPL session: the pipeline, its conversation, the last answer and top-k."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.conversation = Conversation(pipeline)
        self.last: Answer | None = None
        self.top_k: int | None = None

    def handle(self, line: str, color: bool = False) -> str | None:
        """Process one input line; return the text to show, or None to quit."""
        line = line.strip()
        if not line:
            return ""
        if line.startswith(":"):
            return self._command(line)
        updated = self.pick_up_new_index()
        try:
            self.last = self.conversation.ask(line, top_k=self.top_k)
        except QaBotError as exc:
            return str(exc)
        return updated + render_text(self.last, color=color)

    def pick_up_new_index(self) -> str:
        """Switch to a rebuilt index between questions; a line saying so, or ""."""
        try:
            changed = self.pipeline.reload()
        except QaBotError as exc:  # a damaged new generation: keep answering from this one
            logger.warning("not switching to the new index: %s", exc)
            return ""
        if not changed:
            return ""
        return f"(The index was updated: {len(self.pipeline.index.table.articles)} articles.)\n"

    def _command(self, line: str) -> str | None:
        name, _, rest = line.partition(" ")
        if name in (":quit", ":q", ":exit"):
            return None
        if name == ":help":
            return HELP
        if name == ":new":
            self.conversation.reset()
            return "New conversation: earlier questions are forgotten."
        if name == ":sources":
            return render_passages(self.last) if self.last else "Ask a question first."
        if name == ":k":
            if not rest.strip().isdigit() or int(rest) < 1:
                return "Usage: :k N (a whole number of passages, at least 1)"
            self.top_k = int(rest)
            return f"Showing {self.top_k} passages per answer."
        if name == ":reload":
            try:
                changed = self.pipeline.reload()
            except QaBotError as exc:
                return f"Could not reload: {exc}"
            return "Loaded the new index." if changed else "The index has not changed."
        return f"Unknown command {name}; type :help"


def run_repl(pipeline: Pipeline) -> int:
    """Run the interactive loop until :quit, Ctrl-D or Ctrl-C."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    session = Session(pipeline)
    prompt: PromptSession[str] = PromptSession(history=FileHistory(str(_history_file())))
    color = sys.stdout.isatty()
    print(
        f"qa_bot: {len(pipeline.index.table.articles)} articles indexed. "
        "Ask a question (:help, :quit)."
    )
    while True:
        try:
            line = prompt.prompt("ask> ")
        except (EOFError, KeyboardInterrupt):
            print("bye")
            return 0
        output = session.handle(line, color=color)
        if output is None:
            print("bye")
            return 0
        if output:
            print(output)
