"""Every guidance model in the admin (behind login): read-only except correctable fields (docs/adr/0009)."""

from django.contrib import admin

from guidance import models
from guidance.admin_views import DecisionViews
from sources.admin import CurationReviewAdmin, ReadOnlyInline, SourceDerivedAdmin


class RecommendationInline(ReadOnlyInline):
    model = models.Recommendation
    fields = ("number", "level", "indication", "text", "line")


class DutyInline(ReadOnlyInline):
    model = models.Duty
    fields = ("order", "text", "primary_kind", "kinds", "line")


@admin.register(models.Procedure)
class ProcedureAdmin(SourceDerivedAdmin):
    list_display = ("title", "slug", "guidance_id")
    search_fields = ("title", "slug", "guidance_id")

    def get_urls(self):
        # Setting a decision the parser did not read (guidance/admin_views.py): staff only, CSRF.
        return DecisionViews(self.admin_site).urls() + super().get_urls()


@admin.register(models.CuratedDecision)
class CuratedDecisionAdmin(CurationReviewAdmin):
    """Decisions are set on the procedure's decision page; here they are reviewed (read-only)."""

    list_display = ("procedure_slug", "level", "indication", "status", "editor", "created_at", "applied_to")
    list_filter = ("status", "level")


@admin.register(models.GuidanceDocument)
class GuidanceDocumentAdmin(SourceDerivedAdmin):
    list_display = ("filename", "kind", "procedure", "retrieved_on")
    list_filter = ("kind",)
    search_fields = ("filename", "title", "source_url")
    inlines = [RecommendationInline]


@admin.register(models.Indication)
class IndicationAdmin(SourceDerivedAdmin):
    list_display = ("procedure", "text", "level", "is_draft", "recommendation_number")
    list_filter = ("level", "is_draft")


@admin.register(models.Recommendation)
class RecommendationAdmin(SourceDerivedAdmin):
    list_display = ("document", "number", "level", "indication", "line")
    list_filter = ("level",)
    search_fields = ("text",)


@admin.register(models.DutyList)
class DutyListAdmin(SourceDerivedAdmin):
    list_display = ("procedure", "number", "audience", "line")
    list_filter = ("audience",)
    inlines = [DutyInline]


@admin.register(models.Duty)
class DutyAdmin(SourceDerivedAdmin):
    list_display = ("duty_list", "primary_kind", "line")
    list_filter = ("primary_kind",)
    search_fields = ("text",)


@admin.register(models.Registry)
class RegistryAdmin(SourceDerivedAdmin):
    list_display = ("name", "slug")


@admin.register(models.RegistryMention)
class RegistryMentionAdmin(SourceDerivedAdmin):
    list_display = ("registry", "procedure", "document", "line")


@admin.register(models.ServiceRequirement)
class ServiceRequirementAdmin(SourceDerivedAdmin):
    list_display = ("procedure", "kind", "recommendation_number", "line")
    list_filter = ("kind",)


@admin.register(models.ResearchNeed)
class ResearchNeedAdmin(SourceDerivedAdmin):
    list_display = ("procedure", "recommendation_number", "line")


@admin.register(models.TimelineEvent)
class TimelineEventAdmin(SourceDerivedAdmin):
    list_display = ("procedure", "kind", "label", "start_value", "end_value", "line")
    list_filter = ("kind",)


@admin.register(models.ConsultationSection)
class ConsultationSectionAdmin(SourceDerivedAdmin):
    list_display = ("document", "number", "heading", "line")
