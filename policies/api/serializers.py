"""What the policy API answers with: output shapes only (see ``guidance.api.serializers`` for the conventions).

Everything reads what the selectors prefetched: a version's nodes, definitions,
exclusions, thresholds and durations come with it (``policies.selectors``).
What takes working out (the version in force, the criteria tree, the
evaluation report, the FHIR resource) the view gets from ``policies.builders``
and hands over as plain data.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guidance.api.serializers import (
    BlankAsNullField,
    BodyRefSerializer,
    CuratedNoteSerializer,
    PartialDateField,
    PolicyRefSerializer,
    ProcedureRefSerializer,
    SourceField,
    SourceSerializer,
    VersionDiffSerializer,
    absolute,
    source_ref,
)
from policies.evaluation import MET, NOT_MET, UNDETERMINED
from policies.models import NodeKind, OperatorSource

RESULTS = [(MET, "Met"), (NOT_MET, "Not met"), (UNDETERMINED, "Undetermined")]


@extend_schema_field({"type": "number"})
class NumberField(serializers.Field):
    """A stored decimal as a JSON number: 45, 6, 1.5 (not the string "45.0000")."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Decimal):
        return int(value) if value == value.to_integral_value() else float(value)


@extend_schema_field({"type": "number", "nullable": True})
class NullableNumberField(NumberField):
    pass


def _policy_url(serializer, policy, name: str = "policies-api:policy-detail") -> str:
    return absolute(serializer.context["request"], name, slug=policy.slug)


class DocumentProvenanceSerializer(serializers.Serializer):
    file = serializers.CharField(source="filename")
    title = BlankAsNullField()
    url = serializers.URLField(source="source_url")
    sha256 = serializers.CharField()
    retrieved_on = serializers.DateField()


class VersionSummarySerializer(serializers.Serializer):
    file = serializers.CharField(source="document.filename", help_text="The version's source document.")
    reference = BlankAsNullField(help_text='As printed: "ARP 55".')
    category = BlankAsNullField()
    effective = PartialDateField(
        "effective", help_text="The effective date as printed; null when the text states none."
    )
    review = PartialDateField("review", help_text="The review date as printed.")
    review_due = serializers.SerializerMethodField(help_text="The review date has come, today (UK).")
    in_force = serializers.SerializerMethodField(
        help_text="In force on the answer's date (as_of, else today)."
    )
    criteria_structured = serializers.BooleanField(
        read_only=True,
        help_text="The criteria were read into a tree facts can be checked against; false: read the source.",
    )

    def get_review_due(self, version) -> bool:
        return version.review_due(self.context["today"])

    def get_in_force(self, version) -> bool:
        return version == self.context["in_force"]


class PolicyListSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField(help_text='The subject: "Hip Resurfacing".')
    body = BodyRefSerializer()
    procedure = ProcedureRefSerializer(
        allow_null=True, help_text="The NICE procedure it concerns, when known."
    )
    url = serializers.SerializerMethodField()
    review_due = serializers.SerializerMethodField(help_text="A version's review date has come, today (UK).")
    versions = serializers.SerializerMethodField()

    def get_url(self, policy) -> str:
        return _policy_url(self, policy)

    def get_review_due(self, policy) -> bool:
        return any(version.review_due(self.context["today"]) for version in policy.versions.all())

    @extend_schema_field(VersionSummarySerializer(many=True))
    def get_versions(self, policy) -> list[dict]:
        # The view worked out each policy's version in force (``policies.builders.version_in_force``).
        context = {**self.context, "in_force": self.context["versions_in_force"][policy.pk]}
        return VersionSummarySerializer(policy.versions.all(), many=True, context=context).data


