"""The pipeline's own records: source documents with their provenance, loads, the change feed, corrections.

Nothing here knows NICE or ICB policies: the domain apps (``guidance``,
``policies``) extend ``SourceDocument`` with what their documents say, and
register their parsers, fixture builders and change-feed parts with
``sources.registry``. Rows are written only by ``sources.actions``.
"""

from __future__ import annotations

from django.db import models

from sources.links import PATH_SEGMENT, reversed_with


class Precision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


class DocumentKind(models.TextChoices):
    IPG_RECOMMENDATIONS = "ipg_recommendations", "NICE final guidance"
    IP_IN_PROGRESS = "ip_in_progress", "NICE in-progress page"
    IP_CONSULTATION = "ip_consultation", "NICE consultation document"
    ICB_POLICY = "icb_policy", "ICB commissioning policy"


def source_line_url(filename: str, line: int | None = None) -> str:
    """The source viewer for ``filename``, at ``line`` when it is known (``#L43``): the one URL shape.

    Reversed once (``sources.links``): a governance page links about 200 facts to their lines.
    """
    url = reversed_with("sources:source-detail", "filename", filename, accepts=PATH_SEGMENT)
    return f"{url}#L{line}" if line else url


class NaturalKeyManager(models.Manager):
    """``get_by_natural_key`` for models whose natural key is the one field ``NATURAL_KEY``."""

    def get_by_natural_key(self, value):
        return self.get(**{self.model.NATURAL_KEY: value})


class SourceDocument(models.Model):
    """A source file and where it came from: the provenance of every parsed fact.

    Domain apps extend it (multi-table inheritance) with what their kind of
    document prints; a document's provenance is always read from here.
    """

    filename = models.CharField(max_length=255, unique=True)
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(max_length=40, choices=DocumentKind.choices)
    source_url = models.URLField(max_length=500)
    retrieved_on = models.DateField()
    title = models.CharField(max_length=500, blank=True)
    title_from_manifest = models.BooleanField(
        default=False, help_text="The text prints no title; the manifest supplied this one."
    )
    title_line = models.PositiveIntegerField(null=True, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    guidance_id = models.CharField(max_length=40, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    line_count = models.PositiveIntegerField()
    # The decoded text as captured, shown line by line by the source viewer (always escaped,
    # never rendered): pages never read the sources folder at request time.
    text = models.TextField(blank=True)

    NATURAL_KEY = "filename"

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["filename"]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return source_line_url(self.filename)

    def natural_key(self):
        return (self.filename,)

    def line_url(self, line: int | None) -> str:
        """The viewer at that line (``#L43``); the whole document when no line is known."""
        return source_line_url(self.filename, line)


class DataLoad(models.Model):
    """One run of ``sources.actions.load_fixtures``: what was loaded, and when the data last changed.

    Written in the load's own transaction, so it exists exactly when the data it
    describes does. The API derives its ETag from ``digest`` and its
    Last-Modified from ``modified_at`` with one small query (docs/adr/0006).
    Never deleted by a reload: it is history, not source-derived data.
    """

    loaded_at = models.DateTimeField(db_index=True)
    # SHA-256 of the data as loaded (``sources.changes.digest``: every record's content hashes,
    # editorial corrections included): the same data gives the same digest, whatever the files.
    digest = models.CharField(max_length=64)
    files = models.JSONField(default=list)
    # When the data last changed: ``loaded_at``, or the previous load's ``modified_at`` when
    # the digest is the same, so reloading the same data keeps clients' caches valid.
    modified_at = models.DateTimeField()

    class Meta:
        ordering = ["-loaded_at"]
        get_latest_by = "loaded_at"

    def __str__(self):
        return f"{self.loaded_at:%Y-%m-%d %H:%M} {self.digest[:12]}"


class ChangeAction(models.TextChoices):
    ADDED = "added", "Added"
    CHANGED = "changed", "Changed"
    REMOVED = "removed", "Removed"


class ChangeKind(models.TextChoices):
    PROCEDURE = "procedure", "Procedure"
    DOCUMENT = "document", "Source document"
    POLICY = "policy", "Commissioning policy version"


class DataChange(models.Model):
    """What a fixture load added, changed or removed: the change feed.

    Recorded by ``load_fixtures`` by comparing content hashes of the records
    before and after the load (``sources.changes``). Natural keys only, so a
    row still means something after the record it names is gone. History, not
    source-derived data: a reload never deletes these rows.
    """

    changed_at = models.DateTimeField(db_index=True)
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    # Procedure or policy slug, or document filename.
    key = models.CharField(max_length=255)
    # Policies only: the filename of the version's source document ("" otherwise).
    version = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=500)
    summary = models.CharField(max_length=500)

    class Meta:
        ordering = ["-changed_at", "kind", "key", "version"]
        # The feed's own order: a first load records every row at one moment, so an index on
        # the moment alone leaves tens of thousands of rows to sort for each page.
        indexes = [
            models.Index(fields=["-changed_at", "kind", "key", "version"], name="datachange_feed_order")
        ]

    def __str__(self):
        return f"{self.changed_at:%Y-%m-%d} {self.action} {self.kind} {self.key}"


class CorrectionStatus(models.TextChoices):
    ACTIVE = "active", "Applied on every load"
    CONFLICT = "conflict", "Conflict: the sources changed"
    DISMISSED = "dismissed", "Dismissed"


class EditorialCorrection(models.Model):
    """An editor's fix to a parsed field, replayed after every load (docs/adr/0009).

    History, not source-derived data: a reload never deletes it. It is keyed on
    content (``anchor``: the document's published URL; ``anchor_hashes``: the
    sha256 of the normalised text of the line(s) the row was read from, in
    order), which survives a re-capture that renames the file or moves the
    lines; ``object_pk`` and ``anchor_lines`` are where the row was last found.
    """

    model_label = models.CharField(max_length=100)  # "guidance.recommendation"
    object_pk = models.BigIntegerField()
    anchor = models.CharField(max_length=500, blank=True, help_text="The source document's published URL.")
    anchor_hashes = models.JSONField(default=list, blank=True)
    anchor_lines = models.JSONField(default=list, blank=True)
    anchor_text = models.CharField(max_length=300, blank=True, help_text="The first anchored line's words.")
    object_repr = models.CharField(max_length=300)
    field = models.CharField(max_length=100)
    source_value = models.TextField(help_text="What the sources gave when the correction was made.")
    corrected_value = models.TextField()
    reason = models.TextField(blank=True)
    author = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.ACTIVE
    )
    conflict_reason = models.CharField(max_length=300, blank=True)
    conflict_source_value = models.TextField(
        blank=True, help_text="What the sources gave at the load that conflicted."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "object_pk", "field"],
                condition=models.Q(status="active"),
                name="one_active_correction_per_field",
            ),
        ]

    def __str__(self):
        return f"{self.model_label} {self.object_repr}: {self.field}"

    def mark_conflict(self, current_value: str | None, reason: str) -> None:
        self.status = CorrectionStatus.CONFLICT
        self.conflict_reason = reason
        self.conflict_source_value = current_value or ""
