"""GET /api/v1/procedures/ and /api/v1/procedures/{slug}/ against the seed fixtures."""

import pytest

from tests.integration.api.helpers import LOWER, LUMBAR, TMR, UPPER, get_json


def slugs(client, url):
    return [item["slug"] for item in get_json(client, url)["results"]]


@pytest.mark.django_db
def test_procedures_level_special_lists_the_three_special_arrangements_seeds(client, loaded_data):
    page = get_json(client, "/api/v1/procedures/?level=special")
    assert page["count"] == 3
    assert [p["slug"] for p in page["results"]] == [UPPER, LUMBAR, TMR]
    assert all(p["special_arrangements"] for p in page["results"])
    assert page["results"][0]["url"] == f"http://testserver/api/v1/procedures/{UPPER}/"


@pytest.mark.django_db
def test_procedures_list_default_order_is_title_then_slug_with_stage_and_levels(client, loaded_data):
    page = get_json(client, "/api/v1/procedures/")
    assert (page["count"], page["next"], page["previous"]) == (4, None, None)
    assert [p["slug"] for p in page["results"]] == [LOWER, UPPER, LUMBAR, TMR]
    tmr = page["results"][3]
    assert tmr["stage"] == {"code": "consultation_closed", "label": "Consultation closed"}
    assert [(i["indication"], i["level"], i["is_draft"]) for i in tmr["indications"]] == [
        ("To treat intractable pain that develops after limb amputation", "special", True),
        ("To prevent intractable pain from developing after limb amputation", "research_only", True),
    ]
    assert tmr["indications"][0]["source"]["file"] == "004_c1ab1ff160fe8b1f.txt"
    assert tmr["documents"] == [{"file": "004_c1ab1ff160fe8b1f.txt", "kind": "ip_consultation"}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stage=published", [UPPER, LUMBAR]),
        ("stage=consultation_closed", [LOWER, TMR]),
        ("special=true", [UPPER, LUMBAR, TMR]),
        ("special=false", [LOWER]),
        ("level=research_only", [TMR]),
        ("level=standard", []),
        ("registry=national-neuromodulation-registry", [LUMBAR]),
        ("registry=no-such-registry", []),
        # Searches default to best match first (PostgreSQL ranks, SQLite cannot): ask for title order.
        ("q=lengthening&ordering=title", [LOWER, UPPER]),
        ("q=specialist+centres", [UPPER]),
        ("level=special&q=pain&ordering=title", [LUMBAR, TMR]),
        ("ordering=-title", [TMR, LUMBAR, UPPER, LOWER]),
        ("ordering=stage", [LOWER, TMR, UPPER, LUMBAR]),
        ("ordering=-stage&level=special", [UPPER, LUMBAR, TMR]),
    ],
)
def test_procedures_filters(client, loaded_data, query, expected):
    assert slugs(client, f"/api/v1/procedures/?{query}") == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("level=foo", "level"),
        ("stage=soon", "stage"),
        ("special=yes", "special"),
        ("special=1", "special"),
        ("ordering=slug", "ordering"),
        ("registry=not%20a%20slug", "registry"),
        ("page=0", "page"),
        ("page=1.0", "page"),
        ("page_size=101", "page_size"),
        ("page_size=-1", "page_size"),
        ("level=special&level=standard", "level"),
    ],
)
def test_procedures_bad_parameter_is_400_naming_it(client, loaded_data, query, field):
    body = get_json(client, f"/api/v1/procedures/?{query}", status=400)
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]
    assert field in body["detail"]


@pytest.mark.django_db
def test_procedure_detail_carries_duties_by_audience_and_provenance(client, loaded_data):
    procedure = get_json(client, f"/api/v1/procedures/{LUMBAR}/")
    assert procedure["slug"] == LUMBAR
    assert procedure["stage"]["code"] == "published"
    assert procedure["special_arrangements"] is True
    clinicians = procedure["duties"]["clinicians"]
    assert len(clinicians) == 1
    assert clinicians[0]["lead_in"].startswith("Clinicians wanting to do neurostimulation")
    duties = clinicians[0]["duties"]
    assert duties[0]["kinds"] == ["notify_governance_leads"]
    assert duties[0]["source"]["file"] == "002_68f4bc4672f85270.txt"
    assert duties[0]["source"]["line"] > 0
    assert any("registry_entry" in duty["kinds"] for duty in duties)
    assert [(d["kinds"], d["source"]["line"]) for d in procedure["duties"]["organisations"][0]["duties"]] == [
        (["organisational_data_systems"], 27),
        (["data_review"], 29),
    ]
    (registry,) = procedure["registries"]
    assert (registry["slug"], registry["name"]) == (
        "national-neuromodulation-registry",
        "National Neuromodulation Registry",
    )
    (mention,) = registry["mentions"]
    assert mention["recommendation_number"].startswith("1.")
    assert mention["source"]["file"] == "002_68f4bc4672f85270.txt"
    (document,) = procedure["documents"]
    assert document["file"] == "002_68f4bc4672f85270.txt"
    assert document["kind"] == "ipg_recommendations"
    assert len(document["sha256"]) == 64
    assert document["url"].startswith("https://")
    assert document["retrieved_on"] == "2026-11-21"
    assert [r["number"] for r in procedure["recommendations"]][:2] == ["1.1", "1.2"]
    assert all(set(r["source"]) == {"file", "line", "viewer", "url"} for r in procedure["recommendations"])
    first = procedure["recommendations"][0]["source"]
    assert first["viewer"] == f"http://testserver/sources/002_68f4bc4672f85270.txt/#L{first['line']}"
    assert first["url"] == document["url"]


