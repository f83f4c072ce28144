"""qa_bot: offline question answering over a folder of articles, answers quoted from the text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from qa_bot.answering.conversation import Conversation
    from qa_bot.answering.pipeline import Pipeline
    from qa_bot.types import Answer

__all__ = ["Answer", "Conversation", "Pipeline", "__version__", "answer", "load_pipeline"]


def load_pipeline(*args: Any, **kwargs: Any) -> Pipeline:
    """Load settings, models and the index once (see qa_bot.answering.pipeline.load_pipeline)."""
    from qa_bot.answering.pipeline import load_pipeline as _load

    return _load(*args, **kwargs)


def answer(question: str, *, top_k: int | None = None) -> Answer:
    """Answer a question from the default index (loaded on first use).

    The reply is the one the CLI, the REPL and Telegram give to a first message: a yes/no or
    advice question gets its evidence sentence (``kind`` "evidence"), "hi" a short reply
    (``kind`` "chat"). ``Pipeline.answer`` is the bare stage underneath (a span or a decline).
    """
    from qa_bot.answering.conversation import Conversation
    from qa_bot.answering.pipeline import default_pipeline

    return Conversation(default_pipeline()).ask(question, top_k=top_k)


def __getattr__(name: str) -> Any:
    if name == "Conversation":
        from qa_bot.answering.conversation import Conversation

        return Conversation
    if name in ("Answer", "Pipeline"):
        from qa_bot import types
        from qa_bot.answering import pipeline

        return getattr(types, name, None) or getattr(pipeline, name)
    raise AttributeError(name)
