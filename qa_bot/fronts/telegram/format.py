"""Pure formatting for the Telegram front: rich text, escaping per parse mode, message splitting.

Messages are built as tuples of :class:`Segment` (plain text plus a style). Splitting works on
the plain text, so a cut never falls inside an entity or an escape sequence; each part is
escaped for the parse mode only after it has been cut.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from telegram.helpers import escape_markdown

from qa_bot.fronts.render import quote_marks
from qa_bot.types import NOT_FOUND, Answer, Hit, Source

MAX_MESSAGE_LENGTH = 4096  # Telegram's limit, counted after entity parsing (UTF-16 code units)
PARSE_MODES = ("HTML", "MarkdownV2")

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s")
_WHITESPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Segment:
    """A run of text with one style; ``url`` makes it a link."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


RichText = tuple[Segment, ...]


def utf16_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def plain_text(segments: Iterable[Segment]) -> str:
    """The text a user sees, without markup."""
    return "".join(segment.text for segment in segments)


def escape(text: str, parse_mode: str) -> str:
    """Escape user or article text for the parse mode."""
    if parse_mode == "HTML":
        return html.escape(text, quote=True)
    if parse_mode == "MarkdownV2":
        return escape_markdown(text, version=2)
    raise ValueError(f"unknown parse mode {parse_mode!r}; expected one of {PARSE_MODES}")


def render(segments: Sequence[Segment], parse_mode: str) -> str:
    """Turn segments into the markup string sent with ``parse_mode``."""
    return "".join(_render_one(segment, parse_mode) for segment in _merge(segments))


def _render_one(segment: Segment, parse_mode: str) -> str:
    if not segment.text:
        return ""
    body = escape(segment.text, parse_mode)
    if parse_mode == "HTML":
        if segment.italic:
            body = f"<i>{body}</i>"
        if segment.bold:
            body = f"<b>{body}</b>"
        if segment.url:
            body = f'<a href="{html.escape(segment.url, quote=True)}">{body}</a>'
        return body
    if segment.italic:
        body = f"_{body}_"
    if segment.bold:
        body = f"*{body}*"
    if segment.url:
        body = f"[{body}]({escape_markdown(segment.url, version=2, entity_type='text_link')})"
    return body


