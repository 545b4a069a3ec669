"""The recommendation level a NICE paragraph decides, read from its wording.

Input: the text of one numbered paragraph of chapter 1 (layout already
removed). Output: a ``Level`` when the paragraph is the decision for its
indication, ``None`` when it is not (duty lists, service requirements,
research needs, pointers).

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
                          arrangements"
special                   "should only be used with special arrangements ...";
                          "should not be used unless there are special arrangements
                          in place ..."; "can be considered as long as special
                          arrangements ... are in place"; "can be used in the NHS
                          while more evidence is generated ... only with special
                          arrangements"
research_only             "should only be used in the context of research"; "More
                          research is needed on X before it can be used in the NHS";
                          "should only be done as part of a formal research study";
                          "Use only in the context of a formal research protocol"
do_not_use                "... it is not efficacious and therefore it should not be
                          used"; "X alone should not be used as a treatment for ...
                          because it cannot demonstrate clinically useful benefit";
                          "should not be used in the NHS"
========================  ==========================================================

Wordings overlap: "should not be used unless there are special arrangements"
contains "should not be used" but is special, and "special arrangements for
clinical governance, consent, and audit or research" names research without
restricting the procedure to it. Each rule is written not to fire on the
others' wordings (do not use excludes "unless"/"except"/"outside"; research
only needs "in the context of"/"as part of" research), and they are also
checked from the most specific down: special, research only, do not use,
standard.
"""

from __future__ import annotations

import re

from sources.parsing.contract import Level

# Everything inside one sentence: the rules below must not join words of two.
_IN_SENTENCE = r"[^.]*?"

_USE_VERB = r"(?:used|done|considered|carried out|performed|undertaken|offered)"

_SPECIAL = (
    # "should only be used with special arrangements", "should not be used unless
    # there are special arrangements", "It can only be used with special arrangements"
    re.compile(rf"\b{_USE_VERB}\b{_IN_SENTENCE}\bspecial arrangements\b", re.IGNORECASE),
    # "as long as special arrangements ... are in place"
    re.compile(rf"\bspecial arrangements\b{_IN_SENTENCE}\bare in place\b", re.IGNORECASE),
    # 2025: "X can be used in the NHS while more evidence is generated"
    re.compile(r"\bcan be used in the NHS while more evidence is generated\b", re.IGNORECASE),
)

_RESEARCH_ONLY = (
    # "should only be used in the context of research", "Use only in the context of
    # a formal research protocol", "should only be done as part of a formal research study"
    re.compile(
        rf"\bonly\b{_IN_SENTENCE}\b(?:in the context of|as part of|within)\s+(?:an?\s+|the\s+)?"
        r"(?:formal\s+|appropriate\s+|clinical\s+)?research\b",
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
_NOT_USED = re.compile(rf"\bshould not be {_USE_VERB}\b(?!\s+(?:unless|except|outside)\b)", re.IGNORECASE)
_DECISION_GROUNDS = re.compile(
    r"\b(?:evidence|efficac\w*|benefit|safety|NHS|National Health Service)\b", re.IGNORECASE
)

_STANDARD = (
    # "provided that normal/standard arrangements are in place", "with standard arrangements"
    re.compile(r"\b(?:normal|standard) arrangements\b", re.IGNORECASE),
)

_SENTENCE = re.compile(r"[^.]+(?:\.|$)")


def recommendation_level(text: str) -> Level | None:
    """The level ``text`` decides, or None when it decides none."""
    if any(pattern.search(text) for pattern in _SPECIAL):
        return Level.SPECIAL
    if any(pattern.search(text) for pattern in _RESEARCH_ONLY):
        return Level.RESEARCH_ONLY
    if _decides_do_not_use(text):
        return Level.DO_NOT_USE
    if any(pattern.search(text) for pattern in _STANDARD):
        return Level.STANDARD
    return None


def _decides_do_not_use(text: str) -> bool:
    return any(
        _NOT_USED.search(sentence) and _DECISION_GROUNDS.search(sentence)
        for sentence in _SENTENCE.findall(text)
    )
