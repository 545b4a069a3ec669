"""Conventions every API endpoint shares (docs/adr/0006-api-conventions.md).

- **Errors**: one body everywhere, from DRF's exception handler, the API's own
  404 for unknown URLs and its 500:
  ``{"error": {"status": 400, "code": "invalid", "message": "...", "fields": {...}}}``
  (``fields`` only for invalid input: parameter or body field -> messages).
- **Query parameters** are validated by a serializer per endpoint: a bad value
  (``level=foo``, ``since=not-a-date``), one given twice, or an unknown name (a
  misspelt filter must not silently return everything) is a 400 naming it.
  Strict parsing (``true``/``false``, ``YYYY-MM-DD``, plain digits): what the
  schema does not allow, the API refuses.
- **Pagination**: page numbers, ``count``/``next``/``previous``/``results``,
  ``page_size`` up to 100; every list has a total, stable order.
- **Conditional GET**: every 200 to a GET carries ``ETag`` and ``Last-Modified``,
  derived from the loaded data's version (one small query, remembered for two
  seconds per process: ``guidance.data_version``),
  today's date in the UK for answers that depend on it, the URL, the
  ``Accept`` header and the API version. ``If-None-Match`` (or, without it,
  ``If-Modified-Since``) that still holds gets a 304 before any other work.
- **Anonymous reads only**: API views authenticate nobody (no session, so no
  CSRF for API clients); unsafe methods are refused (403, or 405) except the
  evaluate POST, which is a read and is throttled per client address.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpResponseNotModified, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from guidance import data_version as loaded_data_version
from guidance.clock import LONDON, london_today

# Bumped with the URL prefix (/api/v2/); part of every ETag, so a new version never
# answers 304 to a representation of the old one.
API_VERSION = "v1"


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    error = {"status": status_code, "code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


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
    """DRF's handler (status, headers such as Retry-After), with the body in the API's one shape."""
    # DRF turns Django's Http404 and PermissionDenied into its own exceptions; do it first
    # so their codes ("not_found", "permission_denied") reach the body.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500 handling (``server_error``) takes over
    if isinstance(exc, ValidationError):
        fields = _flat_messages(exc.detail)
        where, messages = next(iter(fields.items()))
        where = "request" if where == api_settings.NON_FIELD_ERRORS_KEY else where
        response.data = error_body(response.status_code, "invalid", f"Invalid {where}: {messages[0]}", fields)
    else:
        detail = getattr(exc, "detail", None)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = error_body(response.status_code, str(code), str(detail or exc))
    return response


class Unprocessable(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "unprocessable"
    default_detail = "The request is well formed but cannot be answered."


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
    return JsonResponse(error_body(404, "not_found", message), status=404)


def server_error(request):
    """``handler500``: the API's error shape under /api/, Django's page everywhere else."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(500, "server_error", "The server could not answer this request."), status=500)
    return defaults.server_error(request)


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(help_text='A stable machine code: "invalid", "not_found", "throttled"...')
    message = serializers.CharField(help_text="What went wrong, for people.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For invalid input only: each parameter or body field with its messages.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


# --------------------------------------------------------------------------
# Strict query-parameter fields
# --------------------------------------------------------------------------

ISO_DAY = r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
ISO_MONTH = r"[0-9]{4}-(0[1-9]|1[0-2])"
MOMENT = rf"{ISO_DAY}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{{1,6}})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?"


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanField(serializers.Field):
    """``true`` or ``false``, nothing else (no "1", "yes", "on")."""

    default_error_messages = {"invalid": 'Must be "true" or "false".'}

    def to_internal_value(self, data):
        if data in ("true", "false"):
            return data == "true"
        self.fail("invalid")

    def to_representation(self, value):
        return value


@extend_schema_field({"type": "string", "format": "date", "pattern": f"^{ISO_DAY}$"})
class StrictDateField(serializers.Field):
    """A calendar day as ``YYYY-MM-DD`` (and a real one: no 31 February)."""

    default_error_messages = {"invalid": "Must be a date as YYYY-MM-DD."}

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(ISO_DAY, data):
            self.fail("invalid")
        try:
            return dt.date.fromisoformat(data)
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value):
        return value.isoformat()


@extend_schema_field({"type": "string", "pattern": f"^{ISO_MONTH}$", "example": "2025-06"})
class MonthField(serializers.Field):
    """A month as ``YYYY-MM``; the value is ``(year, month)``."""

    default_error_messages = {"invalid": "Must be a month as YYYY-MM."}

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(ISO_MONTH, data):
            self.fail("invalid")
        year, month = int(data[:4]), int(data[5:7])
        if year < dt.MINYEAR:  # "0000-01" matches the pattern but is no month
            self.fail("invalid")
        return year, month

    def to_representation(self, value):
        return f"{value[0]:04d}-{value[1]:02d}"


