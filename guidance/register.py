"""Page shaping for the governance register: final guidance and draft recommendations, apart.

Plain functions over procedures ``selectors.governance_register`` has fetched
(duty lists with their document and duties, indications, registry mentions,
service requirements, all prefetched): no query, unit-tested without a
database. What a final guidance document imposes is a duty in force; what a
consultation document proposes is a draft, shown apart and never counted with
them. The overview matrix says, per procedure, which kinds of duty apply
(registry, audit, audit tool, specialist centre, MDT selection, training,
appraisal...), each "yes" traced to the first line that imposes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from guidance.models import DutyKind, ServiceRequirementKind
from guidance.presenters import (
    AudienceGroup,
    IndicationView,
    LevelNotReadView,
    RegistryView,
    ServiceRequirementView,
    duty_groups,
    indication_views,
    level_not_read_view,
    registry_views,
    service_requirement_views,
)
from sources.models import DocumentKind

DISCLAIMER = (
    "NICE guidance says whether a procedure is safe and works well enough for use in the NHS, and "
    "with what arrangements; it does not decide local funding. Check the commissioning policy of "
    "your integrated care board."
)


@dataclass(frozen=True)
class MatrixColumn:
    code: str
    label: str


# The columns of the overview, in the order a governance lead works through them.
MATRIX_COLUMNS = (
    MatrixColumn("notify_governance_leads", "Inform governance leads"),
    MatrixColumn("written_patient_information", "Written patient information"),
    MatrixColumn("audit", "Audit outcomes"),
    MatrixColumn("audit_tool", "NICE audit tool"),
    MatrixColumn("registry", "Registry"),
    MatrixColumn("annual_appraisal", "Annual appraisal"),
    MatrixColumn("organisational_data", "Organisation's data systems"),
    MatrixColumn("specialist_centres", "Specialist centres"),
    MatrixColumn("multidisciplinary_selection", "MDT selection"),
    MatrixColumn("surgeon_training", "Surgeon training"),
)
_DUTY_COLUMNS = {
    DutyKind.NOTIFY_GOVERNANCE_LEADS: "notify_governance_leads",
    DutyKind.WRITTEN_PATIENT_INFORMATION: "written_patient_information",
    DutyKind.AUDIT: "audit",
    DutyKind.REGISTRY_ENTRY: "registry",
    DutyKind.ANNUAL_APPRAISAL: "annual_appraisal",
    DutyKind.ORGANISATIONAL_DATA_SYSTEMS: "organisational_data",
    DutyKind.DATA_REVIEW: "organisational_data",
}
_REQUIREMENT_COLUMNS = {
    ServiceRequirementKind.SPECIALIST_CENTRES: "specialist_centres",
    ServiceRequirementKind.MULTIDISCIPLINARY_SELECTION: "multidisciplinary_selection",
    ServiceRequirementKind.SURGEON_TRAINING: "surgeon_training",
}


@dataclass(frozen=True)
class MatrixCell:
    column: MatrixColumn
    filename: str = ""  # where it is first imposed; blank when it is not
    line: int | None = None

    @property
    def applies(self) -> bool:
        return bool(self.filename)


@dataclass(frozen=True)
class RegisterPart:
    """What one kind of document (final guidance, or consultation drafts) says of a procedure."""

    draft: bool
    guidance_ids: tuple[str, ...]
    indications: list[IndicationView]
    groups: list[AudienceGroup]
    registries: list[RegistryView]
    service_requirements: list[ServiceRequirementView]
    audit_tool: bool
    matrix: tuple[MatrixCell, ...]

    @property
    def duty_count(self) -> int:
        return sum(group.duty_count for group in self.groups)


@dataclass(frozen=True)
class RegisterEntry:
    procedure: object
    level_not_read: LevelNotReadView | None
    final: RegisterPart | None  # None when no final guidance of it puts special arrangements
    draft: RegisterPart | None  # None when no consultation document of it does


@dataclass(frozen=True)
class Register:
    entries: list[RegisterEntry]

    @property
    def final_entries(self) -> list[RegisterEntry]:
        return [entry for entry in self.entries if entry.final]

    @property
    def draft_entries(self) -> list[RegisterEntry]:
        return [entry for entry in self.entries if entry.draft]

    @property
    def duties_in_force(self) -> int:
        """Duties of final guidance only: drafts are never counted as in force."""
        return sum(entry.final.duty_count for entry in self.final_entries if entry.final)

    @property
    def draft_duties(self) -> int:
        return sum(entry.draft.duty_count for entry in self.draft_entries if entry.draft)


_GUIDANCE_URL = re.compile(r"/guidance/((?:ipg|htg|mtg|dg)\d+)(?:/|$)", re.IGNORECASE)


def guidance_number(document) -> str:
    """The guidance number as printed ("IPG722"), else as NICE's published address names it, else ""."""
    if getattr(document, "guidance_id", ""):
        return document.guidance_id
    match = _GUIDANCE_URL.search(getattr(document, "source_url", "") or "")
    return match.group(1).upper() if match else ""


