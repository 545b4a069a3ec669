"""ICB commissioning policies: who commissions, when they fund, as an evaluable criteria tree.

A ``Policy`` is the lasting subject ("LLR ICB: hip resurfacing"); each parsed
policy document is a ``PolicyVersion`` with its own dates and criteria, so an
evaluation can use the version in force on the referral date (``as_of``).
Rows come only from generated fixtures (see ``policies.fixture_records``),
with provenance: every version is one ``sources.SourceDocument`` and every
criterion, definition, exclusion and measure keeps its source line.

A version whose criteria the parser could not read into a tree is still a
version (its title, reference, dates, definitions, exclusions and source are
kept): it has no criterion nodes, and ``criteria_problem`` says why, with the
line, so pages and the API can say "criteria not structured: read the source".
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from guidance.models import Procedure
from policies.review import review_due
from sources.links import SLUG, reversed_with
from sources.models import NaturalKeyManager, Precision, SourceDocument
from sources.parsing.dates import PartialDate


class CommissioningBody(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    short_name = models.CharField(max_length=100)  # as printed: "LLR ICB"
    name = models.CharField(max_length=300, blank=True)  # full name, when known

    NATURAL_KEY = "slug"

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["short_name"]
        verbose_name_plural = "commissioning bodies"

    def __str__(self):
        return self.name or self.short_name

    def natural_key(self):
        return (self.slug,)


class Policy(models.Model):
    slug = models.SlugField(max_length=200, unique=True)
    body = models.ForeignKey(CommissioningBody, on_delete=models.CASCADE, related_name="policies")
    title = models.CharField(max_length=300)  # the subject: "Hip Resurfacing"
    procedure = models.ForeignKey(
        Procedure, null=True, blank=True, on_delete=models.SET_NULL, related_name="policies"
    )

    NATURAL_KEY = "slug"

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["body", "title"]
        verbose_name_plural = "policies"

    def __str__(self):
        return f"{self.body.short_name}: {self.title}"

    def get_absolute_url(self):
        return reversed_with("policies:policy-detail", "slug", self.slug, accepts=SLUG)

    def natural_key(self):
        return (self.slug,)


class PolicyVersion(models.Model):
    """One published text of a policy, with its dates at the precision printed."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    document = models.OneToOneField(SourceDocument, on_delete=models.CASCADE, related_name="policy_version")
    reference = models.CharField(max_length=100, blank=True)  # "ARP 55"
    category = models.CharField(max_length=200, blank=True)  # "Threshold Criteria"
    funding_status = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    description_html = models.TextField(blank=True)
    effective_value = models.CharField(max_length=10, blank=True)
    effective_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    # First day the version can be in force; null when the text states no date.
    effective_from = models.DateField(null=True, blank=True, db_index=True)
    review_value = models.CharField(max_length=10, blank=True)
    review_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    review_line = models.PositiveIntegerField(null=True, blank=True)
    # First day of the review date's period: a review is due from this day (``policies.review``).
    review_from = models.DateField(null=True, blank=True, db_index=True)
    age_min = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    age_max = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    # Where the first age bound was read, and its exact words (parse contract: "line" and "words").
    age_line = models.PositiveIntegerField(null=True, blank=True)
    age_words = models.CharField(max_length=300, blank=True)
    # Blank when the criteria were read into a tree; else why not, and the line it is about.
    criteria_problem = models.TextField(blank=True)
    criteria_problem_line = models.PositiveIntegerField(null=True, blank=True)
    # Set by the load's replay when an editor's tree stands in for the parser's reading (issue 13):
    # the nodes are then the curated ones, and pages say "structured by an editor on DATE".
    curated_tree = models.ForeignKey(
        "CuratedTree", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["policy", "effective_from"]

    def __str__(self):
        return f"{self.policy} ({self.reference or self.document.filename})"

    @property
    def criteria_structured(self) -> bool:
        """Whether the criteria were read into a tree a patient's facts can be checked against."""
        return not self.criteria_problem

    @property
    def effective(self) -> PartialDate | None:
        return PartialDate(self.effective_value, self.effective_precision) if self.effective_value else None

    @property
    def review(self) -> PartialDate | None:
        return PartialDate(self.review_value, self.review_precision) if self.review_value else None

    def review_due(self, today: dt.date) -> bool:
        return review_due(self.review, today)


class NodeKind(models.TextChoices):
    ALL = "all", "All of"
    ANY = "any", "Any of"
    AT_LEAST = "at_least", "At least k of"
    LEAF = "leaf", "Criterion"


class OperatorSource(models.TextChoices):
    """Where a group's operator was read (``policies.parsing.model.Group.connector``)."""

    STATED = "stated", "Connectors printed between its items"
    LEAD_IN = "lead_in", "The words of its lead-in"


class Definition(models.Model):
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="definitions")
    term = models.CharField(max_length=300)
    marker = models.CharField(max_length=5, blank=True)  # "*" for a footnote
    text = models.TextField(blank=True)
    text_html = models.TextField(blank=True)
    items = models.JSONField(default=list, blank=True)
    criteria = models.JSONField(null=True, blank=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]

    def __str__(self):
        return self.term