class CriterionSerializer(serializers.Serializer):
    """A node of the criteria tree: a group (all / any / at least k) or a leaf criterion."""

    id = serializers.CharField(
        help_text="Node id in evaluation results: a leaf's key, a group's path (root, root.2)."
    )
    kind = serializers.ChoiceField(choices=NodeKind.choices)
    k = serializers.IntegerField(allow_null=True, help_text="at_least only: how many children must hold.")
    key = serializers.CharField(allow_null=True, help_text="Leaves only: the key facts are given under.")
    number = serializers.CharField(allow_null=True, help_text='As printed ("1", "a)"), if any.')
    text = serializers.CharField(allow_blank=True)
    definitions = serializers.ListField(
        child=serializers.CharField(), help_text="Terms defined by the policy that this criterion uses."
    )
    source = SourceSerializer()
    connector = serializers.ChoiceField(
        choices=OperatorSource.choices,
        allow_null=True,
        help_text="Groups only: where the operator was read. stated: AND/OR printed between the items; "
        "lead_in: the words of the lead-in ('all of the following', 'the following criteria are met').",
    )
    connector_source = SourceSerializer(allow_null=True, help_text="Groups only: the line of those words.")
    children = serializers.SerializerMethodField()

    def to_representation(self, node: dict) -> dict:
        file = self.context["file"]
        is_group = node["kind"] != NodeKind.LEAF
        connector_line = node.get("connector_line") or node["line"]
        return {
            "id": node["id"],
            "kind": node["kind"],
            "k": node.get("k"),
            "key": node.get("key"),
            "number": node["number"],
            "text": node["text"],
            "definitions": node.get("definitions", []),
            "source": source_ref(self.context.get("request"), file, node["line"], self.context.get("url")),
            "connector": node.get("connector") if is_group else None,
            "connector_source": (
                source_ref(self.context.get("request"), file, connector_line, self.context.get("url"))
                if is_group
                else None
            ),
            "children": [self.to_representation(child) for child in node.get("children", [])],
        }

    @extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/Criterion"}})
    def get_children(self, node):  # documents the field; to_representation fills it
        return []


class DefinitionSerializer(serializers.Serializer):
    term = serializers.CharField()
    marker = BlankAsNullField(help_text='The footnote marker used in criteria ("*"), if any.')
    text = serializers.CharField(allow_blank=True)
    items = serializers.ListField(child=serializers.CharField())
    source = SourceField(document="version.document")


class ExclusionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The fact key: true means the patient is excluded.")
    text = serializers.CharField()
    source = SourceField(document="version.document")


class ThresholdSerializer(serializers.Serializer):
    measure = serializers.CharField()
    comparator = serializers.CharField(help_text="<, <=, >, >= or =")
    value = NumberField()
    unit = BlankAsNullField()
    text = serializers.CharField(allow_blank=True, help_text="The words it was read from.")
    words = serializers.CharField(
        source="text", allow_blank=True, help_text="The exact words of its source line it was read from."
    )
    criterion = serializers.CharField(
        source="node.key", allow_null=True, help_text="The leaf stating it, if one does."
    )
    source = SourceField(document="version.document")


class DurationSerializer(serializers.Serializer):
    comparator = serializers.CharField()
    value = NumberField()
    unit = serializers.CharField()
    context = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    words = serializers.CharField(
        source="text", allow_blank=True, help_text="The exact words of its source line it was read from."
    )
    criterion = serializers.CharField(source="node.key", allow_null=True)
    source = SourceField(document="version.document")


class AgeLimitsSerializer(serializers.Serializer):
    min = NullableNumberField(source="age_min")
    max = NullableNumberField(source="age_max")
    words = BlankAsNullField(
        source="age_words", help_text="The exact words of its source line the first bound was read from."
    )
    source = serializers.SerializerMethodField(
        help_text="Where the first bound was read; null when none was."
    )

    @extend_schema_field(SourceSerializer(allow_null=True))
    def get_source(self, version) -> dict | None:
        if not version.age_line:
            return None
        document = version.document
        return source_ref(
            self.context.get("request"), document.filename, version.age_line, document.source_url
        )


class FactKeysSerializer(serializers.Serializer):
    criteria = serializers.ListField(child=serializers.CharField(), help_text="Leaf keys, in tree order.")
    exclusions = serializers.ListField(child=serializers.CharField())


class CriteriaProblemSerializer(serializers.Serializer):
    message = serializers.CharField(
        help_text='"criteria not structured: read the source (FILE, line N): why".'
    )
    reason = serializers.CharField(help_text="What the parser found where it stopped.")
    source = SourceSerializer(help_text="The line of the source to read.")
    url = serializers.URLField(help_text="The published source.")


class LinksSerializer(serializers.Serializer):
    evaluate = serializers.URLField(help_text="POST facts here.")
    fhir = serializers.URLField(help_text="The criteria as a FHIR R4 Questionnaire.")


