"""What a fixture load changed: content hashes of records before and after, compared.

``load_fixtures`` takes a ``snapshot`` of the source-derived records before it
replaces them and another after, and writes the ``diff`` as ``DataChange``
rows (the API's change feed, the home page's "what changed recently").

A record is something a reader follows by its natural key:

- a **procedure** (slug): its title and identifier, its documents (file and
  hash), indications and levels, recommendations, duties, registries, service
  requirements, research needs and timeline;
- a **document** (filename): its provenance and metadata, and its sections;
- a **policy version** (policy slug + the version's filename): the policy's
  title, body and linked procedure, the version's dates and status, its
  criteria tree, definitions, exclusions, thresholds and durations.

Each record is hashed part by part, so a change can say *what* changed
("recommendations, timeline"). Hashes cover every stored column except
database ids, so a change in the parser shows up even when the source text
did not change. A snapshot runs a fixed number of queries (one per part, and
those of each kind's ``notes``).

A record that is a newer version of a document (ADR 0014) also carries a
note, from the apps' diff builders (``guidance.versions``,
``policies.versions``, registered as ``ChangeSource.notes``): its entry then
says what changed in words ("New policy version. Changed on 3 March 2026:
BMI threshold 40 → 35; ..."). Notes are not part of the digest: they are
worked out from the rows the digest already covers.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models

from sources import registry
from sources.models import ChangeAction, ChangeKind, SourceDocument
from sources.registry import Part

RecordId = tuple[str, str, str]  # (kind, key, version)


def _document_titles():
    for filename, title in SourceDocument.objects.values_list("filename", "title"):
        yield filename, "", title or filename


def _document_parts() -> list[Part]:
    return [Part(ChangeKind.DOCUMENT, "provenance and metadata", SourceDocument, "filename")]


registry.register_change_source(
    registry.ChangeSource(ChangeKind.DOCUMENT, "source document", _document_parts, titles=_document_titles)
)


def _sources_in_order() -> list[registry.ChangeSource]:
    order = list(ChangeKind.values)
    return sorted(registry.change_sources, key=lambda source: order.index(source.kind))


def _kind_name(kind: str) -> str:
    return next(source.name for source in registry.change_sources if source.kind == kind and source.titles)


def _parts() -> list[Part]:
    return [part for source in _sources_in_order() for part in source.parts()]


@dataclass
class Record:
    kind: str
    key: str
    version: str
    title: str = ""
    # part label -> hash of the part's rows
    parts: dict[str, str] = field(default_factory=dict)
    # What this version changed against the one before it, in words; blank when it is no newer version.
    note: str = ""


Snapshot = dict[RecordId, Record]


def _own_columns(model: type[models.Model]) -> list[str]:
    """Every stored column but ids and foreign keys (those enter as natural keys, through ``related``)."""
    return [f.attname for f in model._meta.concrete_fields if not f.primary_key and not f.is_relation]


def _row_text(row: tuple) -> str:
    return json.dumps(row, sort_keys=True, default=str, ensure_ascii=False)


def snapshot() -> Snapshot:
    """Every record's title and part hashes, as the database holds them now."""
    records: Snapshot = {}
    for source in _sources_in_order():
        for key, version, title in source.titles() if source.titles else ():
            records[(source.kind, key, version)] = Record(
                kind=source.kind, key=key, version=version, title=title
            )

    rows: dict[tuple[RecordId, str], list[str]] = defaultdict(list)
    for part in _parts():
        lookups = [part.key, part.version] if part.version else [part.key]
        for values in part.model.objects.values_list(*lookups, *part.related, *_own_columns(part.model)):
            key = values[0]
            if key is None:  # e.g. a document that belongs to no procedure
                continue
            version = values[1] if part.version else ""
            rows[((part.kind, key, version), part.label)].append(_row_text(values[len(lookups) :]))
    for (record_id, label), texts in rows.items():
        if record_id in records:
            digest = hashlib.sha256("\n".join(sorted(texts)).encode("utf-8")).hexdigest()
            records[record_id].parts[label] = digest
    for source in _sources_in_order():
        for (key, version), note in (source.notes() if source.notes else {}).items():
            if (source.kind, key, version) in records:
                records[(source.kind, key, version)].note = note
    return records


def digest(records: Snapshot) -> str:
    """SHA-256 of a snapshot: equal exactly when every record's title and parts are."""
    material = hashlib.sha256()
    for record_id in sorted(records):
        record = records[record_id]
        material.update(_row_text((record_id, record.title, sorted(record.parts.items()))).encode("utf-8"))
    return material.hexdigest()


@dataclass(frozen=True)
class Change:
    action: str
    kind: str
    key: str
    version: str
    title: str
    summary: str


def diff(before: Snapshot, after: Snapshot) -> list[Change]:
    """Added, changed and removed records, in a stable order (kind, key, version). Pure."""
    changes: list[Change] = []
    kind_order = list(ChangeKind.values)
    for record_id in sorted(before.keys() | after.keys(), key=lambda r: (kind_order.index(r[0]), r[1], r[2])):
        old, new = before.get(record_id), after.get(record_id)
        kind, key, version = record_id
        name = _kind_name(kind)
        if old is None:
            summary = f"New {name}." + (f" {new.note}" if new.note else "")
            changes.append(Change(ChangeAction.ADDED, kind, key, version, new.title, _fit(summary)))
        elif new is None:
            changes.append(
                Change(
                    ChangeAction.REMOVED,
                    kind,
                    key,
                    version,
                    old.title,
                    f"The {name} is no longer in the sources.",
                )
            )
        elif old.parts != new.parts or old.title != new.title:
            labels = [label for label in _labels(kind) if old.parts.get(label) != new.parts.get(label)]
            summary = f"Changed: {', '.join(labels)}."
            if new.note and new.note != old.note:  # a newer version arrived: say what it changed
                summary += f" {new.note}"
            changes.append(Change(ChangeAction.CHANGED, kind, key, version, new.title, _fit(summary)))
    return changes


SUMMARY_LENGTH = 500  # DataChange.summary


def _fit(summary: str) -> str:
    return summary if len(summary) <= SUMMARY_LENGTH else summary[: SUMMARY_LENGTH - 1] + "…"


def _labels(kind: str) -> list[str]:
    """Part labels of a kind, in declaration order, each once."""
    return list(dict.fromkeys(part.label for part in _parts() if part.kind == kind))