def _is_draft(document) -> bool:
    return document.kind == DocumentKind.IP_CONSULTATION


def _matrix(duty_lists: list, mentions: list, requirements: list) -> tuple[MatrixCell, ...]:
    first: dict[str, tuple[str, int]] = {}
    for duty_list in duty_lists:
        for duty in duty_list.duties.all():
            for kind in duty.kinds:
                column = _DUTY_COLUMNS.get(kind)
                if column:
                    first.setdefault(column, (duty_list.document.filename, duty.line))
            if duty.mentions_audit_tool:
                first.setdefault("audit_tool", (duty_list.document.filename, duty.line))
    for mention in mentions:
        first.setdefault("registry", (mention.document.filename, mention.line))
    for requirement in requirements:
        column = _REQUIREMENT_COLUMNS.get(requirement.kind)
        if column:
            first.setdefault(column, (requirement.document.filename, requirement.line))
    return tuple(MatrixCell(column, *first.get(column.code, ("", None))) for column in MATRIX_COLUMNS)


def _part(procedure, *, draft: bool, groups: list[AudienceGroup]) -> RegisterPart | None:
    indications = [i for i in procedure.indications.all() if _is_draft(i.document) == draft]
    if not any(i.level == "special" for i in indications):
        return None
    duty_lists = [dl for dl in procedure.duty_lists.all() if _is_draft(dl.document) == draft]
    mentions = [m for m in procedure.registry_mentions.all() if _is_draft(m.document) == draft]
    requirements = [r for r in procedure.service_requirements.all() if _is_draft(r.document) == draft]
    list_files = {dl.document.filename for dl in duty_lists}
    part_groups = [
        AudienceGroup(
            code=group.code,
            label=group.label,
            lists=tuple(dl for dl in group.lists if dl.filename in list_files),
        )
        for group in groups
    ]
    part_groups = [group for group in part_groups if group.lists]
    return RegisterPart(
        draft=draft,
        guidance_ids=tuple(sorted({guidance_number(i.document) for i in indications} - {""})),
        indications=indication_views(indications),
        groups=part_groups,
        registries=registry_views(mentions),
        service_requirements=service_requirement_views(requirements),
        audit_tool=any(d.mentions_audit_tool for dl in duty_lists for d in dl.duties.all()),
        matrix=_matrix(duty_lists, mentions, requirements),
    )


def register(procedures: Iterable) -> Register:
    """Each procedure's final and draft special arrangements, apart."""
    entries = []
    for procedure in procedures:
        groups = duty_groups(procedure)
        entries.append(
            RegisterEntry(
                procedure=procedure,
                level_not_read=level_not_read_view(procedure),
                final=_part(procedure, draft=False, groups=groups),
                draft=_part(procedure, draft=True, groups=groups),
            )
        )
    return Register(entries=entries)


def applied_filters(cleaned: Mapping[str, object], fields: Mapping[str, object]) -> list[tuple[str, str]]:
    """The filters a register was shown with, in words, for the printout: [("Kind of duty", "Audit ...")].

    ``fields`` are the filter form's fields: their labels, and their choices' labels for a coded value.
    """
    applied = []
    for name, field in fields.items():
        value = cleaned.get(name)
        if value in (None, ""):
            continue
        choices = {str(code): label for code, label in getattr(field, "choices", ())}
        applied.append((str(getattr(field, "label", name)), str(choices.get(str(value), value))))
    return applied