class VersionDetailSerializer(VersionSummarySerializer):
    funding_status = BlankAsNullField()
    description = BlankAsNullField()
    review_source = serializers.SerializerMethodField()
    age_limits = AgeLimitsSerializer(source="*")
    document = DocumentProvenanceSerializer()

    @extend_schema_field(SourceSerializer(allow_null=True))
    def get_review_source(self, version) -> dict | None:
        document = version.document
        if not version.review_line:
            return None
        return source_ref(
            self.context.get("request"), document.filename, version.review_line, document.source_url
        )


def curated_note(version) -> dict | None:
    """``{"by_editor": true, "on"}`` when an editor structured ``version``'s criteria; None: read from the source."""
    if version.curated_tree_id is None:
        return None  # read from the source; no query
    return {"by_editor": True, "on": timezone.localdate(version.curated_tree.created_at).isoformat()}


class PolicyDetailSerializer(PolicyListSerializer):
    """A policy with the version in force on ``as_of``: criteria tree, definitions, exclusions, measures."""

    as_of = serializers.SerializerMethodField(help_text="The day the version was chosen for (YYYY-MM-DD).")
    version = serializers.SerializerMethodField()
    fact_keys = serializers.SerializerMethodField(
        help_text="Every key the evaluate endpoint takes for this version."
    )
    criteria = serializers.SerializerMethodField()
    criteria_problem = serializers.SerializerMethodField()
    criteria_curated = serializers.SerializerMethodField(
        help_text="The criteria were structured by an editor from the source's lines, not read by the "
        "parser: when (who is not published); null when read from the source."
    )
    definitions = serializers.SerializerMethodField()
    exclusions = serializers.SerializerMethodField()
    thresholds = serializers.SerializerMethodField()
    durations = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    def get_as_of(self, policy) -> str:
        return self.context["as_of"].isoformat()

    def get_versions(self, policy) -> list[dict]:
        context = {**self.context, "in_force": self.context["version"]}
        return VersionSummarySerializer(policy.versions.all(), many=True, context=context).data

    @extend_schema_field(VersionDetailSerializer)
    def get_version(self, policy) -> dict:
        context = {**self.context, "in_force": self.context["version"]}
        return VersionDetailSerializer(self.context["version"], context=context).data

    @extend_schema_field(FactKeysSerializer)
    def get_fact_keys(self, policy) -> dict:
        version = self.context["version"]
        return {
            "criteria": [node.key for node in version.nodes.all() if node.kind == NodeKind.LEAF],
            "exclusions": [exclusion.key for exclusion in version.exclusions.all()],
        }

    @extend_schema_field(CriterionSerializer(allow_null=True))
    def get_criteria(self, policy) -> dict | None:
        # ``policies.builders.criteria_tree``, built by the view; None when not structured.
        if self.context["criteria"] is None:
            return None
        document = self.context["version"].document
        context = {
            "file": document.filename,
            "url": document.source_url,
            "request": self.context.get("request"),
        }
        return CriterionSerializer(self.context["criteria"], context=context).data

    @extend_schema_field(CuratedNoteSerializer(allow_null=True))
    def get_criteria_curated(self, policy) -> dict | None:
        return curated_note(self.context["version"])

    @extend_schema_field(CriteriaProblemSerializer(allow_null=True))
    def get_criteria_problem(self, policy) -> dict | None:
        # ``policies.builders.criteria_notice``: null when the criteria are structured.
        notice = self.context["notice"]
        if notice is None:
            return None
        return {
            "message": notice.message,
            "reason": notice.reason,
            "source": source_ref(self.context.get("request"), notice.file, notice.line, notice.source_url),
            "url": notice.source_url,
        }

    @extend_schema_field(DefinitionSerializer(many=True))
    def get_definitions(self, policy) -> list[dict]:
        return DefinitionSerializer(
            self.context["version"].definitions.all(), many=True, context=self.context
        ).data

    @extend_schema_field(ExclusionSerializer(many=True))
    def get_exclusions(self, policy) -> list[dict]:
        return ExclusionSerializer(
            self.context["version"].exclusions.all(), many=True, context=self.context
        ).data

    @extend_schema_field(ThresholdSerializer(many=True))
    def get_thresholds(self, policy) -> list[dict]:
        return ThresholdSerializer(
            self.context["version"].thresholds.all(), many=True, context=self.context
        ).data

    @extend_schema_field(DurationSerializer(many=True))
    def get_durations(self, policy) -> list[dict]:
        return DurationSerializer(
            self.context["version"].durations.all(), many=True, context=self.context
        ).data

    @extend_schema_field(LinksSerializer)
    def get_links(self, policy) -> dict:
        return {
            "evaluate": _policy_url(self, policy, "policies-api:policy-evaluate"),
            "fhir": _policy_url(self, policy, "policies-api:policy-fhir"),
        }


