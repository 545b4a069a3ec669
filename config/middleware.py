"""Cross-cutting request handling: a structured log line per request."""

import logging
import time
import uuid

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
                "user": "authenticated" if getattr(request, "user", None) and request.user.is_authenticated else "anonymous",
            },
        )
        return response
