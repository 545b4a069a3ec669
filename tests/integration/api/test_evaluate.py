"""POST /api/v1/policies/{slug}/evaluate: met, not met and undetermined, with reasons; errors; throttling."""

import json

import pytest
from django.test import Client

from apicore.throttling import EvaluateAnonThrottle
from tests.integration.api.helpers import (
    ASSESSED,
    CONSERVATIVE,
    FEMALE,
    PAIN,
    POLICY,
    evaluate,
    load_seeds_with_knee_policy,
    problem,
)

ALL_MET = {ASSESSED: True, CONSERVATIVE: True, PAIN: True}


def answer(client, facts, **body):
    response = evaluate(client, facts, **body)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_evaluate_met_with_exclusion_answered_false(client, loaded_data):
    result = answer(client, {**ALL_MET, FEMALE: False}, as_of="2026-11-21")
    assert (result["result"], result["criteria_result"], result["as_of"]) == ("met", "met", "2026-11-21")
    assert [fact["key"] for fact in result["deciding_facts"]] == [ASSESSED, CONSERVATIVE, PAIN]
    assert result["deciding_facts"][0] == {
        "key": ASSESSED,
        "kind": "criterion",
        "number": None,
        "text": "The patient has been assessed by Musculoskeletal Services and diagnosed as suffering from end-stage "
        "osteoarthritis suitable for referral for consideration of surgery",
        "source": {
            "file": "003_a052b6b105bb832e.txt",
            "line": 17,
            "viewer": "http://testserver/sources/003_a052b6b105bb832e.txt/#L17",
            "url": "https://leicesterleicestershireandrutland.icb.nhs.uk/llr-policy-for-hip-resurfacing/",
        },
    }
    assert result["unanswered_exclusions"] == []
    assert result["missing_facts"] == []
    assert result["explanation"] == "Met: 3 answered criteria satisfy the policy and no exclusion applies."
    assert result["policy"]["slug"] == POLICY
    assert result["version"]["file"] == "003_a052b6b105bb832e.txt"
    assert result["version"]["reference"] == "ARP 55"
    assert result["version"]["review"] == {"value": "2026", "precision": "year"}


@pytest.mark.django_db
def test_evaluate_met_with_exclusion_unanswered_is_provisional(client, loaded_data):
    result = answer(client, ALL_MET)
    assert result["result"] == "met"
    assert [e["key"] for e in result["unanswered_exclusions"]] == [FEMALE]
    assert result["unanswered_exclusions"][0]["kind"] == "exclusion"
    assert result["explanation"].startswith("Met, provisionally:")
    assert "contraindicated in females" in result["explanation"]


@pytest.mark.django_db
def test_evaluate_not_met_names_the_deciding_fact(client, loaded_data):
    result = answer(client, {ASSESSED: True, CONSERVATIVE: False, PAIN: True})
    assert (result["result"], result["criteria_result"]) == ("not_met", "not_met")
    assert [fact["key"] for fact in result["deciding_facts"]] == [CONSERVATIVE]
    assert result["explanation"].startswith(
        "Not met: “The patient has fully engaged with conservative measures"
    )
    nodes = {node["id"]: node for node in result["nodes"]}
    assert (nodes["root"]["result"], nodes[CONSERVATIVE]["result"], nodes["root.2"]["result"]) == (
        "not_met",
        "not_met",
        "met",
    )


@pytest.mark.django_db
def test_evaluate_not_met_by_an_exclusion_whatever_the_criteria(client, loaded_data):
    result = answer(client, {**ALL_MET, FEMALE: True})
    assert (result["result"], result["criteria_result"]) == ("not_met", "met")
    assert [e["key"] for e in result["applied_exclusions"]] == [FEMALE]
    assert (
        result["explanation"]
        == "Not met: the exclusion “The procedure is contraindicated in females.” applies."
    )


@pytest.mark.django_db
def test_evaluate_undetermined_says_what_is_missing(client, loaded_data):
    result = answer(client, {ASSESSED: True, PAIN: True, FEMALE: None})
    assert result["result"] == "undetermined"
    assert [f["key"] for f in result["missing_facts"]] == [CONSERVATIVE]
    assert [f["key"] for f in result["missing_for_met"]] == [CONSERVATIVE]
    assert result["deciding_facts"] == []
    assert result["explanation"].startswith("Undetermined: answering “The patient has fully engaged")
    assert [node["id"] for node in result["nodes"]][:4] == ["root", ASSESSED, CONSERVATIVE, "root.2"]
    assert all(
        set(node) == {"id", "kind", "k", "number", "text", "result", "source"} for node in result["nodes"]
    )


