"""Reads of guidance data, shared by pages and the API.

Every function returns a queryset (or object) whose related data is fetched
up front, so a page or endpoint runs a fixed number of queries whatever the
data size. Filtering by stage happens in SQL through ``with_stage``, which
mirrors ``guidance.stages.derive_stage`` (a test keeps the two in step).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When

from guidance.models import (
    Duty,
    DutyList,
    Indication,
    Level,
    Procedure,
    Recommendation,
    Registry,
    RegistryMention,
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


def _events_in_force() -> QuerySet[TimelineEvent]:
    """The dates ``procedure_stage`` reads on a list, as the stored stage inputs were read."""
    return TimelineEvent.objects.order_by("starts_on", "order")


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
    if level:
        queryset = queryset.filter(Exists(Indication.objects.filter(procedure=OuterRef("pk"), level=level)))
    if special is not None:
        has_special = Exists(Indication.objects.filter(procedure=OuterRef("pk"), level=Level.SPECIAL))
        queryset = queryset.filter(has_special if special else ~has_special)
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
        Prefetch("indications", queryset=Indication.objects.select_related("document").order_by("order")),
        Prefetch("registry_mentions", queryset=RegistryMention.objects.select_related("registry")),
        "documents",
        Prefetch("events", queryset=_events_in_force()),
    )


def procedure_detail(slug: str) -> Procedure:
    """One procedure with everything its page and API detail show. Raises ``Procedure.DoesNotExist``."""
    duty_lists = (
        DutyList.objects.select_related("document")
        .order_by("document__filename", "order")
        .prefetch_related(Prefetch("duties", queryset=Duty.objects.order_by("order")))
    )
    return Procedure.objects.prefetch_related(
        Prefetch("indications", queryset=Indication.objects.select_related("document").order_by("order")),
        "documents__sections",
        Prefetch(
            "recommendations",
            queryset=Recommendation.objects.select_related("document").order_by(
                "document__filename", "order"
            ),
        ),
        Prefetch("duty_lists", queryset=duty_lists),
        Prefetch(
            "registry_mentions", queryset=RegistryMention.objects.select_related("registry", "document")
        ),
        "service_requirements__document",
        "research_needs__document",
        Prefetch(
            "events", queryset=TimelineEvent.objects.select_related("document").order_by("starts_on", "order")
        ),
        "policies__body",
    ).get(slug=slug)


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
    (``special``: every duty special arrangements impose).
    """
    queryset = Duty.objects.select_related("duty_list__procedure", "duty_list__document")
    if audience:
        queryset = queryset.filter(duty_list__audience=audience)
    if kind:
        queryset = queryset.filter(duty_kind_filter(kind))
    if level:
        queryset = queryset.filter(
            Exists(Indication.objects.filter(procedure=OuterRef("duty_list__procedure"), level=level))
        )
    if procedure:
        queryset = queryset.filter(duty_list__procedure__slug=procedure)
    return queryset.order_by(
        "duty_list__procedure__title", "duty_list__document__filename", "duty_list__order", "order"
    )


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
    queryset = TimelineEvent.objects.select_related("procedure", "document")
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
    # A total order, so pages of results never overlap.
    return queryset.order_by(
        "starts_on", "procedure__title", "procedure__slug", "document__filename", "order"
    )


def counts() -> dict[str, int]:
    return {
        "procedures": Procedure.objects.count(),
        # Distinct procedures among special indications: one index-only scan of the level index,
        # where EXISTS per procedure would read every procedure row.
        "special": Indication.objects.filter(level=Level.SPECIAL, procedure__isnull=False)
        .values("procedure")
        .distinct()
        .count(),
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
        .filter(
            stage_filter(Stage.CONSULTATION_OPEN, today)
            | Q(has_final_guidance=False, expected_publication_ends_on__lt=today)
        )
        .order_by("title", "slug")
        .prefetch_related(
            "documents",
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
        "documents",
        Prefetch("events", queryset=_events_in_force().select_related("document")),
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
    duty_lists = DutyList.objects.all()
    if audience:
        duty_lists = duty_lists.filter(audience=audience)
    if kind:
        duty_lists = duty_lists.filter(Exists(Duty.objects.filter(duty_filter, duty_list=OuterRef("pk"))))

    queryset = Procedure.objects.filter(
        Exists(Indication.objects.filter(procedure=OuterRef("pk"), level=Level.SPECIAL))
    )
    if audience or kind:
        queryset = queryset.filter(Exists(duty_lists.filter(procedure=OuterRef("pk"))))
    if registry:
        queryset = queryset.filter(
            Exists(RegistryMention.objects.filter(procedure=OuterRef("pk"), registry__slug=registry))
        )
    if q:
        queryset = queryset.filter(title__icontains=q)
    return queryset.order_by("title", "slug").prefetch_related(
        Prefetch("indications", queryset=Indication.objects.select_related("document").order_by("order")),
        Prefetch(
            "duty_lists",
            queryset=duty_lists.select_related("document")
            .order_by("document__filename", "order")
            .prefetch_related(
                Prefetch("duties", queryset=Duty.objects.filter(duty_filter).order_by("order"))
            ),
        ),
        Prefetch(
            "registry_mentions", queryset=RegistryMention.objects.select_related("registry", "document")
        ),
        Prefetch(
            "service_requirements",
            queryset=ServiceRequirement.objects.select_related("document").order_by("order"),
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