class CriterionNode(models.Model):
    """A node of the criteria tree: a group (all / any / at least k) or a leaf criterion."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(max_length=10, choices=NodeKind.choices)
    k = models.PositiveIntegerField(null=True, blank=True)
    # Leaves: the stable key facts are given under; groups: their path id ("root", "root.2").
    key = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    text_html = models.TextField(blank=True)
    number = models.CharField(max_length=20, blank=True)  # as printed: "1", "a)"
    path = models.CharField(max_length=200)  # "root.2.0": sorts siblings in order
    depth = models.PositiveIntegerField()
    order = models.PositiveIntegerField()
    line = models.PositiveIntegerField()
    # Groups: where the operator was read, and the line of those words; blank for leaves.
    connector = models.CharField(max_length=10, choices=OperatorSource.choices, blank=True)
    connector_line = models.PositiveIntegerField(null=True, blank=True)
    definitions = models.ManyToManyField(Definition, blank=True, related_name="used_by")
    # Built from an editor's ``CuratedTree`` rather than read by the parser.
    curated = models.BooleanField(default=False)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_node_key_per_version"),
        ]

    def __str__(self):
        return self.key


class Exclusion(models.Model):
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="exclusions")
    key = models.CharField(max_length=200)
    text = models.TextField()
    text_html = models.TextField()
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_exclusion_key_per_version"),
        ]

    def __str__(self):
        return self.text[:80]


class Threshold(models.Model):
    """A numeric threshold a criterion states: "BMI <45" -> BMI, <, 45."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="thresholds")
    node = models.ForeignKey(
        CriterionNode, null=True, blank=True, on_delete=models.CASCADE, related_name="thresholds"
    )
    measure = models.CharField(max_length=200)
    comparator = models.CharField(max_length=2)
    value = models.DecimalField(max_digits=12, decimal_places=4)
    unit = models.CharField(max_length=50, blank=True)
    text = models.CharField(max_length=300, blank=True)  # the words it was read from
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]

    def __str__(self):
        return f"{self.measure} {self.comparator} {self.value}{self.unit and ' ' + self.unit}"


class Duration(models.Model):
    """A duration a criterion states: "at least six months" -> >=, 6, month."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="durations")
    node = models.ForeignKey(
        CriterionNode, null=True, blank=True, on_delete=models.CASCADE, related_name="durations"
    )
    comparator = models.CharField(max_length=2)
    value = models.DecimalField(max_digits=8, decimal_places=2)
    unit = models.CharField(max_length=10)
    context = models.TextField()
    text = models.CharField(max_length=300, blank=True)
    line = models.PositiveIntegerField()
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]

    def __str__(self):
        return f"{self.comparator} {self.value} {self.unit}"


class CurationStatus(models.TextChoices):
    ACTIVE = "active", "Applied on every load"
    CONFLICT = "conflict", "Conflict: the source lines changed"
    REPLACED = "replaced", "Replaced by a later tree"


class CuratedTree(models.Model):
    """A criteria tree an editor built from a policy's source lines, replayed after every load (issue 13).

    History, not source-derived data: a reload never deletes it. It is keyed on
    what survives a re-capture: the policy's slug, the document's published URL
    (``anchor``) and, in ``tree``, each leaf's line hash (``hash``) beside the
    line it was last found on (``line``). Groups are ``{"op": "all" | "any" |
    "at_least", "k", "text", "children"}``; leaves ``{"leaf": words, "key",
    "hash", "line"}``. When every leaf's line is found again, in the same
    order, the load builds the version's nodes from it (``CriterionNode.curated``);
    otherwise it is a conflict, kept, and the parser's reading is served.
    """

    policy_slug = models.SlugField(max_length=200, db_index=True)
    anchor = models.CharField(max_length=500, help_text="The policy document's published URL.")
    tree = models.JSONField()
    # The parser's reading when the tree was last applied, for editors to compare.
    parser_tree = models.JSONField(null=True, blank=True)
    parser_problem = models.TextField(blank=True)
    # The definitions, exclusions and measures the editor marked (``policies.curation``); null for a
    # tree saved before editors could mark them, whose version keeps the parser's.
    marks = models.JSONField(null=True, blank=True)
    # The parser's whole reading of the version (``policies.versions.reading_to_dict``), for the
    # structured diff "read from the source" → "structured by an editor".
    parser_reading = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    editor = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=CurationStatus.choices, default=CurationStatus.ACTIVE)
    conflict_reason = models.CharField(max_length=300, blank=True)
    conflict_at = models.DateTimeField(null=True, blank=True)
    applied_to = models.CharField(max_length=255, blank=True)  # the file it was last applied to

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy_slug", "anchor"],
                condition=models.Q(status="active"),
                name="one_active_curated_tree_per_policy_document",
            ),
        ]

    def __str__(self):
        return f"{self.policy_slug}: criteria structured by an editor on {self.created_at:%d %B %Y}"

    @property
    def editor_name(self) -> str:
        if self.editor is None:
            return "an editor"
        return self.editor.get_full_name() or self.editor.get_username()
