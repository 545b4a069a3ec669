"""NICE interventional procedures guidance, as parsed from the source documents.

Every row comes from a parsed source document (``SourceDocument``) and keeps the
line it was read from, so any fact shown or served can be traced to its file
and line. Rows are written only by ``guidance.actions`` (fixture loading);
primary keys are derived from natural keys (see ``guidance.natural_keys``) so
generated fixtures are byte-for-byte stable.

Free text that pages show has a ``*_html`` twin rendered once, at ingest, by
``guidance.rendering.render_text`` (markdown + bleach allow-list); templates
only ever mark those twins safe.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.urls import reverse

from guidance.parsing.dates import PartialDate


class Precision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


class DocumentKind(models.TextChoices):
    IPG_RECOMMENDATIONS = "ipg_recommendations", "NICE final guidance"
    IP_IN_PROGRESS = "ip_in_progress", "NICE in-progress page"
    IP_CONSULTATION = "ip_consultation", "NICE consultation document"
    ICB_POLICY = "icb_policy", "ICB commissioning policy"


class Level(models.TextChoices):
    STANDARD = "standard", "Standard arrangements"
    SPECIAL = "special", "Special arrangements"
    RESEARCH_ONLY = "research_only", "Research only"
    DO_NOT_USE = "do_not_use", "Do not use"


class Audience(models.TextChoices):
    CLINICIANS = "clinicians", "Clinicians"
    ORGANISATIONS = "organisations", "Healthcare organisations"
    OTHER = "other", "Others"


class DutyKind(models.TextChoices):
    NOTIFY_GOVERNANCE_LEADS = "notify_governance_leads", "Inform clinical governance leads"
    WRITTEN_PATIENT_INFORMATION = "written_patient_information", "Written information for patients"
    UNDERSTANDING_OF_UNCERTAINTIES = "understanding_of_uncertainties", "Patients understand the uncertainties"
    AUDIT = "audit", "Audit outcomes (outcomes audit tool)"
    REGISTRY_ENTRY = "registry_entry", "Enter patients on a registry"
    ANNUAL_APPRAISAL = "annual_appraisal", "Discuss outcomes at annual appraisal"
    ORGANISATIONAL_DATA_SYSTEMS = "organisational_data_systems", "Systems to collect outcome data"
    DATA_REVIEW = "data_review", "Regular review of outcome data"
    OTHER = "other", "Other"


class ServiceRequirementKind(models.TextChoices):
    SPECIALIST_CENTRES = "specialist_centres", "Specialist centres only"
    MULTIDISCIPLINARY_SELECTION = "multidisciplinary_selection", "Multidisciplinary team selects patients"
    SURGEON_TRAINING = "surgeon_training", "Surgeons with specific training"


class EventKind(models.TextChoices):
    PUBLISHED = "published", "Published"
    DOCUMENT = "document", "Document date"
    CONSULTATION = "consultation", "Consultation"
    CLOSING_DATE = "closing_date", "Closing date for comments"
    TARGET_PUBLICATION = "target_publication", "Target date for publication"
    EXPECTED_PUBLICATION = "expected_publication", "Expected publication"
    KEY_EVENT = "key_event", "Key event"
    OTHER = "other", "Other date"


class NaturalKeyManager(models.Manager):
    """``get_by_natural_key`` for models whose natural key is the one field ``NATURAL_KEY``."""

    def get_by_natural_key(self, value):
        return self.get(**{self.model.NATURAL_KEY: value})


class Procedure(models.Model):
    """An interventional procedure: the documents NICE has published about it, grouped."""

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=500)
    # Identifier as printed in a document ("IPG722"); blank when none prints one.
    guidance_id = models.CharField(max_length=40, blank=True)

    NATURAL_KEY = "slug"

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("guidance:procedure-detail", kwargs={"slug": self.slug})


class SourceDocument(models.Model):
    """A source file and where it came from: the provenance of every parsed fact."""

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
    procedure = models.ForeignKey(
        Procedure, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    committee_chair = models.CharField(max_length=200, blank=True)
    committee_chair_line = models.PositiveIntegerField(null=True, blank=True)
    # In-progress page fields, as printed.
    status = models.CharField(max_length=200, blank=True)
    process = models.CharField(max_length=100, blank=True)
    id_number = models.CharField(max_length=40, blank=True)
    technology_type = models.CharField(max_length=200, blank=True)
    decision = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    description_html = models.TextField(blank=True)
    # Evidence summary of a consultation's section 3 (counts of each study type, key outcomes), with lines.
    evidence = models.JSONField(null=True, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    line_count = models.PositiveIntegerField()

    NATURAL_KEY = "filename"

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["filename"]

    def __str__(self):
        return self.filename

    def natural_key(self):
        return (self.filename,)


class Indication(models.Model):
    """What a procedure is used for, with NICE's recommendation level for it.

    ``text`` is blank when the document makes one recommendation for the
    procedure as a whole. Levels from a consultation document are drafts.
    """

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="indications")
    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="indications")
    text = models.CharField(max_length=500, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices)
    is_draft = models.BooleanField(default=False)
    recommendation_number = models.CharField(max_length=20)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "text"], name="unique_indication_per_document"),
        ]

    def __str__(self):
        return f"{self.text or self.procedure.title}: {self.get_level_display()}"


class Recommendation(models.Model):
    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="recommendations")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="recommendations")
    number = models.CharField(max_length=20)  # as printed: gaps ("1.4" then "1.6") are kept
    text = models.TextField()
    text_html = models.TextField()
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    indication = models.CharField(max_length=500, blank=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_recommendation_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"


class DutyList(models.Model):
    """A list introduced by "... should:" (clinicians, or healthcare organisations)."""

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="duty_lists")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="duty_lists")
    number = models.CharField(max_length=20, blank=True)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    lead_in = models.TextField()
    indication = models.CharField(max_length=500, blank=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "order"]

    def __str__(self):
        return self.lead_in


class Duty(models.Model):
    duty_list = models.ForeignKey(DutyList, on_delete=models.CASCADE, related_name="duties")
    text = models.TextField()
    text_html = models.TextField()
    # What the duty asks for; a duty can ask for more than one thing ("audit,registry_entry").
    kinds = models.JSONField(default=list)
    # The first of ``kinds``, indexed so a governance lead can filter on it.
    primary_kind = models.CharField(max_length=40, choices=DutyKind.choices, db_index=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["duty_list", "order"]
        verbose_name_plural = "duties"

    def __str__(self):
        return self.text[:80]


class Registry(models.Model):
    name = models.CharField(max_length=300, unique=True)
    slug = models.SlugField(max_length=300, unique=True)

    NATURAL_KEY = "slug"

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "registries"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class RegistryMention(models.Model):
    registry = models.ForeignKey(Registry, on_delete=models.CASCADE, related_name="mentions")
    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="registry_mentions")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="registry_mentions")
    recommendation_number = models.CharField(max_length=20, blank=True)
    line = models.PositiveIntegerField()

    class Meta:
        ordering = ["procedure", "registry"]

    def __str__(self):
        return f"{self.registry} ({self.document}:{self.line})"


class ServiceRequirement(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="service_requirements")
    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="service_requirements")
    kind = models.CharField(max_length=40, choices=ServiceRequirementKind.choices)
    text = models.TextField()
    recommendation_number = models.CharField(max_length=20, blank=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["procedure", "order"]

    def __str__(self):
        return self.get_kind_display()


class ResearchNeed(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="research_needs")
    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="research_needs")
    recommendation_number = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    text_html = models.TextField()
    items = models.JSONField(default=list, blank=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["procedure", "order"]

    def __str__(self):
        return self.text[:80]


class TimelineEvent(models.Model):
    """A date a document states: a key event, a closing date, a target publication...

    Dates keep the precision they were printed at (``*_value`` "2025-06" with
    ``*_precision`` "month"); ``starts_on``/``ends_on`` are the earliest and
    latest days the event can cover, for querying ("open on", "closing before").
    """

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="events")
    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    label = models.CharField(max_length=1000)
    start_value = models.CharField(max_length=10)
    start_precision = models.CharField(max_length=5, choices=Precision.choices)
    end_value = models.CharField(max_length=10, blank=True)
    end_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    starts_on = models.DateField(db_index=True)
    ends_on = models.DateField(db_index=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["starts_on", "order"]

    def __str__(self):
        return f"{self.label} ({self.start_value})"

    @property
    def start(self) -> PartialDate:
        return PartialDate(self.start_value, self.start_precision)

    @property
    def end(self) -> PartialDate | None:
        return PartialDate(self.end_value, self.end_precision) if self.end_value else None


class ConsultationSection(models.Model):
    """A numbered paragraph of a consultation's chapters 2 and 3 (condition, procedure, evidence...)."""

    document = models.ForeignKey(SourceDocument, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(max_length=20)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    text_html = models.TextField()
    items = models.JSONField(default=list, blank=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_section_number"),
        ]

    def __str__(self):
        return f"{self.number} {self.heading}"


class DataLoad(models.Model):
    """One run of ``guidance.actions.load_fixtures``: what was loaded, and when the data last changed.

    Written in the load's own transaction, so it exists exactly when the data it
    describes does. The API derives its ETag from ``digest`` and its
    Last-Modified from ``modified_at`` with one small query (docs/adr/0006).
    Never deleted by a reload: it is history, not source-derived data.
    """

    loaded_at = models.DateTimeField(db_index=True)
    # SHA-256 of the data as loaded (``guidance.changes.digest``: every record's content hashes,
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
    before and after the load (``guidance.changes``). Natural keys only, so a
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

    def __str__(self):
        return f"{self.changed_at:%Y-%m-%d} {self.action} {self.kind} {self.key}"


class CorrectionStatus(models.TextChoices):
    ACTIVE = "active", "Applied on every load"
    CONFLICT = "conflict", "Conflict: the sources changed"
    DISMISSED = "dismissed", "Dismissed"


class EditorialCorrection(models.Model):
    """An editor's fix to a parsed field, replayed after every load (docs/adr/0009).

    History, not source-derived data: a reload never deletes it. ``object_pk``
    is stable across loads because ingest derives keys from natural keys.
    """

    model_label = models.CharField(max_length=100)  # "guidance.recommendation"
    object_pk = models.BigIntegerField()
    object_repr = models.CharField(max_length=300)
    field = models.CharField(max_length=100)
    source_value = models.TextField(help_text="What the sources gave when the correction was made.")
    corrected_value = models.TextField()
    reason = models.TextField(blank=True)
    author = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.ACTIVE)
    conflict_reason = models.CharField(max_length=300, blank=True)
    conflict_source_value = models.TextField(blank=True, help_text="What the sources gave at the load that conflicted.")

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
