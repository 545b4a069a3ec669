"""Refuse an oversized API body by its Content-Length, with the API's problem document, before any work."""

from __future__ import annotations

from django.conf import settings

from apicore.errors import problem_response
from apicore.parsers import too_large


class ApiBodyLimitMiddleware:
    """Under ``/api/``, a declared body over ``API_MAX_BODY_BYTES`` is a 413 problem at once.

    A body sent without a Content-Length is still bounded: the parser reads at
    most the limit (``apicore.parsers``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > settings.API_MAX_BODY_BYTES:
                error = too_large()
                return problem_response(request, error.status_code, error.default_code, str(error.detail))
        return self.get_response(request)
