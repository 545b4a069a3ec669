"""Reads of guidance data, shared by pages and the API: each a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from guidance.models import (
    DocumentKind,
    Duty,
    DutyList,
    Procedure,
    TimelineEvent,
)
from guidance.parsing.dates import PartialDate
from guidance.stages import DatedFact, StageReport, derive_stage


def procedure_list() -> QuerySet[Procedure]:
    """Procedures with what a list needs: indications (levels) and documents (stage)."""
    return Procedure.objects.prefetch_related("indications", "documents", "events")


def procedure_detail(slug: str) -> Procedure:
    duty_lists = DutyList.objects.order_by("document__filename", "order").prefetch_related(
        Prefetch("duties", queryset=Duty.objects.order_by("order"))
    )
    return (
        Procedure.objects.prefetch_related(
            "indications__document",
            "documents",
            "recommendations__document",
            Prefetch("duty_lists", queryset=duty_lists),
            "registry_mentions__registry",
            "registry_mentions__document",
            "service_requirements__document",
            "research_needs__document",
            Prefetch("events", queryset=TimelineEvent.objects.select_related("document").order_by("starts_on", "order")),
            "documents__sections",
        )
        .get(slug=slug)
    )


def procedure_stage(procedure: Procedure, today: dt.date) -> StageReport:
    """The stage of a procedure whose ``documents`` and ``events`` are prefetched."""
    documents = list(procedure.documents.all())
    facts = [
        DatedFact(
            kind=event.kind,
            start=PartialDate(event.start_value, event.start_precision),
            end=PartialDate(event.end_value, event.end_precision) if event.end_value else None,
        )
        for event in sorted(procedure.events.all(), key=lambda e: (e.starts_on, e.order))
    ]
    return derive_stage(
        has_final_guidance=any(d.kind == DocumentKind.IPG_RECOMMENDATIONS for d in documents),
        facts=facts,
        today=today,
    )
