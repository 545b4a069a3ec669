"""Every guidance model in the admin (behind login).

Parsed rows are read-only, except the fields editors may correct
(``guidance.corrections.CORRECTABLE``); a correction is saved through
``guidance.actions.record_correction`` so it survives the next load or is
reported as a conflict (docs/adr/0009). Nothing parsed can be added or
deleted by hand: data comes from the sources.
"""

from django.contrib import admin

from guidance import actions, models
from guidance.corrections import correctable_fields


class SourceDerivedAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        editable = set(correctable_fields(self.model._meta.label_lower))
        fields = [*self.model._meta.fields, *self.model._meta.many_to_many]
        return [field.name for field in fields if field.name not in editable]

    def save_model(self, request, obj, form, change):
        for field in form.changed_data:
            actions.record_correction(
                instance=obj, field=field, corrected_value=str(form.cleaned_data[field]), author=request.user
            )


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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


@admin.register(models.SourceDocument)
class SourceDocumentAdmin(SourceDerivedAdmin):
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


@admin.register(models.DataLoad)
class DataLoadAdmin(SourceDerivedAdmin):
    list_display = ("loaded_at", "modified_at", "digest")


@admin.register(models.DataChange)
class DataChangeAdmin(SourceDerivedAdmin):
    list_display = ("changed_at", "action", "kind", "key", "summary")
    list_filter = ("action", "kind")


@admin.register(models.EditorialCorrection)
class EditorialCorrectionAdmin(admin.ModelAdmin):
    """Corrections are made on the corrected row; here they are reviewed, and conflicts dismissed."""

    list_display = ("model_label", "object_repr", "field", "status", "author", "created_at")
    list_filter = ("status", "model_label")
    fields = (
        "model_label", "object_pk", "object_repr", "field", "source_value", "corrected_value",
        "reason", "author", "created_at", "status", "conflict_reason", "conflict_source_value",
    )

    def get_readonly_fields(self, request, obj=None):
        return [name for name in self.fields if name != "status"]

    def has_add_permission(self, request):
        return False
