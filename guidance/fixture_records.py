"""Turning parsed NICE documents into Django fixture records (plain dicts).

Input: one ``IngestedSource`` per NICE source file (the manifest entry, the
parse_source JSON and the file's hash). Output: records in Django's fixture
format, ordered so a loader meets parents before children, with primary keys
derived from natural keys. Deterministic: the same sources give the same
records in the same order.

Decisions made here (see docs/adr/0003-generated-fixtures.md):
- Documents are grouped into procedures by the manifest's ``procedure`` key,
  else by the slug of the parsed title.
- A procedure's recommendation levels come from its most authoritative
  kind of document: final guidance, else a consultation's draft (marked
  draft). Documents of one procedure and kind are versions of one document
  (ADR 0014): the latest (``guidance.versions.order_key``) leads, and every
  older one is marked ``superseded``, kept, and readable by date. Every
  decision each version of the leading kind makes is one indication row
  (``decisions`` of the parse), so none is dropped and an older version can be
  read and compared; reads of "the procedure's decisions" take the
  non-superseded ones. A procedure has special arrangements when any
  decision of its leading version is special. When that version decides nothing, the
  procedure records where (file and line) and its level is "not read from the
  text"; nothing is filled in from another document or from outside the text.
- A recommendation whose number the capture lost keeps a blank number and is
  keyed by its line.
- Each parsed date becomes a timeline event; a key-events row that repeats a
  named date (same line, same dates) is not added twice.
- A duty mentions the outcomes audit tool when its words name it, in any of
  NICE's wordings; the registries a duty names are those named on its own
  line, else, for a registry duty, those its recommendation names. Pages show
  both as stored and never re-read the text.
"""

from __future__ import annotations

import re

from django.utils.text import slugify

from guidance.stages import DatedFact, stage_inputs
from guidance.versions import AUTHORITY, order_key, version_date_of
from sources.fixtures import (
    FixtureBuildError,
    IngestedSource,
    check_unique_pks,
    document_pk,
    document_record,
    record,
)
from sources.parsing.dates import PartialDate
from sources.rendering import render_text

NICE_KINDS = ("ipg_recommendations", "ip_consultation", "ip_in_progress")


def guidance_document_records(
    source: IngestedSource, procedure_pk: int | None, superseded: bool = False
) -> list[dict]:
    """The document's provenance row and, on the same key, what a NICE document prints besides."""
    parsed = source.parsed
    in_progress = parsed.get("in_progress") or {}
    description = in_progress.get("description") or ""
    lines = parsed.get("lines") or {}
    provenance = document_record(source)
    nice = {
        "model": "guidance.guidancedocument",
        "pk": provenance["pk"],
        "fields": {
            "procedure": procedure_pk,
            "committee_chair": parsed.get("committee_chair") or "",
            "committee_chair_line": lines.get("committee_chair"),
            "status": in_progress.get("status") or "",
            "process": in_progress.get("process") or "",
            "id_number": in_progress.get("id_number") or "",
            "technology_type": in_progress.get("technology_type") or "",
            "decision": in_progress.get("decision") or "",
            "description": description,
            "description_html": render_text(description),
            "evidence": parsed.get("evidence"),
            "superseded": superseded,
        },
    }
    return [provenance, nice]


