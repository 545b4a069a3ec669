"""NICE interventional procedures guidance, as parsed from the source documents.

Every row comes from a parsed source document (``GuidanceDocument``, a ``sources.SourceDocument``) and keeps the
line it was read from, so any fact shown or served can be traced to its file
and line. Rows are written only by ``sources.actions`` (fixture loading);
primary keys are derived from natural keys (see ``sources.natural_keys``) so
generated fixtures are byte-for-byte stable.

Free text that pages show has a ``*_html`` twin rendered once, at ingest, by
``sources.rendering.render_text`` (markdown + bleach allow-list); templates
only ever mark those twins safe.
"""

from __future__ import annotations

from django.db import models

from sources.links import SLUG, reversed_with
from sources.models import NaturalKeyManager, Precision, SourceDocument
from sources.parsing.dates import PartialDate


class Level(models.TextChoices):
    STANDARD = "standard", "Standard arrangements"
    SPECIAL = "special", "Special arrangements"
    RESEARCH_ONLY = "research_only", "Research only"
    DO_NOT_USE = "do_not_use", "Do not use"


class DecisionLevel(models.TextChoices):
    """What a decision decides: one of the four levels, or HealthTech's evidence-generation label."""

    STANDARD = "standard", "Standard arrangements"
    SPECIAL = "special", "Special arrangements"
    RESEARCH_ONLY = "research_only", "Research only"
    DO_NOT_USE = "do_not_use", "Do not use"
    EVIDENCE_GENERATION = "evidence_generation", "Evidence generation"


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


class Procedure(models.Model):
    """An interventional procedure: the documents NICE has published about it, grouped."""

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=500)
    # Identifier as printed in a document ("IPG722"); blank when none prints one.
    guidance_id = models.CharField(max_length=40, blank=True)
    # The document that speaks for the procedure (final guidance, else a consultation) decides no
    # level: pages and the API say the level was not read from the text, and point at this file
    # and line (its chapter 1, or its first line when no chapter 1 survived). Blank otherwise.
    level_not_read_file = models.CharField(max_length=255, blank=True)
    level_not_read_line = models.PositiveIntegerField(null=True, blank=True)
    # What the stage depends on besides today (``guidance.stages.stage_inputs``), worked out at
    # ingest from the documents' kinds and dates, so lists filter and sort on indexed columns
    # instead of correlated subqueries. The stage itself stays derived on read (ADR 0004).
    has_final_guidance = models.BooleanField(default=False)
    consultation_starts_on = models.DateField(null=True, blank=True)
    consultation_ends_on = models.DateField(null=True, blank=True)
    expected_publication_ends_on = models.DateField(null=True, blank=True)
    # A decision of the leading version is special arrangements, stored at ingest
    # (``guidance.fixture_records``) so the special lists, counts and the duties of special
    # procedures read an index on the procedure instead of an EXISTS over its indications.
    has_special = models.BooleanField(default=False)

    NATURAL_KEY = "slug"

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["title"]
        indexes = [
            # Every list's default order, so a page is read from the index, not sorted.
            models.Index(fields=["title", "slug"], name="procedure_title_slug"),
            models.Index(fields=["consultation_starts_on", "title", "slug"], name="procedure_consult_starts"),
            models.Index(fields=["consultation_ends_on", "title", "slug"], name="procedure_consult_ends"),
            # Closed consultations list the latest closing first (then title): its own direction.
            models.Index(
                fields=["-consultation_ends_on", "title", "slug"], name="procedure_consult_ends_desc"
            ),
            models.Index(
                fields=["has_final_guidance", "expected_publication_ends_on"], name="procedure_expected_pub"
            ),
            # Special arrangements in title order: the special lists' pages.
            models.Index(
                fields=["title", "slug"], condition=models.Q(has_special=True), name="procedure_special_title"
            ),
            # Their counts: a btree on the flag itself is deduplicated to a few pages (30,000 rows at
            # 10,000x counted in ~1 ms, ~7 ms from the wide title index; docs/performance.md).
            models.Index(
                fields=["has_special"], condition=models.Q(has_special=True), name="procedure_special_flag"
            ),
            # The home page's watch list: procedures without final guidance, in title order.
            models.Index(
                fields=["title", "slug"],
                condition=models.Q(has_final_guidance=False),
                name="procedure_not_final_title",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reversed_with("guidance:procedure-detail", "slug", self.slug, accepts=SLUG)

    def natural_key(self):
        return (self.slug,)


class GuidanceDocument(SourceDocument):
    """A NICE document: its provenance (``GuidanceDocument``, a ``sources.SourceDocument``), the procedure it is about, and what it prints."""

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
    # A later capture of the same document exists (same procedure and kind, ADR 0014): this one is
    # kept and readable by date (``as_of``), but no longer speaks for the procedure.
    superseded = models.BooleanField(default=False)

    class Meta:
        ordering = ["filename"]


class Indication(models.Model):
    """One decision of the document that speaks for a procedure: a level, for what it is used for.

    One row per deciding paragraph (or list item) the parser read
    (``decisions``), so no decision is dropped: two decisions for the same
    indication text are two rows. ``text`` is blank when the document names no
    indication (one recommendation for the procedure as a whole). Levels from
    a consultation document are drafts. ``recommendation_number`` is blank
    when the capture lost the number.
    """

    # The procedure whose decisions these are; null for a superseded version's decisions (ADR 0014),
    # which are kept to read that version by date and to compare versions, and reached through
    # ``document``: so ``procedure.indications`` is always the leading version's decisions.
    procedure = models.ForeignKey(
        Procedure, null=True, blank=True, on_delete=models.CASCADE, related_name="indications"
    )
    document = models.ForeignKey(GuidanceDocument, on_delete=models.CASCADE, related_name="indications")
    text = models.CharField(max_length=500, blank=True)
    level = models.CharField(max_length=20, choices=DecisionLevel.choices)
    is_draft = models.BooleanField(default=False)
    recommendation_number = models.CharField(max_length=20, blank=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()
    # Set by an editor (``CuratedDecision``), not read by the parser: pages and the API say so, and when.
    curated = models.BooleanField(default=False)
    curated_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "line"], name="unique_decision_per_line"),
        ]
        # "Procedures with an indication at this level" (the level filters, the special count).
        indexes = [models.Index(fields=["level", "procedure"], name="indication_level_procedure")]

    def __str__(self):
        return f"{self.text or self.document.title or self.document.filename}: {self.get_level_display()}"


