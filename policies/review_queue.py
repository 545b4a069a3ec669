"""The admin's review queue: what the last load left for an editor to finish (issue 13, item 5).

Documents loaded with criteria not structured, a level not read or warnings,
and curations in conflict (criteria trees, decisions set by editors, corrections), oldest first (by the date the document was
retrieved, then the conflict's date), each with its reason, its line and
where to fix it. A fixed number of queries, whatever the corpus.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from guidance.models import CuratedDecision, CuratedDecisionStatus, GuidanceDocument, Procedure
from policies.models import CuratedTree, CurationStatus, PolicyVersion
from sources.models import CorrectionStatus, EditorialCorrection, SourceDocument, source_line_url


@dataclass(frozen=True)
class ReviewItem:
    what: str  # "criteria not structured", "level not read", "warning", "curation conflict"
    reason: str
    file: str
    line: int | None
    line_url: str  # the source viewer at that line
    fix_url: str  # the admin page that fixes it
    since: dt.date | dt.datetime


def review_queue() -> list[ReviewItem]:
    items: list[ReviewItem] = []
    for version in PolicyVersion.objects.exclude(criteria_problem="").select_related("document"):
        document = version.document
        items.append(
            ReviewItem(
                "criteria not structured",
                version.criteria_problem,
                document.filename,
                version.criteria_problem_line,
                source_line_url(document.filename, version.criteria_problem_line),
                reverse("admin:policies_policyversion_structure", args=[version.pk]),
                document.retrieved_on,
            )
        )
    retrieved = dict(SourceDocument.objects.values_list("filename", "retrieved_on"))
    for procedure in Procedure.objects.exclude(level_not_read_file=""):
        file, line = procedure.level_not_read_file, procedure.level_not_read_line
        items.append(
            ReviewItem(
                "level not read",
                "no paragraph decides a recommendation level",
                file,
                line,
                source_line_url(file, line) if file in retrieved else "",
                reverse("admin:guidance_procedure_decide", args=[procedure.pk]),
                retrieved.get(file, dt.date.min),
            )
        )
    decision_conflicts = list(CuratedDecision.objects.filter(status=CuratedDecisionStatus.CONFLICT))
    procedures = dict(
        Procedure.objects.filter(slug__in={d.procedure_slug for d in decision_conflicts}).values_list(
            "slug", "pk"
        )
    )
    # The latest capture of each document a conflicting decision is keyed on: where the line was lost.
    captures: dict[tuple[str, str], str] = {}
    for slug, url, filename in (
        GuidanceDocument.objects.filter(
            procedure__slug__in=procedures, source_url__in={d.anchor for d in decision_conflicts}
        )
        .order_by("retrieved_on", "filename")
        .values_list("procedure__slug", "source_url", "filename")
    ):
        captures[(slug, url)] = filename
    for decision in decision_conflicts:
        file = captures.get((decision.procedure_slug, decision.anchor), decision.applied_to)
        pk = procedures.get(decision.procedure_slug)
        items.append(
            ReviewItem(
                "curation conflict",
                f"decision set by an editor ({decision.get_level_display().lower()}): "
                f"{decision.conflict_reason}",
                file,
                None,
                source_line_url(file) if file in retrieved else "",
                reverse("admin:guidance_procedure_decide", args=[pk])
                if pk
                else reverse("admin:guidance_curateddecision_change", args=[decision.pk]),
                (decision.conflict_at or decision.created_at).date(),
            )
        )
    for document in SourceDocument.objects.exclude(warnings=[]).only(
        "pk", "filename", "retrieved_on", "warnings"
    ):
        for warning in document.warnings:
            items.append(
                ReviewItem(
                    "warning",
                    warning.get("message", ""),
                    document.filename,
                    warning.get("line"),
                    source_line_url(document.filename, warning.get("line")),
                    reverse("admin:sources_sourcedocument_change", args=[document.pk]),
                    document.retrieved_on,
                )
            )
    tree_conflicts = list(CuratedTree.objects.filter(status=CurationStatus.CONFLICT))
    # The latest capture of each policy document a conflicting tree is keyed on: one query for all.
    latest: dict[tuple[str, str], PolicyVersion] = {}
    for version in (
        PolicyVersion.objects.filter(
            policy__slug__in={c.policy_slug for c in tree_conflicts},
            document__source_url__in={c.anchor for c in tree_conflicts},
        )
        .select_related("document", "policy")
        .defer("document__text")
        .order_by("document__retrieved_on", "document__filename")
    ):
        latest[(version.policy.slug, version.document.source_url)] = version
    for curated in tree_conflicts:
        version = latest.get((curated.policy_slug, curated.anchor))
        file = version.document.filename if version else curated.applied_to
        items.append(
            ReviewItem(
                "curation conflict",
                f"criteria structured by an editor: {curated.conflict_reason}",
                file,
                None,
                source_line_url(file) if version else "",
                reverse("admin:policies_policyversion_structure", args=[version.pk])
                if version
                else reverse("admin:policies_curatedtree_change", args=[curated.pk]),
                (curated.conflict_at or curated.created_at).date(),
            )
        )
    for correction in EditorialCorrection.objects.filter(status=CorrectionStatus.CONFLICT):
        items.append(
            ReviewItem(
                "correction conflict",
                f"{correction.object_repr} ({correction.field}): {correction.conflict_reason}",
                "",
                None,
                "",
                reverse("admin:sources_editorialcorrection_change", args=[correction.pk]),
                correction.created_at.date(),
            )
        )
    return sorted(items, key=lambda item: (_day(item.since), item.file, item.line or 0))


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
