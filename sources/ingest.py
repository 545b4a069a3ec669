"""From the sources manifest to fixture files: parse every source, build records, serialise.

``generate_fixtures`` parses everything first and raises on the first document
it cannot read, so a bad source never leaves half-written fixtures behind.
The output is deterministic: the same sources give byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sources import registry
from sources.fixtures import IngestedSource
from sources.manifest import ManifestError, read_manifest
from sources.parsing.errors import ParseError
from sources.parsing.source import parse_text, read_source_text


def display_path(path: Path, base: Path | None) -> str:
    """How a file is named in messages: relative to the project when it is inside it."""
    if base is not None:
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            pass
    return str(path)


def parse_sources(manifest_path: Path, base_dir: Path | None = None) -> list[IngestedSource]:
    sources_dir = manifest_path.parent
    entries = read_manifest(manifest_path)
    listed = {entry.file for entry in entries}
    unlisted = sorted(p.name for p in sources_dir.glob("*.txt") if p.name not in listed)
    if unlisted:
        raise ManifestError(
            f"{display_path(manifest_path, base_dir)}: a [[source]] entry for {', '.join(unlisted)}"
        )
    ingested = []
    for entry in entries:
        path = sources_dir / entry.file
        name = display_path(path, base_dir)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ParseError(
                name, 1, f"the file listed in the manifest, found {error.strerror or error}"
            ) from None
        text = read_source_text(data, name)
        parsed = parse_text(text, name).to_dict()
        ingested.append(
            IngestedSource(
                entry=entry,
                parsed=parsed,
                sha256=hashlib.sha256(data).hexdigest(),
                line_count=len(text.splitlines()),
                text=text,
            )
        )
    return ingested


def serialise(records: list[dict]) -> str:
    return json.dumps(records, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def generate_fixtures(manifest_path: Path, base_dir: Path | None = None) -> dict[str, str]:
    """File name -> fixture text for every fixture file, each built by the app that registered it."""
    return generate(manifest_path, base_dir)[0]


def generate(manifest_path: Path, base_dir: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The fixtures (as ``generate_fixtures``) and what the apps have to say about the sources."""
    fixtures, summary, _strict = generate_checked(manifest_path, base_dir)
    return fixtures, summary


def generate_checked(
    manifest_path: Path, base_dir: Path | None = None
) -> tuple[dict[str, str], list[str], list[str]]:
    """As ``generate``, and what ``ingest --strict`` refuses ("FILE:LINE: why", one per document)."""
    sources = parse_sources(manifest_path, base_dir)
    built: dict[str, list[dict]] = {}
    for name, builder in registry.fixture_builders.items():
        built[name] = builder.build(sources, dict(built))
    summary = [line for provider in registry.summary_providers for line in provider(sources)]
    strict = [line for check in registry.strict_checks for line in check(sources)]
    return {name: serialise(records) for name, records in built.items()}, summary, strict


def differences(expected: dict[str, str], fixtures_dir: Path) -> list[str]:
    """What differs between freshly generated fixtures and those on disk, one line each."""
    problems = []
    for name, text in expected.items():
        path = fixtures_dir / name
        if not path.exists():
            problems.append(f"{name}: missing (run 'make fixtures')")
            continue
        current = path.read_text(encoding="utf-8")
        if current != text:
            problems.append(f"{name}: {_first_difference(current, text)}")
    return problems


def _first_difference(current: str, expected: str) -> str:
    try:
        old, new = json.loads(current), json.loads(expected)
    except json.JSONDecodeError:
        return "not valid JSON"
    old_by_key = {(r.get("model"), r.get("pk")): r for r in old if isinstance(r, dict)}
    new_by_key = {(r["model"], r["pk"]): r for r in new}
    added = [k for k in new_by_key if k not in old_by_key]
    removed = [k for k in old_by_key if k not in new_by_key]
    changed = [k for k in new_by_key if k in old_by_key and old_by_key[k] != new_by_key[k]]
    parts = []
    if added:
        parts.append(
            f"{len(added)} record(s) the sources give are missing (first: {added[0][0]} {added[0][1]})"
        )
    if removed:
        parts.append(
            f"{len(removed)} record(s) the sources do not give (first: {removed[0][0]} {removed[0][1]})"
        )
    if changed:
        model, pk = changed[0]
        fields = sorted(
            f
            for f in new_by_key[changed[0]]["fields"]
            if old_by_key[changed[0]]["fields"].get(f) != new_by_key[changed[0]]["fields"][f]
        )
        parts.append(f"{len(changed)} record(s) differ (first: {model} {pk}, fields {', '.join(fields)})")
    return "; ".join(parts) or "same records, different formatting"


def write_fixtures(fixtures: dict[str, str], fixtures_dir: Path) -> list[Path]:
    fixtures_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in fixtures.items():
        path = fixtures_dir / name
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)  # atomic on one filesystem: never a half-written fixture
        written.append(path)
    return written
