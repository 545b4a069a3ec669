"""Bad input never makes the API answer 500: unknown methods, OPTIONS, deep or oversized bodies, If-None-Match: *."""

import json

import pytest

from tests.integration.api.helpers import POLICY, problem

PROCEDURE = "targeted-muscle-reinnervation-for-managing-limb-amputation-pain"
READ_ONLY = [
    "/api/v1/procedures/",
    f"/api/v1/procedures/{PROCEDURE}/",
    "/api/v1/duties/",
    f"/api/v1/policies/{POLICY}/",
    f"/api/v1/policies/{POLICY}/fhir",
    "/api/v1/changes/",
    "/api/v1/schema/",
    "/api/docs/",
]
EVALUATE = f"/api/v1/policies/{POLICY}/evaluate"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*READ_ONLY, EVALUATE])
def test_options_answers_which_methods_there_are(client, loaded_data, url):
    response = client.options(url)
    assert response.status_code == 200
    assert "OPTIONS" in response["Allow"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", READ_ONLY[:6])
@pytest.mark.parametrize("method", ["TRACE", "DELETE", "PUT", "PATCH", "POST"])
def test_a_method_a_read_only_endpoint_lacks_is_405_with_allow(client, loaded_data, url, method):
    response = client.generic(method, url)
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert problem(response, 405)["code"] == "method_not_allowed"


@pytest.mark.django_db
def test_evaluate_allows_post_only(client, loaded_data):
    response = client.get(EVALUATE)
    assert (response.status_code, response["Allow"]) == (405, "POST, OPTIONS")


@pytest.mark.django_db
def test_if_none_match_star_is_304_for_a_resource_that_exists_and_404_otherwise(client, loaded_data):
    existing = client.get(f"/api/v1/procedures/{PROCEDURE}/", HTTP_IF_NONE_MATCH="*")
    assert (existing.status_code, existing.content) == (304, b"")
    assert existing["ETag"].startswith('"')
    missing = client.get("/api/v1/procedures/no-such-procedure/", HTTP_IF_NONE_MATCH="*")
    assert missing.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [21, 10_000])
def test_deeply_nested_json_is_a_400(client, loaded_data, depth):
    body = '{"facts": ' + "[" * depth + "]" * depth + "}"
    response = client.post(EVALUATE, body, content_type="application/json")
    assert problem(response, 400) == {
        "type": "tag:ipg-lookup,2026:problems/parse_error",
        "title": "Unreadable JSON body",
        "status": 400,
        "detail": "JSON parse error - nested more than 20 levels deep.",
        "instance": EVALUATE,
        "code": "parse_error",
    }


@pytest.mark.django_db
def test_nesting_within_the_limit_is_read_as_usual(client, loaded_data):
    body = json.dumps({"facts": {}, "as_of": "2026-11-21"})
    assert client.post(EVALUATE, body, content_type="application/json").status_code == 200


@pytest.mark.django_db
def test_an_oversized_body_is_a_json_413_before_any_work(client, loaded_data, django_assert_num_queries):
    body = json.dumps({"facts": {f"criterion-{n}": True for n in range(5000)}})
    assert len(body) > 64 * 1024
    with django_assert_num_queries(0):
        response = client.post(EVALUATE, body, content_type="application/json")
    assert problem(response, 413) == {
        "type": "about:blank",
        "title": "Content Too Large",
        "status": 413,
        "detail": "The request body is larger than 65536 bytes.",
        "instance": EVALUATE,
        "code": "too_large",
    }


@pytest.mark.django_db
def test_more_facts_than_any_policy_has_are_a_400_before_any_work(
    client, loaded_data, django_assert_num_queries
):
    body = json.dumps({"facts": {f"k{n}": True for n in range(501)}})
    with django_assert_num_queries(0):
        response = client.post(EVALUATE, body, content_type="application/json")
    assert problem(response, 400)["errors"] == {"facts": ["At most 500 facts can be given; found 501."]}


@pytest.mark.django_db
def test_unknown_fact_keys_are_named_ten_at_most_with_a_count_of_the_rest(client, loaded_data):
    body = json.dumps({"facts": {f"unknown-{n:02d}": True for n in range(30)}})
    response = client.post(EVALUATE, body, content_type="application/json")
    # Well formed (the schema cannot list a version's keys), but not answerable.
    assert response.status_code == 422
    (message,) = problem(response, 422)["errors"]["facts"]
    named = ", ".join(f"'unknown-{n:02d}'" for n in range(10))
    assert message.startswith(f"unknown fact keys: {named} and 20 more (this version's keys: fact_keys at ")
