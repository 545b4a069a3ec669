"""Page shaping for the guidance pages: selector results in, plain data for templates out.

Plain functions, no queries and no requests: they work on objects a selector
has already fetched (with their prefetched relations, read through
``.all()``), so they are unit-tested without a database. Level tags, duties by
audience, registries, service requirements, documents, the consultations
table and the governance register are here; timeline geometry is in
``guidance.timeline``, the register CSV and the iCalendar feed in
``guidance.exports``.

Nothing here produces markup from document text: templates escape every
string they get from here, and mark safe only the ``*_html`` fields rendered
at ingest (``sources.rendering``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from guidance.builders import duties_by_audience
from guidance.models import Audience, DecisionLevel, DutyKind, EventKind, ServiceRequirementKind
from guidance.timeline import Span, span_from_event
from sources.models import source_line_url

# --------------------------------------------------------------------------
# Recommendation levels
# --------------------------------------------------------------------------

LEVEL_MEANINGS = {
    DecisionLevel.STANDARD: "Can be used with the normal arrangements for clinical governance, consent and audit",
    DecisionLevel.SPECIAL: "Can be used, but only with extra governance, consent and audit arrangements",
    DecisionLevel.RESEARCH_ONLY: "Only as part of formal research approved by a research ethics committee",
    DecisionLevel.DO_NOT_USE: (
        "Should not be used: it does not work well enough, or its safety risks are unacceptable"
    ),
    DecisionLevel.EVIDENCE_GENERATION: (
        "Can be used while more evidence is generated, with enhanced informed consent and auditing of outcomes"
    ),
}
DRAFT_MEANING = "Draft recommendation from a consultation document: it may change before final guidance"


@dataclass(frozen=True)
class LevelView:
    code: str
    label: str
    meaning: str
    draft: bool = False


def level_view(level: str, is_draft: bool = False) -> LevelView:
    """The tag a level is shown with: words (not colour alone) and a one-line meaning."""
    decided = DecisionLevel(level)
    return LevelView(code=decided.value, label=decided.label, meaning=LEVEL_MEANINGS[decided], draft=is_draft)


@dataclass(frozen=True)
class LevelNotReadView:
    """The guidance speaks for the procedure but no paragraph of it decides: said, never filled in."""

    filename: str
    line: int
    url: str  # the source viewer at that line

    message = "Level not read from the text"
    explanation = (
        "No paragraph of this document decides a recommendation level that could be read. "
        "Nothing has been filled in: read the source."
    )


def level_not_read_view(procedure) -> LevelNotReadView | None:
    """Where a procedure's level could not be read (``Procedure.level_not_read_*``), or None."""
    if not procedure.level_not_read_file:
        return None
    line = procedure.level_not_read_line or 1
    return LevelNotReadView(
        filename=procedure.level_not_read_file,
        line=line,
        url=source_line_url(procedure.level_not_read_file, line),
    )


@dataclass(frozen=True)
class IndicationView:
    text: str  # "" when one recommendation covers the whole procedure
    level: LevelView
    recommendation_number: str  # "" when the capture lost it
    filename: str
    line: int


def indication_views(indications: Iterable) -> list[IndicationView]:
    return [
        IndicationView(
            text=indication.text,
            level=level_view(indication.level, indication.is_draft),
            recommendation_number=indication.recommendation_number,
            filename=indication.document.filename,
            line=indication.line,
        )
        for indication in indications
    ]


# NICE's own page on interventional procedures guidance: what special arrangements mean, and
# where its outcomes audit tool is. Linked, never fetched.
NICE_IP_GUIDANCE_URL = "https://www.nice.org.uk/about/what-we-do/our-programmes/nice-guidance/nice-interventional-procedures-guidance"


# --------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class StageTag:
    code: str  # the tag's CSS modifier
    label: str


OVERDUE_TAG = StageTag(code="overdue", label="Publication overdue")


def stage_tag(report) -> StageTag:
    """The one tag a procedure's stage is shown with, on every page (home, lists, consultations, its page).

    A target publication wholly past with no final guidance is what a reader needs to know: it wins
    over "Consultation closed", which is then true but says less.
    """
    if report.publication_overdue:
        return OVERDUE_TAG
    return StageTag(code=report.stage.value, label=report.stage.label)


