"""apicore: conditional-GET decisions, strict parameter fields and the error body. No database."""

import datetime as dt
import json
import re

import pytest
from django.test import RequestFactory
from rest_framework.exceptions import ValidationError

from apicore.conditional import Validators, is_not_modified
from apicore.errors import error_body, problem_details, server_error
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
        (StrictDateField(), "0001-01-01", dt.date(1, 1, 1)),
        (StrictDateField(), "2000-02-29", dt.date(2000, 2, 29)),
        (MonthField(), "9999-12", (9999, 12)),
        # Moments UTC cannot hold are after (or before) every moment it can: the schema allows them.
        (MomentField(), "9999-12-31T23:30-05:00", dt.datetime.max.replace(tzinfo=dt.UTC)),
        (MomentField(), "0001-01-01T00:30+01:00", dt.datetime.min.replace(tzinfo=dt.UTC)),
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
        (StrictDateField(), "2100-02-29"),
        (StrictDateField(), "0000-01-01"),
        (StrictDateField(), "٢٠٢٥-٠٢-٢١"),
        (MonthField(), "0000-01"),
        (MonthField(), "2025-6"),
        (MomentField(), "2026-11-01 09:30"),
        (MomentField(), "0000-12-31T23:30"),
    ],
)
def test_strict_fields_refuse_anything_else(field, text):
    with pytest.raises(ValidationError):
        field.to_internal_value(text)


SOME_YEARS = ["0000", "0001", "0004", "0099", "0100", "0400", "1900", "2000", "2024", "2025", "2100", "9999"]


@pytest.mark.parametrize(
    ("field", "suffix"),
    [(StrictDateField, ""), (MonthField, None), (MomentField, ""), (MomentField, "T23:30-05:00")],
)
def test_the_schema_pattern_allows_exactly_what_the_field_takes(field, suffix):
    """A client generating from the schema (schemathesis does) never gets a 400 for a value it allows."""
    pattern = re.compile(field._spectacular_annotation["field"]["pattern"])
    days = [""] if suffix is None else [f"-{day:02d}{suffix}" for day in range(33)]
    for text in (f"{year}-{month:02d}{day}" for year in SOME_YEARS for month in range(14) for day in days):
        try:
            field().to_internal_value(text)
            taken = True
        except ValidationError:
            taken = False
        assert bool(pattern.fullmatch(text)) is taken, text


def test_a_problem_of_a_plain_status_is_about_blank_titled_with_the_status_phrase():
    assert problem_details(404, "not_found", "No such thing.", instance="/api/v1/x/") == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No such thing.",
        "instance": "/api/v1/x/",
        "code": "not_found",
    }
    # RFC 9110's phrases, not RFC 7231's.
    assert problem_details(413, "too_large", "Big.")["title"] == "Content Too Large"
    assert problem_details(422, "unprocessable", "No.")["title"] == "Unprocessable Content"


def test_a_problem_of_the_apis_own_kind_has_its_type_and_title_and_the_field_errors():
    problem = problem_details(400, "invalid", "Invalid level: bad.", {"level": ["bad"]})
    assert problem["type"] == "tag:ipg-lookup,2026:problems/invalid"
    assert (problem["title"], problem["status"], problem["code"]) == ("Invalid input", 400, "invalid")
    assert problem["errors"] == {"level": ["bad"]}
    assert "errors" not in problem_details(400, "invalid", "Bad.", {})


def test_error_body_keeps_its_signature_and_answers_the_problem_document():
    assert error_body(400, "invalid", "Bad.", {"level": ["x"]}) == problem_details(
        400, "invalid", "Bad.", {"level": ["x"]}
    )


def test_the_apis_500_is_a_problem_and_other_500s_are_djangos_page():
    response = server_error(RequestFactory().get("/api/v1/procedures/caf%C3%A9/"))
    assert (response.status_code, response["Content-Type"]) == (500, "application/problem+json")
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "The server could not answer this request.",
        "instance": "/api/v1/procedures/caf%C3%A9/",
        "code": "server_error",
    }
    assert server_error(RequestFactory().get("/procedures/"))["Content-Type"].startswith("text/html")


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
