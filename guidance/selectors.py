"""Reads of guidance data, shared by pages and the API.

Every function returns a queryset (or object) whose related data is fetched
up front, so a page or endpoint runs a fixed number of queries whatever the
data size. Filtering by stage happens in SQL through ``with_stage``, which
mirrors ``guidance.stages.derive_stage`` (a test keeps the two in step).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from guidance import versions
from guidance.models import (
    CuratedDecision,
    CuratedDecisionStatus,
    Duty,
    DutyList,
    GuidanceDocument,
    Indication,
    Level,
    Procedure,
    Recommendation,
    Registry,
    RegistryMention,
    ResearchNeed,
    ServiceRequirement,
    TimelineEvent,
)
from guidance.search import ranked_match
from guidance.stages import DatedFact, Stage, StageReport, derive_stage
from sources.models import DocumentKind, SourceDocument
from sources.parsing.dates import PartialDate

PROCEDURE_ORDERINGS = {
    "title": ("title",),
    "-title": ("-title",),
    "stage": ("stage", "title"),
    "-stage": ("-stage", "title"),
    # Best match first: PostgreSQL's ts_rank; on SQLite every match ranks the same, so title decides.
    "relevance": ("-search_rank", "title"),
}


# Events that say when a consultation runs: a period, or a consultation document's closing date.
CONSULTATION_EVENT_KINDS = ("consultation", "closing_date")


# What a list never shows of a document: its captured text (2-11 KB each), a consultation's
# description and evidence. Left out of list queries, where a page of 50 procedures read about a
# megabyte of them (their documents once per indication, duty list and registry mention).
UNLISTED_DOCUMENT_FIELDS = ("text", "description", "description_html", "evidence")


def _listed_documents() -> QuerySet[GuidanceDocument]:
    return GuidanceDocument.objects.defer(*UNLISTED_DOCUMENT_FIELDS)


def _unlisted(relation: str) -> list[str]:
    """``UNLISTED_DOCUMENT_FIELDS`` of the document reached through ``relation``, for ``defer``."""
    return [f"{relation}__{name}" for name in UNLISTED_DOCUMENT_FIELDS]


def _listed_indications() -> QuerySet[Indication]:
    return Indication.objects.select_related("document").defer(*_unlisted("document")).order_by("order")


def _events_in_force() -> QuerySet[TimelineEvent]:
    """The dates ``procedure_stage`` reads on a list, as the stored stage inputs were read: those of
    the documents that speak for the procedure (not a superseded version's, ADR 0014)."""
    return TimelineEvent.objects.filter(document__superseded=False).order_by("starts_on", "order")


def stage_filter(stage: str, today: dt.date) -> Q:
    """Procedures at ``stage`` on ``today``: ``guidance.stages.stage_on`` as a filter on the stored
    inputs, so the indexes on them serve it (a filter on ``with_stage``'s CASE could not)."""
    final = Q(has_final_guidance=True)
    no_dates = Q(consultation_starts_on__isnull=True, consultation_ends_on__isnull=True)
    not_started = Q(consultation_starts_on__gt=today)
    started = Q(consultation_starts_on__isnull=True) | Q(consultation_starts_on__lte=today)
    if stage == Stage.PUBLISHED:
        return final
    if stage == Stage.IN_DEVELOPMENT:
        return ~final & (no_dates | not_started)
    if stage == Stage.CONSULTATION_CLOSED:
        return ~final & started & Q(consultation_ends_on__lt=today)
    if stage == Stage.CONSULTATION_OPEN:
        not_ended = Q(consultation_ends_on__isnull=True) | Q(consultation_ends_on__gte=today)
        return ~final & ~no_dates & started & not_ended
    raise ValueError(f"no stage {stage!r}")


def with_stage(queryset: QuerySet[Procedure], today: dt.date) -> QuerySet[Procedure]:
    """Annotate each procedure with ``stage`` (a ``Stage`` value) as of ``today``, in SQL.

    ``guidance.stages.stage_on`` over the inputs stored at load: a CASE on columns of the row,
    no subquery (a test keeps the two in step).
    """
    return queryset.annotate(
        stage=Case(
            When(has_final_guidance=True, then=Value(Stage.PUBLISHED.value)),
            When(
                consultation_starts_on__isnull=True,
                consultation_ends_on__isnull=True,
                then=Value(Stage.IN_DEVELOPMENT.value),
            ),
            When(consultation_starts_on__gt=today, then=Value(Stage.IN_DEVELOPMENT.value)),
            When(consultation_ends_on__lt=today, then=Value(Stage.CONSULTATION_CLOSED.value)),
            default=Value(Stage.CONSULTATION_OPEN.value),
            output_field=CharField(),
        )
    )


def _text_search(q: str) -> Q:
    """Plain case-insensitive matching across titles and recommendation text (the SQLite fallback)."""
    matching_recommendations = Recommendation.objects.filter(procedure=OuterRef("pk"), text__icontains=q)
    return Q(title__icontains=q) | Q(guidance_id__iexact=q) | Q(Exists(matching_recommendations))


def procedures(
    *,
    today: dt.date,
    level: str | None = None,
    stage: str | None = None,
    special: bool | None = None,
    registry: str | None = None,
    q: str | None = None,
    ordering: str | None = None,
) -> QuerySet[Procedure]:
    """Procedures filtered as the list page and API offer, with what a list row shows.

    ``q`` uses PostgreSQL full-text search (stemmed, weighted, ranked) where
    available, plain matching otherwise (``guidance.search``). The default
    ordering is by relevance when searching, by title otherwise.
    """
    queryset = with_stage(Procedure.objects.all(), today)
    if level == Level.SPECIAL:
        # Stored at ingest and indexed with the title: the page is read in order from the index.
        queryset = queryset.filter(has_special=True)
    elif level:
        queryset = queryset.filter(Exists(Indication.objects.filter(procedure=OuterRef("pk"), level=level)))
    if special is not None:
        queryset = queryset.filter(has_special=special)
    if registry:
        queryset = queryset.filter(
            Exists(RegistryMention.objects.filter(procedure=OuterRef("pk"), registry__slug=registry))
        )
    if stage:
        queryset = queryset.filter(stage_filter(stage, today))
    if q:
        queryset = ranked_match(queryset, q, fallback=_text_search(q))
    if ordering is None or (ordering == "relevance" and not q):
        ordering = "relevance" if q else "title"
    return queryset.order_by(*PROCEDURE_ORDERINGS.get(ordering, ("title",)), "slug").prefetch_related(
        Prefetch("indications", queryset=_listed_indications()),
        Prefetch("registry_mentions", queryset=RegistryMention.objects.select_related("registry")),
        Prefetch("documents", queryset=_listed_documents()),
        Prefetch("events", queryset=_events_in_force()),
    )


def _of_documents(queryset: QuerySet, documents: list[int] | None) -> QuerySet:
    """Rows of the documents in force: those named (``documents_in_force``), else every document no
    later capture superseded (ADR 0014), so a page never shows two versions' duties side by side."""
    if documents is not None:
        return queryset.filter(document_id__in=documents)
    return queryset.filter(document__superseded=False)


def procedure_detail(slug: str, *, documents: list[int] | None = None) -> Procedure:
    """One procedure with everything its page and API detail show. Raises ``Procedure.DoesNotExist``.

    Recommendations, duties, registries, service requirements, research needs and the timeline are
    those of ``documents`` (ids, from ``documents_in_force``), by default of the leading versions;
    ``documents`` lists every document, superseded ones included.
    """
    duty_lists = (
        _of_documents(DutyList.objects, documents)
        .select_related("document")
        .order_by("document__filename", "order")
        .prefetch_related(Prefetch("duties", queryset=Duty.objects.order_by("order")))
    )
    return Procedure.objects.prefetch_related(
        Prefetch("indications", queryset=Indication.objects.select_related("document").order_by("order")),
        "documents__sections",
        Prefetch(
            "recommendations",
            queryset=_of_documents(Recommendation.objects, documents)
            .select_related("document")
            .order_by("document__filename", "order"),
        ),
        Prefetch("duty_lists", queryset=duty_lists),
        Prefetch(
            "registry_mentions",
            queryset=_of_documents(RegistryMention.objects, documents).select_related("registry", "document"),
        ),
        Prefetch("service_requirements", queryset=_of_documents(ServiceRequirement.objects, documents)),
        "service_requirements__document",
        Prefetch("research_needs", queryset=_of_documents(ResearchNeed.objects, documents)),
        "research_needs__document",
        Prefetch(
            "events",
            queryset=_of_documents(TimelineEvent.objects, documents)
            .select_related("document")
            .order_by("starts_on", "order"),
        ),
        "policies__body",
    ).get(slug=slug)


class NotInForce(Exception):
    """None of the procedure's documents had been published (or captured) by the day asked about."""


def _version_date(field: str) -> Subquery:
    # The date that dates a version (guidance.versions.VERSION_DATE_NAMES): published, else the document's.
    dated = TimelineEvent.objects.filter(document=OuterRef("pk"), kind__in=versions.VERSION_DATE_NAMES)
    first = Case(When(kind="published", then=Value(0)), default=Value(1))
    return Subquery(dated.order_by(first, "order").values(field)[:1])


def documents_in_force(slug: str, as_of: dt.date) -> tuple[list[int], list[int]]:
    """(every document in force on ``as_of``, the leading one's) as ids, in one query.

    Raises ``Procedure.DoesNotExist`` for an unknown slug and ``NotInForce`` when no document had begun.
    """
    rows = list(
        GuidanceDocument.objects.filter(procedure__slug=slug)
        .annotate(date_value=_version_date("start_value"), date_precision=_version_date("start_precision"))
        .values_list("pk", "filename", "kind", "retrieved_on", "date_value", "date_precision")
    )
    if not rows:  # a procedure is built from its documents: none means no such procedure
        raise Procedure.DoesNotExist(f"no procedure {slug!r}")
    found = {
        filename: versions.GuidanceVersion(
            file=filename,
            kind=kind,
            retrieved_on=retrieved_on,
            dates=(),
            version_date=PartialDate(value, precision) if value else None,
        )
        for _pk, filename, kind, retrieved_on, value, precision in rows
    }
    chosen = versions.in_force(found.values(), as_of)
    if not chosen:
        raise NotInForce(f"no document of {slug} had been published by {as_of.isoformat()}")
    ids = {filename: pk for pk, filename, *_rest in rows}
    lead = versions.leading(chosen)
    return [ids[v.file] for v in chosen], [ids[lead.file]] if lead else []


def procedure_as_of(slug: str, as_of: dt.date) -> tuple[Procedure, list[Indication]]:
    """The procedure as its documents stood on ``as_of``, and the decisions of its leading version then.

    The decisions come apart from the procedure: an older version's are kept on its document only
    (``Indication.procedure`` is the leading version's). Raises ``Procedure.DoesNotExist``, ``NotInForce``.
    """
    documents, lead = documents_in_force(slug, as_of)
    procedure = procedure_detail(slug, documents=documents)
    decisions = list(
        Indication.objects.filter(document_id__in=lead).select_related("document").order_by("order")
    )
    return procedure, decisions


def document_versions(procedure: Procedure) -> list[GuidanceDocument]:
    """Every document of a procedure with what a version compares (``guidance.versions.version_from_document``).

    None, and no query, when no document of it was superseded (``documents`` prefetched): there is
    nothing to compare.
    """
    if not any(document.superseded for document in procedure.documents.all()):
        return []
    return list(_with_version_rows(GuidanceDocument.objects.filter(procedure=procedure)))


def _with_version_rows(documents: QuerySet[GuidanceDocument]) -> QuerySet[GuidanceDocument]:
    return (
        documents.select_related("procedure")
        .order_by("filename")
        .prefetch_related(
            Prefetch("indications", queryset=Indication.objects.order_by("order")),
            Prefetch(
                "duty_lists",
                queryset=DutyList.objects.order_by("order").prefetch_related(
                    Prefetch("duties", queryset=Duty.objects.order_by("order"))
                ),
            ),
            Prefetch("registry_mentions", queryset=RegistryMention.objects.select_related("registry")),
            Prefetch("events", queryset=TimelineEvent.objects.order_by("order")),
        )
    )


def versioned_documents() -> list[GuidanceDocument]:
    """Every document of each procedure that has a superseded one, as ``document_versions`` fetches
    them (``procedure`` too): what the change feed compares. One query when there is none."""
    with_versions = Procedure.objects.filter(documents__superseded=True)
    return list(_with_version_rows(GuidanceDocument.objects.filter(procedure__in=with_versions)))


def editor_decisions(
    procedure: Procedure, indications: list[Indication] | None = None
) -> list[versions.EditorDecision]:
    """The decisions editors set on the procedure's documents (``documents`` fetched), beside what the parser read.

    No query when none of ``indications`` (the procedure's, already fetched) was set by an editor.
    """
    if indications is not None and not any(indication.curated for indication in indications):
        return []
    documents = {document.filename: document for document in procedure.documents.all()}
    found = CuratedDecision.objects.filter(
        procedure_slug=procedure.slug, status=CuratedDecisionStatus.ACTIVE, applied_to__in=documents
    )
    return [
        versions.EditorDecision(
            file=decision.applied_to,
            retrieved_on=documents[decision.applied_to].retrieved_on,
            on=timezone.localdate(decision.created_at),
            line=decision.line,
            level=decision.level,
            indication=decision.indication,
            parser_level=(decision.parser_reading or {}).get("level") or None,
            parser_indication=(decision.parser_reading or {}).get("indication") or None,
        )
        for decision in found.order_by("created_at", "pk")
    ]


def procedure_versions(slug: str) -> tuple[Procedure, list[GuidanceDocument]]:
    """A procedure (``documents`` fetched) and its documents as versions. Raises ``Procedure.DoesNotExist``."""
    procedure = Procedure.objects.prefetch_related("documents").get(slug=slug)
    return procedure, document_versions(procedure)


def procedure_stage(procedure: Procedure, today: dt.date) -> StageReport:
    """The stage report of a procedure whose ``documents`` and ``events`` are prefetched."""
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


def recommendations(
    *, level: str | None = None, procedure: str | None = None, q: str | None = None
) -> QuerySet[Recommendation]:
    queryset = Recommendation.objects.select_related("document", "procedure")
    if level:
        queryset = queryset.filter(level=level)
    if procedure:
        queryset = queryset.filter(procedure__slug=procedure)
    if q:
        queryset = queryset.filter(text__icontains=q)
    return queryset.order_by("procedure__title", "document__filename", "order")


def duty_kind_filter(kind: str) -> Q:
    """Duties that ask for ``kind``: JSON list membership that works on SQLite and PostgreSQL alike.

    Kind codes are plain identifiers, so the quoted code inside the JSON text matches exactly.
    """
    return Q(primary_kind=kind) | Q(kinds__icontains=f'"{kind}"')


def duties(
    *,
    audience: str | None = None,
    kind: str | None = None,
    level: str | None = None,
    procedure: str | None = None,
) -> QuerySet[Duty]:
    """Duties with their list, procedure and document: a governance lead's checklist rows.

    ``level`` keeps duties of procedures that have an indication at that level
    (``special``: every duty special arrangements impose). Its count joins nothing; a page of
    it reads best from ``duties_in_order``, the same rows.
    """
    queryset = Duty.objects.select_related("duty_list__procedure", "duty_list__document").defer(
        *_unlisted("duty_list__document")
    )
    if level == Level.SPECIAL:
        # Stored at ingest, from a partial index: in force, of a procedure with special arrangements.
        # The count of the register's commonest question then joins nothing (docs/performance.md).
        queryset = queryset.filter(in_force_special=True)
    else:
        queryset = queryset.filter(duty_list__document__superseded=False)  # in force (ADR 0014)
    if audience:
        queryset = queryset.filter(duty_list__audience=audience)
    if kind:
        queryset = queryset.filter(duty_kind_filter(kind))
    if level and level != Level.SPECIAL:
        queryset = queryset.filter(
            Exists(Indication.objects.filter(procedure=OuterRef("duty_list__procedure"), level=level))
        )
    if procedure:
        queryset = queryset.filter(duty_list__procedure__slug=procedure)
    return queryset.order_by(
        "duty_list__procedure__title", "duty_list__document__filename", "duty_list__order", "order"
    )


def duties_in_order(
    *,
    audience: str | None = None,
    kind: str | None = None,
    level: str | None = None,
    procedure: str | None = None,
) -> QuerySet[Duty]:
    """The rows of ``duties``, to read a page of: ``level=special`` says its procedure is special too.

    Implied by the stored flag, and said so a page is read in order from the index of special
    procedures by title (0.6 ms at 10,000x), not by walking every procedure's title until enough
    special ones turn up (20 ms). Count ``duties``: with this condition the count would join
    every duty to its procedure (160 ms).
    """
    queryset = duties(audience=audience, kind=kind, level=level, procedure=procedure)
    if level == Level.SPECIAL:
        queryset = queryset.filter(duty_list__procedure__has_special=True)
    return queryset


def key_dates(
    *,
    kind: str | None = None,
    procedure: str | None = None,
    open_on: dt.date | None = None,
    closing_before: dt.date | None = None,
    closing_after: dt.date | None = None,
    target_in_month: tuple[int, int] | None = None,
) -> QuerySet[TimelineEvent]:
    """Dated events. ``open_on``: consultations running on that day (range or closing date).

    ``closing_before``/``closing_after`` compare the last day a consultation or
    closing date covers; ``target_in_month`` (year, month) keeps target or
    expected publication dates that fall in, or are printed as, that month.
    """
    queryset = TimelineEvent.objects.select_related("procedure", "document").defer(*_unlisted("document"))
    if kind:
        queryset = queryset.filter(kind=kind)
    if procedure:
        queryset = queryset.filter(procedure__slug=procedure)
    if open_on:
        # A consultation document states its closing date, not its opening: it counts
        # as open from its own date (when printed) until the closing date.
        dated_later = TimelineEvent.objects.filter(
            document=OuterRef("document"), kind="document", starts_on__gt=open_on
        )
        queryset = queryset.filter(
            Q(kind="consultation", starts_on__lte=open_on, ends_on__gte=open_on)
            | (Q(kind="closing_date", ends_on__gte=open_on) & ~Q(Exists(dated_later)))
        )
    if closing_before:
        queryset = queryset.filter(kind__in=CONSULTATION_EVENT_KINDS, ends_on__lt=closing_before)
    if closing_after:
        queryset = queryset.filter(kind__in=CONSULTATION_EVENT_KINDS, ends_on__gt=closing_after)
    if target_in_month:
        year, month = target_in_month
        first = dt.date(year, month, 1)
        last = PartialDate.of(year, month).last_day
        queryset = queryset.filter(
            kind__in=["target_publication", "expected_publication"], starts_on__lte=last, ends_on__gte=first
        )
    # A total order, so pages of results never overlap. ``procedure_title`` is the procedure's
    # title stored on the event: (day, title) is read from one index, the rest sorts within it.
    return queryset.order_by("starts_on", "procedure_title", "procedure__slug", "document__filename", "order")


def counts() -> dict[str, int]:
    return {
        "procedures": Procedure.objects.count(),
        # The stored flag, counted from its partial index.
        "special": Procedure.objects.filter(has_special=True).count(),
        "documents": SourceDocument.objects.count(),
    }


# --- Reads for the web pages (guidance/views.py) -------------------------------------------


def registries() -> QuerySet[Registry]:
    """Every named registry, for filter choices."""
    return Registry.objects.order_by("name")


def procedures_to_watch(*, today: dt.date) -> QuerySet[Procedure]:
    """Procedures whose consultation is open, or whose expected publication has passed without final guidance.

    Each comes with ``documents`` and ``events`` prefetched so ``procedure_stage`` can say why.
    """
    return (
        with_stage(Procedure.objects.all(), today)
        # Both conditions need no final guidance: said once, so the partial index on it serves the order.
        .filter(has_final_guidance=False)
        .filter(
            stage_filter(Stage.CONSULTATION_OPEN, today)
            | Q(has_final_guidance=False, expected_publication_ends_on__lt=today)
        )
        .order_by("title", "slug")
        .prefetch_related(
            Prefetch("documents", queryset=_listed_documents()),
            Prefetch("events", queryset=_events_in_force()),
        )
    )


CONSULTATION_STATES = ("open", "upcoming", "closed")


def consultations(*, today: dt.date, state: str) -> QuerySet[Procedure]:
    """Procedures whose consultation is ``open``, ``upcoming`` or ``closed`` on ``today``.

    Judged by the consultation's own dates (the stored ``consultation_starts_on`` and
    ``consultation_ends_on``), whatever else has happened since: a consultation that led to
    final guidance is still a closed consultation. A consultation document prints only its
    closing date, so it counts as open until then. Each state reads one index in its order.
    """
    if state not in CONSULTATION_STATES:
        raise ValueError(f"state must be one of {CONSULTATION_STATES}, not {state!r}")
    queryset = with_stage(Procedure.objects.all(), today)
    if state == "open":
        queryset = queryset.filter(
            Q(consultation_starts_on__isnull=True) | Q(consultation_starts_on__lte=today),
            consultation_ends_on__gte=today,
        ).order_by("consultation_ends_on", "title", "slug")
    elif state == "upcoming":
        queryset = queryset.filter(consultation_starts_on__gt=today).order_by(
            "consultation_starts_on", "title", "slug"
        )
    else:
        queryset = queryset.filter(consultation_ends_on__lt=today).order_by(
            "-consultation_ends_on", "title", "slug"
        )
    return queryset.prefetch_related(
        Prefetch("documents", queryset=_listed_documents()),
        Prefetch(
            "events", queryset=_events_in_force().select_related("document").defer(*_unlisted("document"))
        ),
    )


CALENDAR_EVENT_KINDS = ("consultation", "closing_date", "target_publication", "expected_publication")


def calendar_dates() -> QuerySet[TimelineEvent]:
    """Consultation periods, closing dates and target publication dates, for the iCalendar feed."""
    return (
        TimelineEvent.objects.filter(kind__in=CALENDAR_EVENT_KINDS)
        .select_related("procedure", "document")
        .order_by("starts_on", "procedure__title", "document__filename", "order")
    )


def governance_register(
    *,
    audience: str | None = None,
    kind: str | None = None,
    registry: str | None = None,
    q: str | None = None,
) -> QuerySet[Procedure]:
    """Procedures with special arrangements and everything those impose, filtered for a governance lead.

    ``audience`` and ``kind`` narrow the duties shown, and keep only procedures that
    have such a duty; ``registry`` keeps procedures that name that registry; ``q``
    matches procedure titles.
    """
    duty_filter = duty_kind_filter(kind) if kind else Q()
    # The duties in force: a superseded capture's duties are history (ADR 0014).
    duty_lists = DutyList.objects.filter(document__superseded=False)
    if audience:
        duty_lists = duty_lists.filter(audience=audience)
    if kind:
        duty_lists = duty_lists.filter(Exists(Duty.objects.filter(duty_filter, duty_list=OuterRef("pk"))))

    queryset = Procedure.objects.filter(has_special=True)  # stored at ingest, indexed with the title
    if audience or kind:
        queryset = queryset.filter(Exists(duty_lists.filter(procedure=OuterRef("pk"))))
    if registry:
        queryset = queryset.filter(
            Exists(RegistryMention.objects.filter(procedure=OuterRef("pk"), registry__slug=registry))
        )
    if q:
        queryset = queryset.filter(title__icontains=q)
    return queryset.order_by("title", "slug").prefetch_related(
        Prefetch("indications", queryset=_listed_indications()),
        Prefetch(
            "duty_lists",
            queryset=duty_lists.select_related("document")
            .defer(*_unlisted("document"))
            .order_by("document__filename", "order")
            .prefetch_related(
                Prefetch("duties", queryset=Duty.objects.filter(duty_filter).order_by("order"))
            ),
        ),
        Prefetch(
            "registry_mentions",
            queryset=RegistryMention.objects.select_related("registry", "document").defer(
                *_unlisted("document")
            ),
        ),
        Prefetch(
            "service_requirements",
            queryset=ServiceRequirement.objects.select_related("document")
            .defer(*_unlisted("document"))
            .order_by("order"),
        ),
    )


# --- Reads for the API and the change feed (guidance/api, the home page) -------------------


def consultation_dates(
    *,
    procedure: str | None = None,
    open_on: dt.date | None = None,
    closing_before: dt.date | None = None,
    closing_after: dt.date | None = None,
) -> QuerySet[TimelineEvent]:
    """Consultation periods and closing dates, filtered as ``key_dates`` filters them, in a total order."""
    return key_dates(
        procedure=procedure, open_on=open_on, closing_before=closing_before, closing_after=closing_after
    ).filter(kind__in=CONSULTATION_EVENT_KINDS)
