"""The guidance pages: thin views (parse the query string with a form, call a selector, shape, render).

"Today" is always the UK's today (``sources.clock.london_today``): pages
cannot be asked about another day; presenters take ``today`` as an argument
so tests can. A procedure page can be read as its documents stood on a past
day (``?as_of=``), which picks versions, not the date stages are judged on.
"""

import csv
import datetime as dt
import io
import re

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from guidance import answers, exports, presenters, register, selectors, timeline, versions
from guidance.forms import GovernanceFilterForm, ProcedureFilterForm
from guidance.models import Procedure
from sources.clock import london_today
from sources.models import source_line_url

PAGE_SIZE = 50
REGISTER_PAGE_SIZE = 10
CLOSED_PAGE_SIZE = 25


@require_safe
def procedure_list(request):
    today = london_today()
    form = ProcedureFilterForm(request.GET, registries=selectors.registries())
    filters = form.filters()
    page = Paginator(selectors.procedures(today=today, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "rows": [
            (
                p,
                presenters.indication_views(p.indications.all()),
                selectors.procedure_stage(p, today),
                presenters.level_not_read_view(p),
            )
            for p in page
        ],
        "sort": filters["ordering"],
        "filters_applied": register.applied_filters(getattr(form, "cleaned_data", {}), form.fields),
    }
    return render(request, "guidance/procedure_list.html", context)


def _as_of(request) -> dt.date | None:
    """``?as_of=YYYY-MM-DD``: read the procedure's documents as they stood that day (ADR 0014)."""
    value = request.GET.get("as_of")
    if not value:
        return None
    try:
        # fromisoformat alone would also take "20260303"; pages take what the API takes.
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest("as_of must be a day, YYYY-MM-DD") from None


@require_safe
def procedure_detail(request, slug):
    today = london_today()
    as_of = _as_of(request)
    try:
        if as_of is None:
            procedure = selectors.procedure_detail(slug)
            decisions = list(procedure.indications.all())
        else:
            procedure, decisions = selectors.procedure_as_of(slug, as_of)
    except Procedure.DoesNotExist:
        raise Http404("No procedure with that name") from None
    except selectors.NotInForce:
        raise Http404("None of this procedure's documents had been published by that day") from None
    events = list(procedure.events.all())
    diffs = versions.newest_first(
        [
            *versions.consecutive_diffs(
                versions.version_from_document(d) for d in selectors.document_versions(procedure)
            ),
            *versions.editorial_diffs(selectors.editor_decisions(procedure, decisions)),
        ]
    )
    stage = selectors.procedure_stage(procedure, today)
    documents = presenters.document_views(procedure)
    context = {
        "procedure": procedure,
        "as_of": as_of,
        "version_changes": diffs,
        "stage": stage,
        "answers": answers.procedure_answer(decisions, events),
        "overdue": answers.overdue_notice(stage, procedure.documents.all()),
        "nice_ip_guidance_url": presenters.NICE_IP_GUIDANCE_URL,
        "level_not_read": presenters.level_not_read_view(procedure),
        "groups": presenters.duty_groups(procedure),
        "registries": presenters.registry_views(procedure.registry_mentions.all()),
        "service_requirements": presenters.service_requirement_views(procedure.service_requirements.all()),
        "documents": documents,
        "printed": presenters.printed_documents(documents),
        "events": [(event, timeline.span_from_event(event)) for event in events],
        "timeline": timeline.procedure_timeline(events, today),
        "today": today,
    }
    return render(request, "guidance/procedure_detail.html", context)


def _register_form(request) -> GovernanceFilterForm:
    return GovernanceFilterForm(request.GET, registries=selectors.registries())


@require_safe
def governance(request):
    form = _register_form(request)
    filters = form.filters()
    page = Paginator(selectors.governance_register(**filters), REGISTER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "register": register.register(page),
        "columns": register.MATRIX_COLUMNS,
        "filters_applied": register.applied_filters(filters, form.fields),
        "disclaimer": register.DISCLAIMER,
        "today": london_today(),
        "csv_query": request.GET.urlencode(),
    }
    return render(request, "guidance/governance.html", context)


@require_safe
def governance_csv(request):
    """Every duty of the register (the same filters, no pagination), one row each."""
    form = _register_form(request)
    buffer = io.StringIO()

    def viewer_url(filename: str, line: int) -> str:
        return request.build_absolute_uri(source_line_url(filename, line))

    rows = exports.register_csv_rows(selectors.governance_register(**form.filters()), viewer_url)
    csv.writer(buffer).writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="governance-register.csv"'
    return response


@require_safe
def consultations(request):
    today = london_today()
    open_now = list(selectors.consultations(today=today, state="open"))
    upcoming = list(selectors.consultations(today=today, state="upcoming"))
    closed = Paginator(selectors.consultations(today=today, state="closed"), CLOSED_PAGE_SIZE).get_page(
        request.GET.get("page")
    )

    def rows(procedures):
        return presenters.consultation_rows(procedures, lambda p: selectors.procedure_stage(p, today))

    context = {
        "open_rows": rows(open_now),
        "upcoming_rows": rows(upcoming),
        "closed_rows": rows(closed),
        "page": closed,
        "timeline": timeline.consultation_timeline([*open_now, *upcoming, *closed], today),
        "today": today,
    }
    return render(request, "guidance/consultations.html", context)


@require_safe
def key_dates_ics(request):
    def url_for_procedure(slug: str) -> str:
        return request.build_absolute_uri(reverse("guidance:procedure-detail", kwargs={"slug": slug}))

    entries = exports.calendar_entries(selectors.calendar_dates(), url_for_procedure)
    response = HttpResponse(
        exports.icalendar_text(entries, name="NICE interventional procedures: key dates"),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="key-dates.ics"'
    return response
