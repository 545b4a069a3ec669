"""Guidance endpoints: parse the query, call one selector, serialise. Conventions: ``apicore``."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.response import Response

from apicore.errors import Unprocessable
from apicore.pagination import Counted
from apicore.schema import VALIDATOR_HEADERS, responses
from apicore.views import ApiView, ListView
from guidance import builders, selectors, versions
from guidance.api import parameters, serializers
from guidance.models import Procedure
from sources import selectors as source_selectors
from sources.clock import london_today

SLUG_PARAMETER = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    pattern=r"^[-a-zA-Z0-9_]+$",
    description="The procedure's slug (see the list's `slug`).",
    examples=[
        OpenApiExample(
            "Special arrangements",
            value="neurostimulation-of-lumbar-muscles-for-refractory-non-specific-chronic-low-back-pain",
        ),
        OpenApiExample(
            "In consultation", value="targeted-muscle-reinnervation-for-managing-limb-amputation-pain"
        ),
    ],
)


def list_schema(
    parameters_class,
    serializer_class,
    *,
    operation_id: str,
    summary: str,
    description: str = "",
    tags=("procedures",),
):
    return extend_schema_view(
        get=extend_schema(
            operation_id=operation_id,
            summary=summary,
            description=description,
            tags=list(tags),
            parameters=[parameters_class, *VALIDATOR_HEADERS],
            responses=responses(serializer_class(many=True), 400, 404),
        )
    )


@list_schema(
    parameters.ProcedureParameters,
    serializers.ProcedureListSerializer,
    operation_id="procedures_list",
    summary="List procedures",
    description="Procedures with their recommendation levels, stage (as of today, UK), registries and documents. "
    "Which need special arrangements: `?level=special`.",
)
class ProcedureList(ListView):
    parameters_class = parameters.ProcedureParameters
    serializer_class = serializers.ProcedureListSerializer

    def get_queryset(self, params):
        return selectors.procedures(
            today=london_today(),
            **params_for(params, "level", "stage", "special", "registry", "q", "ordering"),
        )


class ProcedureDetail(ApiView):
    @extend_schema(
        operation_id="procedures_retrieve",
        summary="A procedure in full",
        description="Indications and levels, recommendations, duties by audience, registries, service requirements, "
        "research needs, timeline, consultation sections and the source documents with their provenance. "
        "A newer capture of a document is a new version (ADR 0014): the answer is the latest version of each "
        "document, or with `as_of` the version in force on that day (every document stays listed in "
        "`documents`). A day before any document was published is a 422 (`not_in_force`).",
        tags=["procedures"],
        parameters=[SLUG_PARAMETER, parameters.ProcedureDetailParameters, *VALIDATOR_HEADERS],
        responses=responses(serializers.ProcedureDetailSerializer, 400, 404, 422),
    )
    def get(self, request, slug):
        as_of = parameters.ProcedureDetailParameters.parse(request).get("as_of")
        decisions = None
        try:
            if as_of is None:
                procedure = selectors.procedure_detail(slug)
            else:
                procedure, decisions = selectors.procedure_as_of(slug, as_of)
        except Procedure.DoesNotExist:
            raise Http404(f"No procedure {slug!r}.") from None
        except selectors.NotInForce as error:
            raise Unprocessable(str(error), code="not_in_force") from None
        context = {
            "request": request,
            "as_of": as_of,
            "decisions": decisions,
            "stage": selectors.procedure_stage(procedure, london_today()),
            "duties": builders.duties_by_audience(procedure.duty_lists.all()),
        }
        return Response(serializers.ProcedureDetailSerializer(procedure, context=context).data)


class ProcedureChanges(ApiView):
    depends_on_today = False

    @extend_schema(
        operation_id="procedures_changes",
        summary="What changed between versions of a procedure's documents",
        description="Every version of each document (same procedure and kind, ADR 0014) against the one before "
        "it, newest first: decisions added, removed or changed in level or indication, duties and registries "
        "added or removed, dates changed. Each change names its kind, says it in words, gives the old and new "
        "values and the file and line on each side. Computed from the parsed data, never from the text. "
        "A decision an editor set is a diff of its own (`editorial`: true) from the parser's reading of that "
        "document to the editor's, dated the day the editor set it.",
        tags=["procedures"],
        parameters=[SLUG_PARAMETER, *VALIDATOR_HEADERS],
        responses=responses(serializers.ProcedureChangesSerializer, 400, 404),
    )
    def get(self, request, slug):
        parameters.NoParameters.parse(request)
        try:
            procedure, documents = selectors.procedure_versions(slug)
        except Procedure.DoesNotExist:
            raise Http404(f"No procedure {slug!r}.") from None
        diffs = versions.newest_first(
            [
                *versions.consecutive_diffs(versions.version_from_document(d) for d in documents),
                *versions.editorial_diffs(selectors.editor_decisions(procedure)),
            ]
        )
        answer = {"procedure": procedure, "diffs": diffs}
        context = {
            "request": request,
            "source_urls": {d.filename: d.source_url for d in procedure.documents.all()},
        }
        return Response(serializers.ProcedureChangesSerializer(answer, context=context).data)


@list_schema(
    parameters.RecommendationParameters,
    serializers.RecommendationItemSerializer,
    operation_id="recommendations_list",
    summary="List recommendations",
    description="Every numbered recommendation paragraph, numbers as printed, with its procedure and source line.",
    tags=("recommendations",),
)
class RecommendationList(ListView):
    depends_on_today = False
    parameters_class = parameters.RecommendationParameters
    serializer_class = serializers.RecommendationItemSerializer

    def get_queryset(self, params):
        return selectors.recommendations(**params_for(params, "level", "procedure", "q"))


@list_schema(
    parameters.DutyParameters,
    serializers.DutyItemSerializer,
    operation_id="duties_list",
    summary="List duties",
    description="What clinicians and organisations must do, one row per duty. "
    "Every duty of every special-arrangements procedure: `?level=special`.",
    tags=("duties",),
)
class DutyList(ListView):
    depends_on_today = False
    parameters_class = parameters.DutyParameters
    serializer_class = serializers.DutyItemSerializer

    def get_queryset(self, params):
        filters = params_for(params, "audience", "kind", "level", "procedure")
        return Counted(rows=selectors.duties_in_order(**filters), counted=selectors.duties(**filters))


@list_schema(
    parameters.ConsultationParameters,
    serializers.EventItemSerializer,
    operation_id="consultations_list",
    summary="List consultations",
    description="Consultation periods and closing dates. Open on a day: `?open_on=2025-02-10`.",
    tags=("dates",),
)
class ConsultationList(ListView):
    depends_on_today = False
    parameters_class = parameters.ConsultationParameters
    serializer_class = serializers.EventItemSerializer

    def get_queryset(self, params):
        return selectors.consultation_dates(
            **params_for(params, "procedure", "open_on", "closing_before", "closing_after")
        )


@list_schema(
    parameters.KeyDateParameters,
    serializers.EventItemSerializer,
    operation_id="key_dates_list",
    summary="List key dates",
    description="Every date the documents state: consultations, closing dates, target publication, key events. "
    "Target publication in June 2025: `?target_publication_month=2025-06`.",
    tags=("dates",),
)
class KeyDateList(ListView):
    depends_on_today = False
    parameters_class = parameters.KeyDateParameters
    serializer_class = serializers.EventItemSerializer

    def get_queryset(self, params):
        filters = params_for(params, "kind", "procedure", "open_on", "closing_before", "closing_after")
        if "target_publication_month" in params:
            filters["target_in_month"] = params["target_publication_month"]
        return selectors.key_dates(**filters)


@list_schema(
    parameters.PageParameters,
    serializers.RegistryItemSerializer,
    operation_id="registries_list",
    summary="List registries",
    description="Registries named in guidance (the values `registry` filters take).",
    tags=("procedures",),
)
class RegistryList(ListView):
    depends_on_today = False
    serializer_class = serializers.RegistryItemSerializer

    def get_queryset(self, params):
        return selectors.registries()


@list_schema(
    parameters.ChangeParameters,
    serializers.ChangeSerializer,
    operation_id="changes_list",
    summary="What changed",
    description="Procedures, source documents and policy versions added, changed or removed by each load of the "
    "data, newest first. Since a day: `?since=2026-11-01`.",
    tags=("changes",),
)
class ChangeList(ListView):
    depends_on_today = False
    parameters_class = parameters.ChangeParameters
    serializer_class = serializers.ChangeSerializer

    def get_queryset(self, params):
        return source_selectors.recent_changes(**params_for(params, "since", "kind", "action"))


def params_for(params: dict, *names: str) -> dict:
    """The validated parameters a selector takes (page and page_size are the paginator's)."""
    return {name: params[name] for name in names if name in params}
