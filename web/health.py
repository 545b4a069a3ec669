"""``/healthz``: is this app server able to answer, database included? Always answered within a bound.

A load balancer needs "no" quickly: a database that accepts connections and
never answers must not hold the check for the connect or statement timeout.
The query runs in a thread of its own (with its own connection, closed after);
if it has not answered within ``HEALTHZ_TIMEOUT`` seconds the check answers 503
and the thread is left to give up at the database timeouts.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_state(alias: str) -> str:
    """ "ok", or the class name of what went wrong."""
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy", with the reason
        return error.__class__.__name__
    finally:
        connection.close()
    return "ok"


def check_database(alias: str = "default", timeout: float | None = None) -> str:
    """The database's state, or "timeout" when it does not answer within ``timeout`` seconds."""
    outcome: list[str] = []
    worker = threading.Thread(target=lambda: outcome.append(_database_state(alias)), daemon=True)
    worker.start()
    worker.join(settings.HEALTHZ_TIMEOUT if timeout is None else timeout)
    return outcome[0] if outcome else "timeout"


@never_cache
@require_GET
def healthz(request):
    state = check_database()
    if state != "ok":
        return JsonResponse({"status": "error", "database": state}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
