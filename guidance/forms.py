"""Query-string forms of the guidance pages: filters arrive as GET parameters, so every view is a shareable URL.

A bad value is a form error shown on the page, never a 500; the valid filters still apply.
"""

from __future__ import annotations

from django import forms

from guidance.models import Audience, DecisionLevel, DutyKind
from guidance.stages import STAGE_LABELS

ANY = [("", "Any")]


class FilterForm(forms.Form):
    """Filters whose valid values pass to a selector; an invalid one is dropped and reported."""

    def filters(self) -> dict:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value not in ("", None)}


class ProcedureFilterForm(FilterForm):
    q = forms.CharField(label="Search", max_length=200, required=False, strip=True)
    level = forms.ChoiceField(
        label="Recommendation level", choices=ANY + DecisionLevel.choices, required=False
    )
    stage = forms.ChoiceField(
        label="Stage",
        choices=ANY + [(stage.value, label) for stage, label in STAGE_LABELS.items()],
        required=False,
    )
    special = forms.ChoiceField(
        label="Special arrangements",
        choices=ANY + [("yes", "Has special arrangements"), ("no", "No special arrangements")],
        required=False,
    )
    registry = forms.ChoiceField(label="Registry", choices=ANY, required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[
            ("title", "Title, A to Z"),
            ("-title", "Title, Z to A"),
            ("stage", "Stage"),
            ("-stage", "Stage, reversed"),
        ],
        required=False,
    )

    def __init__(self, *args, registries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registry"].choices = ANY + [(registry.slug, registry.name) for registry in registries]

    def filters(self) -> dict:
        filters = super().filters()
        if "special" in filters:
            filters["special"] = filters["special"] == "yes"
        filters["ordering"] = filters.pop("sort", "title")
        return filters


class GovernanceFilterForm(FilterForm):
    q = forms.CharField(label="Procedure", max_length=200, required=False, strip=True)
    audience = forms.ChoiceField(label="Who the duty is for", choices=ANY + Audience.choices, required=False)
    kind = forms.ChoiceField(label="Kind of duty", choices=ANY + DutyKind.choices, required=False)
    registry = forms.ChoiceField(label="Registry", choices=ANY, required=False)

    def __init__(self, *args, registries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registry"].choices = ANY + [(registry.slug, registry.name) for registry in registries]
