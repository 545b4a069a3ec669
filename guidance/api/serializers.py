"""What the guidance API answers with: output shapes only.

Field names are explicit and stable (see the versioning policy in
``guidance.api``). No database ids: records are named by slug, filename or
printed number. Every fact carries ``source: {"file", "line", "viewer", "url"}``
(``SourceSerializer``: the viewer at that line and the published page); the
``documents`` block of a procedure gives each file's URL, SHA-256 and
retrieval date. Dates printed in documents keep their precision
(``{"value": "2025-06", "precision": "month"}``, ranges ``{"start", "end"}``);
dates the system itself knows to the day (retrieval, ``as_of``) are plain
ISO strings.

Everything here reads what the selectors prefetched (``.all()`` on prefetched
relations), so serialising never runs a query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import attrgetter

from django.urls import reverse
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from guidance.models import Audience, DecisionLevel, DutyKind, EventKind, Level, ServiceRequirementKind
from guidance.stages import Stage
from sources.models import ChangeAction, ChangeKind, DocumentKind, Precision, source_line_url

# --------------------------------------------------------------------------
# Shared blocks: provenance, dates, links
# --------------------------------------------------------------------------


def source_ref(request, file: str, line: int | None, url: str | None) -> dict:
    """A fact's provenance as the API serves it: the file and line, the viewer there, the published page."""
    viewer = source_line_url(file, line)
    return {
        "file": file,
        "line": line,
        "viewer": request.build_absolute_uri(viewer) if request is not None else viewer,
        "url": url,
    }


class SourceSerializer(serializers.Serializer):
    """Where a fact was read: ``file`` and ``line``, the viewer at that line, and the published page.

    Serialises anything with ``file``, ``line`` and (optionally) ``url``, as
    attributes or keys; a missing ``url`` is looked up in the context's
    ``source_urls`` (file -> published URL), which the views fill in.
    """

    file = serializers.CharField(help_text="The source document's filename (its natural key).")
    line = serializers.IntegerField(allow_null=True, help_text="The line, 1-based, the fact was read from.")
    viewer = serializers.URLField(
        help_text="This product's source viewer at that line (`/sources/<file>/#L<line>`): the captured text."
    )
    url = serializers.URLField(allow_null=True, help_text="Where the document was published (captured from).")

    def to_representation(self, instance):
        def get(name):
            return instance.get(name) if isinstance(instance, Mapping) else getattr(instance, name, None)

        file = get("file")
        url = get("url") or self.context.get("source_urls", {}).get(file)
        return source_ref(self.context.get("request"), file, get("line"), url)


class PartialDateSerializer(serializers.Serializer):
    value = serializers.CharField(help_text='As precise as printed: "2025", "2025-06" or "2025-02-21".')
    precision = serializers.ChoiceField(choices=Precision.choices)


class DateRangeSerializer(serializers.Serializer):
    start = PartialDateSerializer()
    end = PartialDateSerializer()


DATE_OR_RANGE = PolymorphicProxySerializer(
    component_name="DateOrRange",
    serializers=[PartialDateSerializer, DateRangeSerializer],
    resource_type_field_name=None,
)


def partial_date(value: str, precision: str) -> dict | None:
    return {"value": value, "precision": precision} if value else None


def absolute(request, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))


@extend_schema_field(SourceSerializer)
class SourceField(serializers.Field):
    """``{"file", "line"}`` of a row: its document (``document`` names the path to it) and line."""

    def __init__(self, document: str = "document", line: str = "line", **kwargs):
        self.document_of: Callable = attrgetter(document)
        self.line_of: Callable = attrgetter(line)
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        document = self.document_of(obj)
        return source_ref(
            self.context.get("request"), document.filename, self.line_of(obj), document.source_url
        )