class BodySerializer(BodyRefSerializer):
    policies = serializers.SerializerMethodField(help_text="The API's list of this body's policies.")

    def get_policies(self, body) -> str:
        return absolute(self.context["request"], "policies-api:policy-list") + f"?body={body.slug}"


# --------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------


class ReasonSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.ChoiceField(choices=[("criterion", "Criterion"), ("exclusion", "Exclusion")])
    number = serializers.CharField(allow_null=True)
    text = serializers.CharField()
    source = SourceSerializer()


class NodeResultSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="A leaf's key, or a group's path (root, root.2).")
    kind = serializers.ChoiceField(choices=NodeKind.choices)
    k = serializers.IntegerField(allow_null=True)
    number = serializers.CharField(allow_null=True)
    text = serializers.CharField(allow_blank=True)
    result = serializers.ChoiceField(choices=RESULTS)
    source = SourceSerializer()


class EvaluationVersionSerializer(serializers.Serializer):
    file = serializers.CharField(source="document.filename")
    url = serializers.URLField(source="document.source_url")
    sha256 = serializers.CharField(source="document.sha256")
    retrieved_on = serializers.DateField(source="document.retrieved_on")
    reference = BlankAsNullField()
    effective = PartialDateField("effective")
    review = PartialDateField("review")
    criteria_curated = serializers.SerializerMethodField(
        help_text="The criteria evaluated were structured by an editor from the source's lines: when; "
        "null when they were read from the source."
    )

    @extend_schema_field(CuratedNoteSerializer(allow_null=True))
    def get_criteria_curated(self, version) -> dict | None:
        return curated_note(version)


class EvaluationSerializer(serializers.Serializer):
    """The answer of POST /evaluate, from a ``policies.selectors.PolicyCheck``."""

    # The docstring is the schema's description. The view hands over
    # ``{"version", "as_of", "report"}``: the check's version and date, and the
    # ``policies.builders.EvaluationReport`` of its evaluation.

    policy = PolicyRefSerializer(source="version.policy", read_only=True)
    version = EvaluationVersionSerializer(help_text="The version in force on as_of, which was used.")
    as_of = serializers.DateField()
    result = serializers.ChoiceField(
        source="report.result",
        choices=RESULTS,
        help_text="met / not_met / undetermined (never not_met for lack of answers).",
    )
    criteria_result = serializers.ChoiceField(
        source="report.criteria_result",
        choices=RESULTS,
        help_text="The criteria tree alone, exclusions aside.",
    )
    explanation = serializers.CharField(
        source="report.explanation", read_only=True, help_text="Why, in one sentence."
    )
    nodes = NodeResultSerializer(
        source="report.nodes", many=True, read_only=True, help_text="Every node's result, in tree order."
    )
    deciding_facts = ReasonSerializer(
        source="report.deciding_facts",
        many=True,
        read_only=True,
        help_text="A smallest set of the given facts that decides the result.",
    )
    missing_facts = ReasonSerializer(
        source="report.missing_facts",
        many=True,
        read_only=True,
        help_text="Undetermined: a smallest set of unanswered facts that could decide it.",
    )
    missing_for_met = ReasonSerializer(
        source="report.missing_for_met",
        many=True,
        read_only=True,
        help_text="Undetermined: a smallest set that, answered true, makes it met.",
    )
    applied_exclusions = ReasonSerializer(
        source="report.applied_exclusions",
        many=True,
        read_only=True,
        help_text="Exclusions answered true (any one means not met).",
    )
    unanswered_exclusions = ReasonSerializer(
        source="report.unanswered_exclusions",
        many=True,
        read_only=True,
        help_text="Exclusions not answered: a met result is provisional until they are answered false.",
    )


