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
    """Answer a question from the default index (loaded on first use)."""
    from qa_bot.answering.pipeline import default_pipeline

    return default_pipeline().answer(question, top_k=top_k)


def __getattr__(name: str) -> Any:
    if name == "Conversation":
        from qa_bot.answering.conversation import Conversation

        return Conversation
    if name in ("Answer", "Pipeline"):
        from qa_bot import types
        from qa_bot.answering import pipeline

        return getattr(types, name, None) or getattr(pipeline, name)
    raise AttributeError(name)
