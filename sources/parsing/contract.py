"""The parsed form of a source document: the public JSON of ``parse_source``.

``ParsedDocument.to_dict()`` gives exactly the keys of
``shared/parse-contract.md`` plus provenance keys of our own (the contract lets
us add keys, never rename them). Provenance: every extracted item carries the
1-based ``line`` of the source where it starts; for values the contract types
as plain strings or DATE objects we add sibling keys (``title_line``,
``date_lines``, ``registry_mentions``...) rather than change their shape.

Everything here is plain data: no Django import, so parsers stay pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sources.parsing.dates import DateRange, PartialDate


class DocumentKind(str, Enum):
    IPG_RECOMMENDATIONS = "ipg_recommendations"
    IP_IN_PROGRESS = "ip_in_progress"
    IP_CONSULTATION = "ip_consultation"
    ICB_POLICY = "icb_policy"


class Level(str, Enum):
    STANDARD = "standard"
    SPECIAL = "special"
    RESEARCH_ONLY = "research_only"
    DO_NOT_USE = "do_not_use"


# A decision outside the four levels: HealthTech's "can be used in the NHS during
# the evidence generation period ... enhanced informed consent and auditing".
EVIDENCE_GENERATION = "evidence_generation"


class Audience(str, Enum):
    CLINICIANS = "clinicians"
    ORGANISATIONS = "organisations"
    OTHER = "other"


class DutyKind(str, Enum):
    """What a duty under special arrangements asks for (domain.md)."""

    NOTIFY_GOVERNANCE_LEADS = "notify_governance_leads"
    WRITTEN_PATIENT_INFORMATION = "written_patient_information"
    UNDERSTANDING_OF_UNCERTAINTIES = "understanding_of_uncertainties"
    AUDIT = "audit"  # audit and review outcomes; the NICE outcomes audit tool
    REGISTRY_ENTRY = "registry_entry"
    ANNUAL_APPRAISAL = "annual_appraisal"
    ORGANISATIONAL_DATA_SYSTEMS = "organisational_data_systems"
    DATA_REVIEW = "data_review"
    OTHER = "other"


class ServiceRequirementKind(str, Enum):
    SPECIALIST_CENTRES = "specialist_centres"
    MULTIDISCIPLINARY_SELECTION = "multidisciplinary_selection"
    SURGEON_TRAINING = "surgeon_training"


def _date_dict(value: PartialDate | DateRange | None) -> dict | None:
    return value.to_dict() if value is not None else None


@dataclass
class Recommendation:
    number: str | None  # as printed; None when the capture lost it (its place is its order)
    text: str
    line: int
    level: Level | None = None
    indication: str | None = None
    # A paragraph's bulleted list ("... should:" then items): ``text`` is the
    # lead sentence, the items stay separate, each with the line it starts on.
    items: list[str] = field(default_factory=list)
    item_lines: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "text": self.text,
            "level": self.level.value if self.level else None,
            "indication": self.indication,
            "line": self.line,
            "items": list(self.items),
            "item_lines": list(self.item_lines),
        }


@dataclass
class Decision:
    """One paragraph (or list item) that decides a level, for one indication."""

    number: str | None  # the paragraph's number as printed; None when the capture lost it
    level: str  # a ``Level`` value, or a label outside the four (``EVIDENCE_GENERATION``)
    indication: str | None
    line: int

    def to_dict(self) -> dict:
        return {"number": self.number, "level": self.level, "indication": self.indication, "line": self.line}


@dataclass
class Duty:
    text: str
    line: int
    kinds: list[DutyKind] = field(default_factory=list)  # a duty can ask for two things

    def to_dict(self) -> dict:
        return {"text": self.text, "kinds": [k.value for k in self.kinds], "line": self.line}


@dataclass
class DutyList:
    number: str | None
    audience: Audience
    lead_in: str
    line: int
    duties: list[Duty] = field(default_factory=list)
    indication: str | None = None

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "audience": self.audience.value,
            "lead_in": self.lead_in,
            "items": [duty.text for duty in self.duties],
            "duties": [duty.to_dict() for duty in self.duties],
            "indication": self.indication,
            "line": self.line,
        }


@dataclass
class RegistryMention:
    name: str
    line: int
    number: str | None = None  # the recommendation that names it

    def to_dict(self) -> dict:
        return {"name": self.name, "number": self.number, "line": self.line}


@dataclass
class ServiceRequirement:
    kind: ServiceRequirementKind
    text: str
    line: int
    number: str | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind.value, "text": self.text, "number": self.number, "line": self.line}


@dataclass
class ResearchNeed:
    """A recommendation on what further research should do or report."""

    number: str | None
    text: str
    line: int
    items: list[str] = field(default_factory=list)
    item_lines: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "text": self.text,
            "items": self.items,
            "line": self.line,
            "item_lines": list(self.item_lines),
        }


@dataclass
class DatedValue:
    """A date the document states, with the line that states it."""

    value: PartialDate | DateRange
    line: int


@dataclass
class TimelineEvent:
    start: PartialDate
    end: PartialDate | None
    event: str
    line: int

    def to_dict(self) -> dict:
        return {
            "start": self.start.to_dict(),
            "end": _date_dict(self.end),
            "event": self.event,
            "line": self.line,
        }


@dataclass
class InProgress:
    """The fields of a NICE in-development page, strings as printed (None if absent)."""

    status: str | None = None
    technology_type: str | None = None
    decision: str | None = None
    reason_for_decision: str | None = None
    process: str | None = None
    id_number: str | None = None
    description: str | None = None
    lines: dict[str, int] = field(default_factory=dict)  # field name -> source line

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "technology_type": self.technology_type,
            "decision": self.decision,
            "reason_for_decision": self.reason_for_decision,
            "process": self.process,
            "id_number": self.id_number,
            "description": self.description,
            "lines": dict(self.lines),
        }


@dataclass
class Replacement:
    guidance_id: str
    line: int
    date: PartialDate | None = None

    def to_dict(self) -> dict:
        return {"guidance_id": self.guidance_id, "date": _date_dict(self.date), "line": self.line}


@dataclass
class Section:
    number: str
    text: str
    line: int
    heading: str | None = None
    # Bulleted items of the paragraph; ``text`` is then the lead sentence.
    items: list[str] = field(default_factory=list)
    item_lines: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "heading": self.heading,
            "text": self.text,
            "line": self.line,
            "items": list(self.items),
            "item_lines": list(self.item_lines),
        }


@dataclass
class StudyCount:
    study_type: str  # as printed, singular or plural: "randomised controlled trial"
    count: int
    line: int

    def to_dict(self) -> dict:
        return {"study_type": self.study_type, "count": self.count, "line": self.line}


@dataclass
class Evidence:
    """What a consultation's "The evidence" section says about the evidence base."""

    source_count: int | None = None
    studies: list[StudyCount] = field(default_factory=list)
    key_efficacy_outcomes: list[str] = field(default_factory=list)
    key_safety_outcomes: list[str] = field(default_factory=list)
    line: int | None = None

    def to_dict(self) -> dict:
        return {
            "source_count": self.source_count,
            "studies": [s.to_dict() for s in self.studies],
            "key_efficacy_outcomes": self.key_efficacy_outcomes,
            "key_safety_outcomes": self.key_safety_outcomes,
            "line": self.line,
        }


