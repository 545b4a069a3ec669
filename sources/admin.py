"""The pipeline's records in the admin (behind login), and the base every source-derived admin uses.

Parsed rows are read-only, except the fields editors may correct (each app
registers them: ``sources.registry.correctable``); a correction is saved
through ``sources.actions.record_correction`` so it survives the next load or
is reported as a conflict (docs/adr/0009). Nothing parsed can be added or
deleted by hand: data comes from the sources.
"""

from django.contrib import admin

from sources import actions, models
from sources.admin_views import AddSourceViews
from sources.corrections import correctable_fields


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


class CurationReviewAdmin(admin.ModelAdmin):
    """An editor's curations (trees, decisions), made on their own pages and reviewed here, read-only.

    The one write is withdrawing a curation in conflict whose lines are gone for good
    (``sources.actions.withdraw_conflicts``).
    """

    actions = ["withdraw_conflicts"]

    @admin.action(
        description="Withdraw the selected curations in conflict (kept, no longer tried)",
        permissions=["change"],
    )
    def withdraw_conflicts(self, request, queryset):
        withdrawn = actions.withdraw_conflicts(queryset)
        self.message_user(request, f"{withdrawn} withdrawn; the others were not in conflict.")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.SourceDocument)
class SourceDocumentAdmin(SourceDerivedAdmin):
    list_display = ("filename", "kind", "retrieved_on")
    list_filter = ("kind",)
    search_fields = ("filename", "title", "source_url")

    def get_urls(self):
        # Documents are added by upload, parsed and confirmed (sources/admin_views.py), never typed in.
        return AddSourceViews(self.admin_site).urls() + super().get_urls()


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
        "model_label",
        "object_pk",
        "object_repr",
        "field",
        "source_value",
        "corrected_value",
        "reason",
        "author",
        "created_at",
        "status",
        "conflict_reason",
        "conflict_source_value",
    )

    def get_readonly_fields(self, request, obj=None):
        return [name for name in self.fields if name != "status"]

    def has_add_permission(self, request):
        return False
