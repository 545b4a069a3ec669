"""What every endpoint shares: pagination, conditional GET, one error shape, read-only, no database ids, docs."""

import re

import pytest
from django.utils.http import http_date

from apicore import conditional as api
from apicore.throttling import EvaluateAnonThrottle
from sources.models import DataLoad
from tests.integration.api.helpers import LUMBAR, POLICY, TMR, UPPER, evaluate, get_json, problem

GET_URLS = [
    "/api/v1/procedures/",
    f"/api/v1/procedures/{TMR}/",
    "/api/v1/recommendations/",
    "/api/v1/duties/",
    "/api/v1/consultations/",
    "/api/v1/key-dates/",
    "/api/v1/registries/",
    "/api/v1/changes/",
    "/api/v1/bodies/",
    "/api/v1/policies/",
    f"/api/v1/policies/{POLICY}/",
    f"/api/v1/policies/{POLICY}/fhir",
]
EVALUATE_URL = f"/api/v1/policies/{POLICY}/evaluate"
SCHEMA_URLS = ["/api/v1/schema/", "/api/docs/"]


@pytest.mark.django_db
def test_every_get_answers_200_with_etag_and_last_modified(client, loaded_data):
    for url in GET_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert re.fullmatch(r'"[0-9a-f]{40}"', response["ETag"]), url
        assert response["Last-Modified"].endswith("GMT"), url
        assert "Accept" in response["Vary"], url
        assert "no-cache" in response["Cache-Control"], url


