"""Every write to the pipeline's data goes through here: loading fixtures, editorial corrections."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from sources import changes, corrections, data_version, registry
from sources.models import CorrectionStatus, DataChange, DataLoad, EditorialCorrection, SourceDocument


@transaction.atomic
def load_fixtures(*, paths: list[Path]) -> dict[str, int]:
    """Replace all source-derived data with the given fixture files, all or nothing.

    The whole replacement runs in one transaction: a fixture that fails to load
    (a bad record, a missing file) rolls everything back and the database is
    left exactly as it was.

    The same transaction records the load (``DataLoad``: the data version the
    API's ETag and Last-Modified come from) and what it added, changed or
    removed (``DataChange``, compared by content hash; the first load into an
    empty database records everything as added). Both are history: a reload
    never deletes them.
    """
    missing = [str(path) for path in paths if not Path(path).exists()]
    if missing:
        raise FileNotFoundError(f"fixture file(s) not found: {', '.join(missing)} (run 'make fixtures')")
    before = changes.snapshot()
    # The apps registered last build on the ones before (policies on guidance): clear them first.
    for hooks in reversed(registry.load_hooks):
        hooks.delete()
    SourceDocument.objects.all().delete()
    call_command("loaddata", *[str(path) for path in paths], verbosity=0)
    # Editors' corrections go back on before anything compares or indexes the new data.
    replayed = corrections.replay(
        EditorialCorrection.objects.filter(status=CorrectionStatus.ACTIVE).order_by("pk")
    )
    _after_data_changed()
    _analyse_loaded_tables()

    now = timezone.now()
    after = changes.snapshot()
    # A digest of the data as loaded (fixtures, corrections replayed), not of the files alone:
    # equal digests mean equal answers, so an unchanged reload keeps clients' caches valid.
    digest = changes.digest(after)
    previous = DataLoad.objects.order_by("-loaded_at").first()
    modified_at = previous.modified_at if previous and previous.digest == digest else now
    DataLoad.objects.create(
        loaded_at=now, digest=digest, files=[Path(p).name for p in paths], modified_at=modified_at
    )
    data_version.forget()  # this process answers with the new version at once
    transaction.on_commit(data_version.forget)  # and not with one read between now and the commit
    recorded = DataChange.objects.bulk_create(
        DataChange(
            changed_at=now,
            action=change.action,
            kind=change.kind,
            key=change.key,
            version=change.version,
            title=change.title[:500],
            summary=change.summary,
        )
        for change in changes.diff(before, after)
    )
    counts: dict = {}
    for hooks in registry.load_hooks:
        counts.update(hooks.counts() if hooks.counts else {})
    return {
        **counts,
        "documents": SourceDocument.objects.count(),
        "changes": len(recorded),
        "corrections_applied": replayed.applied,
        "correction_conflicts": replayed.conflicts,
    }


@transaction.atomic
def record_correction(
    *, instance, field: str, corrected_value: str, author=None, reason: str = ""
) -> EditorialCorrection:
    """Correct one field of a parsed row and remember it, so the next load applies it again.

    The value the sources gave is kept from the first correction of that
    field, so a second edit still knows what the sources said.
    """
    label = instance._meta.label_lower
    if field not in corrections.correctable_fields(label):
        raise ValueError(f"{label}.{field} is not correctable")
    correction = EditorialCorrection.objects.filter(
        model_label=label, object_pk=instance.pk, field=field, status=CorrectionStatus.ACTIVE
    ).first()
    if correction is None:
        source_value = str(type(instance).objects.values_list(field, flat=True).get(pk=instance.pk))
        correction = EditorialCorrection(
            model_label=label, object_pk=instance.pk, field=field, source_value=source_value
        )
    correction.object_repr = str(instance)[:300]
    correction.corrected_value = corrected_value
    correction.author = author
    correction.reason = reason
    correction.save()
    corrections.set_field(instance, field, corrected_value)
    instance.save()
    _data_changed_by_editor(f"correction {correction.pk} {label} {instance.pk} {field}={corrected_value}")
    _after_data_changed()
    return correction


def _analyse_loaded_tables() -> None:
    """Fresh planner statistics for what was just written (PostgreSQL; autovacuum may be off or late).

    Without them the planner meets a bulk load blind and picks plans fit for
    empty tables. The tables are those the change feed follows and those they
    point at; ANALYZE runs in the load's transaction, so it sees the new rows.
    """
    if connection.vendor != "postgresql":
        return
    models = {SourceDocument}
    for source in registry.change_sources:
        for part in source.parts():
            models.add(part.model)
            models.update(
                field.related_model for field in part.model._meta.concrete_fields if field.is_relation
            )
            models.update(field.remote_field.through for field in part.model._meta.many_to_many)
    tables = sorted({model._meta.db_table for model in models if model is not None and model._meta.managed})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))


def _after_data_changed() -> None:
    """What the apps refresh from their rows once they change (search vectors, ...)."""
    for hooks in registry.load_hooks:
        if hooks.after_load:
            hooks.after_load()


def _data_changed_by_editor(what: str) -> None:
    """A new data version after an admin edit, so ETags, Last-Modified and cached pages move on."""
    latest = DataLoad.objects.order_by("-loaded_at").first()
    now = timezone.now()
    digest = hashlib.sha256(f"{latest.digest if latest else ''}\0{what}".encode()).hexdigest()
    DataLoad.objects.create(
        loaded_at=now, digest=digest, files=latest.files if latest else [], modified_at=now
    )
    data_version.forget()
    transaction.on_commit(data_version.forget)