@extend_schema_field({"type": "string", "pattern": f"^{MOMENT}$", "example": "2026-11-01T09:30"})
class MomentField(serializers.Field):
    """A day (``YYYY-MM-DD``) or a moment (``YYYY-MM-DDTHH:MM[:SS]``, optional offset; UK time without one)."""

    default_error_messages = {"invalid": "Must be a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM, UK time unless an offset is given."}

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(MOMENT, data):
            self.fail("invalid")
        try:
            if "T" not in data:
                return dt.date.fromisoformat(data)
            moment = dt.datetime.fromisoformat(data.replace("Z", "+00:00"))
            moment = moment if moment.tzinfo else moment.replace(tzinfo=LONDON)
            moment.astimezone(dt.timezone.utc)  # the database compares in UTC: 9999-12-31T23:00-05:00 has none
        except (ValueError, OverflowError):
            self.fail("invalid")
        return moment

    def to_representation(self, value):
        return value.isoformat()


class QueryParameters(serializers.Serializer):
    """Base of every endpoint's query-parameter serializer."""

    @classmethod
    def parse(cls, request) -> dict:
        """The validated parameters of ``request``, those not given (or blank) left out; a 400 otherwise."""
        known = set(cls().fields) | {api_settings.URL_FORMAT_OVERRIDE}
        # A misspelt filter must not silently return everything: unknown names are refused.
        unknown = sorted(name for name in request.query_params if name not in known)
        if unknown:
            takes = ", ".join(sorted(cls().fields))
            raise ValidationError({name: [f"Unknown parameter; this endpoint takes {takes}."] for name in unknown})
        repeated = sorted(name for name in request.query_params if len(request.query_params.getlist(name)) > 1)
        if repeated:
            raise ValidationError({name: ["Given more than once."] for name in repeated})
        parameters = cls(data=request.query_params.dict())
        parameters.is_valid(raise_exception=True)
        return {name: value for name, value in parameters.validated_data.items() if value not in (None, "")}


class PageParameters(QueryParameters):
    page = serializers.IntegerField(min_value=1, required=False, help_text="Page number, from 1.")
    page_size = serializers.IntegerField(
        min_value=1, max_value=100, required=False, help_text="Results per page (default 20, at most 100)."
    )

    def to_internal_value(self, data):
        # Plain digits only: DRF's IntegerField would take "1.0" or " 1".
        for name in ("page", "page_size"):
            if name in data and not re.fullmatch(r"[0-9]{1,9}", data[name]):
                raise ValidationError({name: ["A whole number is required."]})
        return super().to_internal_value(data)


# --------------------------------------------------------------------------
# Pagination
# --------------------------------------------------------------------------


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_schema_operation_parameters(self, view):
        return []  # documented, with their limits, by each endpoint's PageParameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        return response


# --------------------------------------------------------------------------
# Conditional GET
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: dt.datetime | None


# How long a process trusts the data version it last read: a 304 then runs no query at all.
# After a reload elsewhere, this process may answer with the old validators for this long.
DATA_VERSION_TTL = 2.0


def data_version() -> tuple[str, dt.datetime] | None:
    """The loaded data's version, remembered for ``DATA_VERSION_TTL`` seconds per process."""
    return loaded_data_version.current(ttl=DATA_VERSION_TTL)


def forget_data_version() -> None:
    """Read the version afresh on the next request (tests; loads call ``guidance.data_version.forget``)."""
    loaded_data_version.forget()


def validators_for(request, *, depends_on_today: bool) -> Validators:
    """ETag and Last-Modified of the answer to ``request``, without computing the answer."""
    version = data_version()
    digest, modified_at = version if version else ("no-data", None)
    today = london_today() if depends_on_today else None
    # The absolute URL (answers contain absolute links), spelt without build_absolute_uri's host
    # validation: CommonMiddleware has validated the host already, and this runs on every 304.
    url = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.path}?{request.META.get('QUERY_STRING', '')}"
    material = "\x1f".join([API_VERSION, digest, today.isoformat() if today else "", url, request.META.get("HTTP_ACCEPT", "")])
    etag = '"' + hashlib.sha256(material.encode("utf-8")).hexdigest()[:40] + '"'
    if today is not None and modified_at is not None:
        # An answer that depends on the date may change at midnight even if the data does not.
        modified_at = max(modified_at, dt.datetime.combine(today, dt.time(), tzinfo=LONDON))
    return Validators(etag=etag, last_modified=modified_at)


