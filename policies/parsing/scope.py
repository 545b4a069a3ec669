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

Not exclusions, though they sit near them: individual funding request text
("Cases for Individual Funding Consideration ...", "On a case to case basis,
patients might ...", "exceptional funding can be sought"), "not routinely
commissioned" headlines, advice ("Refer people with bleeding varicose veins
to a vascular service immediately") and the lists a policy says it does not
fund ("Knee arthroscopy will not be funded for:"), which are kept apart
(``not_funded``). Scope statements ("This commissioning statement refers to:
...", "This policy applies to all providers") say what the policy covers and
are neither criteria nor exclusions.
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
    r"(?:\b(?:does|do)\s+not\s+(?:apply|refer|relate)\b|\bexcluded\b|\bexclusions?\b|\bexceptions?\b"
    r"|contra-?\s?indicat|\bred\s+flags?\b).*:$",
    re.IGNORECASE,
)
NOTE_PREFIX = re.compile(r"^(?:N\.?\s?B\.?|Note|Please\s+note)\s*[:.,–-]?\s+", re.IGNORECASE)
IFR = re.compile(
    r"\bindividual\s+funding\s+(?:requests?|consideration|applications?)\b|\bIFR\b|\bexceptional\s+funding\b"
    r"|\bexceptional\s+(?:clinical\s+)?(?:need|circumstances|cases?|treatment\s+process)\b|\bindividual\s+basis\b"
    r"|\bcase\s+(?:to|by)\s+case\s+basis\b|\bindividual\s+(?:patient\s+)?(?:treatment|consideration)\b",
    re.IGNORECASE,
)
NOT_ROUTINELY = re.compile(
    r"\bnot\s+routinely\s+(?:commission(?:ed)?|fund(?:ed)?|available|offered|provided)\b", re.IGNORECASE
)
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


# "Refer people with bleeding varicose veins to a vascular service immediately.", "Please click here".
ADVICE = re.compile(
    r"^(?:refer\b|please\s+(?:click|see|refer|note|use|contact|complete|read)\b|click\b|see\b|consider\b|offer\b|do\s+not\b|advise\b|ensure\b|discuss\b|"
    r"for\s+(?:more|further)\s+information|patients?\s+should\b|gps?\s+should\b|clinicians?\s+should\b|"
    r"all\s+gps\b|description\s+of\b|information\s+should\b|the\s+referral\s+letter\b|"
    r"it\s+is\s+recommended\b|we\s+would\s+recommend\b|where\s+applicable\b)"
    r"|\bshould\s+be\s+(?:documented|referred|encouraged|advised|offered|informed|discussed|provided)\b"
    r"|\b(?:is|are)\s+(?:advised|recommended)\b|^patient\s+information\b|\bleaflet\b"
    r"|\b(?:https?://|www\.|nice\.org\.uk)|\bclick\s+here\b|\bplease\s+(?:use|see|refer|complete|contact)\b",
    re.IGNORECASE,
)
# A scope statement's lead-in: "This commissioning statement refers to:", "This policy covers:".
SCOPE_LEAD_IN = re.compile(
    r"\b(?:statement|policy|guidance|document|protocol|pathway)\s+(?:refers|relates|applies)\s+to\b"
    r"|\brefers\s+to\s+the\s+following\b|\bpolicy\s+covers\b|\bscope\s+of\s+this\b"
    r"|\bexamples\s+of\s+conditions\b|\bgives\s+examples\b|\blist\s+is\s+not\s+exhaustive\b",
    re.IGNORECASE,
)
# "Knee arthroscopy will not be funded for:", "Referral will not be routinely commissioned for patients with:".
NOT_FUNDED_LEAD_IN = re.compile(
    r"\b(?:will|shall|would|does|do|is|are)\s+not\s+(?:be\s+)?(?:routinely\s+|normally\s+|usually\s+)?"
    r"(?:fund|commission|funded|commissioned|offered|approved|supported|available|indicated)\b"
    r"|\bnot\s+(?:be\s+)?(?:routinely|normally|usually)\s+(?:funded|commissioned|available|offered)\b"
    r"|\bNOT\s+(?:ROUTINELY\s+)?(?:FUNDED|COMMISSIONED)\b",
    re.IGNORECASE,
)
# "... NOT ROUTINELY FUNDED unless ALL of the following", "Unless one or more of the following criteria
# are met ... is not routinely funded:": a negative statement whose exception is the criteria.
_UNLESS = re.compile(
    r"\b(?:unless|except\s+(?:for|when|where|if)|with\s+the\s+exception\s+of)\b", re.IGNORECASE
)


# "This guidance applies to adults aged 19yr and over", "The scope of this policy includes requests ... for
# patients 16 and over": who the policy is for (its ages are limits; an exclusion's are not).
POPULATION_SCOPE = re.compile(
    r"\b(?:guidance|policy|statement|protocol)\s+(?:only\s+)?(?:applies|relates|refers)\s+(?:only\s+)?to\b"
    r"|\bscope\s+of\s+this\s+(?:policy|guidance)\s+includes\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:does|do|is|are)\s+not\b|\bexclud|\bexcept\b|\bother\s+than\b", re.IGNORECASE)


def population_scope(text: str) -> str | None:
    """The words of a statement of who the policy is for, up to any exclusion it adds; else None."""
    match = POPULATION_SCOPE.search(text)
    if match is None or _NEGATION.search(text[: match.start()]):
        return None
    negation = _NEGATION.search(text, match.end())
    return text[: negation.start()] if negation else text


def states_exception(text: str) -> bool:
    """ "... not routinely commissioned, with the exception of ...", "Unless ..., X is not funded"."""
    return bool(_UNLESS.search(text))


def is_not_funded_lead_in(text: str) -> bool:
    """A lead-in listing what is not funded (its items are never criteria)."""
    return bool(NOT_FUNDED_LEAD_IN.search(text)) and not _UNLESS.search(text)


def is_scope_lead_in(text: str) -> bool:
    return bool(SCOPE_LEAD_IN.search(text))


# A referral instruction printed as a list item: "Lipomas ... >5cms ... should be referred to a sarcoma clinic".
REFERRAL_INSTRUCTION = re.compile(
    r"\bshould\s+(?:be\s+)?(?:referred|treated|managed)\s+(?:urgently\s+|immediately\s+)?(?:to|via|by|under|in|as)\b"
    r"|\brefer\s+(?:urgently|immediately|without\s+delay)\b",
    re.IGNORECASE,
)


# An item that recommends rather than requires: "We would recommend a symptom diary ...".
ADVICE_ITEM = re.compile(
    r"^(?:we\s+(?:would\s+)?(?:recommend|suggest|advise)|it\s+is\s+(?:recommended|advised|suggested)"
    r"|(?:please\s+)?(?:consider|see|click|note)\b)",
    re.IGNORECASE,
)


def is_advice_item(text: str) -> bool:
    return bool(ADVICE_ITEM.match(text))


def is_referral_instruction(text: str) -> bool:
    """An item whose own clause (not a bracketed aside) tells the referrer where to send the patient."""
    return bool(REFERRAL_INSTRUCTION.search(re.sub(r"\([^)]*\)", "", text)))


def is_advice(text: str) -> bool:
    """Advice, a link or an instruction to the referrer: never a criterion."""
    return bool(ADVICE.search(without_note_prefix(text)))


def is_ifr(text: str) -> bool:
    return bool(IFR.search(text))


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
