"""Recommendations, duties, consultations and key dates as their own filterable lists (seed fixtures)."""

import pytest

from tests.integration.api.helpers import LOWER, LUMBAR, TMR, UPPER, get_json, results


@pytest.mark.django_db
def test_recommendations_keep_numbers_as_printed_with_procedure_and_source(client, loaded_data):
    items = results(client, "/api/v1/recommendations/?page_size=100")
    assert len(items) == 16
    first = items[0]
    assert first["procedure"]["slug"] == UPPER  # the in-progress page (LOWER) prints no recommendations
    assert set(first) == {"number", "text", "level", "indication", "source", "procedure", "document_kind"}
    tmr = [r["number"] for r in items if r["procedure"]["slug"] == TMR]
    assert tmr == sorted(tmr, key=lambda n: [int(p) for p in n.split(".")])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=special", [(UPPER, "1.1"), (LUMBAR, "1.1"), (TMR, "1.1")]),
        ("level=research_only", [(TMR, "1.4"), (TMR, "1.5")]),
        (f"procedure={UPPER}&q=specialist", [(UPPER, "1.4")]),
        ("q=no+such+words+anywhere", []),
    ],
)
def test_recommendations_filters(client, loaded_data, query, expected):
    items = results(client, f"/api/v1/recommendations/?{query}")
    found = [(r["procedure"]["slug"], r["number"]) for r in items]
    assert found == expected
    assert all("specialist" in r["text"].lower() for r in items if query.endswith("q=specialist"))


@pytest.mark.django_db
def test_duties_of_every_special_arrangements_procedure(client, loaded_data):
    items = results(client, "/api/v1/duties/?level=special")
    assert len(items) == 21
    assert {d["procedure"]["slug"] for d in items} == {UPPER, LUMBAR, TMR}
    assert {d["audience"] for d in items} == {"clinicians", "organisations"}
    assert all(d["source"]["file"].endswith(".txt") and d["source"]["line"] > 0 for d in items)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "count", "procedures"),
    [
        ("level=special&audience=clinicians", 15, {UPPER, LUMBAR, TMR}),
        ("kind=registry_entry", None, {LUMBAR}),
        (f"procedure={UPPER}", 7, {UPPER}),
        ("level=standard", 0, set()),
    ],
)
def test_duties_filters(client, loaded_data, query, count, procedures):
    items = results(client, f"/api/v1/duties/?{query}")
    assert {d["procedure"]["slug"] for d in items} == procedures
    if count is not None:
        assert len(items) == count
    if "kind=" in query:
        assert all("registry_entry" in d["kinds"] for d in items)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["audience=patients", "kind=everything", "level=maybe"])
def test_duties_bad_filter_is_400(client, loaded_data, query):
    assert get_json(client, f"/api/v1/duties/?{query}", status=400)["code"] == "invalid"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("open_on=2021-11-01", [(LOWER, "consultation")]),
        ("open_on=2025-02-10", [(TMR, "closing_date")]),
        ("open_on=2024-06-01", []),
        ("closing_before=2022-01-01", [(LOWER, "consultation")]),
        ("closing_after=2025-01-01", [(TMR, "closing_date")]),
        ("closing_after=2025-02-21", []),
        (f"procedure={TMR}", [(TMR, "closing_date")]),
        ("", [(LOWER, "consultation"), (TMR, "closing_date")]),
    ],
)
def test_consultations_filters(client, loaded_data, query, expected):
    items = results(client, f"/api/v1/consultations/?{query}")
    assert [(e["procedure"]["slug"], e["kind"]) for e in items] == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("target_publication_month=2025-06", [(TMR, "target_publication")]),
        ("target_publication_month=2025-07", []),
        ("kind=document", [(TMR, "document")]),
        ("open_on=2021-11-01", [(LOWER, "consultation")]),
    ],
)
def test_key_dates_filters(client, loaded_data, query, expected):
    items = results(client, f"/api/v1/key-dates/?{query}")
    assert [(e["procedure"]["slug"], e["kind"]) for e in items] == expected


@pytest.mark.django_db
def test_key_dates_keep_their_precision_in_date_order(client, loaded_data):
    items = results(client, "/api/v1/key-dates/")
    assert [e["first_day"] for e in items] == sorted(e["first_day"] for e in items)
    by_kind = {e["kind"]: e for e in items}
    assert by_kind["document"]["date"] == {"value": "2025-01", "precision": "month"}
    assert by_kind["consultation"]["date"]["start"] == {"value": "2021-10-21", "precision": "day"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/consultations/?open_on=not-a-date", "open_on"),
        ("/api/v1/consultations/?open_on=2025-02-30", "open_on"),
        ("/api/v1/consultations/?closing_before=21/02/2025", "closing_before"),
        ("/api/v1/key-dates/?target_publication_month=2025-13", "target_publication_month"),
        ("/api/v1/key-dates/?target_publication_month=June", "target_publication_month"),
        ("/api/v1/key-dates/?kind=birthday", "kind"),
    ],
)
def test_date_filters_refuse_bad_dates(client, loaded_data, url, field):
    assert list(get_json(client, url, status=400)["errors"]) == [field]
