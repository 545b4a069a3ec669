"""Commissioning bodies, policies (list, detail with the criteria tree) and the FHIR export, from the fixtures."""

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire

from tests.integration.api.helpers import (
    ASSESSED,
    CONSERVATIVE,
    FEMALE,
    POLICY,
    get_json,
    load_seeds_with_knee_policy,
    problem,
)

LEAVES = [
    ASSESSED,
    CONSERVATIVE,
    "intense-severe-persistent-pain-moderate",
    "significant-instability-hip-joint-significant",
    "radiological-features-severe-disease-moderate",
    "radiological-features-moderate-disease-significant",
    "severe-persistent-pain-causing-severe",
    "risk-destruction-joint-severity-delaying",
]


@pytest.mark.django_db
def test_bodies_list_links_to_their_policies(client, loaded_data):
    (body,) = get_json(client, "/api/v1/bodies/")["results"]
    assert body["slug"] == "llr-icb"
    assert body["name"] == "NHS Leicester, Leicestershire and Rutland Integrated Care Board"
    assert [p["slug"] for p in get_json(client, body["policies"])["results"]] == [POLICY]


@pytest.mark.django_db
def test_policies_list_gives_versions_with_dates_at_their_precision(client, loaded_data):
    (policy,) = get_json(client, "/api/v1/policies/")["results"]
    assert (policy["slug"], policy["title"], policy["body"]["short_name"]) == (
        POLICY,
        "Hip Resurfacing",
        "LLR ICB",
    )
    assert policy["review_due"] is True
    assert policy["versions"] == [
        {
            "file": "003_a052b6b105bb832e.txt",
            "reference": "ARP 55",
            "category": "Threshold Criteria",
            "effective": None,
            "review": {"value": "2026", "precision": "year"},
            "review_due": True,
            "in_force": True,
            "criteria_structured": True,
        }
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("body=llr-icb", [POLICY]),
        ("body=no-such-icb", []),
        ("procedure=hip-resurfacing", []),
        ("review_due=true", [POLICY]),
        ("review_due=false", []),
        ("q=resurfacing", [POLICY]),
        ("q=ARP+55", [POLICY]),
        ("q=osteoarthritis", [POLICY]),
        ("q=cataract", []),
    ],
)
def test_policies_filters(client, loaded_data, query, expected):
    assert [p["slug"] for p in get_json(client, f"/api/v1/policies/?{query}")["results"]] == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "field"), [("review_due=soon", "review_due"), ("body=LLR%20ICB", "body")])
def test_policies_bad_filter_is_400(client, loaded_data, query, field):
    assert list(get_json(client, f"/api/v1/policies/?{query}", status=400)["errors"]) == [field]


@pytest.mark.django_db
def test_policy_detail_has_the_full_criteria_tree_keys_and_provenance(client, loaded_data):
    policy = get_json(client, f"/api/v1/policies/{POLICY}/")
    tree = policy["criteria"]
    assert (tree["id"], tree["kind"], tree["key"]) == ("root", "all", None)
    assert [child["id"] for child in tree["children"]] == [ASSESSED, CONSERVATIVE, "root.2"]
    group = tree["children"][2]
    assert (group["kind"], group["text"], len(group["children"])) == ("any", "The patient:", 6)
    instability = group["children"][1]
    assert instability["definitions"] == ["Significant functional impairment"]
    assert instability["source"] == {
        "file": "003_a052b6b105bb832e.txt",
        "line": 29,
        "viewer": "http://testserver/sources/003_a052b6b105bb832e.txt/#L29",
        "url": "https://leicesterleicestershireandrutland.icb.nhs.uk/llr-policy-for-hip-resurfacing/",
    }
    assert policy["fact_keys"] == {"criteria": LEAVES, "exclusions": [FEMALE]}
    (definition,) = policy["definitions"]
    assert (definition["term"], definition["marker"], len(definition["items"])) == (
        "Significant functional impairment",
        "*",
        2,
    )
    assert definition["source"] == {
        "file": "003_a052b6b105bb832e.txt",
        "line": 44,
        "viewer": "http://testserver/sources/003_a052b6b105bb832e.txt/#L44",
        "url": "https://leicesterleicestershireandrutland.icb.nhs.uk/llr-policy-for-hip-resurfacing/",
    }
    assert policy["exclusions"] == [
        {
            "key": FEMALE,
            "text": "The procedure is contraindicated in females.",
            "source": {
                "file": "003_a052b6b105bb832e.txt",
                "line": 11,
                "viewer": "http://testserver/sources/003_a052b6b105bb832e.txt/#L11",
                "url": "https://leicesterleicestershireandrutland.icb.nhs.uk/llr-policy-for-hip-resurfacing/",
            },
        }
    ]
    (duration,) = policy["durations"]
    assert (duration["comparator"], duration["value"], duration["unit"], duration["criterion"]) == (
        ">=",
        6,
        "month",
        CONSERVATIVE,
    )
    assert policy["thresholds"] == []
    version = policy["version"]
    assert (version["reference"], version["review"], version["review_source"]) == (
        "ARP 55",
        {"value": "2026", "precision": "year"},
        {
            "file": "003_a052b6b105bb832e.txt",
            "line": 47,
            "viewer": "http://testserver/sources/003_a052b6b105bb832e.txt/#L47",
            "url": "https://leicesterleicestershireandrutland.icb.nhs.uk/llr-policy-for-hip-resurfacing/",
        },
    )
    assert version["document"]["sha256"] == "b8e1790ccc821115380b5753bc08c82e480a6d7187f17e7c7e4e17885e5eee92"
    assert version["document"]["url"].startswith("https://")
    assert policy["links"] == {
        "evaluate": f"http://testserver/api/v1/policies/{POLICY}/evaluate",
        "fhir": f"http://testserver/api/v1/policies/{POLICY}/fhir",
    }


