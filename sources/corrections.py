"""Editorial corrections: which fields editors may correct, and replaying them after a load.

The rule (docs/adr/0009): a correction remembers the value the sources gave
(``source_value``). After every load it is applied again only while the
sources still give that value; when they say something else, or the row is
gone, it becomes a conflict and the sources' value stands until an editor
decides. Rows are found by primary key, which ingest derives from the natural
key (``sources.natural_keys``), so a key means the same row on every load. Each
app registers the fields editors may correct (``sources.registry.correctable``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

from sources import registry
from sources.rendering import render_text


def correctable_fields(model_label: str) -> dict[str, str | None]:
    return registry.correctable.get(model_label, {})


def set_field(instance, field: str, value: str) -> None:
    """Set a correctable field and re-render its HTML twin through the one rendering path."""
    setattr(instance, field, value)
    html_field = correctable_fields(instance._meta.label_lower).get(field)
    if html_field:
        setattr(instance, html_field, render_text(value))


@dataclass(frozen=True)
class ReplayOutcome:
    applied: int
    conflicts: list[str]  # one line per conflict, for the command's report


def replay(corrections) -> ReplayOutcome:
    """Re-apply active corrections to freshly loaded rows; mark the ones the sources contradict.

    ``corrections`` is an iterable of ``EditorialCorrection`` rows; the caller
    runs this inside the load's transaction.
    """
    applied, conflicts = 0, []
    for correction in corrections:
        model = apps.get_model(correction.model_label)
        instance = model.objects.filter(pk=correction.object_pk).first()
        if instance is None:
            correction.mark_conflict(None, "the row is no longer in the sources")
        else:
            current = str(getattr(instance, correction.field))
            if current == correction.corrected_value:
                continue  # the sources now say what the editor said: nothing to do
            if current != correction.source_value:
                correction.mark_conflict(current, "the sources now give a different value")
            else:
                set_field(instance, correction.field, correction.corrected_value)
                instance.save()
                applied += 1
                continue
        correction.save()
        conflicts.append(
            f"{correction.model_label} {correction.object_repr!r} field {correction.field}: {correction.conflict_reason}"
        )
    return ReplayOutcome(applied=applied, conflicts=conflicts)
