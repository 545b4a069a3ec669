"""Reads of the pipeline's own records."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from sources.clock import LONDON
from sources.models import DataChange, DataLoad


def data_version() -> tuple[str, dt.datetime] | None:
    """``(digest, modified_at)`` of the latest fixture load, or None before any: one small query.

    The API's ETag and Last-Modified come from this (docs/adr/0006), so it must
    stay cheap: a 304 answer costs this query and nothing else.
    """
    return DataLoad.objects.order_by("-loaded_at").values_list("digest", "modified_at").first()


def recent_changes(
    *,
    since: dt.datetime | dt.date | None = None,
    limit: int | None = None,
    kind: str | None = None,
    action: str | None = None,
) -> QuerySet[DataChange]:
    """What fixture loads added, changed or removed, newest first (a total order).

    ``since``: changes at or after that moment; a date means from the start of
    that day in the UK, and so does a naive datetime's wall-clock time.
    """
    queryset = DataChange.objects.order_by("-changed_at", "kind", "key", "version")
    if since is not None:
        if not isinstance(since, dt.datetime):
            since = dt.datetime.combine(since, dt.time())
        if since.tzinfo is None:
            since = since.replace(tzinfo=LONDON)
        queryset = queryset.filter(changed_at__gte=since)
    if kind:
        queryset = queryset.filter(kind=kind)
    if action:
        queryset = queryset.filter(action=action)
    return queryset[:limit] if limit is not None else queryset
