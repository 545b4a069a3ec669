"""Reads during a load: one snapshot per API answer, and planner statistics fresh after every load."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from sources import actions

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's snapshot and statistics (the suite's PostgreSQL pass)",
)


@pytest.mark.django_db
@postgres_only
def test_a_load_leaves_fresh_planner_statistics(loaded_data):
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'guidance_procedure'")
        assert cursor.fetchone()[0] == 4  # -1 (never analysed) without the load's ANALYZE


@pytest.mark.django_db(transaction=True)
@postgres_only
def test_a_load_committed_between_count_and_page_does_not_mix_the_answer(corpus_data, corpus_fixture_files):
    """The reader is paused right after its COUNT until a load of 4 procedures (instead of 12) commits."""
    corpus_data(3)
    counted, loaded = threading.Event(), threading.Event()

    def load_when_counted():
        try:
            assert counted.wait(30)
            actions.load_fixtures(paths=corpus_fixture_files(1))
        finally:
            loaded.set()
            connections.close_all()

    def pause_after_count(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("SELECT COUNT(") and not counted.is_set():
            counted.set()
            loaded.wait(60)
        return result

    loader = threading.Thread(target=load_when_counted)
    loader.start()
    with connection.execute_wrapper(pause_after_count):
        body = Client().get("/api/v1/procedures/?page_size=100").json()
    loader.join()
    assert counted.is_set()
    assert loaded.is_set()
    # The data as it was when the answer began; under read committed this was (12, 4).
    assert (body["count"], len(body["results"])) == (12, 12)
    fresh = Client().get("/api/v1/procedures/?page_size=100").json()
    assert (fresh["count"], len(fresh["results"])) == (4, 4)
