"""Every endpoint runs a fixed number of queries whatever the data size: the same budget at 4 and 300 procedures."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
# The one budget every endpoint stays within, at any data size.
BUDGET = 16


def measure(client) -> dict[str, int]:
    counts = {}
    for url in URLS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(EVALUATE, json.dumps({"facts": {ASSESSED: True}}), content_type="application/json")
        assert response.status_code == 200
    counts[EVALUATE] = len(queries)
    return counts


@pytest.mark.django_db
def test_query_counts_do_not_grow_with_the_data(client, corpus_data, django_assert_max_num_queries):
    corpus_data(1)  # 4 procedures, 1 policy
    small = measure(client)
    for url in URLS:
        with django_assert_max_num_queries(BUDGET):
            client.get(url)

    corpus_data(75)  # 300 procedures, 75 policies
    large = measure(client)
    for url in URLS:
        with django_assert_max_num_queries(BUDGET):
            client.get(url)
    with django_assert_max_num_queries(BUDGET):
        client.post(EVALUATE, json.dumps({"facts": {ASSESSED: True}}), content_type="application/json")

    assert large == small, {url: (small[url], large[url]) for url in small if small[url] != large[url]}
    print("\nqueries per request (4 and 300 procedures):\n" + "\n".join(f"  {n:>2}  {url}" for url, n in small.items()))
