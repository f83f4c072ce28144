"""Speaker labels of a Q&A interview are no part of an answer: "Mensah: Priya Natarajan, …".

Published interviews set each turn under its speaker's name ("Larder: Where did your cooking
start?" / "Mensah: In my grandmother's kitchen …", or "Q:" / "A:"). The span reader takes the
label for part of the text: asked "Where did Priya Natarajan work before she joined Rind?" its
best span was "Mensah: Priya Natarajan, my sous-chef", then "Mensah", and the answer it also
found ("a curry house in Dundee") was declined with them. In an article where at least
``MIN_LABELLED`` lines open with the same kind of label, a span that is only a label is
dropped and one that starts with a label begins after it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from qa_bot.types import Span

__all__ = ["label_spans", "without_labels"]

MIN_LABELLED = 3  # lines opening with one speaker's label before labels count
_LABEL = re.compile(r"^(?:[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?|Q|A): ", re.M)


def label_spans(text: str) -> list[tuple[int, int]]:
    """The speaker labels ("Mensah: ") of ``text``, when some label opens enough lines."""
    found = list(_LABEL.finditer(text))
    counts: dict[str, int] = {}
    for match in found:
        counts[match.group()] = counts.get(match.group(), 0) + 1
    speakers = {label for label, count in counts.items() if count >= MIN_LABELLED}
    return [(m.start(), m.end()) for m in found if m.group() in speakers]


def _cut(span: Span, labels: Sequence[tuple[int, int]]) -> Span | None:
    """``span`` less a label it starts with; None when nothing else is left."""
    for start, end in labels:
        if start <= span.start < end:
            if span.end <= end:
                return None
            text = span.text[end - span.start :]
            return dataclasses.replace(span, text=text, start=end)
    return span


def without_labels(spans: Sequence[Span], article_text: Callable[[str], str]) -> tuple[Span, ...]:
    """The spans without the speaker labels they hold (interviews only)."""
    labels: dict[str, list[tuple[int, int]]] = {}
    kept: list[Span] = []
    for span in spans:
        if span.article_id not in labels:
            labels[span.article_id] = label_spans(article_text(span.article_id))
        cut = _cut(span, labels[span.article_id]) if labels[span.article_id] else span
        if cut is not None and cut.text.strip():
            kept.append(cut)
    return tuple(kept)
