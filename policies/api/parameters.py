"""Query parameters and request bodies of the policy endpoints: parsed strictly, a bad value is a 400 naming it."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from apicore.fields import StrictBooleanField, StrictDateField
from apicore.parameters import PageParameters, QueryParameters
from guidance.api.parameters import slug_field, text_field


class PolicyParameters(PageParameters):
    body = slug_field("Of this commissioning body (slug, see /api/v1/bodies/).")
    procedure = slug_field("Linked to this procedure (slug).")
    review_due = StrictBooleanField(
        required=False, help_text="A version's review date has (true) or has not (false) come, today (UK)."
    )
    q = text_field("Words in the title, body or criteria, or the reference (ARP 55).")


class AsOfParameters(QueryParameters):
    as_of = StrictDateField(
        required=False, help_text="Use the version in force on this day (default: today, UK)."
    )


class ChangesParameters(QueryParameters):
    # "from" is a Python keyword: the field is declared under its query name below.
    to = StrictDateField(
        required=False, help_text="Compare up to the version in force on this day (default: the newest)."
    )


ChangesParameters._declared_fields["from"] = StrictDateField(
    required=False, help_text="Compare from the version in force on this day (default: the oldest)."
)


@extend_schema_field({"type": "boolean", "nullable": True})
class FactField(serializers.Field):
    """true, false, or null (not answered). Nothing else: 1, "yes" and "true" are refused."""

    default_error_messages = {"invalid": "Must be true, false or null."}

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return True, None
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if data is True or data is False:
            return data
        self.fail("invalid")

    def to_representation(self, value):
        return value


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "boolean", "nullable": True},
        "maxProperties": settings.API_MAX_FACTS,  # refused before any fact is read (to_internal_value below)
    }
)
class FactsField(serializers.DictField):
    """Fact key to true, false or null."""


class EvaluateRequestSerializer(serializers.Serializer):
    """The body of POST /api/v1/policies/{slug}/evaluate."""

    facts = FactsField(
        child=FactField(),
        help_text="Criterion and exclusion keys (see the policy's `fact_keys`) mapped to true, false or null "
        "(not answered). Keys left out are not answered.",
    )
    as_of = StrictDateField(
        required=False, help_text="The referral date: the version in force then is used (default today, UK)."
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise ValidationError(
                    {name: ["Unknown field: the body takes facts and as_of."] for name in unknown[:10]}
                )
            facts = data.get("facts")
            # Counted before any fact is read: a policy has tens of criteria, never hundreds.
            if isinstance(facts, dict) and len(facts) > settings.API_MAX_FACTS:
                raise ValidationError(
                    {"facts": [f"At most {settings.API_MAX_FACTS} facts can be given; found {len(facts)}."]}
                )
        return super().to_internal_value(data)
