"""Policy endpoints: parse the query or body, call one selector, serialise. Conventions: ``apicore``."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from apicore.errors import Unprocessable, UnprocessableInput
from apicore.parsers import JSONParser
from apicore.schema import RETRY_AFTER_HEADER, VALIDATOR_HEADERS, responses
from apicore.throttling import EvaluateAnonThrottle
from apicore.views import ApiView, ListView
from guidance.api.parameters import SLUG
from guidance.api.serializers import absolute
from guidance.api.views import params_for
from policies import builders, selectors, versions
from policies.api import parameters, serializers
from policies.models import Policy
from sources.clock import london_today

SLUG_PARAMETER = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    pattern=SLUG,
    description="The policy's slug (see the list's `slug`).",
    examples=[OpenApiExample("Hip resurfacing", value="llr-icb-hip-resurfacing")],
)
GET_HEADERS = VALIDATOR_HEADERS
NOT_STRUCTURED_CODE = "criteria_not_structured"


class FhirJSONRenderer(JSONRenderer):
    media_type = "application/fhir+json"
    format = "fhir"


def _policy_and_version(slug: str, as_of):
    try:
        return selectors.policy_with_version(slug, as_of)
    except Policy.DoesNotExist:
        raise Http404(f"No policy {slug!r}.") from None
    except selectors.PolicyNotInForce as error:
        raise Unprocessable(str(error), code="not_in_force") from None


@extend_schema_view(
    get=extend_schema(
        operation_id="bodies_list",
        summary="List commissioning bodies",
        tags=["policies"],
        parameters=[parameters.PageParameters, *GET_HEADERS],
        responses=responses(serializers.BodySerializer(many=True), 400, 404),
    )
)
class BodyList(ListView):
    depends_on_today = False
    serializer_class = serializers.BodySerializer

    def get_queryset(self, params):
        return selectors.commissioning_bodies()


@extend_schema_view(
    get=extend_schema(
        operation_id="policies_list",
        summary="List commissioning policies",
        description="Policies with their body, linked procedure and versions (dates at their printed precision).",
        tags=["policies"],
        parameters=[parameters.PolicyParameters, *GET_HEADERS],
        responses=responses(serializers.PolicyListSerializer(many=True), 400, 404),
    )
)
class PolicyList(ListView):
    parameters_class = parameters.PolicyParameters
    serializer_class = serializers.PolicyListSerializer

    @cached_property
    def today(self):
        return london_today()

    def get_queryset(self, params):
        return selectors.policies(
            today=self.today, **params_for(params, "body", "procedure", "review_due", "q")
        )

    def get_serializer_context(self, page):
        today = self.today
        in_force = {policy.pk: builders.version_in_force(policy.versions.all(), today) for policy in page}
        return {"today": today, "versions_in_force": in_force}


class PolicyDetail(ApiView):
    @extend_schema(
        operation_id="policies_retrieve",
        summary="A policy's criteria for funding",
        description="The version in force on `as_of` (default today, UK) with its full criteria tree (all / any / "
        "at least k, each group saying where its operator was read), the keys facts are given under, definitions, "
        "exclusions, thresholds and durations (with the exact words they were read from), each with its source "
        "line. A version whose criteria are not structured has `criteria: null` and `criteria_problem` saying "
        "why and which line of the source to read; everything else it states is still served.",
        tags=["policies"],
        parameters=[SLUG_PARAMETER, parameters.AsOfParameters, *GET_HEADERS],
        responses=responses(serializers.PolicyDetailSerializer, 400, 404, 422),
    )
    def get(self, request, slug):
        as_of = parameters.AsOfParameters.parse(request).get("as_of") or london_today()
        policy, version = _policy_and_version(slug, as_of)
        context = {
            "request": request,
            "today": london_today(),
            "as_of": as_of,
            "version": version,
            "criteria": builders.criteria_tree(version.nodes.all()),
            "notice": builders.criteria_notice(version),
        }
        return Response(serializers.PolicyDetailSerializer(policy, context=context).data)


class PolicyChanges(ApiView):
    depends_on_today = False

    @extend_schema(
        operation_id="policies_changes",
        summary="What changed between two versions of a policy",
        description="The version in force on `from` against the one in force on `to` (defaults: the oldest and "
        "the newest version): criteria added, removed or reworded, operators (ALL / ANY / AT LEAST k), "
        "thresholds, durations and ages changed, definitions and exclusions added or removed, reference and "
        "review date. Each change names its kind, says it in words, gives the old and new values and the file "
        "and line on each side. Computed from the parsed data, never from the text. A day with no version in "
        "force is a 422 (`not_in_force`), and so is a `from` later than `to` (`from_after_to`); one version "
        "only: no changes.",
        tags=["policies"],
        parameters=[SLUG_PARAMETER, parameters.ChangesParameters, *GET_HEADERS],
        responses=responses(serializers.PolicyChangesSerializer, 400, 404, 422),
    )
    def get(self, request, slug):
        params = parameters.ChangesParameters.parse(request)
        if "from" in params and "to" in params and params["from"] > params["to"]:
            # Two valid days, each allowed by the schema: well formed, not answerable (ADR 0006).
            raise Unprocessable("from must not be later than to.", code="from_after_to")
        try:
            policy, found = selectors.policy_versions(slug)
            older, newer = (
                selectors.in_force_among(policy, found, params[name]) if name in params else None
                for name in ("from", "to")
            )
        except Policy.DoesNotExist:
            raise Http404(f"No policy {slug!r}.") from None
        except selectors.PolicyNotInForce as error:
            raise Unprocessable(str(error), code="not_in_force") from None
        read = [versions.version_from_row(v) for v in found]
        older_file, newer_file = (v.document.filename if v else None for v in (older, newer))
        diff = versions.diff_between(read, older_file, newer_file)
        context = {
            "request": request,
            "policy": policy,
            "from": params.get("from"),
            "to": params.get("to"),
            "source_urls": {v.document.filename: v.document.source_url for v in found},
            "editorial": versions.editorial_between(
                read, selectors.editor_readings(found), older_file, newer_file
            ),
        }
        return Response(serializers.PolicyChangesSerializer(diff, context=context).data)


EVALUATE_EXAMPLE = {
    "facts": {
        "assessed-musculoskeletal-services-end-stage-osteoarthritis": True,
        "fully-engaged-conservative-measures-period": True,
        "intense-severe-persistent-pain-moderate": True,
        "exclusion-procedure-contraindicated-females": False,
    },
    "as_of": "2026-11-21",
}


class PolicyEvaluate(ApiView):
    # A read, not a write: open to anonymous clients (no session, so no CSRF), throttled per address.
    permission_classes = [AllowAny]
    http_method_names = ["post", "options"]
    throttle_classes = [EvaluateAnonThrottle]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="policies_evaluate",
        summary="Does this patient meet the criteria?",
        description="Facts in (criterion and exclusion keys: true, false or null), the answer out: `met`, `not_met` "
        "or `undetermined` (never `not_met` for lack of answers), every node's result, the facts that decided it, "
        "the ones still missing, exclusions applied or not yet answered, and a one-sentence explanation. Uses the "
        "version in force on `as_of`. Fact keys that version does not have are a 422 naming them, and so is a day "
        "with no version in force, and a version whose criteria are not structured (code "
        "`criteria_not_structured`: read the source, at the file and line the message names).",
        tags=["policies"],
        parameters=[SLUG_PARAMETER, RETRY_AFTER_HEADER],
        request=parameters.EvaluateRequestSerializer,
        examples=[OpenApiExample("Hip resurfacing", value=EVALUATE_EXAMPLE, request_only=True)],
        responses=responses(serializers.EvaluationSerializer, 400, 404, 415, 422, 429, conditional=False),
    )
    def post(self, request, slug):
        body = parameters.EvaluateRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        as_of = body.validated_data.get("as_of") or london_today()
        try:
            check = selectors.check_policy(slug, body.validated_data["facts"], as_of)
        except Policy.DoesNotExist:
            raise Http404(f"No policy {slug!r}.") from None
        except selectors.PolicyNotInForce as error:
            raise Unprocessable(str(error), code="not_in_force") from None
        except selectors.CriteriaNotStructured as error:
            raise Unprocessable(str(error), code=NOT_STRUCTURED_CODE) from None
        except ValueError as error:  # a fact key this version does not have
            keys_at = request.build_absolute_uri(reverse("policies-api:policy-detail", kwargs={"slug": slug}))
            # The schema cannot list a version's keys, so this is a 422 (well formed, not answerable), not a 400.
            raise UnprocessableInput(
                {"facts": [f"{error} (this version's keys: fact_keys at {keys_at})"]}
            ) from None
        answer = {
            "version": check.version,
            "as_of": check.as_of,
            "report": builders.evaluation_report(check.version, check.evaluation),
        }
        return Response(serializers.EvaluationSerializer(answer, context={"request": request}).data)


class PolicyFhir(ApiView):
    renderer_classes = [FhirJSONRenderer, JSONRenderer]

    @extend_schema(
        operation_id="policies_fhir_questionnaire",
        summary="The criteria as a FHIR R4 Questionnaire",
        description="One boolean item per leaf criterion (linkId = fact key), `enableWhen` for the AND structure "
        "where it is exact, definitions as help items. Served as application/fhir+json (or application/json). "
        "A version whose criteria are not structured has no questionnaire: a 422 with code "
        "`criteria_not_structured` naming the source line to read.",
        tags=["policies"],
        parameters=[SLUG_PARAMETER, parameters.AsOfParameters, *GET_HEADERS],
        responses=responses(serializers.QuestionnaireSerializer, 400, 404, 422),
    )
    def get(self, request, slug):
        as_of = parameters.AsOfParameters.parse(request).get("as_of") or london_today()
        policy, version = _policy_and_version(slug, as_of)
        notice = builders.criteria_notice(version)
        if notice is not None:
            raise Unprocessable(notice.message, code=NOT_STRUCTURED_CODE)
        url = absolute(request, "policies-api:policy-fhir", slug=policy.slug)
        resource = builders.questionnaire(policy, version, url=url)
        return Response(serializers.QuestionnaireSerializer(resource).data)