@extend_schema_field(PartialDateSerializer(allow_null=True))
class PartialDateField(serializers.Field):
    """A printed date from a ``<prefix>_value`` / ``<prefix>_precision`` pair; null when none was printed."""

    def __init__(self, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return partial_date(getattr(obj, f"{self.prefix}_value"), getattr(obj, f"{self.prefix}_precision"))


@extend_schema_field(serializers.CharField(allow_null=True))
class BlankAsNullField(serializers.Field):
    """A text column where blank means "not printed": null in the API, never ""."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value or None


@extend_schema_field(serializers.ChoiceField(choices=Level.choices, allow_null=True))
class LevelOrNullField(BlankAsNullField):
    """A recommendation level, or null for a paragraph that decides none."""


class ProcedureRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="This procedure in the API.")

    def get_url(self, procedure) -> str:
        return absolute(self.context["request"], "guidance-api:procedure-detail", slug=procedure.slug)


class StageCodeSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[(s.value, s.label) for s in Stage])
    label = serializers.CharField()


# --------------------------------------------------------------------------
# Procedures
# --------------------------------------------------------------------------


class CuratedNoteSerializer(serializers.Serializer):
    by_editor = serializers.BooleanField(help_text="Always true: the decision was set by an editor.")
    on = serializers.DateField(allow_null=True, help_text="The day the editor set it (UK time).")


class IndicationSerializer(serializers.Serializer):
    """One decision of the document that speaks for the procedure (every decision is listed)."""

    indication = BlankAsNullField(
        source="text", help_text="What the procedure is for; null when one level covers it all."
    )
    level = serializers.ChoiceField(
        choices=DecisionLevel.choices,
        help_text="One of the four levels, or evidence_generation (HealthTech's evidence-generation "
        "recommendation).",
    )
    level_label = serializers.CharField(source="get_level_display")
    is_draft = serializers.BooleanField(
        help_text="A consultation's draft level: it may change in final guidance."
    )
    recommendation_number = BlankAsNullField(help_text="As printed, e.g. 1.1; null when the capture lost it.")
    source = SourceField()
    curated = serializers.SerializerMethodField(
        help_text="Set by an editor, not read by the parser: when (who is not published); null when read "
        "from the source."
    )

    @extend_schema_field(CuratedNoteSerializer(allow_null=True))
    def get_curated(self, indication) -> dict | None:
        if not indication.curated:
            return None
        return {"by_editor": True, "on": indication.curated_on.isoformat() if indication.curated_on else None}


class LevelNotReadSerializer(serializers.Serializer):
    message = serializers.CharField()
    source = SourceSerializer()
    viewer = serializers.URLField(help_text="The source viewer at that line.")


LEVEL_NOT_READ = (
    "The level was not read from the text: no paragraph of the document that speaks for this "
    "procedure decides a recommendation level. Read the source."
)


def level_not_read(request, procedure) -> dict | None:
    """Where the procedure's level could not be read, or None when it was (or nothing decides yet)."""
    if not procedure.level_not_read_file:
        return None
    file = procedure.level_not_read_file
    # ``documents`` is prefetched by every selector that serves procedures: no query here.
    url = next((d.source_url for d in procedure.documents.all() if d.filename == file), None)
    source = source_ref(request, file, procedure.level_not_read_line, url)
    return {"message": LEVEL_NOT_READ, "source": source, "viewer": source["viewer"]}


class RegistryRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class DocumentRefSerializer(serializers.Serializer):
    file = serializers.CharField(source="filename")
    kind = serializers.ChoiceField(choices=DocumentKind.choices)


def _has_special(procedure) -> bool:
    """Special arrangements when any decision is special."""
    return any(indication.level == Level.SPECIAL for indication in procedure.indications.all())


def _registries(procedure) -> list[dict]:
    seen: dict[str, dict] = {}
    for mention in procedure.registry_mentions.all():
        seen.setdefault(mention.registry.slug, {"slug": mention.registry.slug, "name": mention.registry.name})
    return sorted(seen.values(), key=lambda r: r["name"])


class ProcedureListSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    guidance_id = BlankAsNullField(help_text='As printed ("IPG722"); null before final guidance.')
    url = serializers.SerializerMethodField(help_text="The procedure's detail in the API.")
    stage = serializers.SerializerMethodField()
    special_arrangements = serializers.SerializerMethodField(
        help_text="Has an indication at the special-arrangements level."
    )
    indications = IndicationSerializer(many=True)
    level_not_read = serializers.SerializerMethodField(
        help_text="Set when the guidance decides no level the parser could read: the level is not read "
        "from the text (never filled in); null otherwise."
    )
    registries = serializers.SerializerMethodField()
    documents = DocumentRefSerializer(many=True)

    def get_url(self, procedure) -> str:
        return absolute(self.context["request"], "guidance-api:procedure-detail", slug=procedure.slug)

    @extend_schema_field(LevelNotReadSerializer(allow_null=True))
    def get_level_not_read(self, procedure) -> dict | None:
        return level_not_read(self.context["request"], procedure)

    @extend_schema_field(StageCodeSerializer)
    def get_stage(self, procedure) -> dict:
        stage = Stage(procedure.stage)  # annotated in SQL by the selector
        return {"code": stage.value, "label": stage.label}

    def get_special_arrangements(self, procedure) -> bool:
        return _has_special(procedure)

    @extend_schema_field(RegistryRefSerializer(many=True))
    def get_registries(self, procedure) -> list[dict]:
        return _registries(procedure)


class StageSerializer(StageCodeSerializer):
    summary = serializers.CharField(help_text="The stage in words, with the dates behind it.")
    consultation_start = PartialDateSerializer(allow_null=True)
    consultation_end = PartialDateSerializer(allow_null=True)
    expected_publication = PartialDateSerializer(allow_null=True)
    publication_overdue = serializers.BooleanField()


class RecommendationSerializer(serializers.Serializer):
    number = BlankAsNullField(
        help_text="As printed; gaps are kept (1.4 then 1.6); null when the capture lost it."
    )
    text = serializers.CharField()
    level = LevelOrNullField(help_text="The level this paragraph decides; null for other paragraphs.")
    indication = BlankAsNullField()
    source = SourceField()


class DutySerializer(serializers.Serializer):
    text = serializers.CharField()
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=DutyKind.choices))
    primary_kind = serializers.ChoiceField(choices=DutyKind.choices)
    source = SourceField(document="duty_list.document")


