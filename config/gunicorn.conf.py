"""gunicorn settings for `make serve`; each can be overridden on the command line or by env."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
keepalive = 5
# Requests are logged by the app as JSON (web.middleware); gunicorn's own access log would repeat them.
accesslog = None
errorlog = "-"