def procedure_slug(source: IngestedSource) -> str:
    if source.entry.procedure:
        return source.entry.procedure
    title = source.parsed.get("title") or source.entry.title
    if not title:
        raise FixtureBuildError(
            f"{source.entry.file}: a 'procedure' key in the manifest, or a title in the text or manifest"
        )
    return slugify(title)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def build_guidance_records(sources: list[IngestedSource]) -> list[dict]:
    """Fixture records for every NICE source; ICB policies are built by ``policies``."""
    nice = sorted((s for s in sources if s.kind in NICE_KINDS), key=lambda s: s.entry.file)
    by_procedure: dict[str, list[IngestedSource]] = {}
    for source in nice:
        by_procedure.setdefault(procedure_slug(source), []).append(source)

    procedures, documents, children = [], [], []
    registries: dict[str, dict] = {}
    for slug in sorted(by_procedure):
        group = sorted(by_procedure[slug], key=lambda s: (AUTHORITY[s.kind], s.entry.file))
        latest = latest_versions(group)
        lead = latest[min(latest, key=lambda kind: AUTHORITY[kind])]
        title = next(
            (s.parsed.get("title") or s.entry.title for s in group if s.parsed.get("title") or s.entry.title),
            None,
        )
        if not title:
            raise FixtureBuildError(
                f"procedure {slug}: no document prints a title and the manifest gives none"
            )
        guidance_id = next((s.parsed["guidance_id"] for s in group if s.parsed.get("guidance_id")), "")
        not_read = level_not_read(lead)
        procedure = record(
            "guidance.procedure",
            (slug,),
            {
                "slug": slug,
                "title": _capitalise(title),
                "guidance_id": guidance_id,
                "level_not_read_file": not_read[0] if not_read else "",
                "level_not_read_line": not_read[1] if not_read else None,
            },
        )
        procedures.append(procedure)
        in_force_events = []
        for source in group:
            superseded = latest[source.kind] is not source
            provenance, nice = guidance_document_records(source, procedure["pk"], superseded)
            documents.extend((provenance, nice))
            rows = _document_children(source, procedure["pk"], provenance["pk"], registries)
            children.extend(rows)
            if not superseded:
                in_force_events.extend(r for r in rows if r["model"] == "guidance.timelineevent")
        procedure["fields"].update(_stage_input_fields(group, in_force_events))
        for source in group:
            if source.kind == lead.kind:
                # An older version's decisions belong to its document only (ADR 0014).
                children.extend(_indications(source, procedure["pk"] if source is lead else None))

    ordered_registries = [registries[name] for name in sorted(registries)]
    _store_list_keys(procedures, documents, children)
    records = procedures + documents + ordered_registries + children
    check_unique_pks(records)
    return records


def _store_list_keys(procedures: list[dict], documents: list[dict], children: list[dict]) -> None:
    """What lists filter and sort on, stored so an index serves them (docs/performance.md).

    ``has_special``: a decision of the procedure's leading version (its ``indications``) is
    special arrangements. ``procedure_title`` on each event: the key dates' order.
    ``in_force_special`` on each duty: its document is in force and its procedure has special
    arrangements (the register's special duties, counted from a partial index).
    """
    by_pk = {procedure["pk"]: procedure["fields"] for procedure in procedures}
    for fields in by_pk.values():
        fields["has_special"] = False
    for row in children:
        fields = row["fields"]
        if row["model"] == "guidance.indication" and fields["procedure"] is not None:
            if fields["level"] == "special":
                by_pk[fields["procedure"]]["has_special"] = True
        elif row["model"] == "guidance.timelineevent":
            fields["procedure_title"] = by_pk[fields["procedure"]]["title"]
    in_force = {
        d["pk"]
        for d in documents
        if d["model"] == "guidance.guidancedocument" and not d["fields"]["superseded"]
    }
    special_lists = {
        row["pk"]
        for row in children
        if row["model"] == "guidance.dutylist"
        and row["fields"]["document"] in in_force
        and by_pk[row["fields"]["procedure"]]["has_special"]
    }
    for row in children:
        if row["model"] == "guidance.duty":
            row["fields"]["in_force_special"] = row["fields"]["duty_list"] in special_lists


def _stage_input_fields(group: list[IngestedSource], events: list[dict]) -> dict:
    """The procedure's date-independent stage inputs (``guidance.stages.stage_inputs``), as fields.

    From the events of the documents that speak for it (no superseded version's), in the order
    ``guidance.selectors.procedure_stage`` reads them: start day, then order.
    """
    facts = [
        DatedFact(
            kind=e["fields"]["kind"],
            start=PartialDate(e["fields"]["start_value"], e["fields"]["start_precision"]),
            end=PartialDate(e["fields"]["end_value"], e["fields"]["end_precision"])
            if e["fields"]["end_value"]
            else None,
        )
        for e in sorted(events, key=lambda e: (e["fields"]["starts_on"], e["fields"]["order"]))
    ]
    inputs = stage_inputs(has_final_guidance=any(s.kind == "ipg_recommendations" for s in group), facts=facts)
    return {
        "has_final_guidance": inputs.has_final_guidance,
        **{
            name: day.isoformat() if day else None
            for name, day in (
                ("consultation_starts_on", inputs.consultation_starts_on),
                ("consultation_ends_on", inputs.consultation_ends_on),
                ("expected_publication_ends_on", inputs.expected_publication_ends_on),
            )
        },
    }


def version_order(source: IngestedSource) -> tuple:
    """Where a document stands among the versions of its series (ADR 0014), oldest first."""
    version_date, _name = version_date_of(source.parsed.get("dates") or {})
    return order_key(version_date, source.entry.retrieved, source.entry.file)


