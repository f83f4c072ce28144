"""A pronoun that means the question's own subject, not the conversation.

"When did oil return to *its* levels?", "What does a pathogen do when *it* meets a T-cell?":
such a pronoun is bound inside the question, and a follow-up's rewrite leaves it alone.
"""

from __future__ import annotations

import re

__all__ = ["DUMMY_IT", "bound"]

DUMMY_IT = re.compile(
    r"\b(?:is|was|would|will|does|do|did|can|could|should|isn't|wasn't)\s+it\s+"
    r"(?:\w+ly\s+)?(?:safe|ok|okay|possible|necessary|better|best|good|bad|normal|worth|true|"
    r"likely|important|advisable|hard|easy|required|needed|common|fine|alright|wise|healthy|"
    r"recommended|supposed|going|matter|take|make|help|hurt|work|mean|always|usual)\b"
    r"|^it\s+(?:is|was|'s)\b|\bit's\b|\bit\s+takes?\b|\bmake\s+it\s+\w+er\b"
    r"|\b(?:does|did|do|will|would)\s+it\s+cost\b|\b(?:is|was)\s+it\s+(?:called|known|when|that)\b"
    r"|\bwas\s+it\s+held\b|\b(?:is|was)\s+it\s+\w+\s+that\b"
    r"|\bmakes?\s+it\s+(?:difficult|easy|hard|possible|impossible)\b",
    re.IGNORECASE,
)

_OWN_SUBJECT = re.compile(
    r"^(?:how\s+many\s+[a-z]|(?:what|when|where|why|how|which|who)(?:\s+\w+)?\s+(?:"
    r"(?:does|did|do|can|could|would|will|should|has|have|had)\s+"
    r"(?:(?:a|an|the|some|many|most|all|these|those)\s+)?"
    r"|happen(?:s|ed)?\s+to\s+(?:the\s+)?)"
    r"(?!(?:he|she|it|they|him|her|them|his|its|their|the|there|this|that)\b)[a-z])",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(r"\b(?:when|if|as|while|because|since|once|after|before)\s+$", re.I)
# A singular "the …" noun, then a clause of its own that "it" stands in ("… the battery if I
# want to take it inside").
_SINGULAR_THEN_CLAUSE = re.compile(
    r"\b(?:the|a|an)\s+(?-i:[a-z][\w-]*[a-rt-z])\s+(?:\w+\s+){0,2}?"
    r"(?:if|when|while|because|since|once|unless|until|so\s+that)\b",
    re.IGNORECASE,
)


# A plural common noun that is not the question's verb or a name ("on bodies to retard their")
_PLURAL_BEFORE = re.compile(
    r"\b(?:on|of|for|to|with|from|by|at|in|the|many|some|all|most|these|those|other)\s+"
    r"(?-i:[a-z][a-z-]*[a-rt-z]s)\b",
    re.IGNORECASE,
)


def bound(text: str, pronoun: re.Match[str]) -> bool:
    """True when the pronoun means the question's own subject, not the conversation.

    "When did oil return to *its* levels?", "What does a pathogen do when *it* meets a T-cell?",
    "How many homes had the service unavailable to *them*?": a common noun subject comes
    first, and the pronoun is a possessive, the subject of a clause of its own, or "them".
    """
    word = pronoun.group(0).lower()
    if word == "their" and _PLURAL_BEFORE.search(text[: pronoun.start()]):
        return True  # "What force acted on bodies to retard *their* velocity?"
    if word in {"it", "its"} and _SINGULAR_THEN_CLAUSE.search(text[: pronoun.start()]):
        return True  # "How heavy is the battery if I want to take *it* inside?"
    if not _OWN_SUBJECT.match(text) and not DUMMY_IT.search(text):
        return False
    if word == "its" and DUMMY_IT.search(text):  # "What is it called when a cell … its …"
        return True
    clause_subject = bool(_SUBORDINATE.search(text[: pronoun.start()]))
    return word in {"its", "their", "them"} or clause_subject
