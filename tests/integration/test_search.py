"""Search: PostgreSQL full-text (stemmed, weighted, ranked) and the SQLite fallback."""

import datetime as dt

import pytest
from django.db import connection

from guidance import selectors
from policies import selectors as policy_selectors

TODAY = dt.date(2026, 11, 21)
UPPER = "intramedullary-distraction-for-upper-limb-lengthening"
LOWER = "intramedullary-distraction-for-lower-limb-lengthening"
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search runs on PostgreSQL (the suite's PostgreSQL pass)",
)


@pytest.mark.django_db
@postgres_only
def test_stemmed_query_lengthen_finds_lengthening(loaded_data):
    found = {p.slug for p in selectors.procedures(today=TODAY, q="lengthen")}
    assert found == {UPPER, LOWER}


@pytest.mark.django_db
@postgres_only
def test_stemmed_query_lengthening_finds_lengthen_in_the_description(loaded_data):
    # The lower-limb page says "lengthen the bone" only in its description; the query word is inflected.
    found = [p.slug for p in selectors.procedures(today=TODAY, q="lengthened bones")]
    assert found == [LOWER]


@pytest.mark.django_db
@postgres_only
def test_ranking_puts_title_matches_before_body_matches(loaded_data):
    ranked = list(selectors.procedures(today=TODAY, q="neuromodulation"))
    assert [p.slug for p in ranked] == [
        "neurostimulation-of-lumbar-muscles-for-refractory-non-specific-chronic-low-back-pain"
    ]
    by_title = list(selectors.procedures(today=TODAY, q="amputation pain"))
    assert by_title[0].slug == "targeted-muscle-reinnervation-for-managing-limb-amputation-pain"
    assert by_title[0].search_rank > 0


@pytest.mark.django_db
@postgres_only
def test_policy_search_is_stemmed(loaded_data):
    assert [p.slug for p in policy_selectors.policies(today=TODAY, q="resurface")] == [
        "llr-icb-hip-resurfacing"
    ]
    assert [p.slug for p in policy_selectors.policies(today=TODAY, q="conservative measure")] == [
        "llr-icb-hip-resurfacing"
    ]


@pytest.mark.django_db
@postgres_only
def test_search_vectors_have_a_gin_index(loaded_data):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'guidance_procedure_search_gin'")
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition


@pytest.mark.django_db
def test_search_matches_words_anywhere_on_every_database(loaded_data):
    assert {p.slug for p in selectors.procedures(today=TODAY, q="lengthening")} == {UPPER, LOWER}
    assert [p.slug for p in policy_selectors.policies(today=TODAY, q="ARP 55")] == ["llr-icb-hip-resurfacing"]


@pytest.mark.django_db
def test_search_for_nothing_known_finds_nothing(loaded_data):
    assert list(selectors.procedures(today=TODAY, q="zzzz-not-a-word")) == []
