"""Editorial corrections: which fields editors may correct, and replaying them after a load.

The rule (docs/adr/0009): a correction remembers the value the sources gave
(``source_value``). After every load it is applied again only while the
sources still give that value; when they say something else, or the row is
gone, it becomes a conflict and the sources' value stands until an editor
decides. A row is found by the content of the line it was read from (the
document's URL and the line's hash, ``anchor_*``), so a new capture that moves
the line or renames the file still finds it; rows that record no line (a
procedure's title) by primary key, which ingest derives from the natural key.
Each app registers the fields editors may correct (``sources.registry.correctable``)
and may register a replayer of its own curation (``register_replayer``).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils import timezone

from sources import registry
from sources.models import SourceDocument
from sources.rendering import render_text

DOCUMENT_LABEL = "sources.sourcedocument"


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
    runs this inside the load's transaction. A correction keyed on content
    finds its row by the lines it was read from, wherever they are now; one
    whose lines are gone is a conflict, kept and reported, never dropped.
    """
    applied, conflicts = 0, []
    for correction in corrections:
        instance, missing = _row_for(correction)
        if instance is None:
            correction.mark_conflict(None, missing)
        else:
            current = str(getattr(instance, correction.field))
            if current == correction.corrected_value:
                correction.save()  # the sources now say what the editor said; keep the new hints
                continue
            if current != correction.source_value:
                correction.mark_conflict(current, "the sources now give a different value")
            else:
                set_field(instance, correction.field, correction.corrected_value)
                instance.save()
                correction.save()
                applied += 1
                continue
        correction.save()
        conflicts.append(
            f"{correction.model_label} {correction.object_repr!r} field {correction.field}: {correction.conflict_reason}"
        )
    return ReplayOutcome(applied=applied, conflicts=conflicts)


def report(counts: dict) -> list[str]:
    """What ``ingest --load`` and ``load_fixtures`` print of a load's editorial replay (ADR 0009)."""
    conflicts = counts.get("correction_conflicts") or []
    if not counts.get("corrections_applied") and not conflicts:
        return []
    head = (
        f"Editorial changes: {counts.get('corrections_applied', 0)} replayed, {len(conflicts)} in conflict."
    )
    return [head, *(f"  conflict: {conflict}" for conflict in conflicts)]


# What other apps replay after the corrections (curated trees, decisions set by an editor):
# each a callable returning a ``ReplayOutcome``, registered by the app that owns the rows.
replayers: list = []


def replay_each(curations, apply, describe) -> ReplayOutcome:
    """Apply each curation in turn; one that cannot be applied becomes a kept conflict (ADR 0017).

    ``curations`` holds the active ones and those in conflict: a conflict whose lines are
    found again is applied and active again.

    ``apply(curation)`` returns None when it was applied, else why not; ``describe(curation)``
    names it in the load's report. The curation models share the fields written here
    (``status``, ``conflict_reason``, ``conflict_at``).
    """
    applied, conflicts = 0, []
    for curation in curations:
        problem = apply(curation)
        if problem is None:
            applied += 1
            if curation.status == "conflict":
                # Tried again at every load: a capture that prints its lines again brings it back.
                curation.status, curation.conflict_reason, curation.conflict_at = "active", "", None
                curation.save()
            continue
        curation.status = "conflict"
        curation.conflict_reason = problem[:300]
        curation.conflict_at = timezone.now()
        curation.save()
        conflicts.append(f"{describe(curation)}: {problem}")
    return ReplayOutcome(applied=applied, conflicts=conflicts)


def register_replayer(replayer) -> None:
    if replayer not in replayers:
        replayers.append(replayer)


def replay_curations() -> ReplayOutcome:
    """Every registered replayer, in registration order, their outcomes added up."""
    applied, conflicts = 0, []
    for replayer in replayers:
        outcome = replayer()
        applied += outcome.applied
        conflicts += outcome.conflicts
    return ReplayOutcome(applied=applied, conflicts=conflicts)


# --------------------------------------------------------------------------
# Content keys: which lines of which document a curated fact stands on
# --------------------------------------------------------------------------
#
# A row's primary key derives from the file name (and often a line), and a new
# capture of the same page gets a new file name and may shift every line: a key
# on them orphans every correction of the document. A correction is therefore
# anchored on what survives a re-capture: the document's published URL (the
# manifest's ``url``) and the sha256 of the normalised text of the line(s) the
# fact was read from, in order. ``object_pk`` and the line numbers stay as hints.


def normalise_line(text: str) -> str:
    """A line as compared across captures: NFKC (non-breaking spaces), whitespace collapsed, stripped."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def line_hash(text: str) -> str:
    return hashlib.sha256(normalise_line(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Anchor:
    document: str  # the document's published URL
    hashes: list[str]
    lines: list[int]  # where the lines were when the anchor was taken (hints)
    text: str  # the first line's words, for a conflict's message


def anchor_lines(*, document: str, text: str, lines: list[int]) -> Anchor:
    """The anchor of ``lines`` (numbered from 1) of a document's ``text``."""
    numbered = text.splitlines()
    words = [numbered[n - 1] if 0 < n <= len(numbered) else "" for n in lines]
    return Anchor(
        document=document,
        hashes=[line_hash(w) for w in words],
        lines=list(lines),
        text=normalise_line(words[0])[:120] if words else "",
    )


