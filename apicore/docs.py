"""The OpenAPI schema and the interactive docs (docs/adr/0006-api-conventions.md).

Apart from ``apicore.views`` because drf-spectacular's views import DRF's generic
views, which import the pagination class named in the settings.
"""

from __future__ import annotations

import hashlib

from django.http import HttpResponse, HttpResponseNotModified
from django.template import engines
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


class DocsView(_AnswersOptions, SpectacularSwaggerSplitView):
    """Swagger UI served from the sidecar's static files (no CDN), CSP-clean."""

    url_name = "api-schema"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is not None:
            return response  # the init script, as application/javascript
        page = engines["django"].from_string(DOCS_PAGE).render(response.data, request)
        return HttpResponse(page, content_type="text/html; charset=utf-8")
