"""A follow-up that is a fragment, put into the question before it.

"When?" or "Since when?" asks the last question again with another question word ("Who is the
mayor of Lisbon?" "Carlos Moedas." "Since when?" → "Since when is Carlos Moedas the mayor of
Lisbon?"); "To the south?", "What about in 2012?" and "And Krakow?" take the place of the part
of the last question they replace (``qa_bot.answering.followup`` decides that a question is a
fragment and resolves its pronouns).
"""

from __future__ import annotations

import re

from qa_bot.answering.referents import Turn, is_relative, names

PREPOSITION = re.compile(
    r"^(?:to|in|on|at|from|for|with|during|after|before|since|until|by|near|into|under|over)\b",
    re.I,
)


# "Who is the mayor of Lisbon?" "Carlos Moedas." "Since when?": when is he the mayor.
_WHO_IS = re.compile(r"^who\s+(is|was|are|were)\s+(.+)$", re.IGNORECASE)


# "Who founded the Mongol Empire?" "Genghis Khan." "When?": when was it founded by him. The
# past tense of a regular verb is its participle; a few common irregular ones are listed.
_WHO_DID = re.compile(
    r"^who\s+([a-z]+ed|wrote|drew|built|led|made|began|took|won|gave|held|sang|founded|"
    r"discovered|invented)\s+((?:the|a|an|his|her|its|their|this|that)\s+.+|[A-Z].*)$"
)
_PARTICIPLES = {
    "wrote": "written", "drew": "drawn", "began": "begun", "took": "taken", "gave": "given",
    "sang": "sung",
}  # fmt: skip


def ask_again(wh: str, last: Turn) -> str:
    """The last question asked again with another question word ("When?", "Why?")."""
    body = last.question.strip().rstrip("?")
    name = (last.answer or "").strip().rstrip(".")
    if name and names(name) == [name]:
        who_is = _WHO_IS.match(body)
        if who_is:
            verb, rest = who_is.groups()
            return f"{wh.capitalize()} {verb.lower()} {name} {rest}?"
        who_did = _WHO_DID.match(re.sub(r"^who\b", "who", body, flags=re.I))
        if who_did:
            verb, done = who_did.groups()
            return f"{wh.capitalize()} was {done} {_PARTICIPLES.get(verb, verb)} by {name}?"
    lead = re.match(
        r"^(?:how\s+(?:long|many|much|old|far|often|big)|since\s+when|how\s+come|who|whom|whose|"
        r"what|which|when|where|why|how)\b\s*",
        body,
        re.I,
    )
    if lead:
        body = body[lead.end() :]
    return f"{wh.capitalize()} {body[:1].lower()}{body[1:]}?"


# A question asking who did something: "Who composed the score?", "Which of them drew it?"
_SUBJECT_ASKED = re.compile(
    r"^(?:who|which\s+of\s+[^?]+?)\s+(?!(?:is|was|are|were|has|have|had|does|did|do)\b)[a-z]+",
    re.IGNORECASE,
)


def merge_fragment(fragment: str, previous: str) -> str:
    """Put a fragment into the previous question in place of the part it replaces."""
    body = previous.strip().rstrip("?")
    piece = fragment.strip().rstrip("?").strip()
    if not piece:
        return previous
    prep = PREPOSITION.match(piece)
    if prep:
        piece = piece[:1].lower() + piece[1:]
        pattern = rf"\b{prep.group(0)}\s+(?:the\s+)?[\w'’-]+(?:\s+\d+)?"
        if re.search(pattern, body, re.I):
            return re.sub(pattern, lambda _: piece, body, count=1, flags=re.I) + "?"
        return f"{body} {piece}?"
    if is_relative(piece) and _SUBJECT_ASKED.match(body):
        # "Which of his kids composed the score?" "And his daughter?": what did she do?
        return f"What did {piece} do?"
    owner = re.match(r"^(.+?)'s\s+(.+)$", piece)
    if owner:
        swapped = re.sub(rf"{re.escape(owner.group(1))}'s\s+[\w-]+", lambda _: piece, body, count=1)
        if swapped != body:
            return swapped + "?"
        if owner.group(1) in body:
            return body.replace(owner.group(1), piece, 1) + "?"
    elif piece[:1].isupper() and names(body):
        return body.replace(names(body)[-1], piece, 1) + "?"
    if not re.match(r"^(?:who|what|which|when|where|how)\b", body, re.I):
        return f"{body} {piece}?"
    return f"{'Who' if body.lower().startswith('who') else 'What'} is {piece}?"