class Recommendation(models.Model):
    document = models.ForeignKey(GuidanceDocument, on_delete=models.CASCADE, related_name="recommendations")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="recommendations")
    # As printed: gaps ("1.4" then "1.6") are kept; blank when the capture lost it (never made up).
    number = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    text_html = models.TextField()
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    indication = models.CharField(max_length=500, blank=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                condition=~models.Q(number=""),
                name="unique_recommendation_number",
            ),
        ]

    def __str__(self):
        return f"{self.number or '(unnumbered)'} {self.text[:60]}"


class DutyList(models.Model):
    """A list introduced by "... should:" (clinicians, or healthcare organisations)."""

    document = models.ForeignKey(GuidanceDocument, on_delete=models.CASCADE, related_name="duty_lists")
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
    # Read from the source at ingest (``guidance.fixture_records``), so pages never re-read the text:
    # whether the duty names NICE's interventional procedures outcomes audit tool, and the names of
    # the registries it names (on its own line, else, for a registry duty, in its recommendation).
    # Names, not a relation: they are shown beside the duty and come with it, at no extra query.
    mentions_audit_tool = models.BooleanField(default=False)
    registry_names = models.JSONField(default=list, blank=True)
    # Stored at ingest: the duty is in a document in force (not superseded) of a procedure with
    # special arrangements. The governance lead's "every special-arrangements duty" list is then
    # counted from one partial index, not by joining every duty to its list, document and procedure.
    in_force_special = models.BooleanField(default=False)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["duty_list", "order"]
        verbose_name_plural = "duties"
        indexes = [
            # On the flag itself, so btree deduplication keeps it a few pages: counted in half the time.
            models.Index(
                fields=["in_force_special"],
                condition=models.Q(in_force_special=True),
                name="duty_in_force_special",
            ),
        ]

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
    document = models.ForeignKey(GuidanceDocument, on_delete=models.CASCADE, related_name="registry_mentions")
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="registry_mentions")
    recommendation_number = models.CharField(max_length=20, blank=True)
    line = models.PositiveIntegerField()

    class Meta:
        ordering = ["procedure", "registry"]

    def __str__(self):
        return f"{self.registry} ({self.document}:{self.line})"


class ServiceRequirement(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="service_requirements")
    document = models.ForeignKey(
        GuidanceDocument, on_delete=models.CASCADE, related_name="service_requirements"
    )
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
    document = models.ForeignKey(GuidanceDocument, on_delete=models.CASCADE, related_name="research_needs")
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
    document = models.ForeignKey(GuidanceDocument, on_delete=models.CASCADE, related_name="events")
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
    # The procedure's title, copied at ingest (``guidance.fixture_records``): the key dates' order
    # (day, then procedure title) is read from one index instead of sorting every event joined to
    # its procedure.
    procedure_title = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["starts_on", "order"]
        indexes = [models.Index(fields=["starts_on", "procedure_title"], name="event_day_procedure_title")]

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

    document = models.ForeignKey(GuidanceDocument, on_delete=models.CASCADE, related_name="sections")
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


class CuratedDecisionStatus(models.TextChoices):
    ACTIVE = "active", "Applied on every load"
    CONFLICT = "conflict", "Conflict: the source line changed"
    REPLACED = "replaced", "Replaced by a later decision"


class CuratedDecision(models.Model):
    """A decision an editor set on one paragraph of a procedure's document, replayed after every load.

    History, not source-derived data: a reload never deletes it (issue 13,
    item 2). It is keyed on what survives a re-capture: the procedure's slug,
    the document's published URL (``anchor``) and the hash of the paragraph's
    line (``line_hash``, ``sources.corrections.line_hash``); ``line`` is where
    it was last found. While the line is found, the load's ``Indication`` at
    that line says what the editor decided (``Indication.curated``); when it
    is not, the decision is a kept conflict and the parser's reading stands.
    """

    procedure_slug = models.SlugField(max_length=200, db_index=True)
    anchor = models.CharField(max_length=500, help_text="The document's published URL.")
    line_hash = models.CharField(max_length=64)
    line = models.PositiveIntegerField(help_text="Where the line was last found (a hint).")
    line_text = models.CharField(max_length=300, help_text="The line's first words, for messages.")
    level = models.CharField(max_length=20, choices=DecisionLevel.choices)
    indication = models.CharField(max_length=500, blank=True)
    # What the parser read from that line when the decision was last applied (null: it read no decision).
    parser_reading = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    editor = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=CuratedDecisionStatus.choices, default=CuratedDecisionStatus.ACTIVE
    )
    conflict_reason = models.CharField(max_length=300, blank=True)
    conflict_at = models.DateTimeField(null=True, blank=True)
    applied_to = models.CharField(max_length=255, blank=True)  # the file it was last applied to

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure_slug", "anchor", "line_hash"],
                condition=models.Q(status="active"),
                name="one_active_curated_decision_per_line",
            ),
        ]

    def __str__(self):
        return f"{self.procedure_slug}: decision set by an editor on {self.created_at:%d %B %Y}"
