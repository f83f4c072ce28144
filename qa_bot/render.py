"""Plain-text and JSON renderings of an Answer, shared by the CLI and the REPL."""

from __future__ import annotations

from typing import Any

from qa_bot.types import Answer

BOLD, RESET = "\033[1m", "\033[0m"


def highlighted_sentence(answer: Answer, color: bool) -> str:
    """The answer's sentence with the span marked (bold on a terminal, «» otherwise)."""
    if answer.sentence is None or answer.text is None or answer.start is None:
        return ""
    sentence = answer.sentence
    where = sentence.find(answer.text)
    if where < 0:
        return sentence
    left, right = (BOLD, RESET) if color else ("«", "»")
    end = where + len(answer.text)
    return f"{sentence[:where]}{left}{answer.text}{right}{sentence[end:]}"


def render_text(answer: Answer, color: bool = False) -> str:
    """Human-readable answer: the span, its sentence and its source."""
    lines = list(answer.notes)
    if answer.text is None:
        lines.append(answer.declined_reason or "I could not find that in the articles.")
        return "\n".join(lines)
    lines.append(f"{BOLD}{answer.text}{RESET}" if color else answer.text)
    lines.append(f"  “{highlighted_sentence(answer, color)}”")
    if answer.source is not None:
        where = answer.source.url or answer.source.path
        lines.append(f"  — {answer.source.title} ({where})")
    return "\n".join(lines)


def render_passages(answer: Answer) -> str:
    """The retrieved passages behind an answer, with scores."""
    if not answer.passages:
        return "No passages were retrieved."
    parts = []
    for number, hit in enumerate(answer.passages, start=1):
        parts.append(
            f"[{number}] score {hit.score:.3f} · article {hit.chunk.article_id} "
            f"· chars {hit.chunk.start}-{hit.chunk.end}\n{hit.chunk.text}"
        )
    return "\n\n".join(parts)


def to_json(answer: Answer) -> dict[str, Any]:
    """The documented JSON object for ``qa-bot ask --json``."""
    source = answer.source
    return {
        "question": answer.question,
        "answer": answer.text,
        "score": answer.score,
        "sentence": answer.sentence,
        "source": None
        if source is None
        else {
            "article_id": source.article_id,
            "title": source.title,
            "path": source.path,
            "url": source.url,
        },
        "start": answer.start,
        "end": answer.end,
        "passages": [
            {
                "text": h.chunk.text,
                "score": h.score,
                "article_id": h.chunk.article_id,
                "start": h.chunk.start,
                "end": h.chunk.end,
            }
            for h in answer.passages
        ],
        "alternatives": [{"text": s.text, "score": s.score} for s in answer.alternatives],
        "declined_reason": answer.declined_reason,
        "notes": list(answer.notes),
        "latency_ms": answer.latency_ms,
    }
