"""Query parameters of the guidance endpoints: parsed strictly, a bad value is a 400 naming it."""

from __future__ import annotations

from rest_framework import serializers

from apicore.fields import MomentField, MonthField, StrictBooleanField, StrictDateField
from apicore.parameters import PageParameters, QueryParameters
from guidance.models import Audience, DecisionLevel, DutyKind, EventKind, Level
from guidance.selectors import PROCEDURE_ORDERINGS
from guidance.stages import Stage
from sources.models import ChangeAction, ChangeKind

SLUG = r"^[-a-zA-Z0-9_]+$"


def slug_field(help_text: str) -> serializers.RegexField:
    return serializers.RegexField(SLUG, max_length=200, required=False, help_text=help_text)


def text_field(help_text: str) -> serializers.CharField:
    # DRF refuses a NUL character in any text (PostgreSQL could not store it): the pattern tells the schema.
    return serializers.RegexField(
        r"^[^\x00]+$",  # a blank value is allowed (and ignored) as well
        max_length=200,
        required=False,
        trim_whitespace=True,
        allow_blank=True,
        help_text=help_text,
    )


class ProcedureParameters(PageParameters):
    level = serializers.ChoiceField(
        DecisionLevel.choices,
        required=False,
        help_text="Has a decision at this level (any of its decisions).",
    )
    stage = serializers.ChoiceField(
        [(s.value, s.label) for s in Stage], required=False, help_text="At this stage today (UK date)."
    )
    special = StrictBooleanField(
        required=False, help_text="Has (true) or has not (false) special arrangements."
    )
    registry = slug_field("Names this registry (a registry slug, see /api/v1/registries/).")
    q = text_field("Words in the title or recommendations, or the guidance number (IPG722).")
    ordering = serializers.ChoiceField(
        list(PROCEDURE_ORDERINGS), required=False, help_text="Sort order (default title; slug breaks ties)."
    )


class RecommendationParameters(PageParameters):
    level = serializers.ChoiceField(
        Level.choices, required=False, help_text="Paragraphs deciding this level."
    )
    procedure = slug_field("Of this procedure (slug).")
    q = text_field("Words in the recommendation's text.")


class DutyParameters(PageParameters):
    audience = serializers.ChoiceField(Audience.choices, required=False, help_text="Who must do it.")
    kind = serializers.ChoiceField(DutyKind.choices, required=False, help_text="What the duty asks for.")
    level = serializers.ChoiceField(
        DecisionLevel.choices,
        required=False,
        help_text="Duties of procedures with a decision at this level (special: every special-arrangements duty).",
    )
    procedure = slug_field("Of this procedure (slug).")


class ConsultationParameters(PageParameters):
    procedure = slug_field("Of this procedure (slug).")
    open_on = StrictDateField(required=False, help_text="Consultations open on this day.")
    closing_before = StrictDateField(required=False, help_text="Closing (last day) before this day.")
    closing_after = StrictDateField(required=False, help_text="Closing (last day) after this day.")


class KeyDateParameters(ConsultationParameters):
    kind = serializers.ChoiceField(EventKind.choices, required=False, help_text="Only events of this kind.")
    target_publication_month = MonthField(
        required=False,
        help_text="Target or expected publication dates falling in (or printed as) this month.",
    )


class ChangeParameters(PageParameters):
    since = MomentField(
        required=False,
        help_text="Changes at or after this day (from its start) or moment; UK time unless an offset is given.",
    )
    kind = serializers.ChoiceField(ChangeKind.choices, required=False)
    action = serializers.ChoiceField(ChangeAction.choices, required=False)


class ProcedureDetailParameters(QueryParameters):
    as_of = StrictDateField(
        required=False,
        help_text="Read the documents as they stood on this day: of each kind, the latest version published "
        "(else captured) by then (default: the latest of each).",
    )


class NoParameters(QueryParameters):
    """An endpoint that takes no query parameters: any name is refused."""
