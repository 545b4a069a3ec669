"""apicore: conditional-GET decisions, strict parameter fields and the error body. No database."""

import datetime as dt

import pytest
from django.test import RequestFactory
from rest_framework.exceptions import ValidationError

from apicore.conditional import Validators, is_not_modified
from apicore.errors import error_body
from apicore.fields import MomentField, MonthField, StrictBooleanField, StrictDateField

LOADED = dt.datetime(2026, 11, 21, 10, 0, 0, tzinfo=dt.UTC)
VALIDATORS = Validators(etag='"abc"', last_modified=LOADED)


def request(**headers):
    return RequestFactory().get("/api/v1/procedures/", **headers)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"HTTP_IF_NONE_MATCH": '"abc"'}, True),
        ({"HTTP_IF_NONE_MATCH": 'W/"abc"'}, True),
        ({"HTTP_IF_NONE_MATCH": '"x", "abc"'}, True),
        ({"HTTP_IF_NONE_MATCH": '"x"'}, False),
        ({"HTTP_IF_MODIFIED_SINCE": "Sat, 21 Nov 2026 10:00:00 GMT"}, True),
        ({"HTTP_IF_MODIFIED_SINCE": "Sat, 21 Nov 2026 09:59:59 GMT"}, False),
        ({"HTTP_IF_MODIFIED_SINCE": "yesterday"}, False),
        # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
        ({"HTTP_IF_NONE_MATCH": '"x"', "HTTP_IF_MODIFIED_SINCE": "Sat, 21 Nov 2026 10:00:00 GMT"}, False),
    ],
)
def test_is_not_modified(headers, expected):
    assert is_not_modified(request(**headers), VALIDATORS) is expected


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        (StrictBooleanField(), "true", True),
        (StrictBooleanField(), "false", False),
        (StrictDateField(), "2025-02-21", dt.date(2025, 2, 21)),
        (MonthField(), "2025-06", (2025, 6)),
        (MomentField(), "2026-11-01", dt.date(2026, 11, 1)),
        (MomentField(), "2026-11-01T09:30Z", dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)),
    ],
)
def test_strict_fields_take_their_format(field, text, value):
    assert field.to_internal_value(text) == value


def test_moment_without_an_offset_is_uk_time():
    moment = MomentField().to_internal_value("2026-07-01T09:30")
    assert moment.utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("field", "text"),
    [
        (StrictBooleanField(), "1"),
        (StrictBooleanField(), "True"),
        (StrictDateField(), "2025-2-21"),
        (StrictDateField(), "2025-02-30"),
        (StrictDateField(), "٢٠٢٥-٠٢-٢١"),
        (MonthField(), "0000-01"),
        (MonthField(), "2025-6"),
        (MomentField(), "2026-11-01 09:30"),
        (MomentField(), "9999-12-31T23:30-05:00"),
    ],
)
def test_strict_fields_refuse_anything_else(field, text):
    with pytest.raises(ValidationError):
        field.to_internal_value(text)


def test_error_body_shape():
    assert error_body(404, "not_found", "No such thing.") == {
        "error": {"status": 404, "code": "not_found", "message": "No such thing."}
    }
    assert error_body(400, "invalid", "Bad.", {"level": ["x"]})["error"]["fields"] == {"level": ["x"]}


def test_nested_errors_are_flattened_to_dotted_names():
    from apicore.errors import _flat_messages

    detail = {
        "facts": {"a-key": ["Must be true, false or null."]},
        "as_of": ["Must be a date."],
        "items": [{}, {"x": ["bad"]}],
    }
    assert _flat_messages(detail) == {
        "facts.a-key": ["Must be true, false or null."],
        "as_of": ["Must be a date."],
        "items.1.x": ["bad"],
    }
    assert _flat_messages(["Expected a dictionary."]) == {"non_field_errors": ["Expected a dictionary."]}
