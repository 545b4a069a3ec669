"""Reads of the pipeline's own records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from sources import registry
from sources.clock import LONDON
from sources.models import DataChange, DataLoad, SourceDocument


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


@dataclass(frozen=True)
class SourceLineView:
    number: int
    text: str
    facts: list[registry.FactLine]


def source_document(filename: str) -> SourceDocument:
    """The document by file name; ``SourceDocument.DoesNotExist`` when no load holds it."""
    return SourceDocument.objects.get(filename=filename)


def source_lines(document: SourceDocument) -> list[SourceLineView]:
    """Every line of the captured text, numbered from 1, with the facts each app read from it."""
    by_line: dict[int, list[registry.FactLine]] = defaultdict(list)
    for provider in registry.fact_line_providers:
        for fact in provider(document):
            by_line[fact.line].append(fact)
    return [
        SourceLineView(number, text, by_line.get(number, []))
        for number, text in enumerate(document.text.splitlines(), start=1)
    ]


def document_feeds(document: SourceDocument) -> list[tuple[str, str]]:
    """What the document feeds (a procedure, a policy version): label and page, from each app."""
    return [feed for provider in registry.feed_providers for feed in provider(document)]