# --------------------------------------------------------------------------
# Duties, registries, service requirements
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DutyView:
    pk: int
    text: str
    text_html: str
    kinds: tuple[str, ...]  # labels
    line: int
    mentions_audit_tool: bool  # decided at ingest, as is ``registries`` (``guidance.fixture_records``)
    registries: tuple[str, ...]


@dataclass(frozen=True)
class DutyListView:
    number: str
    lead_in: str
    indication: str
    levels: tuple[LevelView, ...]
    filename: str
    source_url: str
    line: int
    duties: tuple[DutyView, ...]


@dataclass(frozen=True)
class AudienceGroup:
    code: str
    label: str
    lists: tuple[DutyListView, ...]

    @property
    def duty_count(self) -> int:
        return sum(len(duty_list.duties) for duty_list in self.lists)


def kind_labels(kinds: Iterable[str]) -> tuple[str, ...]:
    labels = dict(DutyKind.choices)
    return tuple(labels.get(kind, kind) for kind in kinds)


def _levels_for(duty_list, indications: Sequence) -> tuple[LevelView, ...]:
    """Levels of the indications a duty list belongs to (same document; same indication text if it names one)."""
    same_document = [i for i in indications if i.document_id == duty_list.document_id]
    matching = [i for i in same_document if duty_list.indication and i.text == duty_list.indication]
    chosen = matching or ([i for i in same_document if not duty_list.indication] or same_document)
    seen: dict[tuple[str, bool], LevelView] = {}
    for indication in chosen:
        key = (indication.level, indication.is_draft)
        seen.setdefault(key, level_view(*key))
    return tuple(seen.values())


def duty_groups(procedure) -> list[AudienceGroup]:
    """A procedure's duty lists (``duty_lists``, ``duties`` and ``indications`` prefetched) grouped
    by audience (``guidance.builders.duties_by_audience``), lists without duties left out."""
    indications = list(procedure.indications.all())
    labels = dict(Audience.choices)
    groups = []
    for audience, duty_lists in duties_by_audience(procedure.duty_lists.all()).items():
        views = [_duty_list_view(duty_list, indications) for duty_list in duty_lists]
        views = [view for view in views if view.duties]
        if views:
            groups.append(AudienceGroup(code=audience, label=labels[audience], lists=tuple(views)))
    return groups


def _duty_list_view(duty_list, indications: Sequence) -> DutyListView:
    duties = tuple(
        DutyView(
            pk=duty.pk,
            text=duty.text,
            text_html=duty.text_html,
            kinds=kind_labels(duty.kinds),
            line=duty.line,
            mentions_audit_tool=duty.mentions_audit_tool,
            registries=tuple(duty.registry_names),
        )
        for duty in duty_list.duties.all()
    )
    return DutyListView(
        number=duty_list.number,
        lead_in=duty_list.lead_in,
        indication=duty_list.indication,
        levels=_levels_for(duty_list, indications),
        filename=duty_list.document.filename,
        source_url=duty_list.document.source_url,
        line=duty_list.line,
        duties=duties,
    )


@dataclass(frozen=True)
class RegistryView:
    name: str
    slug: str
    recommendation_number: str
    filename: str
    line: int


def registry_views(mentions: Iterable) -> list[RegistryView]:
    return [
        RegistryView(
            name=m.registry.name,
            slug=m.registry.slug,
            recommendation_number=m.recommendation_number,
            filename=m.document.filename,
            line=m.line,
        )
        for m in mentions
    ]


@dataclass(frozen=True)
class ServiceRequirementView:
    text: str
    kinds: tuple[str, ...]  # labels: one sentence can restrict both where and who
    recommendation_number: str
    filename: str
    line: int


def service_requirement_views(requirements: Iterable) -> list[ServiceRequirementView]:
    """One entry per printed sentence, with every kind of requirement it states."""
    labels = dict(ServiceRequirementKind.choices)
    grouped: dict[tuple, list] = {}
    for requirement in requirements:
        grouped.setdefault((requirement.document.filename, requirement.line, requirement.text), []).append(
            requirement
        )
    return [
        ServiceRequirementView(
            text=text,
            kinds=tuple(labels.get(r.kind, r.kind) for r in items),
            recommendation_number=items[0].recommendation_number,
            filename=filename,
            line=line,
        )
        for (filename, line, text), items in grouped.items()
    ]