@pytest.mark.django_db
def test_policy_detail_as_of_names_the_day_used(client, loaded_data):
    assert get_json(client, f"/api/v1/policies/{POLICY}/?as_of=2020-01-31")["as_of"] == "2020-01-31"
    assert list(get_json(client, f"/api/v1/policies/{POLICY}/?as_of=31-01-2020", status=400)["errors"]) == [
        "as_of"
    ]


@pytest.mark.django_db
def test_policy_detail_unknown_slug_is_404(client, loaded_data):
    assert get_json(client, "/api/v1/policies/no-such-policy/", status=404)["code"] == "not_found"


@pytest.mark.django_db
def test_policy_not_yet_in_force_is_422_and_in_force_from_its_date(client, tmp_path):
    load_seeds_with_knee_policy(tmp_path)
    body = get_json(client, "/api/v1/policies/llr-icb-knee-washout/?as_of=2026-12-31", status=422)
    assert body["code"] == "not_in_force"
    assert "2026-12-31" in body["detail"]
    policy = get_json(client, "/api/v1/policies/llr-icb-knee-washout/?as_of=2027-01-01")
    assert policy["version"]["effective"] == {"value": "2027-01-01", "precision": "day"}
    assert policy["fact_keys"]["criteria"] == ["mechanical-locking-knee", "bmi-40"]
    (threshold,) = policy["thresholds"]
    assert (threshold["measure"], threshold["comparator"], threshold["value"]) == ("BMI", "<", 40)
    assert (
        get_json(client, "/api/v1/policies/llr-icb-knee-washout/fhir?as_of=2026-06-01", status=422)["code"]
        == "not_in_force"
    )


@pytest.mark.django_db
def test_fhir_export_is_a_questionnaire_with_one_item_per_leaf(client, loaded_data):
    response = client.get(f"/api/v1/policies/{POLICY}/fhir")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    Questionnaire.model_validate(response.json())  # valid for fhir.resources' FHIR model
    questionnaire = response.json()
    assert questionnaire["resourceType"] == "Questionnaire"
    assert (questionnaire["id"], questionnaire["status"], questionnaire["version"]) == (
        POLICY,
        "active",
        "ARP 55",
    )
    assert questionnaire["url"] == f"http://testserver/api/v1/policies/{POLICY}/fhir"
    assert [item["linkId"] for item in questionnaire["item"]] == LEAVES
    assert all(item["type"] == "boolean" for item in questionnaire["item"])
    assert questionnaire["item"][1]["enableWhen"] == [
        {"question": ASSESSED, "operator": "=", "answerBoolean": True}
    ]
    help_items = questionnaire["item"][3]["item"]
    assert help_items[0]["type"] == "display"
    assert help_items[0]["text"].startswith("Significant functional impairment is defined as")
    assert "contraindicated in females" in questionnaire["description"]


@pytest.mark.django_db
def test_fhir_export_as_plain_json_when_asked(client, loaded_data):
    response = client.get(f"/api/v1/policies/{POLICY}/fhir", HTTP_ACCEPT="application/json")
    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    assert client.get("/api/v1/policies/no-such-policy/fhir").status_code == 404


@pytest.mark.django_db
def test_fhir_export_format_parameter_takes_the_schema_values_and_no_blank(client, loaded_data):
    assert client.get(f"/api/v1/policies/{POLICY}/fhir?format=json")["Content-Type"] == "application/json"
    # DRF alone would ignore a blank format and answer 200; the schema's enum has no blank value.
    response = client.get(f"/api/v1/policies/{POLICY}/fhir?format=")
    assert list(problem(response, 400)["errors"]) == ["format"]