class DutyListSerializer(serializers.Serializer):
    number = BlankAsNullField(help_text="The recommendation the list belongs to, as printed.")
    audience = serializers.ChoiceField(choices=Audience.choices)
    lead_in = serializers.CharField(help_text='The words introducing the list ("Clinicians should:").')
    indication = BlankAsNullField()
    source = SourceField()
    duties = serializers.SerializerMethodField()

    @extend_schema_field(DutySerializer(many=True))
    def get_duties(self, duty_list) -> list[dict]:
        # Prefetching sets each duty's duty_list, whose document the selector fetched: no query.
        return DutySerializer(duty_list.duties.all(), many=True, context=self.context).data


class DutiesByAudienceSerializer(serializers.Serializer):
    clinicians = DutyListSerializer(many=True)
    organisations = DutyListSerializer(many=True)
    other = DutyListSerializer(many=True)


class RegistryMentionSerializer(serializers.Serializer):
    recommendation_number = BlankAsNullField()
    source = SourceField()


class RegistrySerializer(RegistryRefSerializer):
    mentions = RegistryMentionSerializer(many=True)


class ServiceRequirementSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ServiceRequirementKind.choices)
    label = serializers.CharField(source="get_kind_display")
    text = serializers.CharField()
    recommendation_number = BlankAsNullField()
    source = SourceField()


class ResearchNeedSerializer(serializers.Serializer):
    recommendation_number = BlankAsNullField()
    text = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())
    source = SourceField()


class EventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    label = serializers.CharField(help_text="The event as the document names it.")
    date = serializers.SerializerMethodField(help_text="A date, or a range, at the precision printed.")
    first_day = serializers.DateField(source="starts_on", help_text="The earliest day the date can mean.")
    last_day = serializers.DateField(source="ends_on", help_text="The latest day the date can mean.")
    source = SourceField()

    @extend_schema_field(DATE_OR_RANGE)
    def get_date(self, event) -> dict:
        start = {"value": event.start_value, "precision": event.start_precision}
        if event.end_value:
            return {"start": start, "end": {"value": event.end_value, "precision": event.end_precision}}
        return start


class SectionSerializer(serializers.Serializer):
    number = serializers.CharField()
    heading = BlankAsNullField()
    text = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())
    source = SourceField()


class WarningSerializer(serializers.Serializer):
    message = serializers.CharField()
    line = serializers.IntegerField()


class InProgressSerializer(serializers.Serializer):
    status = BlankAsNullField()
    process = BlankAsNullField()
    id_number = BlankAsNullField()
    technology_type = BlankAsNullField()
    decision = BlankAsNullField()
    description = BlankAsNullField()


class DocumentSerializer(serializers.Serializer):
    """A source document and where it came from: the provenance of everything read from it."""

    file = serializers.CharField(source="filename")
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    title = BlankAsNullField()
    title_from_manifest = serializers.BooleanField(
        help_text="The text prints no title; the manifest supplied it."
    )
    title_line = serializers.IntegerField(allow_null=True)
    organisation = BlankAsNullField()
    guidance_id = BlankAsNullField()
    url = serializers.URLField(source="source_url", help_text="Where the document was captured from.")
    sha256 = serializers.CharField(help_text="SHA-256 of the captured file's bytes.")
    retrieved_on = serializers.DateField(help_text="The day it was captured.")
    line_count = serializers.IntegerField()
    committee_chair = BlankAsNullField()
    in_progress = serializers.SerializerMethodField(
        help_text="The fields of an in-progress page, as printed."
    )
    evidence = serializers.JSONField(
        allow_null=True, help_text="A consultation's evidence summary, with lines."
    )
    warnings = WarningSerializer(many=True)
    sections = SectionSerializer(many=True)

    @extend_schema_field(InProgressSerializer(allow_null=True))
    def get_in_progress(self, document) -> dict | None:
        if document.kind != DocumentKind.IP_IN_PROGRESS:
            return None
        return InProgressSerializer(document, context=self.context).data


class BodyRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    short_name = serializers.CharField()
    name = BlankAsNullField()


class PolicyRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    body = BodyRefSerializer()
    url = serializers.SerializerMethodField()

    def get_url(self, policy) -> str:
        return absolute(self.context["request"], "policies-api:policy-detail", slug=policy.slug)


class ProcedureDetailSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    guidance_id = BlankAsNullField()
    url = serializers.SerializerMethodField()
    as_of = serializers.SerializerMethodField(
        help_text="The day asked about (`?as_of=`), or null: the leading version of every document."
    )
    stage = serializers.SerializerMethodField()
    special_arrangements = serializers.SerializerMethodField()
    indications = serializers.SerializerMethodField(
        help_text="The decisions of the leading document (on `as_of`, of the version in force then)."
    )
    level_not_read = serializers.SerializerMethodField()
    recommendations = RecommendationSerializer(many=True)
    duties = serializers.SerializerMethodField(help_text="Duty lists by audience, each with its duties.")
    registries = serializers.SerializerMethodField()
    service_requirements = ServiceRequirementSerializer(many=True)
    research_needs = ResearchNeedSerializer(many=True)
    timeline = EventSerializer(source="events", many=True)
    documents = DocumentSerializer(many=True)
    policies = PolicyRefSerializer(many=True, help_text="Commissioning policies linked to this procedure.")

    def get_url(self, procedure) -> str:
        return absolute(self.context["request"], "guidance-api:procedure-detail", slug=procedure.slug)

    @extend_schema_field(StageSerializer)
    def get_stage(self, procedure) -> dict:
        report = self.context["stage"]  # guidance.selectors.procedure_stage, worked out by the view
        return {
            "code": report.stage.value,
            "label": report.stage.label,
            "summary": report.summary,
            "consultation_start": report.consultation_start.to_dict() if report.consultation_start else None,
            "consultation_end": report.consultation_end.to_dict() if report.consultation_end else None,
            "expected_publication": report.expected_publication.to_dict()
            if report.expected_publication
            else None,
            "publication_overdue": report.publication_overdue,
        }

    def _decisions(self, procedure) -> list:
        # On ``as_of`` the view hands over the decisions of the version then in force
        # (guidance.selectors.procedure_as_of); otherwise they are the procedure's own.
        decisions = self.context.get("decisions")
        return list(procedure.indications.all()) if decisions is None else decisions

    def get_as_of(self, procedure) -> str | None:
        as_of = self.context.get("as_of")
        return as_of.isoformat() if as_of else None

    def get_special_arrangements(self, procedure) -> bool:
        return any(indication.level == Level.SPECIAL for indication in self._decisions(procedure))

    @extend_schema_field(IndicationSerializer(many=True))
    def get_indications(self, procedure) -> list[dict]:
        return IndicationSerializer(self._decisions(procedure), many=True, context=self.context).data

    @extend_schema_field(LevelNotReadSerializer(allow_null=True))
    def get_level_not_read(self, procedure) -> dict | None:
        return level_not_read(self.context["request"], procedure)

    @extend_schema_field(DutiesByAudienceSerializer)
    def get_duties(self, procedure) -> dict:
        # guidance.builders.duties_by_audience, worked out by the view
        return DutiesByAudienceSerializer(self.context["duties"], context=self.context).data

    @extend_schema_field(RegistrySerializer(many=True))
    def get_registries(self, procedure) -> list[dict]:
        mentions: dict[str, dict] = {}
        for mention in procedure.registry_mentions.all():
            entry = mentions.setdefault(
                mention.registry.slug,
                {"slug": mention.registry.slug, "name": mention.registry.name, "mentions": []},
            )
            entry["mentions"].append(RegistryMentionSerializer(mention, context=self.context).data)
        return sorted(mentions.values(), key=lambda r: r["name"])


# --------------------------------------------------------------------------
# Recommendations, duties, key dates, registries, changes
# --------------------------------------------------------------------------


class RecommendationItemSerializer(RecommendationSerializer):
    procedure = ProcedureRefSerializer()
    document_kind = serializers.ChoiceField(source="document.kind", choices=DocumentKind.choices)


