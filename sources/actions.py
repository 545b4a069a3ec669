"""Every write to the pipeline's data goes through here: loading fixtures, editorial corrections, adding a source."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from sources import changes, corrections, data_version, registry
from sources.fixtures import FixtureBuildError
from sources.ingest import generate, write_fixtures
from sources.manifest import ManifestError
from sources.models import (
    ChangeAction,
    ChangeKind,
    CorrectionStatus,
    DataChange,
    DataLoad,
    DocumentKind,
    EditorialCorrection,
    SourceDocument,
)
from sources.parsing.errors import ParseError
from sources.parsing.source import parse_text, read_source_text


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
    _no_statement_timeout()  # a load is a batch job: the timeout that keeps pages fast would stop it
    before = changes.snapshot()
    # The apps registered last build on the ones before (policies on guidance): clear them first.
    for hooks in reversed(registry.load_hooks):
        hooks.delete()
    SourceDocument.objects.all().delete()
    call_command("loaddata", *[str(path) for path in paths], verbosity=0)
    _analyse_loaded_tables()  # what follows (corrections, search vectors) reads the new rows
    # Editors' corrections go back on before anything compares or indexes the new data.
    replayed = corrections.replay(
        EditorialCorrection.objects.filter(status=CorrectionStatus.ACTIVE).order_by("pk")
    )
    curated = corrections.replay_curations()  # curated trees and decisions (registered by their apps)
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
    transaction.on_commit(_vacuum_loaded_tables)
    counts: dict = {}
    for hooks in registry.load_hooks:
        counts.update(hooks.counts() if hooks.counts else {})
    return {
        **counts,
        "documents": SourceDocument.objects.count(),
        "changes": len(recorded),
        "corrections_applied": replayed.applied + curated.applied,
        "correction_conflicts": replayed.conflicts + curated.conflicts,
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
    corrections.set_anchor(correction, instance)  # keyed on the line's content, not the file's name
    correction.save()
    corrections.set_field(instance, field, corrected_value)
    instance.save()
    kind, key, title = _feed_subject(instance)
    record_editorial_change(
        kind=kind,
        key=key,
        title=title,
        summary=f"Corrected by an editor: {instance._meta.verbose_name} {correction.object_repr[:120]!r}, "
        f"{field} now {corrected_value[:200]!r}",
        what=f"correction {correction.pk} {label} {instance.pk} {field}={corrected_value}",
    )
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
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in _loaded_tables()))


def _loaded_tables() -> list[str]:
    """The tables a load writes: those the change feed follows and those they point at."""
    models = {SourceDocument}
    for source in registry.change_sources:
        for part in source.parts():
            models.add(part.model)
            models.update(
                field.related_model for field in part.model._meta.concrete_fields if field.is_relation
            )
            models.update(field.remote_field.through for field in part.model._meta.many_to_many)
    return sorted({model._meta.db_table for model in models if model is not None and model._meta.managed})


def _no_statement_timeout() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 0")


def _vacuum_loaded_tables() -> None:
    """``VACUUM (ANALYZE)`` what a load wrote, once it is committed (PostgreSQL; outside a transaction).

    With autovacuum off (or behind), nothing else would: the rows a load deleted stay dead
    and every reload grows the tables; no page is marked all-visible, so counts and index-only
    scans read the whole heap; and the change feed, written after the in-load ANALYZE, has no
    statistics. Measured in docs/performance.md.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = {model._meta.db_table for model in (DataLoad, DataChange)} | set(_loaded_tables())
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        try:
            cursor.execute(
                "VACUUM (ANALYZE) " + ", ".join(connection.ops.quote_name(t) for t in sorted(tables))
            )
        finally:
            cursor.execute("RESET statement_timeout")


def _after_data_changed() -> None:
    """What the apps refresh from their rows once they change (search vectors, ...)."""
    for hooks in registry.load_hooks:
        if hooks.after_load:
            hooks.after_load()


@transaction.atomic
def withdraw_conflicts(curations) -> int:
    """Withdraw the curations of ``curations`` (a queryset of trees or decisions) that are in conflict.

    A conflict whose lines are gone for good is tried at every load and listed
    in the review queue until an editor withdraws it: it is kept, as
    ``replaced``, and no longer tried. Served data does not change (the
    parser's reading was already served), so nothing enters the change feed.
    Returns how many were withdrawn.
    """
    return curations.filter(status="conflict").update(status="replaced")


def record_editorial_change(
    *, kind: str, key: str, title: str, summary: str, version: str = "", what: str = ""
) -> DataChange:
    """The change feed's entry for an editor's change, and a new data version.

    What changed and when, never who: the feed is public (``GET /api/v1/changes``).
    """
    change = DataChange.objects.create(
        changed_at=timezone.now(),
        action=ChangeAction.CHANGED,
        kind=kind,
        key=key[:255],
        version=version,
        title=title[:500],
        summary=summary[:500],
    )
    data_changed_by_editor(what or f"{kind} {key} {summary}")
    return change