def latest_versions(group: list[IngestedSource]) -> dict[str, IngestedSource]:
    """Of one procedure's documents, the latest version of each kind."""
    latest: dict[str, IngestedSource] = {}
    for source in sorted(group, key=version_order):
        latest[source.kind] = source
    return latest


def _indications(lead: IngestedSource, procedure_pk: int | None) -> list[dict]:
    """One row per decision of a document of the authoritative kind, in its order (none dropped)."""
    if lead.kind == "ip_in_progress":
        return []
    file = lead.entry.file
    nice_document_pk = document_pk(file)
    return [
        record(
            "guidance.indication",
            (file, decision["line"]),
            {
                "procedure": procedure_pk,
                "document": nice_document_pk,
                "text": decision.get("indication") or "",
                "level": decision["level"],
                "is_draft": lead.kind == "ip_consultation",
                "recommendation_number": decision.get("number") or "",
                "line": decision["line"],
                "order": order,
            },
        )
        for order, decision in enumerate(lead.parsed.get("decisions") or [])
    ]


def level_not_read(source: IngestedSource) -> tuple[str, int] | None:
    """(file, line) when a guidance document or consultation decides no level; None otherwise."""
    if source.kind == "ip_in_progress" or source.parsed.get("decisions"):
        return None
    lines = source.parsed.get("lines") or {}
    return source.entry.file, lines.get("level_not_read") or 1


def undecided_summary(sources: list[IngestedSource]) -> list[str]:
    """What ``ingest`` says of NICE documents in which no paragraph decides, one line each."""
    undecided = [
        found for source in sources if source.kind in NICE_KINDS and (found := level_not_read(source))
    ]
    if not undecided:
        return []
    count = len(undecided)
    return [
        f"{count} NICE document{'s' if count != 1 else ''} with no decision read: loaded with the level "
        "not read from the text",
        *(f"  {file}:{line}: no paragraph decides a recommendation level" for file, line in undecided),
    ]


def _document_children(
    source: IngestedSource, procedure_pk: int, document_pk: int, registries: dict
) -> list[dict]:
    parsed, file = source.parsed, source.entry.file
    rows: list[dict] = []
    for order, rec in enumerate(parsed["recommendations"]):
        rows.append(
            record(
                "guidance.recommendation",
                (file, rec["number"]) if rec.get("number") else (file, "", rec["line"]),
                {
                    "document": document_pk,
                    "procedure": procedure_pk,
                    "number": rec.get("number") or "",
                    "text": rec["text"],
                    "text_html": render_text(rec["text"]),
                    "level": rec.get("level") or "",
                    "indication": rec.get("indication") or "",
                    "line": rec["line"],
                    "order": order,
                },
            )
        )
    mentions = parsed.get("registry_mentions", [])
    for list_order, duty_list in enumerate(parsed["duty_lists"]):
        list_record = record(
            "guidance.dutylist",
            (file, duty_list["line"]),
            {
                "document": document_pk,
                "procedure": procedure_pk,
                "number": duty_list.get("number") or "",
                "audience": duty_list["audience"],
                "lead_in": duty_list["lead_in"],
                "indication": duty_list.get("indication") or "",
                "line": duty_list["line"],
                "order": list_order,
            },
        )
        rows.append(list_record)
        for order, duty in enumerate(duty_list["duties"]):
            kinds = duty.get("kinds") or ["other"]
            rows.append(
                record(
                    "guidance.duty",
                    (file, duty["line"]),
                    {
                        "duty_list": list_record["pk"],
                        "text": duty["text"],
                        "text_html": render_text(duty["text"]),
                        "kinds": kinds,
                        "primary_kind": kinds[0],
                        "mentions_audit_tool": mentions_audit_tool(duty["text"]),
                        "registry_names": duty_registry_names(duty, kinds, duty_list, mentions),
                        "line": duty["line"],
                        "order": order,
                    },
                )
            )
    for mention in parsed.get("registry_mentions", []):
        slug = slugify(mention["name"])
        registries.setdefault(
            mention["name"], record("guidance.registry", (slug,), {"name": mention["name"], "slug": slug})
        )
        rows.append(
            record(
                "guidance.registrymention",
                (file, slug, mention["line"]),
                {
                    "registry": registries[mention["name"]]["pk"],
                    "document": document_pk,
                    "procedure": procedure_pk,
                    "recommendation_number": mention.get("number") or "",
                    "line": mention["line"],
                },
            )
        )
    for order, requirement in enumerate(parsed.get("service_requirements", [])):
        rows.append(
            record(
                "guidance.servicerequirement",
                (file, requirement["kind"], requirement["line"]),
                {
                    "procedure": procedure_pk,
                    "document": document_pk,
                    "kind": requirement["kind"],
                    "text": requirement["text"],
                    "recommendation_number": requirement.get("number") or "",
                    "line": requirement["line"],
                    "order": order,
                },
            )
        )
    for order, need in enumerate(parsed.get("research_needs", [])):
        rows.append(
            record(
                "guidance.researchneed",
                (file, need["line"]),
                {
                    "procedure": procedure_pk,
                    "document": document_pk,
                    "recommendation_number": need.get("number") or "",
                    "text": need["text"],
                    "text_html": render_text(need["text"]),
                    "items": need.get("items") or [],
                    "line": need["line"],
                    "order": order,
                },
            )
        )
    for order, section in enumerate(parsed.get("sections", [])):
        rows.append(
            record(
                "guidance.consultationsection",
                (file, section["number"]),
                {
                    "document": document_pk,
                    "number": section["number"],
                    "heading": section.get("heading") or "",
                    "text": section["text"],
                    "text_html": render_text(section["text"]),
                    "items": section.get("items") or [],
                    "line": section["line"],
                    "order": order,
                },
            )
        )
    rows.extend(_events(source, procedure_pk, document_pk))
    return rows


