"""The OpenAPI schema and the interactive docs (docs/adr/0006-api-conventions.md).

Apart from ``apicore.views`` because drf-spectacular's views import DRF's generic
views, which import the pagination class named in the settings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, HttpResponseNotModified
from django.template import engines
from django.template.loader import render_to_string
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apicore.conditional import Validators, is_not_modified, stamp


class _AnswersOptions:
    """OPTIONS answers which methods there are, with no body (the stock metadata needs a serializer)."""

    def options(self, request, *args, **kwargs):
        return HttpResponse(status=200)  # DRF adds the Allow header


class SchemaView(_AnswersOptions, SpectacularAPIView):
    """The OpenAPI schema, with an ETag from its bytes (it changes with the code, not the data)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            validators = Validators(
                etag='"' + hashlib.sha256(response.content).hexdigest()[:40] + '"', last_modified=None
            )
            if is_not_modified(request, validators):
                response = HttpResponseNotModified()
            stamp(response, validators)
        return response


# The stock page of drf-spectacular, less its inline <style>: this site's CSP allows
# no inline style or script, so the init script comes from ``?script`` as a file.
DOCS_PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <title>{{ title }}</title>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="icon" href="{{ favicon_href }}">
    <link rel="stylesheet" href="{{ swagger_ui_css }}">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="{{ swagger_ui_bundle }}"></script>
    <script src="{{ swagger_ui_standalone }}"></script>
    <script src="{{ script_url }}"></script>
  </body>
</html>
"""


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "query", "path"
    required: bool
    kind: str  # "string", "integer", "one of: a, b"
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    responses: tuple[tuple[str, str], ...]  # (status, description)
    has_body: bool


def _kind(schema: Mapping[str, Any]) -> str:
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"])
    kind = str(schema.get("type", "value"))
    if schema.get("format"):
        kind += f" ({schema['format']})"
    if kind == "array" and isinstance(schema.get("items"), Mapping):
        kind = "list of " + _kind(schema["items"])
    return kind


def operations(schema: Mapping[str, Any]) -> list[Operation]:
    """The operations of an OpenAPI 3 schema, in path order, as plain data a template shows.

    Pure: the schema drf-spectacular generates in, ``Operation`` values out.
    """
    found = []
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            parameters = tuple(
                Parameter(
                    name=p["name"],
                    location=p.get("in", ""),
                    required=bool(p.get("required")),
                    kind=_kind(p.get("schema", {})),
                    description=" ".join(str(p.get("description", "")).split()),
                )
                for p in operation.get("parameters", ())
            )
            responses = tuple(
                (str(status), " ".join(str(r.get("description", "")).split()))
                for status, r in operation.get("responses", {}).items()
            )
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    anchor=operation.get("operationId") or f"{method}-{path}".replace("/", "-"),
                    summary=operation.get("summary", ""),
                    description=str(operation.get("description", "")).strip(),
                    parameters=parameters,
                    responses=responses,
                    has_body="requestBody" in operation,
                )
            )
    return found


_SCHEMA: dict = {}


def _schema(request) -> dict:
    """The schema ``SchemaView`` serves, built once per process: it follows the code, not the data."""
    if not _SCHEMA:
        generator = SchemaView.generator_class(urlconf=SchemaView.urlconf, api_version=SchemaView.api_version)
        _SCHEMA.update(generator.get_schema(request=request, public=SchemaView.serve_public))
    return _SCHEMA


class DocsView(_AnswersOptions, SpectacularSwaggerSplitView):
    """The API reference as a server-rendered page (no script, the site's own stylesheet), and
    Swagger UI from the sidecar's static files (no CDN, CSP-clean) at ``?ui=swagger``.

    The reference is what ``/api/docs/`` shows: it needs no JavaScript and passes axe, which the
    stock Swagger UI does not; the interactive explorer stays one link away for developers.
    """

    url_name = "api-schema"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if request.GET.get("script") is not None:
            return super().get(request, *args, **kwargs)  # the Swagger init script, as application/javascript
        if request.GET.get("ui") == "swagger":
            response = super().get(request, *args, **kwargs)
            page = engines["django"].from_string(DOCS_PAGE).render(response.data, request)
            return HttpResponse(page, content_type="text/html; charset=utf-8")
        schema = _schema(request)
        context = {"info": schema.get("info", {}), "operations": operations(schema)}
        return HttpResponse(
            render_to_string("apicore/docs.html", context, request=request),
            content_type="text/html; charset=utf-8",
        )