# --------------------------------------------------------------------------
# The procedure page
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationView:
    number: str
    text_html: str
    line: int
    items: tuple[str, ...]  # list items printed under it (duties or research topics), as plain text
    missing_before: str = ""  # "1.5", "1.5 to 1.7": numbers the text skips just before this one


def numbering_gap(previous: str, current: str) -> str:
    """The numbers skipped between two printed recommendation numbers: "1.5" for 1.4 then 1.6, else "".

    Only numbers of one chapter ("1.4", "1.6") are compared; a number the capture lost ("") or of
    another shape says nothing about a gap, so none is claimed.
    """
    before, after = previous.rpartition("."), current.rpartition(".")
    if not (before[1] and after[1] and before[0] == after[0]):
        return ""
    if not (before[2].isdigit() and after[2].isdigit()):
        return ""
    first, last = int(before[2]) + 1, int(after[2]) - 1
    if first > last:
        return ""
    chapter = before[0]
    return f"{chapter}.{first}" if first == last else f"{chapter}.{first} to {chapter}.{last}"


@dataclass(frozen=True)
class DocumentView:
    document: object
    recommendations: tuple[RecommendationView, ...]
    sections: tuple
    draft: bool


def document_views(procedure) -> list[DocumentView]:
    """Each source document of a procedure with its recommendations as printed (numbers kept,
    gaps kept), the list items printed under a number, and its consultation sections."""
    # Keyed by line: a duty list or research need starts on its recommendation's line, numbered or not.
    items_by_line: dict[tuple[int, int], list[str]] = {}
    for duty_list in procedure.duty_lists.all():
        items_by_line.setdefault((duty_list.document_id, duty_list.line), []).extend(
            duty.text for duty in duty_list.duties.all()
        )
    for need in procedure.research_needs.all():
        items_by_line.setdefault((need.document_id, need.line), []).extend(need.items)
    recommendations: dict[int, list[RecommendationView]] = {}
    for recommendation in procedure.recommendations.all():
        printed = recommendations.setdefault(recommendation.document_id, [])
        printed.append(
            RecommendationView(
                number=recommendation.number,
                text_html=recommendation.text_html,
                line=recommendation.line,
                items=tuple(items_by_line.get((recommendation.document_id, recommendation.line), ())),
                missing_before=numbering_gap(printed[-1].number, recommendation.number) if printed else "",
            )
        )
    return [
        DocumentView(
            document=document,
            recommendations=tuple(recommendations.get(document.pk, ())),
            sections=tuple(document.sections.all()),
            draft=document.kind == "ip_consultation",
        )
        for document in procedure.documents.all()
    ]


def printed_documents(documents: Iterable[DocumentView]) -> list[DocumentView]:
    """The documents that print recommendations: a page shows no "as printed" heading over nothing."""
    return [item for item in documents if item.recommendations]


# --------------------------------------------------------------------------
# The consultations table
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationRow:
    procedure: object
    stage_summary: str
    stage_tag: StageTag
    consultation: Span | None
    closing: Span | None
    publication: Span | None


def consultation_rows(procedures: Iterable, stage_for: Callable) -> list[ConsultationRow]:
    """A procedure's consultation dates, picked as ``derive_stage`` picks them, with its stage summary."""
    rows = []
    for procedure in procedures:
        spans = [span_from_event(e) for e in procedure.events.all()]
        report = stage_for(procedure)
        rows.append(
            ConsultationRow(
                procedure=procedure,
                stage_summary=report.summary,
                stage_tag=stage_tag(report),
                consultation=_first(spans, EventKind.CONSULTATION),
                closing=_first(spans, EventKind.CLOSING_DATE),
                publication=_first(spans, EventKind.TARGET_PUBLICATION, EventKind.EXPECTED_PUBLICATION),
            )
        )
    return rows


def _first(spans: Sequence[Span], *kinds: str) -> Span | None:
    """The first span of the first of ``kinds`` that has one."""
    return next((span for kind in kinds for span in spans if span.kind == kind), None)