# NICE's wording varies ("interventional procedure(s) outcomes audit tool").
AUDIT_TOOL = re.compile(r"outcomes?\s+audit\s+tool", re.IGNORECASE)


def mentions_audit_tool(text: str) -> bool:
    """Whether a duty's words name NICE's interventional procedures outcomes audit tool."""
    return bool(AUDIT_TOOL.search(text))


def duty_registry_names(duty: dict, kinds: list[str], duty_list: dict, mentions: list[dict]) -> list[str]:
    """Registries a duty names, by name in name order: the document's mentions on the duty's own
    line, else, for a registry duty, the mentions in the recommendation its list belongs to."""
    names = [mention["name"] for mention in mentions if mention["line"] == duty["line"]]
    number = duty_list.get("number") or ""
    if not names and "registry_entry" in kinds and number:
        names = [mention["name"] for mention in mentions if (mention.get("number") or "") == number]
    return sorted(set(names))


def _event_fields(start: dict, end: dict | None) -> dict:
    first = PartialDate(start["value"], start["precision"])
    last = PartialDate(end["value"], end["precision"]) if end else first
    return {
        "start_value": first.value,
        "start_precision": first.precision,
        "end_value": last.value if end else "",
        "end_precision": last.precision if end else "",
        "starts_on": first.first_day.isoformat(),
        "ends_on": last.last_day.isoformat(),
    }


EVENT_LABELS = {
    "published": "Published",
    "document": "Document date",
    "consultation": "Consultation",
    "closing_date": "Closing date for comments",
    "target_publication": "Target date for publication",
    "expected_publication": "Expected publication",
}


def _events(source: IngestedSource, procedure_pk: int, document_pk: int) -> list[dict]:
    parsed, file = source.parsed, source.entry.file
    lines = parsed.get("date_lines") or {}
    rows: list[dict] = []
    named_at: dict[tuple, int] = {}
    for name, value in parsed.get("dates", {}).items():
        start, end = (value["start"], value["end"]) if "start" in value else (value, None)
        line = lines.get(name) or 1
        kind = name if name in EVENT_LABELS else "other"
        label = EVENT_LABELS.get(name, name.replace("_", " ").capitalize())
        # A named date read from a key-events row takes that row's wording.
        for event in parsed.get("timeline", []):
            if event["line"] == line and event["start"] == start and event.get("end") == end:
                label = event["event"]
        named_at[(line, start["value"], end["value"] if end else None)] = len(rows)
        rows.append(
            record(
                "guidance.timelineevent",
                (file, name),
                {
                    "procedure": procedure_pk,
                    "document": document_pk,
                    "kind": kind,
                    "label": label,
                    **_event_fields(start, end),
                    "line": line,
                    "order": len(rows),
                },
            )
        )
    for index, event in enumerate(parsed.get("timeline", [])):
        end = event.get("end")
        if (event["line"], event["start"]["value"], end["value"] if end else None) in named_at:
            continue
        rows.append(
            record(
                "guidance.timelineevent",
                (file, "key_event", event["line"], index),
                {
                    "procedure": procedure_pk,
                    "document": document_pk,
                    "kind": "key_event",
                    "label": event["event"],
                    **_event_fields(event["start"], end),
                    "line": event["line"],
                    "order": len(rows),
                },
            )
        )
    return rows