# --------------------------------------------------------------------------
# FHIR R4 Questionnaire
# --------------------------------------------------------------------------


class FhirCodingSerializer(serializers.Serializer):
    system = serializers.CharField()
    code = serializers.CharField()
    display = serializers.CharField(required=False)


class FhirCodeableConceptSerializer(serializers.Serializer):
    coding = FhirCodingSerializer(many=True)
    text = serializers.CharField(required=False)


class FhirExtensionSerializer(serializers.Serializer):
    url = serializers.CharField()
    valueCodeableConcept = FhirCodeableConceptSerializer()


class FhirEnableWhenSerializer(serializers.Serializer):
    question = serializers.CharField(help_text="linkId of an earlier criterion.")
    operator = serializers.ChoiceField(choices=[("=", "=")])
    answerBoolean = serializers.BooleanField()


class FhirHelpItemSerializer(serializers.Serializer):
    linkId = serializers.CharField()
    text = serializers.CharField()
    type = serializers.ChoiceField(choices=[("display", "display")])
    extension = FhirExtensionSerializer(many=True)


class FhirItemSerializer(serializers.Serializer):
    linkId = serializers.CharField(help_text="The criterion's fact key.")
    prefix = serializers.CharField(required=False, help_text="The criterion's printed number.")
    text = serializers.CharField()
    type = serializers.ChoiceField(choices=[("boolean", "boolean")])
    enableWhen = FhirEnableWhenSerializer(many=True, required=False)
    enableBehavior = serializers.ChoiceField(choices=[("all", "all")], required=False)
    item = FhirHelpItemSerializer(
        many=True, required=False, help_text="Definitions the criterion uses, as help text."
    )


class FhirJurisdictionSerializer(serializers.Serializer):
    coding = FhirCodingSerializer(many=True)


class FhirPeriodSerializer(serializers.Serializer):
    start = serializers.CharField()


class QuestionnaireSerializer(serializers.Serializer):
    """A FHIR R4 Questionnaire (https://hl7.org/fhir/R4/questionnaire.html), built by ``policies.fhir``."""

    resourceType = serializers.ChoiceField(choices=[("Questionnaire", "Questionnaire")])
    id = serializers.CharField()
    url = serializers.CharField()
    version = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=[("active", "active")])
    subjectType = serializers.ListField(child=serializers.CharField())
    date = serializers.CharField(required=False, help_text="The effective date, at its printed precision.")
    publisher = serializers.CharField()
    description = serializers.CharField()
    jurisdiction = FhirJurisdictionSerializer(many=True)
    effectivePeriod = FhirPeriodSerializer(required=False)
    item = FhirItemSerializer(many=True, help_text="One boolean item per leaf criterion.")

    def to_representation(self, resource: dict) -> dict:
        # Built by ``policies.builders.questionnaire`` in the view; the fields above describe it.
        return resource


class PolicyChangesSerializer(VersionDiffSerializer):
    """What changed from the version in force on ``from`` to the one in force on ``to`` (policies.versions)."""

    policy = serializers.SerializerMethodField()
    from_date = serializers.SerializerMethodField(
        help_text="The `from` asked for (null: from the oldest version)."
    )
    to_date = serializers.SerializerMethodField(help_text="The `to` asked for (null: to the newest version).")
    editorial_changes = serializers.SerializerMethodField(
        help_text="What editors changed of the parser's reading of the versions compared (`from` to `to`), "
        "newest first: each a diff from the parser's reading to the editor's, dated the day of the change."
    )

    @extend_schema_field(VersionDiffSerializer(many=True))
    def get_editorial_changes(self, diff) -> list[dict]:
        return VersionDiffSerializer(self.context.get("editorial", []), many=True, context=self.context).data

    @extend_schema_field(PolicyRefSerializer)
    def get_policy(self, diff) -> dict:
        return PolicyRefSerializer(self.context["policy"], context=self.context).data

    def get_from_date(self, diff) -> str | None:
        day = self.context.get("from")
        return day.isoformat() if day else None

    def get_to_date(self, diff) -> str | None:
        day = self.context.get("to")
        return day.isoformat() if day else None
