"""Every guidance model in the admin (behind login), for inspection and editorial corrections."""

from django.contrib import admin

from guidance import models


class RecommendationInline(admin.TabularInline):
    model = models.Recommendation
    extra = 0
    fields = ("number", "level", "indication", "text", "line")
    readonly_fields = ("line",)


@admin.register(models.Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "guidance_id")
    search_fields = ("title", "slug", "guidance_id")


@admin.register(models.SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ("filename", "kind", "procedure", "retrieved_on")
    list_filter = ("kind",)
    search_fields = ("filename", "title", "source_url")
    readonly_fields = ("filename", "sha256", "kind", "line_count", "source_url", "retrieved_on")
    inlines = [RecommendationInline]


@admin.register(models.Indication)
class IndicationAdmin(admin.ModelAdmin):
    list_display = ("procedure", "text", "level", "is_draft", "recommendation_number")
    list_filter = ("level", "is_draft")


@admin.register(models.Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("document", "number", "level", "indication", "line")
    list_filter = ("level",)
    search_fields = ("text",)
    readonly_fields = ("line", "text_html")


class DutyInline(admin.TabularInline):
    model = models.Duty
    extra = 0
    fields = ("order", "text", "primary_kind", "kinds", "line")
    readonly_fields = ("line",)


@admin.register(models.DutyList)
class DutyListAdmin(admin.ModelAdmin):
    list_display = ("procedure", "number", "audience", "line")
    list_filter = ("audience",)
    inlines = [DutyInline]


@admin.register(models.Duty)
class DutyAdmin(admin.ModelAdmin):
    list_display = ("duty_list", "primary_kind", "line")
    list_filter = ("primary_kind",)
    search_fields = ("text",)
    readonly_fields = ("line", "text_html")


@admin.register(models.Registry)
class RegistryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")


@admin.register(models.RegistryMention)
class RegistryMentionAdmin(admin.ModelAdmin):
    list_display = ("registry", "procedure", "document", "line")


@admin.register(models.ServiceRequirement)
class ServiceRequirementAdmin(admin.ModelAdmin):
    list_display = ("procedure", "kind", "recommendation_number", "line")
    list_filter = ("kind",)


@admin.register(models.ResearchNeed)
class ResearchNeedAdmin(admin.ModelAdmin):
    list_display = ("procedure", "recommendation_number", "line")


@admin.register(models.TimelineEvent)
class TimelineEventAdmin(admin.ModelAdmin):
    list_display = ("procedure", "kind", "label", "start_value", "end_value", "line")
    list_filter = ("kind",)


@admin.register(models.ConsultationSection)
class ConsultationSectionAdmin(admin.ModelAdmin):
    list_display = ("document", "number", "heading", "line")
    readonly_fields = ("line", "text_html")