def _feed_subject(instance) -> tuple[str, str, str]:
    """(kind, key, title) of the feed entry for a correction of ``instance``.

    A row read from a document is reported on its document; a row that is itself
    followed by the feed (a procedure) on its own key.
    """
    lookup = corrections.document_lookup(type(instance))
    if lookup is not None:
        document = instance
        for name in lookup.split("__"):
            document = getattr(document, name)
        return ChangeKind.DOCUMENT, document.filename, document.title or document.filename
    model_name = instance._meta.model_name
    if model_name in ChangeKind.values and hasattr(instance, "natural_key"):
        return model_name, str(instance.natural_key()[0]), str(instance)
    return ChangeKind.DOCUMENT, "", str(instance)


def data_changed_by_editor(what: str) -> None:
    """A new data version after an admin edit, so ETags, Last-Modified and cached pages move on."""
    latest = DataLoad.objects.order_by("-loaded_at").first()
    now = timezone.now()
    digest = hashlib.sha256(f"{latest.digest if latest else ''}\0{what}".encode()).hexdigest()
    DataLoad.objects.create(
        loaded_at=now, digest=digest, files=latest.files if latest else [], modified_at=now
    )
    data_version.forget()
    transaction.on_commit(data_version.forget)


# Adding one document to the sources (the add_source command and the admin's upload run this).


class SourceRefused(Exception):
    """A document that will not be added. ``str(error)`` is ``FILE:LINE: what was expected``."""


@dataclass(frozen=True)
class FactMark:
    line: int
    label: str  # where in the parse the line was used: "decisions", "policy › criteria"


@dataclass(frozen=True)
class SourcePreview:
    """What the parsers read from a document, before anything is written."""

    name: str  # how messages name the document (the path given, the uploaded file's name)
    data: bytes
    text: str
    parsed: dict[str, Any]
    sha256: str

    @property
    def kind(self) -> str:
        return self.parsed["document_kind"]

    @property
    def kind_label(self) -> str:
        return DocumentKind(self.kind).label

    @property
    def is_policy(self) -> bool:
        return self.kind == DocumentKind.ICB_POLICY

    @property
    def title(self) -> str | None:
        return self.parsed.get("title")

    @property
    def decisions(self) -> list[dict]:
        return list(self.parsed.get("decisions") or [])

    @property
    def warnings(self) -> list[dict]:
        return list(self.parsed.get("warnings") or [])

    @property
    def criteria_problem(self) -> dict | None:
        """``{"line", "message"}`` for a policy whose criteria are not structured (ADR 0013)."""
        return (self.parsed.get("policy") or {}).get("criteria_problem")

    @property
    def criteria_count(self) -> int:
        """How many criteria (leaves of the tree) a structured policy states."""
        return _leaf_count((self.parsed.get("policy") or {}).get("criteria"))

    @property
    def fact_marks(self) -> dict[int, list[str]]:
        """Line -> what the parse took from it: every ``line`` the parse contract carries."""
        marks: dict[int, list[str]] = {}
        for mark in _fact_marks(self.parsed, ()):
            labels = marks.setdefault(mark.line, [])
            if mark.label not in labels:
                labels.append(mark.label)
        return marks

    @property
    def lines(self) -> list[tuple[int, str, list[str]]]:
        """``(number, text, facts)`` for every line, numbered from 1 as the source viewer numbers them."""
        marks = self.fact_marks
        return [(n, text, marks.get(n, [])) for n, text in enumerate(self.text.splitlines(), start=1)]


@dataclass(frozen=True)
class AddedSource:
    preview: SourcePreview
    filename: str  # "005_<16 hex>.txt", in SOURCES_DIR
    counts: dict[str, int]
    changes: list[DataChange]
    summary: list[str]  # what the apps say about the sources, as ``ingest`` prints it


def preview_source(*, data: bytes, name: str) -> SourcePreview:
    """Read and parse one document as ``ingest`` would; writes nothing. ``SourceRefused`` when it cannot."""
    try:
        text = read_source_text(data, name)
        parsed = parse_text(text, name).to_dict()
    except ParseError as error:
        raise SourceRefused(str(error).replace("\n", " ")) from None
    return SourcePreview(
        name=name, data=data, text=text, parsed=parsed, sha256=hashlib.sha256(data).hexdigest()
    )