class DutyItemSerializer(serializers.Serializer):
    procedure = ProcedureRefSerializer(source="duty_list.procedure")
    audience = serializers.ChoiceField(source="duty_list.audience", choices=Audience.choices)
    lead_in = serializers.CharField(source="duty_list.lead_in")
    recommendation_number = BlankAsNullField(source="duty_list.number")
    indication = BlankAsNullField(source="duty_list.indication")
    text = serializers.CharField()
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=DutyKind.choices))
    primary_kind = serializers.ChoiceField(choices=DutyKind.choices)
    source = SourceField(document="duty_list.document")


class EventItemSerializer(EventSerializer):
    procedure = ProcedureRefSerializer()


class RegistryItemSerializer(RegistryRefSerializer):
    procedures = serializers.SerializerMethodField(
        help_text="The API's list of procedures naming this registry."
    )

    def get_procedures(self, registry) -> str:
        return absolute(self.context["request"], "guidance-api:procedure-list") + f"?registry={registry.slug}"


class ChangeSerializer(serializers.Serializer):
    changed_at = serializers.DateTimeField(help_text="When the load that made the change ran.")
    action = serializers.ChoiceField(choices=ChangeAction.choices)
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    key = serializers.CharField(help_text="The procedure or policy slug, or the document's filename.")
    version = BlankAsNullField(help_text="Policies: the filename of the version's source document.")
    title = serializers.CharField()
    summary = serializers.CharField(help_text="What changed, in words.")
    url = serializers.SerializerMethodField(
        help_text="The record in the API (null for documents and removals)."
    )

    def get_url(self, change) -> str | None:
        if change.action == ChangeAction.REMOVED:
            return None
        if change.kind == ChangeKind.PROCEDURE:
            return absolute(self.context["request"], "guidance-api:procedure-detail", slug=change.key)
        if change.kind == ChangeKind.POLICY:
            return absolute(self.context["request"], "policies-api:policy-detail", slug=change.key)
        return None


# --------------------------------------------------------------------------
# Versions and what changed between them (guidance.versions, policies.versions)
# --------------------------------------------------------------------------


class VersionRefSerializer(serializers.Serializer):
    file = serializers.CharField(help_text="The version's source document (its filename).")
    date = serializers.SerializerMethodField(help_text="The version's date, at its printed precision.")
    dated_by = serializers.ChoiceField(
        choices=[
            ("published", "published"),
            ("document", "document"),
            ("effective", "effective"),
            ("retrieved", "retrieved"),
            ("editor", "editor"),
        ],
        help_text="What gave the date: the date printed as published, the document's own date, the "
        "policy's effective date, (none printed) the day the copy was retrieved, or (an editor's reading) "
        "the day an editor changed it.",
    )
    retrieved_on = serializers.DateField()

    @extend_schema_field(PartialDateSerializer)
    def get_date(self, ref) -> dict:
        return ref.date.to_dict()


class VersionChangeSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="What changed: decision_level_changed, duty_added, criterion_added, threshold_changed, "
        "operator_changed, review_date_changed, ..."
    )
    sentence = serializers.CharField(help_text='In words: "BMI threshold 40 → 35".')
    old = serializers.CharField(allow_null=True, help_text="The older version's value (null: none).")
    new = serializers.CharField(allow_null=True, help_text="The newer version's value (null: none).")
    old_source = SourceSerializer(
        allow_null=True, help_text="Where the older version says it (null: it says nothing of it)."
    )
    new_source = SourceSerializer(
        allow_null=True, help_text="Where the newer version says it (null: it says nothing of it)."
    )


class VersionDiffSerializer(serializers.Serializer):
    older = VersionRefSerializer()
    newer = VersionRefSerializer()
    editorial = serializers.BooleanField(
        help_text="True: what an editor changed of the parser's reading of one document (`older` is the "
        "parser's reading, `newer` the editor's, dated the day of the change); false: two captures compared."
    )
    date = serializers.SerializerMethodField(help_text="When it changed: the newer version's date.")
    summary = serializers.CharField(
        help_text='"Changed on 3 March 2026: ...; ..." (as the change feed says it).'
    )
    changes = VersionChangeSerializer(many=True)

    @extend_schema_field(PartialDateSerializer)
    def get_date(self, diff) -> dict:
        return diff.newer.date.to_dict()


class ProcedureChangesSerializer(serializers.Serializer):
    procedure = ProcedureRefSerializer()
    diffs = VersionDiffSerializer(
        many=True, help_text="Each version against the one before it (same kind of document), newest first."
    )
