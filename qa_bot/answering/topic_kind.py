"""What an article is about, read from its own pronouns: a man, a woman, a group or a thing.

An article about a man says "he"/"his" far more than "she", and from its first lines; one about
a band says "they"/"the band"; one about a film or a city says "it". The conversation reads the
kind of its topic this way, so that "he" can be the topic or the last man named
(``qa_bot.answering.referents``).
"""

from __future__ import annotations

import re

from qa_bot.answering.speaker_labels import label_spans

GROUP_WORDS = re.compile(
    r"\b(?:band|group|duo|trio|quartet|team|club|company|party|family|people|tribe|members)\b",
    re.I,
)
_PRONOUNS = {
    "male": re.compile(r"\b(?:he|his|him|himself)\b", re.I),
    "female": re.compile(r"\b(?:she|her|hers|herself)\b", re.I),
    "group": re.compile(r"\b(?:they|their|them|themselves)\b", re.I),
    "thing": re.compile(r"\b(?:it|its|itself)\b", re.I),
}
EARLY_CHARS = 500  # a person's article names them "he"/"she" this early
CUE_CHARS = 6000  # enough of an article to count its pronouns; counting more costs time


def topic_kind(text: str, title: str | None = None) -> str | None:
    """What an article is about, from its pronouns: "male", "female", "group", "thing" or None.

    ``text`` is the article (or what the conversation has seen of it); None when it says too
    little to tell.
    """
    if title and GROUP_WORDS.search(title):
        return "group"
    sample = text[:CUE_CHARS]
    interviewee = _interviewee(sample)
    if interviewee is not None:
        return interviewee
    counts = {kind: len(pattern.findall(sample)) for kind, pattern in _PRONOUNS.items()}
    person = max(counts["male"], counts["female"])
    gender = "male" if counts["male"] >= counts["female"] else "female"
    clear = person >= 3 and person >= 2 * min(counts["male"], counts["female"]) + 1
    # A life story says "he"/"she" from its first lines; a chemical element's history of
    # discovery says "he" only later, of the chemists.
    clear = clear and bool(_PRONOUNS[gender].search(sample[:EARLY_CHARS]))
    if clear and person >= counts["group"] and person >= counts["thing"]:
        return gender
    if counts["group"] >= 3 and counts["group"] > counts["thing"]:
        return "group"
    if counts["thing"] >= 3:
        return "thing"
    return None


_PERSON_PRONOUN = re.compile(r"\b(?:(he|his|him)|she|her)\b", re.I)


def _interviewee(sample: str) -> str | None:
    """A Q&A interview is about the one who answers "I …": a man or a woman, as the intro says.

    Its answers are in the first person, so "she" is rare ("Larder met Mensah, 43, … as she
    was pickling …") and "it" (the restaurant, the dish) outnumbers her.
    """
    labels = label_spans(sample)
    if not labels:
        return None
    said = _PERSON_PRONOUN.search(sample[: labels[0][0]])
    if said is None:
        return None
    return "male" if said.group(1) else "female"
