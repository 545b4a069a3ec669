"""gunicorn settings for `make serve`; each can be overridden on the command line or by env."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
# gunicorn's longest request line (its default, 4094, answers longer ones with its own HTML 400
# before the API can answer in its own shape); a fronting proxy's limit should be no lower.
limit_request_line = 8190
# Requests are logged by the app as JSON (web.middleware); gunicorn's own access log would repeat them.
accesslog = None
errorlog = "-"


def on_starting(server):
    """Refuse to start several workers on per-process caches: throttles and the page cache must be shared.

    Each worker's local-memory cache counts requests on its own, so a client
    could make ``workers`` times the documented number of throttled requests.
    """
    if server.cfg.workers > 1 and not os.environ.get("CACHE_URL"):
        raise RuntimeError(
            f"{server.cfg.workers} gunicorn workers need a shared cache: set CACHE_URL=redis://host:6379/0 "
            "(or GUNICORN_WORKERS=1)."
        )
