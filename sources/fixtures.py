"""What every fixture builder shares: the ingested source, record dicts, and the document's own record.

Input: one ``IngestedSource`` per source file (the manifest entry, the
parse_source JSON, the file's hash). Domain apps build their records from
these (``sources.registry.FixtureBuilder``); each document's provenance row
(``sources.sourcedocument``) comes from ``document_record`` here, so every app
records provenance the same way. Primary keys derive from natural keys
(``sources.natural_keys``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sources.manifest import ManifestEntry
from sources.natural_keys import stable_pk

DOCUMENT_MODEL = "sources.sourcedocument"


class FixtureBuildError(Exception):
    pass


@dataclass(frozen=True)
class IngestedSource:
    entry: ManifestEntry
    parsed: dict[str, Any]  # the parse_source JSON of the file
    sha256: str
    line_count: int
    text: str = ""  # the decoded text as captured, for the source viewer

    @property
    def kind(self) -> str:
        return self.parsed["document_kind"]


def record(model: str, natural_key: tuple, fields: dict) -> dict:
    return {"model": model, "pk": stable_pk(model, *natural_key), "fields": fields}


def document_pk(file: str) -> int:
    return stable_pk(DOCUMENT_MODEL, file)


def document_record(source: IngestedSource) -> dict:
    """The provenance row of one source: file, hash, kind, URL, retrieval date, what the text calls itself."""
    parsed, entry = source.parsed, source.entry
    title = parsed.get("title") or entry.title or ""
    return record(
        DOCUMENT_MODEL,
        (entry.file,),
        {
            "filename": entry.file,
            "sha256": source.sha256,
            "kind": parsed["document_kind"],
            "source_url": entry.url,
            "retrieved_on": entry.retrieved.isoformat(),
            "title": title,
            "title_from_manifest": not parsed.get("title") and bool(entry.title),
            "title_line": (parsed.get("lines") or {}).get("title"),
            "organisation": entry.organisation or parsed.get("organisation") or "",
            "guidance_id": parsed.get("guidance_id") or "",
            "warnings": parsed.get("warnings") or [],
            "line_count": source.line_count,
            "text": source.text,
        },
    )


def check_unique_pks(records: list[dict]) -> None:
    seen: dict[tuple[str, int], dict] = {}
    for rec in records:
        key = (rec["model"], rec["pk"])
        if key in seen:
            raise FixtureBuildError(
                f"two {rec['model']} rows share the key {rec['pk']}: {seen[key]['fields']} and {rec['fields']}"
            )
        seen[key] = rec