def find_lines(text: str, hashes: list[str], hints: list[int]) -> list[int] | None:
    """Where ``hashes`` occur, in that order, in ``text``: the run nearest the hinted lines; None if nowhere.

    Each hash is looked for after the previous one's line, so moved lines are
    found wherever the re-capture put them, as long as their order is kept.
    """
    if not hashes:
        return None
    positions: dict[str, list[int]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        positions.setdefault(line_hash(line), []).append(number)
    best: list[int] | None = None
    for start in positions.get(hashes[0], []):
        found = [start]
        for wanted in hashes[1:]:
            later = [n for n in positions.get(wanted, []) if n > found[-1]]
            if not later:
                break
            found.append(later[0])
        if len(found) != len(hashes):
            continue
        hint = hints[0] if hints else start
        if best is None or abs(start - hint) < abs(best[0] - hint):
            best = found
    return best


def document_lookup(model) -> str | None:
    """The lookup from ``model`` to the source document its rows were read from ("version__document")."""
    frontier: list[tuple[Any, str]] = [(model, "")]
    for _depth in range(3):
        following = []
        for current, path in frontier:
            for field in current._meta.concrete_fields:
                if not field.many_to_one and not field.one_to_one:
                    continue
                related = field.related_model
                lookup = f"{path}__{field.name}" if path else field.name
                if related is not None and _is_document(related):
                    return lookup
                if related is not None and related is not current:
                    following.append((related, lookup))
        frontier = following
    return None


def _is_document(model) -> bool:
    """Whether ``model`` is ``SourceDocument`` or extends it (historical models in migrations too)."""
    labels = [
        model._meta.label_lower,
        *(parent._meta.label_lower for parent in model._meta.get_parent_list()),
    ]
    return DOCUMENT_LABEL in labels


def anchor_of(instance) -> Anchor | None:
    """The content anchor of a parsed row that records its ``line``; None for rows that record none."""
    model = type(instance)
    if "line" not in {field.name for field in model._meta.concrete_fields}:
        return None
    lookup = document_lookup(model)
    if lookup is None or instance.line is None:
        return None
    document = instance
    for name in lookup.split("__"):
        document = getattr(document, name)
    return anchor_lines(document=document.source_url, text=document.text, lines=[instance.line])


def set_anchor(correction, instance) -> None:
    """Key ``correction`` on the content of the line its row was read from (no-op for rows without one)."""
    anchor = anchor_of(instance)
    if anchor is not None:
        correction.anchor = anchor.document
        correction.anchor_hashes = anchor.hashes
        correction.anchor_lines = anchor.lines
        correction.anchor_text = anchor.text


def locate(documents, *, document: str, hashes: list[str], hints: list[int]):
    """(the document, the lines) where an anchor's lines are now; (None, None) when they are not.

    ``documents`` is a queryset of ``SourceDocument`` (or a subclass). Only the
    latest capture of the URL is read: it is what readers are served, so a
    curation whose lines an earlier capture still has but the latest has not
    is a conflict, never applied to the old capture and silently lost.
    """
    latest = documents.filter(source_url=document).order_by("-retrieved_on", "-filename").first()
    if latest is None:
        return None, None
    lines = find_lines(latest.text, hashes, hints)
    return (latest, lines) if lines is not None else (None, None)


def _row_for(correction):
    """The freshly loaded row a correction is about, and why not when it cannot be found."""
    model = apps.get_model(correction.model_label)
    if not correction.anchor_hashes:
        instance = model.objects.filter(pk=correction.object_pk).first()
        return instance, None if instance else "the row is no longer in the sources"
    document, lines = locate(
        SourceDocument.objects.all(),
        document=correction.anchor,
        hashes=correction.anchor_hashes,
        hints=correction.anchor_lines,
    )
    if document is None:
        return None, f"line '{correction.anchor_text[:60]}…' no longer in the source"
    lookup = document_lookup(model)
    rows = list(model.objects.filter(**{f"{lookup}__pk": document.pk, "line": lines[0]}))
    by_value = [
        row
        for row in rows
        if str(getattr(row, correction.field)) in (correction.source_value, correction.corrected_value)
    ]
    chosen = next((row for row in rows if row.pk == correction.object_pk), None)
    chosen = chosen or (by_value[0] if by_value else rows[0] if len(rows) == 1 else None)
    if chosen is None:
        return (
            None,
            f"no {model._meta.verbose_name} read from line {lines[0]} of {document.filename} any more",
        )
    correction.object_pk = chosen.pk
    correction.anchor_lines = lines
    return chosen, None
