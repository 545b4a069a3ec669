"""Schemathesis 4 against the live schema, inside the suite: every operation, every check, a fixed seed.

Each operation runs schemathesis's examples, coverage and fuzzing phases with both positive
(schema-valid) and negative (schema-violating) data, and the stateful phase follows the links
schemathesis infers between operations. The API must answer each request with a documented status,
content type, headers and body, never a 5xx, accept what the schema allows, refuse what it does not,
and answer a method an endpoint lacks with 405 and Allow. About 1,500 requests in 15 s;
bench/schemathesis_live.sh runs the same checks with 100 examples against runserver and gunicorn.
"""

import tomllib
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from apicore.throttling import EvaluateAnonThrottle
from config.wsgi import application

SHARED = tomllib.loads((Path(__file__).parents[3] / "schemathesis.toml").read_text())  # the live runs' config
CONFIG = schemathesis.Config.from_dict(
    {
        **SHARED,
        "seed": 20261121,  # with deterministic generation: the same requests on every run
        "generation": {**SHARED["generation"], "deterministic": True, "database": "none", "max-examples": 25},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
        },
    }
)


@pytest.fixture
def api_schema(loaded_data, monkeypatch):
    # Every generated evaluate call should reach the engine; 429s are tested on their own.
    monkeypatch.setattr(EvaluateAnonThrottle, "THROTTLE_RATES", {"evaluate_anon": "100000/minute"})
    # Requests go straight to the WSGI app, not through Django's test client, so do what the client
    # does: keep the end of a request from closing the connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application, config=CONFIG)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.django_db
@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()  # every check schemathesis has (schemathesis.toml enables them all)


@pytest.mark.django_db
def test_api_links_conform_to_the_schema(api_schema):
    """The stateful phase: sequences of calls that follow the links schemathesis infers between
    operations (a list's slugs into the detail, evaluate and FHIR URLs), every check on every answer."""
    api_schema.as_state_machine().run(
        settings=settings(
            max_examples=25,
            stateful_step_count=5,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
    )
