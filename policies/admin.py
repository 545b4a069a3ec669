"""Every policy model in the admin (behind login)."""

from django.contrib import admin

from policies import models


@admin.register(models.CommissioningBody)
class CommissioningBodyAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "slug")


class PolicyVersionInline(admin.TabularInline):
    model = models.PolicyVersion
    extra = 0
    fields = ("document", "reference", "effective_value", "review_value")
    readonly_fields = ("document",)


@admin.register(models.Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("title", "body", "procedure", "slug")
    list_filter = ("body",)
    search_fields = ("title", "slug")
    inlines = [PolicyVersionInline]


@admin.register(models.PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ("policy", "reference", "category", "effective_value", "review_value")
    readonly_fields = ("document", "review_line", "description_html")


@admin.register(models.CriterionNode)
class CriterionNodeAdmin(admin.ModelAdmin):
    list_display = ("version", "path", "kind", "key", "line")
    list_filter = ("kind",)
    search_fields = ("text", "key")
    readonly_fields = ("line", "path", "text_html")


@admin.register(models.Definition)
class DefinitionAdmin(admin.ModelAdmin):
    list_display = ("version", "term", "marker", "line")
    readonly_fields = ("line", "text_html")


@admin.register(models.Exclusion)
class ExclusionAdmin(admin.ModelAdmin):
    list_display = ("version", "key", "line")
    readonly_fields = ("line", "text_html")


@admin.register(models.Threshold)
class ThresholdAdmin(admin.ModelAdmin):
    list_display = ("version", "measure", "comparator", "value", "unit", "line")


@admin.register(models.Duration)
class DurationAdmin(admin.ModelAdmin):
    list_display = ("version", "comparator", "value", "unit", "line")
