"""What guidance plugs into the pipeline (``sources.registry``); imported by ``sources`` at start-up."""

from __future__ import annotations

from guidance import actions, selectors, versions
from guidance.fixture_records import build_guidance_records, undecided_summary
from guidance.models import (
    ConsultationSection,
    Duty,
    DutyList,
    GuidanceDocument,
    Indication,
    Procedure,
    Recommendation,
    RegistryMention,
    ResearchNeed,
    ServiceRequirement,
    TimelineEvent,
)
from guidance.parsing import DOCUMENT_TYPES
from guidance.search import refresh_search_vectors
from guidance.source_facts import document_fact_lines, document_feeds
from sources import registry
from sources.fixtures import IngestedSource
from sources.models import ChangeKind
from sources.parsing import registry as parsers
from sources.registry import Part

GUIDANCE_FIXTURE = "guidance.json"


def _procedure_titles():
    for slug, title in Procedure.objects.values_list("slug", "title"):
        yield slug, "", title


def _procedure_parts() -> list[Part]:
    procedure = ChangeKind.PROCEDURE
    return [
        Part(procedure, "title and identifier", Procedure, "slug"),
        Part(procedure, "documents", GuidanceDocument, "procedure__slug", related=("filename", "sha256")),
        Part(
            procedure,
            "indications and levels",
            Indication,
            "procedure__slug",
            related=("document__filename",),
        ),
        Part(
            procedure, "recommendations", Recommendation, "procedure__slug", related=("document__filename",)
        ),
        Part(procedure, "duties", DutyList, "procedure__slug", related=("document__filename",)),
        Part(
            procedure,
            "duties",
            Duty,
            "duty_list__procedure__slug",
            related=("duty_list__line", "duty_list__document__filename"),
        ),
        Part(
            procedure,
            "registries",
            RegistryMention,
            "procedure__slug",
            related=("registry__name", "document__filename"),
        ),
        Part(
            procedure,
            "service requirements",
            ServiceRequirement,
            "procedure__slug",
            related=("document__filename",),
        ),
        Part(procedure, "research needs", ResearchNeed, "procedure__slug", related=("document__filename",)),
        Part(procedure, "timeline", TimelineEvent, "procedure__slug", related=("document__filename",)),
    ]


def _version_notes() -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """What each newer version changed (``guidance.versions``): by procedure (its newest change) and by
    the newer version's document."""
    by_procedure: dict[str, list[versions.GuidanceVersion]] = {}
    for document in selectors.versioned_documents():
        by_procedure.setdefault(document.procedure.slug, []).append(versions.version_from_document(document))
    procedures, documents = {}, {}
    for slug, found in by_procedure.items():
        diffs = versions.consecutive_diffs(found)
        for diff in diffs:
            documents[(diff.newer.file, "")] = diff.summary
        if diffs:
            procedures[(slug, "")] = diffs[0].summary
    return procedures, documents


def _document_parts() -> list[Part]:
    document = ChangeKind.DOCUMENT
    return [
        Part(document, "provenance and metadata", GuidanceDocument, "filename", related=("procedure__slug",)),
        Part(document, "sections", ConsultationSection, "document__filename"),
    ]


def _build(sources: list[IngestedSource], built: dict[str, list[dict]]) -> list[dict]:
    return build_guidance_records(sources)


def _counts() -> dict[str, int]:
    return {"procedures": Procedure.objects.count()}


for document_type in DOCUMENT_TYPES:
    parsers.register(document_type)
registry.register_fixture_builder(registry.FixtureBuilder(GUIDANCE_FIXTURE, _build))
registry.register_change_source(
    registry.ChangeSource(
        ChangeKind.PROCEDURE,
        "procedure",
        _procedure_parts,
        titles=_procedure_titles,
        notes=lambda: _version_notes()[0],
    )
)
registry.register_change_source(
    registry.ChangeSource(
        ChangeKind.DOCUMENT, "source document", _document_parts, notes=lambda: _version_notes()[1]
    )
)
registry.register_load_hooks(
    registry.LoadHooks(delete=actions.delete_all_guidance, after_load=refresh_search_vectors, counts=_counts)
)
for label, fields in {
    "guidance.procedure": {"title": None},
    "guidance.indication": {"text": None, "level": None},
    "guidance.recommendation": {"text": "text_html", "level": None, "indication": None},
    "guidance.duty": {"text": "text_html", "primary_kind": None},
    "guidance.researchneed": {"text": "text_html"},
}.items():
    registry.register_correctable(label, fields)
registry.register_fact_lines(document_fact_lines)
registry.register_ingest_summary(undecided_summary)
registry.register_feeds(document_feeds)
