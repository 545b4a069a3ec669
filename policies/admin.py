"""Every policy model in the admin (behind login): read-only except correctable text (docs/adr/0009)."""

from django.contrib import admin

from policies import models
from policies.admin_views import CurationViews
from sources.admin import CurationReviewAdmin, SourceDerivedAdmin


@admin.register(models.CommissioningBody)
class CommissioningBodyAdmin(SourceDerivedAdmin):
    list_display = ("short_name", "name", "slug")


@admin.register(models.Policy)
class PolicyAdmin(SourceDerivedAdmin):
    list_display = ("title", "body", "procedure", "slug")
    list_filter = ("body",)
    search_fields = ("title", "slug")


@admin.register(models.PolicyVersion)
class PolicyVersionAdmin(SourceDerivedAdmin):
    list_display = ("policy", "reference", "category", "effective_value", "review_value")

    def get_urls(self):
        # Structuring criteria and the review queue (policies/admin_views.py): staff only, CSRF.
        return CurationViews(self.admin_site).urls() + super().get_urls()


@admin.register(models.CuratedTree)
class CuratedTreeAdmin(CurationReviewAdmin):
    """Curated trees are made on the structuring page; here they are reviewed (read-only)."""

    list_display = ("policy_slug", "status", "editor", "created_at", "applied_to")
    list_filter = ("status",)


@admin.register(models.CriterionNode)
class CriterionNodeAdmin(SourceDerivedAdmin):
    list_display = ("version", "path", "kind", "key", "line")
    list_filter = ("kind",)
    search_fields = ("text", "key")


@admin.register(models.Definition)
class DefinitionAdmin(SourceDerivedAdmin):
    list_display = ("version", "term", "marker", "line")


@admin.register(models.Exclusion)
class ExclusionAdmin(SourceDerivedAdmin):
    list_display = ("version", "key", "line")


@admin.register(models.Threshold)
class ThresholdAdmin(SourceDerivedAdmin):
    list_display = ("version", "measure", "comparator", "value", "unit", "line")


@admin.register(models.Duration)
class DurationAdmin(SourceDerivedAdmin):
    list_display = ("version", "comparator", "value", "unit", "line")
