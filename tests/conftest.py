"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "fixtures" / "sources"


@pytest.fixture
def seed_path():
    """Path of a seed source document by its number prefix ("000" ... "004")."""

    def find(prefix: str) -> Path:
        (match,) = SOURCES.glob(f"{prefix}_*.txt")
        return match

    return find


@pytest.fixture
def loaded_data(db):
    """The committed fixtures loaded into the test database, through the real loader."""
    from guidance import actions
    from guidance.ingest import FIXTURE_FILES

    actions.load_fixtures(paths=[Path(settings.FIXTURES_DIR) / name for name in FIXTURE_FILES])
