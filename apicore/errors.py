"""Every API error as an RFC 9457 problem document (docs/adr/0015-rfc-9457-problem-details.md).

One body for DRF's exception handler, the API's own 404 and 500, and the 413 the body-limit
middleware answers, always served as ``application/problem+json``::

    {"type": "about:blank", "title": "Not Found", "status": 404,
     "detail": "No procedure 'x'.", "instance": "/api/v1/procedures/x/", "code": "not_found"}

``type`` is ``about:blank`` (title: the status phrase) when the status says everything, else one
of ``PROBLEM_TYPES``. ``code`` (extension) is the machine code clients branch on; ``errors``
(extension, invalid input only) maps each parameter or body field, as a dotted path, to its messages.
"""

from __future__ import annotations

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.encoding import escape_uri_path
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, renderers, serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_MEDIA_TYPE = "application/problem+json"
ABOUT_BLANK = "about:blank"
# Tag URIs (RFC 4151): identifiers that are the same on every deployment and are not fetched
# (RFC 9457 3.1.1 asks for documentation only when the type is a locator). Published types never change.
PROBLEM_TYPE_PREFIX = "tag:ipg-lookup,2026:problems/"
# The API's own problem types: code -> title (the same for every occurrence; ``detail`` says what happened).
PROBLEM_TYPES = {
    "invalid": "Invalid input",
    "parse_error": "Unreadable JSON body",
    "not_in_force": "No version in force on that date",
    "criteria_not_structured": "Criteria not structured",
}
# RFC 9110's names where Python's HTTPStatus keeps RFC 7231's.
_STATUS_PHRASES = {413: "Content Too Large", 422: "Unprocessable Content"}


def problem_type(code: str) -> str:
    return PROBLEM_TYPE_PREFIX + code if code in PROBLEM_TYPES else ABOUT_BLANK


def status_phrase(status_code: int) -> str:
    try:
        return _STATUS_PHRASES.get(status_code) or HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


def problem_details(
    status_code: int,
    code: str,
    detail: str,
    errors: dict[str, list[str]] | None = None,
    *,
    instance: str | None = None,
) -> dict:
    """The problem document: ``status`` is the response's status (RFC 9457 3.1.2: it must match)."""
    problem: dict = {
        "type": problem_type(code),
        "title": PROBLEM_TYPES.get(code) or status_phrase(status_code),
        "status": status_code,
        "detail": detail,
    }
    if instance is not None:
        problem["instance"] = instance
    problem["code"] = code
    if errors:
        problem["errors"] = errors
    return problem


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    """The earlier helper's signature, kept for callers: now the problem document (without
    ``instance``; prefer ``problem_response``, which knows the request)."""
    return problem_details(status_code, code, message, fields)


def request_instance(request) -> str:
    """``instance``: the request's path, as a URI reference (percent-encoded, no query)."""
    return escape_uri_path(request.path)


def problem_response(request, status_code: int, code: str, detail: str, errors=None) -> JsonResponse:
    """A problem answered outside DRF (the 404 catch-all, the 500, the 413 middleware)."""
    body = problem_details(status_code, code, detail, errors, instance=request_instance(request))
    return JsonResponse(body, status=status_code, content_type=PROBLEM_MEDIA_TYPE)


class ProblemJSONRenderer(renderers.JSONRenderer):
    """Renders problem documents only: the exception handler picks it for every error, whatever the
    client's Accept (RFC 9110 12.5.1 lets an error disregard it), so a 406 is still a problem, not a 500.
    It is never in a view's renderer list: a 200 is never labelled a problem."""

    media_type = PROBLEM_MEDIA_TYPE
    format = "problem+json"


def _flat_messages(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF error details (nested dicts and lists of ErrorDetail) as one flat mapping from a
    dotted path ("facts.some-key", "non_field_errors") to its messages."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_flat_messages(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            if item:
                flat.update(_flat_messages(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [str(message) for message in messages]}


def exception_handler(exc, context):
    """DRF's handler (status, headers such as Retry-After and Allow), the body a problem document."""
    # DRF turns Django's Http404 and PermissionDenied into its own exceptions; do it first
    # so their codes ("not_found", "permission_denied") reach the body.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500 handling (``server_error``) takes over
    request = context.get("request")
    instance = request_instance(request) if request is not None else None
    if isinstance(exc, ValidationError):
        errors = _flat_messages(exc.detail)
        where, messages = next(iter(errors.items()))
        where = "request" if where == api_settings.NON_FIELD_ERRORS_KEY else where
        detail = f"Invalid {where}: {messages[0]}"
        response.data = problem_details(response.status_code, "invalid", detail, errors, instance=instance)
    else:
        detail = getattr(exc, "detail", None)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = problem_details(
            response.status_code, str(code), str(detail or exc), instance=instance
        )
    if request is not None:
        # Chosen here, not negotiated: the view's renderers (JSON, FHIR, the browsable API) are for
        # its answers, and an Accept none of them matches (the 406 itself) must not fail the error.
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = PROBLEM_MEDIA_TYPE
    return response


class Unprocessable(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "unprocessable"
    default_detail = "The request is well formed but cannot be answered."


class UnprocessableInput(ValidationError):
    """Input the schema allows that the data cannot answer (a fact key the version in force does not
    have): a 422 naming the fields, in the body a 400 has. A 400 is kept for what the schema refuses."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


@csrf_exempt  # it changes nothing, and an API client's POST to a wrong URL deserves a 404, not a CSRF page
def not_found(request, exception=None):
    """The API's 404 for a URL no endpoint matches (DEBUG or not), with a hint for a missing slash."""
    message = f"No API endpoint at {request.path}."
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            message += f" Did you mean {request.path}/ ?"
    return problem_response(request, 404, "not_found", message)


def server_error(request):
    """``handler500``: a problem document under /api/, Django's page everywhere else."""
    if request.path.startswith("/api/"):
        return problem_response(request, 500, "server_error", "The server could not answer this request.")
    return defaults.server_error(request)


@extend_schema_field({"type": "string", "format": "uri"})
class _UriField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "format": "uri-reference"})
class _UriReferenceField(serializers.CharField):
    pass


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem document (`application/problem+json`). Clients ignore members they do
    not know (RFC 9457 3.2): more may be added within v1."""

    type = _UriField(
        help_text='The problem type, a URI: "about:blank" when the status says it all (`title` is then the '
        "status phrase), else one of the API's own types, `tag:ipg-lookup,2026:problems/{code}` "
        "(invalid, parse_error, not_in_force, criteria_not_structured). An identifier, not a link.",
    )
    title = serializers.CharField(help_text="A summary of the problem type, the same for every occurrence.")
    status = serializers.IntegerField(
        min_value=100, max_value=599, help_text="The HTTP status code of this response, repeated."
    )
    detail = serializers.CharField(help_text="What went wrong this time, for people (not to be parsed).")
    instance = _UriReferenceField(help_text="The request's path: this occurrence of the problem.")
    code = serializers.CharField(
        help_text='Extension: a stable machine code to branch on: "invalid", "parse_error", "not_found", '
        '"method_not_allowed", "unsupported_media_type", "too_large", "throttled", "not_in_force", '
        '"criteria_not_structured", "server_error"...'
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Extension, for invalid input only: each parameter or body field (a dotted path such as "
        "`facts.some-key`; `non_field_errors` for the body as a whole) with its messages.",
    )
