"""The recommendation level a NICE paragraph decides, read from its wording.

Input: the text of one paragraph of chapter 1 (layout already removed).
Output: a ``Level`` when the paragraph is the decision for its indication,
``None`` when it is not (duty lists, service requirements, research needs,
pointers). ``decision_label`` also names the one decision outside the four
levels, HealthTech's evidence-generation recommendation.

NICE has worded each level differently over the years (``shared/phrasing.md``):

========================  ==========================================================
level                     wordings (2003 ... 2025)
========================  ==========================================================
standard                  "... appears adequate to support the use of this procedure
                          provided that normal arrangements are in place for
                          consent, audit and clinical governance"; "... for clinical
                          governance and audit" (IPG283); "is adequate to support
                          using this procedure provided that standard arrangements
                          are in place ..."; "can be used in the NHS with standard
                          arrangements"; 2024-25 "Use X as an option ... with
                          standard arrangements", "X can be used as an option for ..."
special                   "should only be used with special arrangements ...";
                          "should not be used unless there are special arrangements
                          in place ..."; "can be considered as long as special
                          arrangements ... are in place"; "can be used in the NHS
                          while more evidence is generated ... only with special
                          arrangements"; 2003-04 "does not appear adequate to
                          support the use of this procedure without special
                          arrangements"
research_only             "should only be used in the context of research"; "More
                          research is needed on X before it can be used in the NHS";
                          "should only be done as part of a formal research study";
                          "Use only in the context of a formal research protocol";
                          "should therefore be performed only in research studies";
                          "should be used only in research"
do_not_use                "... it is not efficacious and therefore it should not be
                          used"; "X alone should not be used as a treatment for ...
                          because it cannot demonstrate clinically useful benefit";
                          "should not be used in the NHS"; a bare "Therefore, this
                          procedure should not be used." closing a paragraph about
                          the evidence
evidence_generation       2025 HealthTech: "X can be used in the NHS during the
                          evidence generation period ... There must be enhanced
                          informed consent and auditing of outcomes" (a label of its
                          own: not one of the four levels)
========================  ==========================================================

Wordings overlap: "should not be used unless there are special arrangements"
contains "should not be used" but is special, and "special arrangements for
clinical governance, consent, and audit or research" names research without
restricting the procedure to it. Each rule is written not to fire on the
others' wordings (do not use excludes "unless"/"except"/"outside"/"without";
research only needs "in the context of"/"as part of"/"only in" research), and
they are also checked from the most specific down: evidence generation,
special, research only, do not use, standard.

A sentence the capture cut before its arrangements ("... is adequate to
support the use of this procedure provide") still says which way it goes: the
old formula names the arrangements only after "adequate to support the use",
and the special one says "not ... adequate ... without".
"""

from __future__ import annotations

import re

from sources.parsing.contract import EVIDENCE_GENERATION, Level

# Everything inside one sentence: the rules below must not join words of two.
_IN_SENTENCE = r"[^.]*?"

_USE_VERB = r"(?:used|done|considered|carried out|performed|undertaken|offered)"

_EVIDENCE_GENERATION = (
    # "X can be used in the NHS during the evidence generation period as an option to treat ..."
    re.compile(rf"\bcan be used\b{_IN_SENTENCE}\bduring the evidence generation period\b", re.IGNORECASE),
)

_SPECIAL = (
    # "should only be used with special arrangements", "should not be used unless
    # there are special arrangements", "It can only be used with special arrangements"
    re.compile(rf"\b{_USE_VERB}\b{_IN_SENTENCE}\bspecial arrangements\b", re.IGNORECASE),
    # "as long as special arrangements ... are in place"
    re.compile(rf"\bspecial arrangements\b{_IN_SENTENCE}\bare in place\b", re.IGNORECASE),
    # 2025: "X can be used in the NHS while more evidence is generated"
    re.compile(r"\bcan be used in the NHS while more evidence is generated\b", re.IGNORECASE),
)
# 2003-04: "does not appear adequate to support the use of this procedure without special
# arrangements" (also cut by the capture: "... without spec").
_NOT_ADEQUATE_WITHOUT = re.compile(
    rf"\bnot\b{_IN_SENTENCE}\badequate\b{_IN_SENTENCE}\bwithout\b\s*", re.IGNORECASE
)
_SPECIAL_ARRANGEMENTS = "special arrangements"

