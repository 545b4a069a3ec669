"""What a policy says about its scope and funding route, outside the criteria.

Layouts read (``shared/phrasing.md`` §5, Exclusions and scope):

- exclusion sentences anywhere outside a criterion: "This policy does not
  apply to ...", "N.B. These criteria do not apply to ...", "... is
  contraindicated in ...", "... are excluded from this policy";
- exclusion lists: under an "Exclusions to policy" / "Policy Exceptions:" /
  "Red flags" heading, or after a lead-in such as "This policy does not
  apply to:"; each item is one exclusion, with the lead-in kept beside it;
- the Individual Funding Request route ("Individual Funding Request", "IFR")
  and "not routinely commissioned".

A contraindication *inside* a criterion ("... conservative management is
contra-indicated") is part of that criterion, not an exclusion: only text
outside the criteria tree is read here.

"N.B."/"Note:" lines, IFR and "not routinely commissioned" sentences and
"does not apply to" sentences are *asides*: met among the criteria, they are
read here and never become criteria.
"""

from __future__ import annotations

import re

EXCLUSION_SENTENCE = re.compile(
    r""
    r"contra-?\s?indicat|\b(?:does|do)\s+not\s+apply\s+to\b|\bexcluded\b"
    r"|\bnot\s+covered\s+by\s+this\s+policy\b"
    r"|\boutside\s+(?:the\s+)?scope\b",
    re.IGNORECASE,
)
# A lead-in line opening a list of exclusions.
EXCLUSION_LEAD_IN = re.compile(
    r"(?:\b(?:does|do)\s+not\s+apply\b|\bexcluded\b|\bexclusions?\b|\bexceptions?\b|contra-?\s?indicat"
    r"|\bred\s+flags?\b).*:$",
    re.IGNORECASE,
)
NOTE_PREFIX = re.compile(r"^(?:N\.?\s?B\.?|Note|Please\s+note)\s*[:.,–-]?\s+", re.IGNORECASE)
IFR = re.compile(r"\bindividual\s+funding\s+requests?\b|\bIFR\b", re.IGNORECASE)
NOT_ROUTINELY = re.compile(r"\bnot\s+routinely\s+(?:commissioned|funded|available)\b", re.IGNORECASE)
_DOES_NOT_APPLY = re.compile(r"\b(?:does|do)\s+not\s+apply\s+to\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def without_note_prefix(text: str) -> str:
    """ "N.B. These criteria do not apply to ..." -> "These criteria do not apply to ..."."""
    return NOTE_PREFIX.sub("", text, count=1)


def exclusion_sentences(text: str) -> list[str]:
    """The sentences of a prose paragraph that exclude patients or state contraindications."""
    return [without_note_prefix(s) for s in sentences(text) if EXCLUSION_SENTENCE.search(s)]


def is_exclusion_lead_in(text: str) -> bool:
    return bool(EXCLUSION_LEAD_IN.search(without_note_prefix(text)))


def is_aside(text: str) -> bool:
    """A line among the criteria that is a note about them, not a criterion."""
    return bool(
        NOTE_PREFIX.match(text)
        or IFR.search(text)
        or NOT_ROUTINELY.search(text)
        or _DOES_NOT_APPLY.search(text)
    )


def ifr_sentence(text: str) -> str | None:
    """The first sentence of ``text`` that names the Individual Funding Request route."""
    for sentence in sentences(text):
        if IFR.search(sentence):
            return without_note_prefix(sentence)
    return None


def not_routinely_commissioned(text: str) -> str | None:
    """ "not routinely commissioned" as printed, when ``text`` says so."""
    match = NOT_ROUTINELY.search(text)
    return match.group(0) if match else None
