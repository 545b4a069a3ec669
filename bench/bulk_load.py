"""Load fixture records into an empty database with bulk writes: ``load_fixtures`` for a national-scale bench.

``sources.actions.load_fixtures`` runs ``loaddata``, which saves one object at
a time, and hashes every row for the change feed: right for the real corpus,
most of an hour for 10,000 copies of the seeds (well over a million rows).
This does what a first load does, in one transaction (the rows, the apps'
after-load hooks such as search vectors, ANALYZE, the data version and the
change feed, where everything is new), but writes each table with ``COPY`` on
PostgreSQL (multi-row INSERTs elsewhere). For benchmarks only: it trusts the
records (no model validation, no signals) and expects an empty database
(``bench_latency`` flushes it first).
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from collections import defaultdict
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from sources import actions, changes, data_version, registry
from sources.models import DataChange, DataLoad, SourceDocument

BATCH = 2000


@contextmanager
def _step(name: str):
    started = time.perf_counter()
    yield
    print(f"#   {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


NULL = "\\N"


def _copy_text(field, value) -> str:
    if value is None:
        return NULL
    if field.get_internal_type() == "JSONField":
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


def _copy(model, records: list[dict]) -> None:
    """``COPY`` the records into the model's own table (PostgreSQL)."""
    fields = model._meta.local_concrete_fields
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for rec in records:
        values = rec["fields"]
        row = []
        for field in fields:
            if field.primary_key:
                value = rec["pk"]
            elif field.name in values:
                value = values[field.name]
            else:
                value = field.get_default()
            row.append(_copy_text(field, value))
        writer.writerow(row)
    buffer.seek(0)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')"
    with connection.cursor() as cursor:
        cursor.connection.cursor().copy_expert(sql, buffer)


def _rows(model, records: list[dict]) -> tuple[list[str], list[tuple]]:
    fields = model._meta.local_concrete_fields
    columns = [field.column for field in fields]
    rows = []
    for rec in records:
        values = rec["fields"]
        row = []
        for field in fields:
            if field.primary_key:
                value = rec["pk"]
            elif field.name in values:
                value = values[field.name]
                if value is not None and not field.is_relation:
                    value = field.to_python(value)  # as loaddata would: "2025-06-01" to a date
            else:
                value = field.get_default()
            row.append(field.get_db_prep_save(value, connection))
        rows.append(tuple(row))
    return columns, rows


def _insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            cursor.execute(head + ", ".join([one] * len(batch)), [value for row in batch for value in row])


def _write(records: list[dict]) -> None:
    by_model: dict[str, list[dict]] = defaultdict(list)
    order: list[str] = []
    for rec in records:
        if rec["model"] not in by_model:
            order.append(rec["model"])
        by_model[rec["model"]].append(rec)
    # Parents before children: multi-table parents (a GuidanceDocument's SourceDocument) first,
    # then in the fixtures' own order, which meets referenced rows first.
    order.sort(key=lambda label: label != "sources.sourcedocument")
    for label in order:
        model = apps.get_model(label)
        if connection.vendor == "postgresql":
            _copy(model, by_model[label])
        else:
            _insert(model._meta.db_table, *_rows(model, by_model[label]))
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            source, target = field.m2m_column_name(), field.m2m_reverse_name()
            pairs = [
                (rec["pk"], other) for rec in by_model[label] for other in rec["fields"].get(field.name) or []
            ]
            if pairs:
                _insert(through._meta.db_table, [source, target], pairs)


def _everything_added() -> list[changes.Change]:
    """The change feed of a first load: every record new (``changes.diff`` from nothing)."""
    after = {
        (source.kind, key, version): changes.Record(kind=source.kind, key=key, version=version, title=title)
        for source in registry.change_sources
        if source.titles
        for key, version, title in source.titles()
    }
    return changes.diff({}, after)


@transaction.atomic
def load_records(records: list[dict]) -> int:
    """Write ``records`` (fixture format) into an empty database; return the changes recorded."""
    if connection.vendor == "postgresql":
        # A million rows take longer than the statement timeout pages are held to.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")
    if SourceDocument.objects.exists():
        raise RuntimeError("bench.bulk_load writes into an empty database: flush it first")
    with _step("insert"):
        _write(records)
    # Statistics before the after-load hooks too: their UPDATEs (search vectors) join the new
    # rows, and planned blind they take minutes at this scale.
    with _step("analyse, after-load hooks (search vectors), analyse"):
        actions._analyse_loaded_tables()
        actions._after_data_changed()
        actions._analyse_loaded_tables()
    now = timezone.now()
    DataLoad.objects.create(loaded_at=now, digest=f"bench {len(records)}", files=["bench"], modified_at=now)
    data_version.forget()
    transaction.on_commit(data_version.forget)
    with _step("change feed"):
        recorded = DataChange.objects.bulk_create(
            (
                DataChange(
                    changed_at=now,
                    action=change.action,
                    kind=change.kind,
                    key=change.key,
                    version=change.version,
                    title=change.title[:500],
                    summary=change.summary,
                )
                for change in _everything_added()
            ),
            batch_size=BATCH,
        )
    transaction.on_commit(actions._vacuum_loaded_tables)  # as load_fixtures does
    return len(recorded)
