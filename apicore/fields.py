"""Strict field types for query parameters and bodies: what the schema does not allow, the API refuses."""

from __future__ import annotations

import datetime as dt
import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources.clock import LONDON

# The schema's patterns are the server's own rules, so a client (or schemathesis) generating from the
# schema gets no 400 for a value it allows: years 0001-9999 (Python's dates), and only real days.
YEAR = r"([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"  # 0000 is no year
# Gregorian: divisible by 4, and centuries only when divisible by 400.
LEAP_YEAR = r"([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
MONTH_AND_DAY = r"((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)"
ISO_DAY = rf"({YEAR}-{MONTH_AND_DAY}|{LEAP_YEAR}-02-29)"
ISO_MONTH = rf"{YEAR}-(0[1-9]|1[0-2])"
MOMENT = rf"{ISO_DAY}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{{1,6}})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?"


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanField(serializers.Field):
    """``true`` or ``false``, nothing else (no "1", "yes", "on")."""

    default_error_messages = {"invalid": 'Must be "true" or "false".'}

    def to_internal_value(self, data):
        if data in ("true", "false"):
            return data == "true"
        self.fail("invalid")

    def to_representation(self, value):
        return value


@extend_schema_field({"type": "string", "format": "date", "pattern": f"^{ISO_DAY}$"})
class StrictDateField(serializers.Field):
    """A calendar day as ``YYYY-MM-DD`` (and a real one: no 31 February)."""

    default_error_messages = {"invalid": "Must be a date as YYYY-MM-DD."}

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(ISO_DAY, data):
            self.fail("invalid")
        try:
            return dt.date.fromisoformat(data)
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value):
        return value.isoformat()


@extend_schema_field({"type": "string", "pattern": f"^{ISO_MONTH}$", "example": "2025-06"})
class MonthField(serializers.Field):
    """A month as ``YYYY-MM``; the value is ``(year, month)``."""

    default_error_messages = {"invalid": "Must be a month as YYYY-MM."}

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(ISO_MONTH, data):
            self.fail("invalid")
        return int(data[:4]), int(data[5:7])

    def to_representation(self, value):
        return f"{value[0]:04d}-{value[1]:02d}"


@extend_schema_field({"type": "string", "pattern": f"^{MOMENT}$", "example": "2026-11-01T09:30"})
class MomentField(serializers.Field):
    """A day (``YYYY-MM-DD``) or a moment (``YYYY-MM-DDTHH:MM[:SS]``, optional offset; UK time without one)."""

    default_error_messages = {
        "invalid": "Must be a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM, UK time unless an offset is given."
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(MOMENT, data):
            self.fail("invalid")
        try:
            if "T" not in data:
                return dt.date.fromisoformat(data)
            moment = dt.datetime.fromisoformat(data.replace("Z", "+00:00"))
        except ValueError:
            self.fail("invalid")
        moment = moment if moment.tzinfo else moment.replace(tzinfo=LONDON)
        try:
            moment.astimezone(dt.UTC)  # the database compares in UTC
        except OverflowError:
            # 9999-12-31T23:00-05:00 is after the last moment UTC can hold, 0001-01-01T00:30+01:00 before
            # the first: the schema allows them, and they mean "after everything" and "before everything".
            return (
                dt.datetime.max.replace(tzinfo=dt.UTC)
                if moment.year == dt.MAXYEAR
                else dt.datetime.min.replace(tzinfo=dt.UTC)
            )
        return moment

    def to_representation(self, value):
        return value.isoformat()
