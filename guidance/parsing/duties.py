"""Duty lists: what special arrangements ask of clinicians and organisations.

Input: a numbered paragraph's lead sentence and its list items (layout
removed). A duty list is a lead-in that ends in "should" plus a list:

=========  ======================================================================
era        lead-in
=========  ======================================================================
2000s      "Clinicians wishing to undertake X should take the following actions."
2017       "Clinicians wishing to do X should:"
2020s      "Clinicians wanting to do X should:", "Healthcare organisations should:"
2025       "Healthcare professionals wanting to do X should:"
=========  ======================================================================

Each item is classified by what it asks for (``DutyKind``), from the words
every era uses for it: "clinical governance leads", "written information" /
"information for the public" / "shared decision making", "understand ...
uncertainties", "audit", "enter ... registry", "appraisal", "systems ... in
place", "review data". An item can ask for two things (the 2000s "Ensure that
patients understand the uncertainty ... and provide them with clear written
information"), so kinds are a list; an item matching none is ``other``.
"""

from __future__ import annotations

import re

from sources.parsing.contract import Audience, DutyKind

_LEAD_IN = re.compile(
    r"\b(?:should|must)(?:\s+(?:take the following actions|do the following))?\s*[:.]?\s*$",
    re.IGNORECASE,
)
# The subject of a lead-in ends where the procedure or the verb begins:
# "Clinicians | wanting to do X should:", "Healthcare organisations | should:".
_SUBJECT_END = re.compile(r"\s+(?:wanting|wishing|who|should|must)\b", re.IGNORECASE)
_CLINICIANS = re.compile(
    r"\b(?:clinicians?|healthcare professionals?|health professionals?|surgeons?|doctors?|"
    r"practitioners?|operators?|radiologists?|physicians?)\b",
    re.IGNORECASE,
)
_ORGANISATIONS = re.compile(
    r"\b(?:organisations?|trusts?|providers?|health boards?|commissioners?|hospitals?|services?)\b",
    re.IGNORECASE,
)

_DUTY_KINDS: tuple[tuple[DutyKind, re.Pattern[str]], ...] = (
    (DutyKind.NOTIFY_GOVERNANCE_LEADS, re.compile(r"\bgovernance leads?\b", re.IGNORECASE)),
    (
        DutyKind.WRITTEN_PATIENT_INFORMATION,
        re.compile(
            r"\bwritten information\b|\binformation for (?:the public|patients)\b|\bshared decision[- "
            r"]making\b",
            re.IGNORECASE,
        ),
    ),
    (
        DutyKind.UNDERSTANDING_OF_UNCERTAINTIES,
        re.compile(
            r"\bunderstand\w*\b[^.]*?\b(?:uncertaint\w*|safety and efficacy|efficacy and safety)",
            re.IGNORECASE,
        ),
    ),
    (DutyKind.AUDIT, re.compile(r"\baudit\b", re.IGNORECASE)),
    (
        DutyKind.REGISTRY_ENTRY,
        re.compile(
            r"\b(?:enter|submit|record|contribute)\w*\b[^.]*?\b(?:regist(?:ry|er)|database)\b", re.IGNORECASE
        ),
    ),
    (DutyKind.ANNUAL_APPRAISAL, re.compile(r"\bappraisal\b", re.IGNORECASE)),
    (
        DutyKind.ORGANISATIONAL_DATA_SYSTEMS,
        re.compile(r"\bsystems?\b[^.]*?\bin place\b|\bcollect and report data\b", re.IGNORECASE),
    ),
    (DutyKind.DATA_REVIEW, re.compile(r"\breview\w*\s+(?:the\s+)?data\b", re.IGNORECASE)),
)


def is_duty_lead_in(lead: str) -> bool:
    """True for "... should:" / "... should take the following actions." lead sentences."""
    return bool(_LEAD_IN.search(lead))


def lead_in_audience(lead: str) -> Audience:
    """Who the list binds, from the lead-in's subject ("Clinicians", "Healthcare organisations")."""
    subject = _SUBJECT_END.split(lead, maxsplit=1)[0]
    if _CLINICIANS.search(subject):
        return Audience.CLINICIANS
    if _ORGANISATIONS.search(subject):
        return Audience.ORGANISATIONS
    return Audience.OTHER


def duty_kinds(item: str) -> list[DutyKind]:
    """What one list item asks for, in ``DutyKind`` order; ``[other]`` when nothing is recognised."""
    kinds = [kind for kind, pattern in _DUTY_KINDS if pattern.search(item)]
    return kinds or [DutyKind.OTHER]
