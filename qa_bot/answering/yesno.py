"""Yes/no and advice questions: answered with the sentence that bears on them, quoted whole.

A span reader given "Did Rebel compose the score?" returns a fragment ("orchestral score"),
which reads as a non-answer. For a question that starts with an auxiliary verb the bot instead
quotes the whole sentence the best span stands in, with its source, and marks the answer
``kind = "evidence"``. It gives no yes/no verdict: none has been measured.

The same holds for advice, asked in the first or second person ("How do I keep the batter
smooth?", "What should we serve it with?", "Can you freeze it?"): the answer is an
instruction or a reason, a clause of the article, and a few words cut out of it read as
nonsense. On DoQA cooking dialogs, reading the gold passage, the whole sentence scores F1 35.5
against the answers people marked, the reader's span 19.7 (docs/EVALUATION.md).

In chat a message often leads up to its question ("No, I haven't. Is it safe to add more
milk?"): the kind of question is read from its last question sentence.
"""

from __future__ import annotations

import dataclasses
import re

from qa_bot.index.bm25 import bm25_tokens
from qa_bot.types import Answer

_AUXILIARY = re.compile(
    r"^(?:and\s+|so\s+|but\s+)?(?:is|are|was|were|am|do|does|did|has|have|had|can|could|will|"
    r"would|shall|should|may|might|must|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|"
    r"hasn't|haven't|hadn't|can't|couldn't|won't|wouldn't|shouldn't)\s+\w",
    re.IGNORECASE,
)
# "Is it X or Y?" asks to choose, not yes or no.
_CHOICE = re.compile(r"\bor\b(?!\s+not\b)", re.IGNORECASE)
# The asker in the question: me, my, we, our, you, your... in lower case unless they start the
# sentence ("Who directed We Can Be Heroes?" names a film; "the US" is a country), and "I"
# unless it is a regnal numeral ("Alexander I", "World War I").
_PERSONS = frozenset(
    ["me", "my", "myself", "we", "our", "ours", "us", "you", "your", "yours"]
    + ["i'm", "i've", "i'd", "i'll", "we're", "we've", "you're", "you've", "yourself"]
)
_WORD = re.compile(r"[A-Za-z']+|\S")
# Words after which "I" is the asker ("Should I", "What can I", "if I"), not a numeral.
_LEAD_WORDS = (
    "how what when where which why who whom should can could do does did would will shall may "
    "might must am if and but so then or that because while"
)
_LEADS = frozenset(_LEAD_WORDS.split())
_NOT_SENTENCE_ENDS = "mr mrs ms dr st jr sr vs etc no prof gen col lt sgt mt ft"  # "Mr. Smith"
_ABBREVIATIONS = frozenset(_NOT_SENTENCE_ENDS.split())

EVIDENCE_LEAD = "The article says:"


def last_question(message: str) -> str:
    """The message's last sentence that ends with a question mark (else its last sentence)."""
    parts: list[str] = []
    current: list[str] = []
    for token in message.split():
        current.append(token)
        if _ends_sentence(token):
            parts.append(" ".join(current))
            current = []
    if current:
        parts.append(" ".join(current))
    asked = [part for part in parts if part.endswith("?")]
    return asked[-1] if asked else (parts[-1] if parts else "")


def _ends_sentence(token: str) -> bool:
    if token.endswith(("?", "!")):
        return True
    word = token.rstrip(".")
    # "I. M. Pei", "Mr. Smith", "e.g." do not end a sentence.
    return (
        token.endswith(".")
        and len(word) >= 2
        and "." not in word
        and word.lower() not in _ABBREVIATIONS
    )


def is_yes_no(question: str) -> bool:
    """True for a question answered by yes or no ("Did Rebel compose the score?")."""
    text = last_question(question)
    return bool(_AUXILIARY.match(text)) and not _CHOICE.search(text)


def is_advice(question: str) -> bool:
    """True for a question in the first or second person ("How do I keep it moist?")."""
    words = _WORD.findall(last_question(question))
    return any(_is_person(words, at) for at in range(len(words)))


def _is_person(words: list[str], at: int) -> bool:
    word = words[at]
    before = words[at - 1] if at > 0 else ""
    if word == "I":
        # "Alexander I marry?" no, "Should I add…" yes; "I. M. Pei" no.
        after = words[at + 1] if at + 1 < len(words) else ""
        return after != "." and (not before[:1].isupper() or before.lower() in _LEADS)
    if word.lower() not in _PERSONS or (word.lower() == "us" and word != "us"):
        return False
    return word.islower() or not before or not before[:1].isalnum()


# Asked in the first person, yet for one fact: "How long do I hold the reset button?", "What
# number do I call?", "When should I water it?" take a span, not the sentence.
_FACT = re.compile(
    r"^(?:how\s+(?:long|many|much|often|far|big|old|soon|large|tall|heavy|fast|hot|cold)|when|"
    r"where|which|what\s+(?:number|colou?r|time|date|year|day|month|address|"
    r"e-?mail|phone|temperature|size|price|percentage|age|name))\b",
    re.IGNORECASE,
)


def wants_evidence(question: str) -> bool:
    """True when the reply should quote the whole sentence: yes/no and advice questions."""
    asked = last_question(question)
    return is_yes_no(question) or is_advice(question) and not _FACT.match(asked)


def sentence_offsets(article: str, answer: Answer) -> tuple[int, int] | None:
    """Where the answer's sentence stands in the article (the occurrence holding the span)."""
    if answer.sentence is None or answer.start is None or answer.end is None:
        return None
    for match in re.finditer(re.escape(answer.sentence), article):
        if match.start() <= answer.start and answer.end <= match.end():
            return match.start(), match.end()
    return None


def as_evidence(answer: Answer, article: str) -> Answer:
    """The answer with its whole sentence as the text (offsets quoting it), kind "evidence".

    A declined answer, or one whose sentence cannot be placed in the article, is returned as is.
    """
    if answer.declined:
        return answer
    where = sentence_offsets(article, answer)
    if where is None:
        return answer
    start, end = where
    sentence = article[start:end]
    says = answer.confident or _says_it(answer.question, sentence)
    return dataclasses.replace(
        answer, text=sentence, start=start, end=end, kind="evidence", confident=says
    )


def _says_it(question: str, sentence: str) -> bool:
    """True when every content word of the question is in the sentence (stemmed).

    "Is We Can Be Heroes streaming on Netflix?" and "We Can Be Heroes is currently streaming on
    Netflix.": the article says it, rather than only comes close ("The closest the article
    comes is …").
    """
    asked, said = bm25_tokens([question, sentence])
    content = set(asked) - _FUNCTION_WORDS
    return bool(content) and content <= set(said)


_FUNCTION_TEXT = (
    "did do doe is are was were has have had can could will would should may might must shall "
    "who what when where whi how which i you we they he she it his her their"
)  # stems, as bm25_tokens gives them ("does" -> "doe", "why" -> "whi")
_FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
