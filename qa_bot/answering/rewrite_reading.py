"""Which form of a rewritten follow-up the reader reads against a passage.

A follow-up is rewritten to stand alone ("How many kids had he raised?" → "How many kids had
Robert Rodriguez raised?"), and retrieval needs the name. The reader does not always: trained
on SQuAD 2.0, it has learnt that a question naming someone its passage never names is a trap,
and the passage that answers often says "the filmmaker … I had just raised five kids" without
the name (read with the rewrite: "five", margin −1.7, declined; read as asked: margin +1.8).
So a passage that does not name every capitalised word the rewrite added is read with the
question as the user asked it (a passage saying "the Rodriguez clan" does not name Robert
Rodriguez); one that names them all, with the rewrite. Only when the question as asked is a
whole question of the rewrite's shape (same first word, three words or more): a fragment
("And his daughter?", "Why?") is no question to read. And since an unresolved "he" fits
anyone, the reader keeps that reading only where its best span is mostly the rewrite's own
best span there (``neural_reader``): the question as asked changes how sure the reader is, not
what it answers.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def _bare(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


def added_names(rewrite: str, asked: str) -> frozenset[str]:
    """Capitalised words the rewrite added ("Robert", "Rodriguez"), its first word left out.

    None (an empty set: read the rewrite) when ``asked`` is not a whole question shaped like
    the rewrite.
    """
    words = _WORD.findall(rewrite)
    original = _WORD.findall(asked)
    if len(original) < 3 or not words or original[0].lower() != words[0].lower():
        return frozenset()
    seen = {_bare(w).lower() for w in original}
    words = words[1:]
    return frozenset(
        _bare(w) for w in words if w[:1].isupper() and _bare(w).lower() not in seen and len(w) > 1
    )


def question_for(rewrite: str, asked: str | None, added: frozenset[str], passage: str) -> str:
    """The rewrite, or ``asked`` when the passage does not name every one of the ``added``."""
    if asked is None or not added:
        return rewrite
    named = all(re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", passage) for word in added)
    return rewrite if named else asked