_RESEARCH_ONLY = (
    # "should only be used in the context of research", "Use only in the context of
    # a formal research protocol", "should only be done as part of a formal research study"
    re.compile(
        rf"\bonly\b{_IN_SENTENCE}\b(?:in the context of|as part of|within)\s+(?:an?\s+|the\s+)?"
        r"(?:formal\s+|appropriate\s+|clinical\s+|well-designed\s+)?"
        r"(?:research\b|(?:(?:clinical|controlled|randomised)\s+){1,2}trials?\b)",
        re.IGNORECASE,
    ),
    # "should therefore be performed only in research studies", "should be used only in research",
    # "should only be used in research studies"
    re.compile(
        rf"\b(?:{_USE_VERB}\s+only|only\s+be\s+{_USE_VERB})\s+in\s+(?:formal\s+|clinical\s+)?research\b",
        re.IGNORECASE,
    ),
    # 2025: "More research is needed on X before it can be used in the NHS"
    re.compile(
        rf"\bmore research is needed\b{_IN_SENTENCE}\bbefore\b{_IN_SENTENCE}\bcan be used\b", re.IGNORECASE
    ),
    # "should not be used outside (the context of) research"
    re.compile(
        rf"\bshould not be {_USE_VERB}\s+(?:outside|except in)\b{_IN_SENTENCE}\bresearch\b", re.IGNORECASE
    ),
)

# "should not be used" is a decision only when the sentence gives the evidence
# or the NHS as its reason or scope; "should not be done in children" restricts
# a population and decides nothing.
_NOT_USED = re.compile(
    rf"\bshould not be {_USE_VERB}\b(?!\s+(?:unless|except|outside|without)\b)", re.IGNORECASE
)
_DECISION_GROUNDS = re.compile(
    r"\b(?:evidence|efficac\w*|benefit|safety|NHS|National Health Service)\b", re.IGNORECASE
)
# "Therefore, this procedure should not be used." with nothing after the verb:
# the sentence before gives the grounds.
_BARE_NOT_USED = re.compile(
    rf"^(?:(?:therefore|so|thus|consequently|for this reason),?\s+)?(?:(?:for|in|when)\s+[^,]+,\s+)?(?:(?:this|the)\s+"
    rf"(?:procedure|technique|treatment|intervention)|it)\s+should\s+(?:therefore\s+)?not\s+be\s+{_USE_VERB}"
    r"(?:\s+in\s+the\s+NHS)?\s*\.?$",
    re.IGNORECASE,
)

_STANDARD = (
    # "provided that normal/standard arrangements are in place", "with standard arrangements"
    re.compile(r"\b(?:normal|standard) arrangements\b", re.IGNORECASE),
    # 2024-25: "X can be used as an option for ...", "Use X as an option to treat ..."
    re.compile(r"\bcan be used as an option\b", re.IGNORECASE),
    re.compile(rf"^Use\b{_IN_SENTENCE}\bas an option\b"),
)
# "... is adequate to support the use of this procedure" (the arrangements cut off by the capture)
_ADEQUATE_TO_SUPPORT = re.compile(
    r"\badequate to support (?:the use of|using) (?:this|the) procedure\b", re.IGNORECASE
)
_NEGATION = re.compile(r"\bnot\b", re.IGNORECASE)

_SENTENCE = re.compile(r"[^.]+(?:\.|$)")


def decision_label(text: str) -> str | None:
    """What ``text`` decides: a ``Level`` value, ``"evidence_generation"``, or None."""
    if any(pattern.search(text) for pattern in _EVIDENCE_GENERATION):
        return EVIDENCE_GENERATION
    level = recommendation_level(text)
    return level.value if level is not None else None


def recommendation_level(text: str) -> Level | None:
    """The level ``text`` decides, or None when it decides none of the four."""
    if any(pattern.search(text) for pattern in _EVIDENCE_GENERATION):
        return None
    if any(pattern.search(text) for pattern in _SPECIAL) or _not_adequate_without_special(text):
        return Level.SPECIAL
    if any(pattern.search(text) for pattern in _RESEARCH_ONLY):
        return Level.RESEARCH_ONLY
    if _decides_do_not_use(text):
        return Level.DO_NOT_USE
    if any(pattern.search(sentence.strip()) for sentence in _SENTENCE.findall(text) for pattern in _STANDARD):
        return Level.STANDARD
    if any(_adequate_to_support(sentence) for sentence in _SENTENCE.findall(text)):
        return Level.STANDARD
    return None


def _not_adequate_without_special(text: str) -> bool:
    """ "... not ... adequate ... without special arrangements", or without the start of those words."""
    for sentence in _SENTENCE.findall(text):
        match = _NOT_ADEQUATE_WITHOUT.search(sentence)
        if match is None:
            continue
        after = sentence[match.end() :].strip().rstrip(".").lower()
        if after.startswith(_SPECIAL_ARRANGEMENTS) or (after and _SPECIAL_ARRANGEMENTS.startswith(after)):
            return True
    return False


def _decides_do_not_use(text: str) -> bool:
    sentences = [sentence.strip() for sentence in _SENTENCE.findall(text)]
    for index, sentence in enumerate(sentences):
        if _NOT_USED.search(sentence) and _DECISION_GROUNDS.search(sentence):
            return True
        # A bare "should not be used" closing a paragraph whose earlier sentences weigh the evidence.
        if _BARE_NOT_USED.match(sentence) and any(_DECISION_GROUNDS.search(s) for s in sentences[:index]):
            return True
    return False


def _adequate_to_support(sentence: str) -> bool:
    match = _ADEQUATE_TO_SUPPORT.search(sentence)
    return match is not None and not _NEGATION.search(sentence[: match.start()])
