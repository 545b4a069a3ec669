"""One error body for every API answer: DRF's handler, the API's own 404 and its 500."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.urls import Resolver404, resolve
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


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
    return JsonResponse(error_body(404, "not_found", message), status=404)


def server_error(request):
    """``handler500``: the API's error shape under /api/, Django's page everywhere else."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body(500, "server_error", "The server could not answer this request."), status=500
        )
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