def _merge(segments: Sequence[Segment]) -> list[Segment]:
    """Join neighbours of the same style (MarkdownV2 reads ``_a__b_`` as underline)."""
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and _same_style(merged[-1], segment):
            merged[-1] = replace(merged[-1], text=merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def _same_style(a: Segment, b: Segment) -> bool:
    return (a.bold, a.italic, a.url) == (b.bold, b.italic, b.url)


def split(segments: Sequence[Segment], limit: int = MAX_MESSAGE_LENGTH) -> list[RichText]:
    """Cut rich text into parts of at most ``limit`` visible characters each.

    Cuts prefer paragraph breaks, then line breaks, then sentence ends, then spaces; whitespace
    at the cut is dropped. Empty input gives no parts.
    """
    text = plain_text(segments)
    return [_slice(segments, start, end) for start, end in _part_ranges(text, limit)]


def _part_ranges(text: str, limit: int) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    pos = _skip_space(text, 0)
    while pos < len(text):
        end = max(_fit(text, pos, limit), pos + 1)
        if end < len(text):
            end = _best_break(text, pos, end, limit)
        stop = end
        while stop > pos and text[stop - 1].isspace():
            stop -= 1
        if stop > pos:
            ranges.append((pos, stop))
        pos = _skip_space(text, end)
    return ranges


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _fit(text: str, start: int, limit: int) -> int:
    """The largest end such that ``text[start:end]`` is at most ``limit`` UTF-16 units."""
    used = 0
    for index in range(start, len(text)):
        used += 2 if ord(text[index]) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def _best_break(text: str, start: int, end: int, limit: int) -> int:
    """Where to cut ``text[start:end]``: the latest good boundary not too early in the window."""
    window = text[start:end]
    floor = len(window) // 3  # a break before this would make a needlessly short part
    for pattern in ("\n\n", "\n"):
        found = window.rfind(pattern)
        if found >= floor:
            return start + found + len(pattern)
    for regex in (_SENTENCE_END, _WHITESPACE):
        last = None
        for match in regex.finditer(window):
            last = match
        if last is not None and last.end() > floor:
            return start + last.end()
    return end


def _slice(segments: Sequence[Segment], start: int, end: int) -> RichText:
    """The segments covering ``plain_text(segments)[start:end]``, cut at the edges."""
    out: list[Segment] = []
    offset = 0
    for segment in segments:
        seg_start, seg_end = offset, offset + len(segment.text)
        offset = seg_end
        lo, hi = max(start, seg_start), min(end, seg_end)
        if lo < hi:
            out.append(replace(segment, text=segment.text[lo - seg_start : hi - seg_start]))
    return tuple(out)


def is_link(url: str | None) -> bool:
    """True for URLs Telegram accepts in a link entity."""
    return bool(url) and re.match(r"https?://\S+$", url or "") is not None


def _highlight(text: str, span: str | None) -> list[Segment]:
    """``text`` with the first occurrence of ``span`` in bold."""
    at = text.find(span) if span else -1
    if not span or at < 0:
        return [Segment(text)]
    return [Segment(text[:at]), Segment(span, bold=True), Segment(text[at + len(span) :])]


def answer_message(answer: Answer) -> RichText:
    """The reply to a question: the answer in bold, its sentence and its source.

    A follow-up that was rewritten to stand alone says how it was understood, in italics above;
    a yes/no question's evidence is quoted whole.
    """
    parts = understood_line(answer) + _answer_body(answer)
    for note in answer.notes:
        parts += [Segment("\n\n"), Segment(note, italic=True)]
    return tuple(parts)


def understood_line(answer: Answer) -> list[Segment]:
    """The "understood as: …" line in italics, for a question the conversation rewrote."""
    if not answer.understood_as:
        return []
    return [Segment(f"understood as: {answer.understood_as}", italic=True), Segment("\n\n")]


def _evidence(answer: Answer) -> list[Segment]:
    """A yes/no question's reply: the sentence bearing on it, quoted whole, and its source."""
    lead = "The article says: " if answer.confident else "The closest the article comes is: "
    opening, closing = quote_marks(answer.text or "")
    return [
        Segment(lead + opening),
        Segment(answer.text or "", bold=True),
        Segment(closing + "\n\n"),
    ]


def _answer_body(answer: Answer) -> list[Segment]:
    if answer.declined and answer.declined_reason not in (None, NOT_FOUND):
        parts = [Segment(answer.declined_reason or "")]
    elif answer.declined:
        parts = [
            Segment(
                "Sorry, I couldn't find an answer to that in the articles I know. "
                "Try rephrasing the question, or ask about something they cover."
            )
        ]
    else:
        text = answer.text or ""
        parts = [Segment(text, bold=True), Segment("\n\n")]
        if answer.kind == "evidence":
            return _evidence(answer) + _source_line(answer.source)
        if not answer.confident:
            parts = [
                Segment("Probably "),
                Segment(text, bold=True),
                Segment(" (not fully sure)\n\n"),
            ]
        sentence = (answer.sentence or "").strip()
        if sentence and sentence != text.strip():  # a sentence reader answers with the sentence
            opening, closing = quote_marks(sentence)
            parts += [Segment(opening), *_highlight(sentence, text), Segment(closing + "\n\n")]
        parts += _source_line(answer.source)
    return parts


def _source_line(source: Source | None) -> list[Segment]:
    if source is None:
        return []
    title = source.title.strip() or source.path
    link = source.url if is_link(source.url) else None
    line = [Segment("Source: "), Segment(title, url=link)]
    if source.page:
        line.append(Segment(f", p. {source.page}"))
    if source.date:
        line.append(Segment(f" ({source.date})"))
    return line


def best_passage(answer: Answer) -> Hit | None:
    """The retrieved passage holding the answer, else the top passage."""
    for hit in answer.passages:
        if _contains_answer(hit, answer):
            return hit
    return answer.passages[0] if answer.passages else None


def _contains_answer(hit: Hit, answer: Answer) -> bool:
    if answer.source is None or answer.start is None or answer.end is None:
        return False
    chunk = hit.chunk
    return chunk.article_id == answer.source.article_id and (
        chunk.start <= answer.start and answer.end <= chunk.end
    )


def passage_message(answer: Answer) -> RichText:
    """The passage the answer was read from, with the answer in bold."""
    hit = best_passage(answer)
    if hit is None:
        return (Segment("No passage was retrieved for this question."),)
    text = hit.chunk.text.strip()
    body: list[Segment]
    if _contains_answer(hit, answer) and answer.start is not None and answer.end is not None:
        lo = answer.start - hit.chunk.start
        hi = answer.end - hit.chunk.start
        raw = hit.chunk.text
        body = [Segment(raw[:lo]), Segment(raw[lo:hi], bold=True), Segment(raw[hi:])]
        body = _strip_segments(body)
    else:
        body = [Segment(text)]
    return (Segment("Passage", bold=True), Segment("\n"), *body)


def _strip_segments(segments: list[Segment]) -> list[Segment]:
    if segments:
        segments[0] = replace(segments[0], text=segments[0].text.lstrip())
        segments[-1] = replace(segments[-1], text=segments[-1].text.rstrip())
    return segments


def start_message(bot_username: str) -> RichText:
    """The /start greeting."""
    return (
        Segment("Hi! ", bold=True),
        Segment(
            "I answer questions about the articles I have been given, quoting the sentence "
            "each answer comes from.\n\nJust send me a question, for example:\n"
        ),
        Segment("Who composed the film's orchestral score?", italic=True),
        Segment(f"\n\nIn a group, mention me (@{bot_username}), reply to one of my messages "),
        Segment("or use /ask followed by your question. /help tells you more."),
    )


def help_message(bot_username: str) -> RichText:
    """The /help text."""
    return (
        Segment("How to ask", bold=True),
        Segment(
            "\nSend a question as a plain message. I reply with the answer in bold, the "
            "sentence it comes from and the article it is in. If the articles do not say, "
            "I tell you so instead of guessing; when I am not fully sure, I say “Probably” "
            "and you can check the passage.\n\n"
        ),
        Segment("Buttons", bold=True),
        Segment(
            "\nShow passage: the paragraph I read the answer from.\n"
            "👍 / 👎: tell us whether the answer was right.\n\n"
        ),
        Segment("Groups", bold=True),
        Segment(
            f"\nMention me (@{bot_username}), reply to one of my messages, or use "
            "/ask <question>.\n\n"
        ),
        Segment("Follow-up questions", bold=True),
        Segment(
            "\nAsk on as in a conversation (“When was he born?”, “And its capital?”, “Who "
            "else?”): I read a follow-up in the light of the earlier questions and show how I "
            "understood it. “Tell me more” quotes what the article says next. In a "
            "group, reply to one of my answers to follow it up. I forget a conversation after "
            "a while without questions, or when you send /new.\n\n"
        ),
        Segment("Commands", bold=True),
        Segment(
            "\n/start: greeting\n/help: this message\n/ask <question>: ask a question\n"
            "/new: forget the earlier questions and start a new conversation"
        ),
    )


def notice(text: str) -> RichText:
    """A one-line plain message (refusals, errors, rate limits)."""
    return (Segment(text),)