def is_not_modified(request, validators: Validators) -> bool:
    """RFC 9110 §13.1: If-None-Match when present (weak comparison), else If-Modified-Since."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        if if_none_match == validators.etag:  # what clients send back, without parsing
            return True
        tags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
        return validators.etag in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    if since is None or validators.last_modified is None:
        return False
    return int(validators.last_modified.timestamp()) <= since


@functools.lru_cache(maxsize=64)
def _http_date(timestamp: float) -> str:
    return http_date(timestamp)  # the same few dates over and over: formatted once each


def stamp(response, validators: Validators) -> None:
    """Validators and caching headers: caches may keep an answer but must revalidate it every time."""
    response.headers["ETag"] = validators.etag
    if validators.last_modified is not None:
        response.headers["Last-Modified"] = _http_date(validators.last_modified.timestamp())
    response.headers["Cache-Control"] = "no-cache"
    if response.has_header("Vary"):
        patch_vary_headers(response, ["Accept"])
    else:
        response.headers["Vary"] = "Accept"


# --------------------------------------------------------------------------
# Base views and throttles
# --------------------------------------------------------------------------


class ApiView(APIView):
    """Anonymous, read-only, conditional GET. Subclasses set ``depends_on_today`` to False when
    their answer does not change with the date."""

    authentication_classes: list = []  # nobody logs in to the API: no session, no CSRF
    depends_on_today = True

    @classmethod
    def as_view(cls, **initkwargs):
        """DRF's view function behind a conditional-GET check that runs first: a 304 costs the
        validators (no query while the data version is fresh) and no view instance, no DRF request."""
        view = super().as_view(**initkwargs)
        depends_on_today = cls.depends_on_today

        def conditional_view(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                validators = validators_for(request, depends_on_today=depends_on_today)
                if is_not_modified(request, validators):
                    response = HttpResponseNotModified()
                    stamp(response, validators)
                    return response
                request.api_validators = validators  # stamped on the 200 by finalize_response
            return view(request, *args, **kwargs)

        # Keep what Django and drf-spectacular read off the view: cls, initkwargs, csrf_exempt.
        return functools.update_wrapper(conditional_view, view)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        validators = getattr(request, "api_validators", None)
        if validators is not None and response.status_code == 200:
            stamp(response, validators)
        return response


class ListView(ApiView):
    """A paginated list: ``parameters_class`` validates the query, ``get_queryset`` calls one selector."""

    pagination_class = Pagination
    parameters_class: type[PageParameters] = PageParameters
    serializer_class: type[serializers.Serializer]

    def get_queryset(self, parameters: dict):
        raise NotImplementedError

    def get_serializer_context(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        parameters = self.parameters_class.parse(request)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(self.get_queryset(parameters), request, view=self)
        context = {"request": request, **self.get_serializer_context()}
        serializer = self.serializer_class(page, many=True, context=context)
        return paginator.get_paginated_response(serializer.data)


class EvaluateAnonThrottle(AnonRateThrottle):
    """Anonymous evaluate calls, per client address (rate: REST_FRAMEWORK's "evaluate_anon")."""

    scope = "evaluate_anon"


# --------------------------------------------------------------------------
# Schema documentation shared by the endpoints
# --------------------------------------------------------------------------

VALIDATOR_HEADERS = [
    OpenApiParameter(
        "ETag", str, OpenApiParameter.HEADER, response=[200, 304],
        description="Identifies this representation of the data; send it back as If-None-Match.",
    ),
    OpenApiParameter(
        "Last-Modified", str, OpenApiParameter.HEADER, response=[200, 304],
        description="When the data (or, for answers depending on it, the date) last changed.",
    ),
]
RETRY_AFTER_HEADER = OpenApiParameter(
    "Retry-After", int, OpenApiParameter.HEADER, response=[429], description="Seconds to wait before trying again."
)

ERROR_DESCRIPTIONS = {
    400: "Invalid input: a query parameter or body field has a value the API does not accept (named in `fields`).",
    403: "Refused: the API is read-only for anonymous clients.",
    404: "Not found: no such resource, or a page beyond the last.",
    415: "The body must be JSON (Content-Type: application/json).",
    422: "Well formed, but not answerable: no version of the policy was in force on `as_of`.",
    429: "Too many requests from this address; see Retry-After.",
}


def refuse_unknown_request_fields(result, generator, request, public):
    """drf-spectacular post-processing hook: request bodies document ``additionalProperties: false``,
    as the API refuses fields it does not know (responses stay open: clients ignore new fields)."""
    schemas = result.get("components", {}).get("schemas", {})
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                reference = media.get("schema", {}).get("$ref", "")
                name = reference.rsplit("/", 1)[-1]
                if name in schemas:
                    schemas[name]["additionalProperties"] = False
    return result


def responses(ok, *error_codes: int, ok_description: str = "OK", conditional: bool = True) -> dict:
    """The ``responses`` of ``extend_schema``: the answer, 304 for conditional GETs, and errors."""
    documented = {200: OpenApiResponse(ok, description=ok_description)}
    if conditional:
        documented[304] = OpenApiResponse(
            description="Not modified: the client sent `If-None-Match` with this answer's ETag, or "
            "`If-Modified-Since` no earlier than its Last-Modified (standard HTTP conditional request headers)."
        )
    for code in error_codes:
        documented[code] = OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[code])
    return documented
