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
did not change. A snapshot runs a fixed number of queries (one per part).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models

from guidance.models import (
    ChangeAction,
    ChangeKind,
    ConsultationSection,
    Duty,
    DutyList,
    Indication,
    Procedure,
    Recommendation,
    RegistryMention,
    ResearchNeed,
    ServiceRequirement,
    SourceDocument,
    TimelineEvent,
)

RecordId = tuple[str, str, str]  # (kind, key, version)


@dataclass(frozen=True)
class Part:
    """One part of a record: rows of ``model`` grouped by the lookups naming their record."""

    kind: str
    label: str
    model: type[models.Model]
    key: str  # lookup giving the record's key
    version: str | None = None  # lookup giving a policy version's filename
    related: tuple[str, ...] = ()  # lookups of related natural keys hashed with the row


def _parts() -> list[Part]:
    # Imported here: policies depends on guidance, not the other way round at import time.
    from policies.models import CriterionNode, Definition, Duration, Exclusion, PolicyVersion, Threshold

    procedure, document, policy = ChangeKind.PROCEDURE, ChangeKind.DOCUMENT, ChangeKind.POLICY
    version_keys = {"key": "version__policy__slug", "version": "version__document__filename"}
    return [
        Part(procedure, "title and identifier", Procedure, "slug"),
        Part(procedure, "documents", SourceDocument, "procedure__slug", related=("filename", "sha256")),
        Part(procedure, "indications and levels", Indication, "procedure__slug", related=("document__filename",)),
        Part(procedure, "recommendations", Recommendation, "procedure__slug", related=("document__filename",)),
        Part(procedure, "duties", DutyList, "procedure__slug", related=("document__filename",)),
        Part(procedure, "duties", Duty, "duty_list__procedure__slug", related=("duty_list__line", "duty_list__document__filename")),
        Part(procedure, "registries", RegistryMention, "procedure__slug", related=("registry__name", "document__filename")),
        Part(procedure, "service requirements", ServiceRequirement, "procedure__slug", related=("document__filename",)),
        Part(procedure, "research needs", ResearchNeed, "procedure__slug", related=("document__filename",)),
        Part(procedure, "timeline", TimelineEvent, "procedure__slug", related=("document__filename",)),
        Part(document, "provenance and metadata", SourceDocument, "filename", related=("procedure__slug",)),
        Part(document, "sections", ConsultationSection, "document__filename"),
        Part(
            policy,
            "policy, body and linked procedure",
            PolicyVersion,
            "policy__slug",
            version="document__filename",
            related=("policy__title", "policy__body__slug", "policy__body__short_name", "policy__body__name", "policy__procedure__slug"),
        ),
        Part(policy, "version details", PolicyVersion, "policy__slug", version="document__filename"),
        Part(policy, "criteria", CriterionNode, version_keys["key"], version=version_keys["version"], related=("parent__key", "definitions__term")),
        Part(policy, "definitions", Definition, version_keys["key"], version=version_keys["version"]),
        Part(policy, "exclusions", Exclusion, version_keys["key"], version=version_keys["version"]),
        Part(policy, "thresholds", Threshold, version_keys["key"], version=version_keys["version"], related=("node__key",)),
        Part(policy, "durations", Duration, version_keys["key"], version=version_keys["version"], related=("node__key",)),
    ]


@dataclass
class Record:
    kind: str
    key: str
    version: str
    title: str = ""
    # part label -> hash of the part's rows
    parts: dict[str, str] = field(default_factory=dict)


Snapshot = dict[RecordId, Record]


def _own_columns(model: type[models.Model]) -> list[str]:
    """Every stored column but ids and foreign keys (those enter as natural keys, through ``related``)."""
    return [f.attname for f in model._meta.concrete_fields if not f.primary_key and not f.is_relation]


def _row_text(row: tuple) -> str:
    return json.dumps(row, sort_keys=True, default=str, ensure_ascii=False)


def snapshot() -> Snapshot:
    """Every record's title and part hashes, as the database holds them now."""
    from policies.models import PolicyVersion

    records: Snapshot = {}

    def record(kind: str, key: str, version: str) -> Record:
        record_id = (kind, key, version)
        if record_id not in records:
            records[record_id] = Record(kind=kind, key=key, version=version)
        return records[record_id]

    for slug, title in Procedure.objects.values_list("slug", "title"):
        record(ChangeKind.PROCEDURE, slug, "").title = title
    for filename, title in SourceDocument.objects.values_list("filename", "title"):
        record(ChangeKind.DOCUMENT, filename, "").title = title or filename
    for slug, filename, short_name, title, reference in PolicyVersion.objects.values_list(
        "policy__slug", "document__filename", "policy__body__short_name", "policy__title", "reference"
    ):
        name = f"{short_name}: {title}"
        record(ChangeKind.POLICY, slug, filename).title = f"{name} ({reference})" if reference else name

    rows: dict[tuple[RecordId, str], list[str]] = defaultdict(list)
    for part in _parts():
        lookups = [part.key, part.version] if part.version else [part.key]
        for values in part.model.objects.values_list(*lookups, *part.related, *_own_columns(part.model)):
            key = values[0]
            if key is None:  # e.g. a document that belongs to no procedure
                continue
            version = values[1] if part.version else ""
            rows[((part.kind, key, version), part.label)].append(_row_text(values[len(lookups):]))
    for (record_id, label), texts in rows.items():
        if record_id in records:
            digest = hashlib.sha256("\n".join(sorted(texts)).encode("utf-8")).hexdigest()
            records[record_id].parts[label] = digest
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


KIND_NAMES = {
    ChangeKind.PROCEDURE: "procedure",
    ChangeKind.DOCUMENT: "source document",
    ChangeKind.POLICY: "policy version",
}


def diff(before: Snapshot, after: Snapshot) -> list[Change]:
    """Added, changed and removed records, in a stable order (kind, key, version). Pure."""
    changes: list[Change] = []
    kind_order = list(ChangeKind.values)
    for record_id in sorted(before.keys() | after.keys(), key=lambda r: (kind_order.index(r[0]), r[1], r[2])):
        old, new = before.get(record_id), after.get(record_id)
        kind, key, version = record_id
        name = KIND_NAMES[kind]
        if old is None:
            changes.append(Change(ChangeAction.ADDED, kind, key, version, new.title, f"New {name}."))
        elif new is None:
            changes.append(Change(ChangeAction.REMOVED, kind, key, version, old.title, f"The {name} is no longer in the sources."))
        elif old.parts != new.parts or old.title != new.title:
            labels = [label for label in _labels(kind) if old.parts.get(label) != new.parts.get(label)]
            changes.append(
                Change(ChangeAction.CHANGED, kind, key, version, new.title, f"Changed: {', '.join(labels)}."[:500])
            )
    return changes


def _labels(kind: str) -> list[str]:
    """Part labels of a kind, in declaration order, each once."""
    return list(dict.fromkeys(part.label for part in _parts() if part.kind == kind))
