"""Plain-text and JSON renderings of an Answer, shared by the CLI and the REPL."""

from __future__ import annotations

from typing import Any

from qa_bot.types import Answer, Source

BOLD, RESET = "\033[1m", "\033[0m"
_OPENING_QUOTES = "“\"«„‘'"


def quote_marks(sentence: str) -> tuple[str, str]:
    """The marks to quote ``sentence`` with: none when it opens with its own quotation mark."""
    return ("", "") if sentence.lstrip()[:1] in _OPENING_QUOTES else ("“", "”")


def _marked(sentence: str, span: str, color: bool) -> str:
    """``sentence`` with ``span`` in bold (terminal) or between «guillemets»."""
    where = sentence.find(span)
    if where < 0:
        return sentence
    left, right = (BOLD, RESET) if color else ("«", "»")
    end = where + len(span)
    return f"{sentence[:where]}{left}{span}{right}{sentence[end:]}"


def highlighted_sentence(answer: Answer, color: bool) -> str:
    """The answer's sentence with the span marked (bold on a terminal, «» otherwise)."""
    if answer.sentence is None or answer.text is None or answer.start is None:
        return ""
    return _marked(answer.sentence, answer.text, color)


def render_text(answer: Answer, color: bool = False) -> str:
    """Human-readable answer: the span, its sentence and its source."""
    lines = list(answer.notes)
    if answer.understood_as is not None:
        lines.append(f"(understood as: {answer.understood_as})")
    if answer.text is None:
        lines.append(answer.declined_reason or "I could not find that in the articles.")
        return "\n".join(lines)
    if answer.kind == "evidence":
        return "\n".join(lines + evidence_lines(answer))
    text = f"{BOLD}{answer.text}{RESET}" if color else answer.text
    lines.append(text if answer.confident else hedged(text))
    opening, closing = quote_marks(answer.sentence or "")
    lines.append(f"  {opening}{highlighted_sentence(answer, color)}{closing}")
    lines += _source_lines(answer.source)
    return "\n".join(lines)


def evidence_lines(answer: Answer) -> list[str]:
    """A yes/no question's reply: the sentence bearing on it, quoted whole, and its source."""
    lead = "The article says" if answer.confident else "The closest the article comes is"
    opening, closing = quote_marks(answer.text or "")
    return [f"{lead}: {opening}{answer.text}{closing}", *_source_lines(answer.source)]


def hedged(text: str) -> str:
    """How an answer scored between the two thresholds is worded."""
    return f"Probably {text} (not fully sure)"


def _source_lines(source: Source | None) -> list[str]:
    if source is None:
        return []
    page = f", p. {source.page}" if source.page else ""
    return [f"  — {source.title}{page} ({source.url or source.path})"]


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
    return {
        "question": answer.question,
        "understood_as": answer.understood_as,
        "kind": answer.kind,
        "answer": answer.text,
        "score": answer.score,
        "sentence": answer.sentence,
        "source": _source_json(answer.source),
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
        "confident": answer.confident and not answer.declined,
        "notes": list(answer.notes),
        "latency_ms": answer.latency_ms,
    }


def _source_json(source: Source | None) -> dict[str, Any] | None:
    if source is None:
        return None
    return {
        "article_id": source.article_id,
        "title": source.title,
        "path": source.path,
        "url": source.url,
        "page": source.page,
    }
