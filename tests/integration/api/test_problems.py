"""Every API error is an RFC 9457 problem document (docs/adr/0015-rfc-9457-problem-details.md):
application/problem+json whatever the client accepts, status equal to the response's, the request's
path as instance, the machine code and the field errors as extension members; the schema says so."""

import json

import pytest
from django.test import Client

from apicore.throttling import EvaluateAnonThrottle
from apicore.views import ApiView
from tests.integration.api.helpers import POLICY, evaluate, problem

EVALUATE = f"/api/v1/policies/{POLICY}/evaluate"


@pytest.mark.django_db
def test_a_400_names_each_field_in_the_errors_extension(client, loaded_data):
    body = problem(client.get("/api/v1/duties/?level=foo&kind=bar"), 400)
    assert body["type"] == "tag:ipg-lookup,2026:problems/invalid"
    assert (body["title"], body["code"], body["instance"]) == ("Invalid input", "invalid", "/api/v1/duties/")
    assert set(body["errors"]) == {"level", "kind"}
    assert all(isinstance(m, str) for messages in body["errors"].values() for m in messages)
    assert body["detail"].startswith("Invalid ")


@pytest.mark.django_db
def test_a_404_is_about_blank_with_the_status_phrase_and_an_encoded_path_as_instance(client, loaded_data):
    body = problem(client.get("/api/v1/procedures/not a slug/"), 404)
    assert (body["type"], body["title"], body["code"]) == ("about:blank", "Not Found", "not_found")
    assert body["instance"] == "/api/v1/procedures/not%20a%20slug/"
    assert "errors" not in body
    # The catch-all, outside DRF, answers the same way.
    assert problem(client.get("/api/v1/nothing-here/?x=1"), 404)["instance"] == "/api/v1/nothing-here/"


@pytest.mark.django_db
def test_a_405_keeps_its_allow_header(client, loaded_data):
    response = client.delete("/api/v1/procedures/")
    body = problem(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert (body["type"], body["title"], body["code"]) == (
        "about:blank",
        "Method Not Allowed",
        "method_not_allowed",
    )


@pytest.mark.django_db
def test_a_413_from_the_middleware_is_a_problem(client, loaded_data):
    body = problem(client.post(EVALUATE, "x" * (64 * 1024 + 1), content_type="application/json"), 413)
    assert (body["title"], body["code"], body["instance"]) == ("Content Too Large", "too_large", EVALUATE)


@pytest.mark.django_db
def test_a_422_of_the_apis_own_kind(client, loaded_data):
    body = problem(evaluate(client, {"smoker": True}), 422)
    assert body["type"] == "tag:ipg-lookup,2026:problems/invalid"
    assert list(body["errors"]) == ["facts"]


@pytest.mark.django_db
def test_a_429_keeps_retry_after(client, loaded_data, monkeypatch):
    monkeypatch.setattr(EvaluateAnonThrottle, "THROTTLE_RATES", {"evaluate_anon": "1/minute"})
    assert evaluate(client, {}).status_code == 200
    throttled = evaluate(client, {})
    body = problem(throttled, 429)
    assert int(throttled["Retry-After"]) > 0
    assert (body["type"], body["title"], body["code"]) == ("about:blank", "Too Many Requests", "throttled")


@pytest.mark.django_db
def test_a_500_under_the_api_is_a_problem(loaded_data, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ApiView, "initial", fail)
    response = Client(raise_request_exception=False).get("/api/v1/procedures/")
    body = problem(response, 500)
    assert (body["title"], body["code"], body["instance"]) == (
        "Internal Server Error",
        "server_error",
        "/api/v1/procedures/",
    )
    assert "boom" not in body["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "accept"),
    [
        ("/api/v1/policies/no-such-policy/", "application/json"),
        ("/api/v1/policies/no-such-policy/", "text/html"),  # the browsable API renders answers, not errors
        ("/api/v1/policies/no-such-policy/", "*/*"),
        ("/api/v1/policies/no-such-policy/", "application/json, application/problem+json"),
        ("/api/v1/policies/no-such-policy/fhir", "application/fhir+json"),
        ("/api/v1/policies/no-such-policy/fhir", "application/json"),
    ],
)
def test_an_error_is_a_problem_whatever_the_endpoint_serves_and_the_client_accepts(
    client, loaded_data, url, accept
):
    assert problem(client.get(url, HTTP_ACCEPT=accept), 404)["code"] == "not_found"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "accept"),
    [
        ("/api/v1/procedures/", "text/csv"),
        (f"/api/v1/policies/{POLICY}/fhir", "text/html"),
        ("/api/v1/schema/", "text/csv"),
        # Negotiation comes before the view: an answer it could never send is refused first.
        ("/api/v1/procedures/no-such-procedure/", "application/problem+json"),
    ],
)
def test_an_accept_no_renderer_matches_is_a_406_problem_not_a_500(client, loaded_data, url, accept):
    body = problem(client.get(url, HTTP_ACCEPT=accept), 406)
    assert (body["title"], body["code"]) == ("Not Acceptable", "not_acceptable")


@pytest.mark.django_db
def test_the_schema_declares_every_error_as_a_problem_document(client, loaded_data):
    schema = json.loads(client.get("/api/v1/schema/?format=json").content)
    problem_schema = schema["components"]["schemas"]["Problem"]
    assert set(problem_schema["required"]) == {"type", "title", "status", "detail", "instance", "code"}
    assert problem_schema["properties"]["errors"]["additionalProperties"]["items"] == {"type": "string"}
    errors = [
        (path, method, status, answer)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for status, answer in operation["responses"].items()
        if status.startswith(("4", "5"))
    ]
    assert errors
    for path, method, status, answer in errors:
        assert answer["content"] == {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }, (path, method, status)
