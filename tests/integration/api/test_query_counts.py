"""Every endpoint runs a fixed number of queries whatever the data size: the same budget at 4 and 300 procedures."""

import json

import pytest
from django.core.cache import cache

from tests.integration.api.helpers import ASSESSED, LUMBAR, POLICY, TMR

# Largest pages, so that a query per row would show at 300 procedures.
URLS = [
    "/api/v1/procedures/?page_size=100",
    "/api/v1/procedures/?level=special&q=pain&ordering=-stage&page_size=100",
    f"/api/v1/procedures/{LUMBAR}/",
    f"/api/v1/procedures/{TMR}/",
    "/api/v1/recommendations/?page_size=100",
    "/api/v1/duties/?level=special&page_size=100",
    "/api/v1/consultations/?closing_after=2020-01-01&page_size=100",
    "/api/v1/key-dates/?page_size=100",
    "/api/v1/registries/?page_size=100",
    "/api/v1/changes/?since=2020-01-01&page_size=100",
    "/api/v1/bodies/?page_size=100",
    "/api/v1/policies/?page_size=100",
    "/api/v1/policies/?review_due=true&q=hip&page_size=100",
    f"/api/v1/policies/{POLICY}/",
    f"/api/v1/policies/{POLICY}/fhir",
]
EVALUATE = f"/api/v1/policies/{POLICY}/evaluate"
# The one budget every endpoint stays within, at any data size (the largest, a procedure's
# detail, runs 16 here: its prefetches, the data version read by the view and by the page cache).
BUDGET = 18


def measure(client, django_assert_max_num_queries) -> dict[str, int]:
    """Queries per request, each within BUDGET; the page cache is emptied first so each is really computed."""
    counts = {}
    for url in URLS:
        cache.clear()
        with django_assert_max_num_queries(BUDGET) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    with django_assert_max_num_queries(BUDGET) as queries:
        response = client.post(
            EVALUATE, json.dumps({"facts": {ASSESSED: True}}), content_type="application/json"
        )
        assert response.status_code == 200
    counts[EVALUATE] = len(queries)
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client, corpus_data, django_assert_max_num_queries):
    corpus_data(1)  # 4 procedures, 1 policy
    small = measure(client, django_assert_max_num_queries)
    corpus_data(75)  # 300 procedures, 75 policies
    large = measure(client, django_assert_max_num_queries)
    assert large == small, {url: (small[url], large[url]) for url in small if small[url] != large[url]}
    print(
        "\nqueries per request (4 and 300 procedures):\n"
        + "\n".join(f"  {n:>2}  {url}" for url, n in small.items())
    )
