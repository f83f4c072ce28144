"""A follow-up that is a fragment, put into the question before it.

"When?" or "Since when?" asks the last question again with another question word ("Who is the
mayor of Lisbon?" "Carlos Moedas." "Since when?" → "Since when is Carlos Moedas the mayor of
Lisbon?"); "To the south?", "What about in 2012?" and "And Krakow?" take the place of the part
of the last question they replace (``qa_bot.answering.followup`` decides that a question is a
fragment and resolves its pronouns).
"""

from __future__ import annotations

import re

from qa_bot.answering.cues import is_relative
from qa_bot.answering.gender import gender_of
from qa_bot.answering.names import names
from qa_bot.answering.referents import Turn

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
    r"discovered|invented)\s+((?:the|a|an|his|her|its|their|this|that)\s+.+|[A-Z].*|"
    r"(?!(?:in|on|at|for|with|to|from|by|of|about|as|into|up|out)\b)[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3})$"
)
# "Which part of the core does she distrust?": what is asked for is the verb's object
_WHICH_OBJECT = re.compile(
    r"^(?:(?i:which)\s+(?:[\w'’-]+\s+){1,5}?|(?i:what)\s+(?:[\w'’-]+\s+){0,5}?)"
    r"((?i:does|did|do|will|would|can|could|should))\s+"
    r"((?:he|she|it|they|we|you|the\s+[a-z][\w-]*|[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
    r"\s+[a-z]+)$"
)
# "Which RRTA service grew fastest in 2025?": what is asked for is the subject of a past verb
_WHICH_SUBJECT = re.compile(
    r"^(?i:which)\s+(?:[\w'’-]+\s+){1,4}?((?:[a-z]+ed|grew|rose|fell|won|lost|made|took|became|"
    r"ran|went|came|got|gave|led|left|paid|sold|built|brought|bought|held|kept|spent|drew|"
    r"drove|began|beat|broke)\b.*)$"
)
# "Which Eastmoor player was sent off?": the one answered is the subject of "was sent off"
_WHICH_BE = re.compile(
    r"^(?i:which)\s+(?:[\w'’-]+\s+){1,4}?((?i:was|were|is|are))\s+"
    r"((?!(?:the|a|an|his|her|its|their|this|that|he|she|it|they|not)\b)[a-z][\w-]*\b.*)$"
)
# "When did he get his first?" "And the second?": the same question of the second
_ORDINALS = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|1st|2nd|3rd|[4-9]th"
_ORDINAL_PIECE = re.compile(rf"^(?:the\s+)?({_ORDINALS}|last|final)(?:\s+one)?$", re.I)
_ORDINAL_IN = re.compile(rf"\b(?:{_ORDINALS})\b", re.I)  # not "last year"
# "For how much?", "By what score?", "From what cause?": a question word of its own, which
# takes the place of the last question's
_WH_PIECE = re.compile(
    r"^(?:in|for|by|at|on|to|with|from|during|against|of|after|before)\s+"
    r"(?:what|which|whom|how\s+(?:much|many|long|far|often))\b(?:\s+[\w'’-]+){0,2}$",
    re.IGNORECASE,
)
_WH_AUX = re.compile(
    r"^(?:who|whom|what|which|when|where|why|how)(?:\s+(?:much|many|long|far|often|[a-z]+))?\s+"
    r"(did|does|do|was|were|is|are|has|have|had|will|would|can|could)\s+(.+)$",
    re.IGNORECASE,
)
_SOMEONE = re.compile(r"\b(?:he|she)\b", re.IGNORECASE)  # the person the last question asked of
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
    which_be = _WHICH_BE.match(body) if name and names(name) == [name] else None
    if which_be:  # "Which Eastmoor player was sent off?" "Jamie Doyle." "Why?"
        aux, rest = which_be.groups()
        return f"{wh.capitalize()} {aux.lower()} {name} {rest}?"
    which = _WHICH_OBJECT.match(body)
    if which and name and wh in {"why", "how"}:  # "Which part does she distrust?" "Why?"
        aux, rest = which.groups()
        return f"{wh.capitalize()} {aux.lower()} {rest} {name}?"
    which_did = _WHICH_SUBJECT.match(body)
    if which_did and name and wh in {"why", "how"}:  # "Which service grew fastest?" "Why?"
        subject = re.sub(r"^The\b", "the", name)
        return f"{wh.capitalize()} {subject} {which_did.group(1)}?"
    lead = re.match(
        r"^(?:how\s+(?:long|many|much|old|far|often|big)|since\s+when|how\s+come|who|whom|whose|"
        r"what|which|when|where|why|how)\b\s*",
        body,
        re.I,
    )
    if lead:  # what follows the question word keeps its case ("Which RRTA service …")
        return f"{wh.capitalize()} {body[lead.end() :]}?"
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
    ordinal = _ORDINAL_PIECE.match(piece)
    earlier = _ORDINAL_IN.search(body) if ordinal else None
    if ordinal and earlier:
        return f"{body[: earlier.start()]}{ordinal.group(1).lower()}{body[earlier.end() :]}?"
    shifted = _year_shifted(piece, body)
    if shifted is not None:  # "How many … in 2025?" "And the year before?": in 2024
        return shifted + "?"
    if _TIME.fullmatch(piece):  # "What share goes to it now?" "And a year ago?"
        when = _TIME.search(body)
        if when:
            return body[: when.start()] + piece + body[when.end() :] + "?"
    asked_anew = _WH_PIECE.match(piece) and _WH_AUX.match(body)
    if asked_anew:  # "Where did Kingsmere sign him from?" "For how much?"
        return f"{piece[:1].upper()}{piece[1:]} {asked_anew.group(1)} {asked_anew.group(2)}?"
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
    named = re.match(r"^the\s+([A-Z].*)$", piece)
    if named and names(body):  # "How many of the PC-800 were sold?" "And the Duo?"
        piece = named.group(1)
    owner = re.match(r"^(.+?)'s\s+(.+)$", piece)
    if owner:
        swapped = re.sub(rf"{re.escape(owner.group(1))}'s\s+[\w-]+", lambda _: piece, body, count=1)
        if swapped != body:
            return swapped + "?"
        if owner.group(1) in body:
            return body.replace(owner.group(1), piece, 1) + "?"
    elif piece[:1].isupper() and names(body):
        # "What did Robert Rodriguez's daughter do?" "What about Rogue?": Rogue, not his daughter
        relative = re.search(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*['’]s\s+([a-z]+)", body)
        named = re.match(r"\s+[A-Z][\w'’-]*", body[relative.end() :]) if relative else None
        if relative and named:  # "… Robert Rodriguez's son Rebel?" "And Racer?": the son's name
            at = relative.end() + named.start() + 1
            return body[:at] + piece + body[relative.end() + named.end() :] + "?"
        if relative and is_relative(relative.group(1)):
            return body[: relative.start()] + piece + body[relative.end() :] + "?"
        return body.replace(names(body)[-1], piece, 1) + "?"
    if _TIME.fullmatch(piece):  # a time the last question did not have: added
        return f"{body} {piece}?"
    replaced = _in_place_of(piece, body)
    if replaced is not None:
        return replaced + "?"
    person = _person_in(body)
    if piece.lower().startswith("the ") and person:  # "Where was he flown?" "And the second
        return f"{body[: person[0]]}{piece[:1].lower()}{piece[1:]}{body[person[1] :]}?"  # one?"
    if _YES_NO.match(body):  # "Is it heavier than the Glide?" "What about the brakes?"
        return f"What about {piece}?"  # no place in the last question for it: as asked
    if not re.match(r"^(?:who|what|which|when|where|how)\b", body, re.I):
        return f"{body} {piece}?"
    return f"{'Who' if body.lower().startswith('who') else 'What'} is {piece}?"


_YES_NO = re.compile(
    r"^(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should)\b", re.I
)
# A time a fragment asks about instead ("And a year ago?", "What about last year?"), or the one
# it replaces in the last question ("… now?", "… in 2012?").
_TIME = re.compile(
    r"\b(?:now|today|currently|nowadays|these days|at the moment|yesterday|tomorrow|"
    r"(?:this|last|next|that)\s+(?:year|month|week|season|spring|summer|autumn|fall|winter)|"
    r"(?:a|an|one|two|three|four|five|ten|\d+)\s+(?:years?|months?|weeks?|days?|decades?)\s+"
    r"(?:ago|later|earlier|before)|in\s+\d{4}|(?:back\s+)?then|initially|originally|"
    r"previously|earlier|later|finally|eventually|at\s+first|in\s+the\s+end)\b",
    re.IGNORECASE,
)
# "the year before", "the previous year", "a year later": the last question's year, shifted
_YEAR_SHIFT = re.compile(
    r"(?:in\s+)?(?:(?:the\s+)?year\s+(?P<a>before|after)|(?:the\s+)?(?P<b>previous|prior|"
    r"preceding|following|next)\s+year|(?:a|one)\s+year\s+(?P<c>earlier|later|before|after))",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_EARLIER = frozenset({"before", "previous", "prior", "preceding", "earlier"})


def _year_shifted(piece: str, body: str) -> str | None:
    """The last question with its (last) year moved by one, for "And the year before?"."""
    shift = _YEAR_SHIFT.fullmatch(piece)
    years = list(_YEAR.finditer(body))
    if shift is None or not years:
        return None
    word = (shift.group("a") or shift.group("b") or shift.group("c")).lower()
    year = years[-1]
    moved = int(year.group()) + (-1 if word in _EARLIER else 1)
    return f"{body[: year.start()]}{moved}{body[year.end() :]}"


# What a fragment of a common noun stands in for in the last question:
_OWNED = re.compile(r"^(?:his|her|its|their|[\w'’.-]+(?:\s+[\w'’.-]+){0,3}['’]s)\s+[\w-]+$", re.I)
_OWNED_IN = re.compile(
    r"\b(?:his|her|its|their|(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w.-]*['’]s)\s+[\w-]+"
)  # "When was his father born?" "And his mother?"
_COUNTED = re.compile(r"^how\s+many\s+([a-z][\w-]*)", re.I)  # "How many homes …?" "And boats?"
_HEAD = re.compile(r"^(?:what|which)\s+(?:is|was|are|were)\s+(the\s+[a-z][\w-]*)\s+of\b", re.I)
# "How much does the tasting menu cost": a "the …" subject between the auxiliary and the verb
_AUX_SUBJECT = re.compile(
    r"^(?i:how\s+(?:much|many|long|far|often|old)|when|where|why)\s+"
    r"(?i:does|did|do|is|was|are|were|will|would|can|could)\s+the\s+"
    r"((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s+[a-z]+$"
)
_COMMON = re.compile(r"^(?:the\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?$")  # "boats", "the area"


def _person_in(body: str) -> tuple[int, int] | None:
    """Where the last question names its person: "he"/"she", or a name a first name marks."""
    pronoun = _SOMEONE.search(body)
    if pronoun:
        return pronoun.span()
    for name in names(body):
        at = body.find(name)
        if gender_of(name) and at >= 0:
            return at, at + len(name)
    return None


def _in_place_of(piece: str, body: str) -> str | None:
    """The last question with a noun fragment in place of the noun it replaces, else None.

    "And his mother?" after "When was his father born?"; "What about boats?" after "How many
    homes lost power?"; "And the area?" after "What is the population of Warsaw?".
    """
    if _OWNED.match(piece):
        owned = _OWNED_IN.search(body)
        return body[: owned.start()] + piece + body[owned.end() :] if owned else None
    if not _COMMON.match(piece):
        return None
    counted = _COUNTED.match(body)
    if counted and not piece.lower().startswith("the "):
        return body[: counted.start(1)] + piece + body[counted.end(1) :]
    head = _HEAD.match(body)
    if head and piece.lower().startswith("the "):
        return body[: head.start(1)] + piece + body[head.end(1) :]
    subject = _AUX_SUBJECT.match(body)
    if subject:  # "How much does the tasting menu cost?" "And lunch?": the lunch
        noun = re.sub(r"^the\s+", "", piece, flags=re.I)
        return body[: subject.start(1)] + noun + body[subject.end(1) :]
    return None