@dataclass
class Warning:
    line: int
    message: str

    def to_dict(self) -> dict:
        return {"line": self.line, "message": self.message}


@dataclass
class ParsedDocument:
    document_kind: DocumentKind
    organisation: str | None = None
    guidance_id: str | None = None
    title: str | None = None
    recommendations: list[Recommendation] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    duty_lists: list[DutyList] = field(default_factory=list)
    registries: list[RegistryMention] = field(default_factory=list)
    service_requirements: list[ServiceRequirement] = field(default_factory=list)
    research_needs: list[ResearchNeed] = field(default_factory=list)
    dates: dict[str, DatedValue] = field(default_factory=dict)
    timeline: list[TimelineEvent] = field(default_factory=list)
    in_progress: InProgress | None = None
    replaces: list[Replacement] = field(default_factory=list)
    committee_chair: str | None = None
    sections: list[Section] = field(default_factory=list)
    evidence: Evidence | None = None
    # An ``icb_policy`` document's policy; built by ``policies.parsing`` and
    # only needs a ``to_dict()``, so this module need not know its shape.
    policy: Any = None
    warnings: list[Warning] = field(default_factory=list)
    # Lines of the top-level scalar values: "organisation", "guidance_id", "title",
    # "committee_chair", "rationale".
    lines: dict[str, int] = field(default_factory=dict)
    # "Why the committee made these recommendations": prose that explains the
    # recommendations and is not one of them.
    rationale: str | None = None

    def to_dict(self) -> dict:
        unique_registries: list[str] = []
        for mention in self.registries:
            if mention.name not in unique_registries:
                unique_registries.append(mention.name)
        return {
            "document_kind": self.document_kind.value,
            "organisation": self.organisation,
            "guidance_id": self.guidance_id,
            "title": self.title,
            "recommendations": [r.to_dict() for r in self.recommendations],
            "decisions": [d.to_dict() for d in self.decisions],
            "duty_lists": [d.to_dict() for d in self.duty_lists],
            "registries": unique_registries,
            "dates": {name: dated.value.to_dict() for name, dated in self.dates.items()},
            "timeline": [t.to_dict() for t in self.timeline],
            "in_progress": self.in_progress.to_dict() if self.in_progress else None,
            "replaces": [r.to_dict() for r in self.replaces],
            "committee_chair": self.committee_chair,
            "sections": [s.to_dict() for s in self.sections],
            "policy": self.policy.to_dict() if self.policy is not None else None,
            "warnings": [w.to_dict() for w in self.warnings],
            # Our additions (provenance and structure the contract leaves open).
            "registry_mentions": [m.to_dict() for m in self.registries],
            "service_requirements": [s.to_dict() for s in self.service_requirements],
            "research_needs": [r.to_dict() for r in self.research_needs],
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "rationale": self.rationale,
            "date_lines": {name: dated.line for name, dated in self.dates.items()},
            "lines": dict(self.lines),
        }
