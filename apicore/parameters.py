"""Query parameters validated by one serializer per endpoint: unknown, repeated or bad values are a 400."""

from __future__ import annotations

import re

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings


class QueryParameters(serializers.Serializer):
    """Base of every endpoint's query-parameter serializer."""

    @classmethod
    def parse(cls, request) -> dict:
        """The validated parameters of ``request``, those not given (or blank) left out; a 400 otherwise."""
        known = set(cls().fields) | {api_settings.URL_FORMAT_OVERRIDE}
        # A misspelt filter must not silently return everything: unknown names are refused.
        unknown = sorted(name for name in request.query_params if name not in known)
        if unknown:
            takes = ", ".join(sorted(cls().fields))
            raise ValidationError(
                {name: [f"Unknown parameter; this endpoint takes {takes}."] for name in unknown}
            )
        repeated = sorted(
            name for name in request.query_params if len(request.query_params.getlist(name)) > 1
        )
        if repeated:
            raise ValidationError({name: ["Given more than once."] for name in repeated})
        # DRF ignores a blank ?format= and answers the default; the schema's enum has no blank value.
        if request.query_params.get(api_settings.URL_FORMAT_OVERRIDE, None) == "":
            raise ValidationError(
                {api_settings.URL_FORMAT_OVERRIDE: ["Name a format or leave the parameter out."]}
            )
        parameters = cls(data=request.query_params.dict())
        parameters.is_valid(raise_exception=True)
        return {name: value for name, value in parameters.validated_data.items() if value not in (None, "")}


# A page number has at most 9 digits: the schema declares the maximum, the server refuses more digits.
MAX_PAGE = 999_999_999


class PageParameters(QueryParameters):
    page = serializers.IntegerField(
        min_value=1, max_value=MAX_PAGE, required=False, help_text="Page number, from 1."
    )
    page_size = serializers.IntegerField(
        min_value=1, max_value=100, required=False, help_text="Results per page (default 20, at most 100)."
    )

    def to_internal_value(self, data):
        # Plain digits only: DRF's IntegerField would take "1.0" or " 1".
        for name in ("page", "page_size"):
            if name in data and not re.fullmatch(r"[0-9]{1,9}", data[name]):  # 9 digits: MAX_PAGE
                raise ValidationError({name: ["A whole number is required."]})
        return super().to_internal_value(data)