@pytest.mark.django_db
def test_evaluate_with_no_facts_is_undetermined_never_not_met(client, loaded_data):
    assert answer(client, {})["result"] == "undetermined"


@pytest.mark.django_db
def test_evaluate_works_for_api_clients_without_a_csrf_token(loaded_data):
    strict = Client(enforce_csrf_checks=True)
    assert evaluate(strict, ALL_MET).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"facts": {ASSESSED: "true"}}, f"facts.{ASSESSED}", "true, false or null"),
        ({"facts": {ASSESSED: 1}}, "facts", "true, false or null"),
        ({"facts": [ASSESSED]}, "facts", "dictionary"),
        ({"facts": {}, "as_of": "21/11/2026"}, "as_of", "YYYY-MM-DD"),
        ({"facts": {}, "as_of": "2026-02-30"}, "as_of", "YYYY-MM-DD"),
        ({"facts": {}, "patient": "x"}, "patient", "Unknown field"),
        ({}, "facts", "required"),
    ],
)
def test_evaluate_refuses_bad_input_naming_it(client, loaded_data, body, field, words):
    response = client.post(
        f"/api/v1/policies/{POLICY}/evaluate", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    error = problem(response, response.status_code)
    assert (error["status"], error["code"]) == (400, "invalid")
    (name,) = [name for name in error["errors"] if name == field or name.startswith(field + ".")]
    assert words in json.dumps(error["errors"][name])
    assert all(isinstance(m, str) for messages in error["errors"].values() for m in messages)


@pytest.mark.django_db
def test_evaluate_answers_a_fact_key_the_version_does_not_have_with_a_422_naming_it(client, loaded_data):
    # The schema allows any key (it cannot list a version's keys): well formed, but not answerable.
    body = {"facts": {"smoker": True}}
    response = client.post(
        f"/api/v1/policies/{POLICY}/evaluate", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    error = problem(response, response.status_code)
    assert (error["status"], error["code"]) == (422, "invalid")
    assert "'smoker'" in error["errors"]["facts"][0]


@pytest.mark.django_db
def test_evaluate_refuses_a_body_that_is_not_json(client, loaded_data):
    response = client.post(
        f"/api/v1/policies/{POLICY}/evaluate", "facts=1", content_type="application/x-www-form-urlencoded"
    )
    assert problem(response, 415)["code"] == "unsupported_media_type"
    broken = client.post(f"/api/v1/policies/{POLICY}/evaluate", "{not json", content_type="application/json")
    assert problem(broken, 400)["code"] == "parse_error"


@pytest.mark.django_db
def test_evaluate_unknown_policy_is_404(client, loaded_data):
    response = evaluate(client, {}, slug="no-such-policy")
    assert problem(response, 404)["code"] == "not_found"


@pytest.mark.django_db
def test_evaluate_uses_the_version_in_force_and_422_before_any(client, tmp_path):
    load_seeds_with_knee_policy(tmp_path)
    early = evaluate(client, {}, slug="llr-icb-knee-washout", as_of="2026-12-31")
    assert problem(early, 422)["code"] == "not_in_force"
    later = evaluate(
        client,
        {"mechanical-locking-knee": True, "bmi-40": True},
        slug="llr-icb-knee-washout",
        as_of="2027-01-01",
    )
    assert later.status_code == 200
    assert (later.json()["result"], later.json()["version"]["file"]) == ("met", "005_knee.txt")


@pytest.mark.django_db
def test_anonymous_evaluate_is_throttled_with_retry_after(client, loaded_data, monkeypatch):
    monkeypatch.setattr(EvaluateAnonThrottle, "THROTTLE_RATES", {"evaluate_anon": "3/minute"})
    statuses = [evaluate(client, {}).status_code for _ in range(3)]
    throttled = evaluate(client, {})
    assert statuses == [200, 200, 200]
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    error = problem(throttled, 429)
    assert (error["status"], error["code"]) == (429, "throttled")
    # Reads are not throttled.
    assert client.get(f"/api/v1/policies/{POLICY}/").status_code == 200