@pytest.mark.django_db
def test_procedure_detail_of_a_consultation_has_timeline_sections_research_and_evidence(client, loaded_data):
    procedure = get_json(client, f"/api/v1/procedures/{TMR}/")
    assert procedure["stage"]["consultation_end"] == {"value": "2025-02-21", "precision": "day"}
    assert procedure["stage"]["expected_publication"] == {"value": "2025-06", "precision": "month"}
    timeline = {event["kind"]: event for event in procedure["timeline"]}
    assert timeline["closing_date"]["date"] == {"value": "2025-02-21", "precision": "day"}
    assert timeline["target_publication"]["date"] == {"value": "2025-06", "precision": "month"}
    assert (timeline["target_publication"]["first_day"], timeline["target_publication"]["last_day"]) == (
        "2025-06-01",
        "2025-06-30",
    )
    (document,) = procedure["documents"]
    assert [s["number"] for s in document["sections"]][:3] == ["2.1", "2.2", "2.3"]
    assert document["evidence"]["source_count"] == 10
    assert procedure["research_needs"][0]["items"] == [
        "patient selection",
        "details of the technique used",
        "the need for reintervention",
        "short- and long-term outcomes, including effects on pain and quality of life.",
    ]
    assert procedure["policies"] == []


@pytest.mark.django_db
def test_procedure_detail_of_an_in_progress_page_has_a_range_and_its_fields(client, loaded_data):
    procedure = get_json(client, f"/api/v1/procedures/{LOWER}/")
    (consultation,) = [e for e in procedure["timeline"] if e["kind"] == "consultation"]
    assert consultation["date"] == {
        "start": {"value": "2021-10-21", "precision": "day"},
        "end": {"value": "2021-11-18", "precision": "day"},
    }
    (document,) = procedure["documents"]
    assert document["in_progress"]["status"] == "In progress"


@pytest.mark.django_db
def test_procedure_detail_service_requirements_name_their_kind_and_line(client, loaded_data):
    procedure = get_json(client, f"/api/v1/procedures/{UPPER}/")
    kinds = [requirement["kind"] for requirement in procedure["service_requirements"]]
    assert "specialist_centres" in kinds
    assert all(r["source"]["file"] == "000_163057d334ff0038.txt" for r in procedure["service_requirements"])


@pytest.mark.django_db
def test_procedure_detail_unknown_slug_is_404_in_the_error_shape(client, loaded_data):
    body = get_json(client, "/api/v1/procedures/no-such-procedure/", status=404)
    assert body == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No procedure 'no-such-procedure'.",
        "instance": "/api/v1/procedures/no-such-procedure/",
        "code": "not_found",
    }


@pytest.mark.django_db
def test_registries_list_links_to_the_procedures_naming_them(client, loaded_data):
    (registry,) = get_json(client, "/api/v1/registries/")["results"]
    assert registry["slug"] == "national-neuromodulation-registry"
    assert [p["slug"] for p in get_json(client, registry["procedures"])["results"]] == [LUMBAR]


def _sources(value):
    """Every ``source`` object anywhere in an API answer."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in {"source", "connector_source", "review_source"} and isinstance(item, dict):
                yield item
            else:
                yield from _sources(item)
    elif isinstance(value, list):
        for item in value:
            yield from _sources(item)


@pytest.mark.django_db
def test_every_source_in_the_api_has_a_viewer_that_serves_that_line(client, loaded_data):
    answers = [get_json(client, "/api/v1/procedures/?page_size=100")]
    answers += [get_json(client, f"/api/v1/procedures/{p['slug']}/") for p in answers[0]["results"]]
    answers.append(get_json(client, "/api/v1/policies/llr-icb-hip-resurfacing/"))
    sources = [source for answer in answers for source in _sources(answer)]
    assert len(sources) > 80
    viewers: dict[str, str] = {}
    for source in sources:
        assert set(source) == {"file", "line", "viewer", "url"}
        assert source["url"].startswith("https://")
        path, _, anchor = source["viewer"].removeprefix("http://testserver").partition("#")
        assert (path, anchor) == (f"/sources/{source['file']}/", f"L{source['line']}")
        if path not in viewers:
            response = client.get(path)
            assert response.status_code == 200
            viewers[path] = response.content.decode()
        assert f'<li id="L{source["line"]}"' in viewers[path]
    for path in viewers:
        text = client.get(f"{path}text")
        assert text["Content-Type"] == "text/plain; charset=utf-8"
        assert len(text.content.decode().splitlines()) > 10
