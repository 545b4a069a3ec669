"""Fixtures of the API tests: no throttle counts and no remembered data version carried between tests.

(tests/conftest.py does the same for every test; these keep the API tests' assumptions in one place.)
"""

import pytest
from django.core.cache import cache

from apicore import conditional as api


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttle counts live in the cache: every test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def data_version_read_every_time(monkeypatch):
    """Tests change the data and ask at once: read the version on every request, as after its TTL."""
    monkeypatch.setattr(api, "DATA_VERSION_TTL", 0)
    api.forget_data_version()
    yield
    api.forget_data_version()
