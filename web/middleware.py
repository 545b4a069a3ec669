"""Cross-cutting request handling: a structured log line per request; caching anonymous answers."""

import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from apicore.conditional import data_version
from sources.clock import london_today

logger = logging.getLogger("ipg.requests")


class RequestLogMiddleware:
    """Log method, path, status, duration and a request id; echo the id in ``X-Request-ID``.

    The id comes from the load balancer's ``X-Request-ID`` when it sends one,
    so a request can be followed across hosts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        logger.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "user": "authenticated"
                if getattr(request, "user", None) and request.user.is_authenticated
                else "anonymous",
            },
        )
        return response


class AnonymousCacheMiddleware:
    """Serve repeated anonymous GETs of pages and API answers from Django's cache.

    Keys carry the scheme, host and URL, the data version (the digest of the last load, read through
    ``apicore.conditional.data_version``) and today's date in London, so loading new
    data, or midnight, moves every process to fresh keys at once: nothing is
    ever served from before a load (beyond the version's two-second memo), on
    local memory or a shared Redis alike. Only plain anonymous 200 answers
    are kept: not the admin, not a response that sets a cookie or used the
    CSRF token (the eligibility form), not conditional requests (the API
    answers those itself, cheaply).
    """

    TIMEOUT = 300

    def __init__(self, get_response):
        self.get_response = get_response
        self.skip_prefixes = (f"/{settings.ADMIN_URL}", "/healthz", "/static/")

    def cacheable_request(self, request) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(self.skip_prefixes)
            and not request.user.is_authenticated
            and "HTTP_IF_NONE_MATCH" not in request.META
            and "HTTP_IF_MODIFIED_SINCE" not in request.META
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def key(self, request) -> str:
        version = data_version()
        material = "\x1f".join(
            [
                version[0] if version else "no-data",
                london_today().isoformat(),
                # Answers carry absolute links: http and https clients must never share one.
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                request.META.get("HTTP_ACCEPT", ""),
                request.method,
            ]
        )
        return "page:" + hashlib.sha256(material.encode("utf-8")).hexdigest()

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        key = self.key(request)
        cached = cache.get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.cacheable_response(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in self.PER_RESPONSE_HEADERS]
            cache.set(key, (response.status_code, headers, response.content), self.TIMEOUT)
        response["X-Cache"] = "miss"
        return response

    # Headers outer middleware sets on every response anyway, or that must not be replayed.
    PER_RESPONSE_HEADERS = {"set-cookie", "x-request-id", "content-security-policy", "x-cache"}

    def cacheable_response(self, request, response) -> bool:
        vary = response.get("Vary", "").lower()
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "cookie" not in vary
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not request.META.get("CSRF_COOKIE_USED")
            and "no-store" not in response.get("Cache-Control", "")
            # A page with a form carries the visitor's own CSRF token: never share it.
            and b"csrfmiddlewaretoken" not in response.content
        )