def add_source(
    *,
    data: bytes,
    name: str,
    url: str,
    retrieved: dt.date,
    procedure: str | None = None,
    title: str | None = None,
    organisation: str | None = None,
) -> AddedSource:
    """Add one document to ``SOURCES_DIR``, regenerate the fixtures and load them: all of it, or nothing.

    The order keeps every failure harmless. The document is parsed; the
    would-be sources folder (the current one, the new file and its manifest
    entry) is built in a temporary directory and the whole corpus regenerated
    from it, so a document that breaks the fixtures (an unknown procedure, a
    duplicate) is refused before anything is written. The new fixtures are
    loaded in one transaction; only after it commits are the source file, the
    manifest and the fixtures moved into place, each written beside its target
    and renamed over it. Until then the folders hold what they held, and a
    load that raises leaves the database as it was.

    Call it outside a transaction: the files move once the load has committed.
    """
    preview = preview_source(data=data, name=name)
    sources_dir = Path(settings.SOURCES_DIR)
    fixtures_dir = Path(settings.FIXTURES_DIR)
    with _one_adder():
        manifest_path = sources_dir / "manifest.toml"
        manifest_text = manifest_path.read_text(encoding="utf-8")
        held = sorted(sources_dir.glob("*.txt"))
        for path in held:
            if hashlib.sha256(path.read_bytes()).hexdigest() == preview.sha256:
                raise SourceRefused(
                    f"{name}:1: a document not already held, found the same bytes as {path.name}"
                )
        filename = f"{_next_number(held):03d}_{preview.sha256[:16]}.txt"
        entry = {"file": filename, "url": url, "retrieved": retrieved}
        entry |= {
            key: value
            for key, value in (("procedure", procedure), ("title", title), ("organisation", organisation))
            if value
        }
        new_manifest = manifest_text.rstrip("\n") + "\n\n[[source]]\n" + tomli_w.dumps(entry)
        with tempfile.TemporaryDirectory(prefix="add_source-") as scratch:
            scratch_sources = Path(scratch) / "sources"
            scratch_sources.mkdir()
            for path in held:
                shutil.copyfile(path, scratch_sources / path.name)
            (scratch_sources / filename).write_bytes(data)
            (scratch_sources / "manifest.toml").write_text(new_manifest, encoding="utf-8")
            try:
                fixtures, summary = generate(scratch_sources / "manifest.toml", Path(settings.BASE_DIR))
            except (ParseError, ManifestError, FixtureBuildError) as error:
                # Named as the real folder: the scratch copy is gone by the time anyone reads this.
                message = str(error).replace(str(scratch_sources), str(sources_dir)).replace("\n", " ")
                raise SourceRefused(
                    message if isinstance(error, ParseError) else f"{name}:1: {message}"
                ) from None
            scratch_fixtures = write_fixtures(fixtures, Path(scratch) / "fixtures")
            with transaction.atomic():
                counts = load_fixtures(paths=scratch_fixtures)
                load = DataLoad.objects.order_by("-loaded_at").first()
                recorded = list(
                    DataChange.objects.filter(changed_at=load.loaded_at).order_by("kind", "key", "version")
                )
        # Committed: now the folders follow. The source before the manifest that lists it.
        _replace(sources_dir / filename, data)
        _replace(manifest_path, new_manifest.encode("utf-8"))
        write_fixtures(fixtures, fixtures_dir)
    return AddedSource(preview=preview, filename=filename, counts=counts, changes=recorded, summary=summary)


def _next_number(held: list[Path]) -> int:
    numbers = [int(match.group(1)) for path in held if (match := re.match(r"(\d{3})_", path.name))]
    return max(numbers, default=-1) + 1


def _replace(path: Path, data: bytes) -> None:
    """Write beside ``path`` and rename over it: a reader sees the old file or the new, never half of one."""
    temporary = path.with_name(f".{path.name}.tmp")  # not *.txt: ingest never mistakes it for a source
    temporary.write_bytes(data)
    temporary.replace(path)


_ADDING = threading.Lock()


@contextlib.contextmanager
def _one_adder():
    """One addition at a time, from reading the manifest to moving the files into place.

    Two additions at once would both take the same next number and the second
    would overwrite the first's manifest. On PostgreSQL a session advisory lock
    serialises every process and host that shares the database (and so the
    sources folder); elsewhere (SQLite: one machine) a process-wide lock.
    """
    with _ADDING:
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_ADVISORY_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_ADVISORY_KEY])


# Any fixed 64-bit number no other code of ours locks with: the first 8 bytes of a hash of its purpose.
_ADVISORY_KEY = int.from_bytes(hashlib.sha256(b"sources.actions.add_source").digest()[:8], "big", signed=True)


def _leaf_count(node: dict | None) -> int:
    if not node:
        return 0
    if "leaf" in node:
        return 1
    return sum(_leaf_count(child) for child in node.get("children") or [])


def _fact_marks(value: Any, path: tuple[str, ...]):
    """Every line number the parse records, labelled by where in the parse it sits."""
    label = " › ".join(part.replace("_", " ") for part in path) or "document"
    if isinstance(value, dict):
        for key, item in value.items():
            if (
                isinstance(item, int)
                and not isinstance(item, bool)
                and (key == "line" or key.endswith("_line"))
            ):
                yield FactMark(item, label)
            elif key in {"lines", "date_lines"} and isinstance(item, dict):
                for what, line in item.items():
                    if isinstance(line, int) and not isinstance(line, bool):
                        yield FactMark(line, " › ".join((*path, what)).replace("_", " "))
            elif key.endswith("_lines") and isinstance(item, list):
                for line in item:
                    if isinstance(line, int) and not isinstance(line, bool):
                        yield FactMark(line, label)
            else:
                yield from _fact_marks(item, (*path, key) if not path or key != "children" else path)
    elif isinstance(value, list):
        for item in value:
            yield from _fact_marks(item, path)