@pytest.mark.django_db
def test_if_none_match_gets_304_and_a_changed_request_does_not(client, loaded_data):
    for url in GET_URLS:
        etag = client.get(url)["ETag"]
        not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert (not_modified.status_code, not_modified.content) == (304, b""), url
        assert not_modified["ETag"] == etag
        assert client.get(url, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304, url
        assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200, url
    etag = client.get("/api/v1/procedures/").get("ETag")
    assert client.get("/api/v1/procedures/?level=special", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert (
        client.get("/api/v1/procedures/", HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT="text/html").status_code == 200
    )


@pytest.mark.django_db
def test_if_modified_since_gets_304_until_the_data_changes(client, loaded_data):
    response = client.get("/api/v1/duties/")
    last_modified = response["Last-Modified"]
    assert client.get("/api/v1/duties/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert (
        client.get("/api/v1/duties/", HTTP_IF_MODIFIED_SINCE="Mon, 01 Jan 2001 00:00:00 GMT").status_code
        == 200
    )
    assert client.get("/api/v1/duties/", HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200


@pytest.mark.django_db
def test_a_new_data_version_changes_etag_and_last_modified(client, loaded_data):
    before = client.get("/api/v1/procedures/")
    load = DataLoad.objects.latest()
    DataLoad.objects.create(
        loaded_at=load.loaded_at.replace(year=load.loaded_at.year + 1),
        digest="0" * 64,
        files=[],
        modified_at=load.loaded_at.replace(year=load.loaded_at.year + 1),
    )
    after = client.get("/api/v1/procedures/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after["Last-Modified"] == http_date(
        load.loaded_at.replace(year=load.loaded_at.year + 1).timestamp()
    )


@pytest.mark.django_db
def test_a_304_runs_one_small_query_and_none_while_the_data_version_is_fresh(
    client, loaded_data, django_assert_num_queries, monkeypatch
):
    etag = client.get(f"/api/v1/procedures/{UPPER}/")["ETag"]
    with django_assert_num_queries(1):
        assert client.get(f"/api/v1/procedures/{UPPER}/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    monkeypatch.setattr(api, "DATA_VERSION_TTL", 60)
    client.get("/api/v1/procedures/")  # reads and remembers the data version
    with django_assert_num_queries(0):
        assert client.get(f"/api/v1/procedures/{UPPER}/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
def test_head_answers_like_get_without_a_body(client, loaded_data):
    response = client.head("/api/v1/procedures/")
    assert (response.status_code, response.content) == (200, b"")
    assert response["ETag"] == client.get("/api/v1/procedures/")["ETag"]


@pytest.mark.django_db
def test_pagination_counts_and_links_in_a_stable_order(client, loaded_data):
    first = get_json(client, "/api/v1/duties/?level=special&page_size=5")
    assert first["count"] == 21
    assert len(first["results"]) == 5
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/duties/?level=special&page=2&page_size=5"
    seen, url = [], "/api/v1/duties/?level=special&page_size=5"
    while url:
        page = get_json(client, url)
        seen += [(d["source"]["file"], d["source"]["line"]) for d in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 21
    assert seen == [
        (d["source"]["file"], d["source"]["line"])
        for d in get_json(client, "/api/v1/duties/?level=special&page_size=100")["results"]
    ]
    beyond = get_json(client, "/api/v1/duties/?level=special&page_size=5&page=6", status=404)
    assert beyond["code"] == "not_found"


@pytest.mark.django_db
def test_unknown_api_urls_are_json_404s_with_a_hint_for_a_missing_slash(client, loaded_data):
    assert get_json(client, "/api/v1/nothing-here/", status=404)["code"] == "not_found"
    assert (
        "Did you mean /api/v1/procedures/ ?" in get_json(client, "/api/v1/procedures", status=404)["detail"]
    )
    assert get_json(client, "/api/v1/procedures/not a slug/", status=404)["status"] == 404


@pytest.mark.django_db
def test_the_issues_spellings_without_or_with_a_slash_work(client, loaded_data):
    assert get_json(client, "/api/v1/changes?since=2020-01-01")["count"] == 10
    assert get_json(client, f"/api/v1/policies/{POLICY}/fhir/")["resourceType"] == "Questionnaire"
    assert (
        client.post(EVALUATE_URL + "/", '{"facts": {}}', content_type="application/json").status_code == 200
    )


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_anonymous_can_write(client, loaded_data, method):
    for url in GET_URLS + SCHEMA_URLS:
        response = getattr(client, method)(url, "{}", content_type="application/json")
        assert response.status_code in (401, 403, 405), (method, url, response.status_code)
        if url.startswith("/api/v1/") and url != "/api/v1/schema/":
            assert problem(response, response.status_code)["status"] == response.status_code
    if method != "post":
        response = getattr(client, method)(EVALUATE_URL, "{}", content_type="application/json")
        assert problem(response, 405)["code"] == "method_not_allowed"


@pytest.mark.django_db
def test_evaluate_is_post_only(client, loaded_data):
    assert client.get(EVALUATE_URL).status_code == 405


def test_anonymous_evaluate_rate_is_sixty_a_minute():
    assert EvaluateAnonThrottle().get_rate() == "60/minute"


def _walk(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield path + "." + key, key, item
            yield from _walk(item, path + "." + key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


@pytest.mark.django_db
def test_no_database_ids_anywhere(client, loaded_data):
    bodies = [client.get(url).json() for url in GET_URLS]
    bodies.append(evaluate(client, {}).json())
    for body in bodies:
        for path, key, value in _walk(body):
            assert key not in {"pk", "parent", "document_id", "procedure_id"}, path
            if key == "id" or key.endswith("_id"):
                assert not isinstance(value, int), path


@pytest.mark.django_db
def test_dates_printed_in_documents_keep_their_precision(client, loaded_data):
    for url in GET_URLS:
        for path, _key, value in _walk(client.get(url).json()):
            if isinstance(value, dict) and "precision" in value:
                assert set(value) == {"value", "precision"}, path
                assert len(value["value"]) == {"year": 4, "month": 7, "day": 10}[value["precision"]], path


@pytest.mark.django_db
def test_schema_is_served_as_openapi_3_with_an_etag(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert client.get("/api/v1/schema/?format=json", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    evaluate_responses = schema["paths"]["/api/v1/policies/{slug}/evaluate"]["post"]["responses"]
    assert set(evaluate_responses) == {"200", "400", "404", "415", "422", "429"}
    assert "Retry-After" in evaluate_responses["429"]["headers"]
    for path, operations in schema["paths"].items():
        if "get" in operations:
            assert {"200", "304", "404"} <= set(operations["get"]["responses"]), path
            assert "ETag" in operations["get"]["responses"]["200"]["headers"], path


@pytest.mark.django_db
def test_swagger_explorer_uses_local_files_and_no_inline_script_or_style(client):
    # /api/docs/ is the server-rendered reference (tests/integration/api/test_docs_page.py);
    # the interactive explorer is one link away.
    response = client.get("/api/docs/?ui=swagger")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts == [
        (' src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"', ""),
        (' src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js"', ""),
        (' src="/api/docs/?ui=swagger&amp;script="', ""),
    ]
    assert "<style" not in html
    assert "style=" not in html
    assert "http://" not in html
    assert "https://" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
    script_url = re.findall(r'<script src="(/api/docs/[^"]+)"', html)[0]
    script = client.get(script_url.replace("&amp;", "&"))
    assert (script.status_code, script["Content-Type"]) == (200, "application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    assert "/api/v1/schema/" in script.content.decode()
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert asset.startswith("/static/drf_spectacular_sidecar/"), asset


@pytest.mark.django_db
def test_list_items_link_to_their_detail(client, loaded_data):
    procedure = get_json(client, "/api/v1/procedures/?level=special")["results"][1]
    assert procedure["slug"] == LUMBAR
    assert get_json(client, procedure["url"])["slug"] == LUMBAR
