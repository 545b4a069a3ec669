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


@pytest.fixture(scope="session")
def corpus_fixture_files(tmp_path_factory):
    """Fixture files of a synthetic corpus of ``copies`` times the seeds, generated once per session."""
    from bench.corpus import write_corpus
    from guidance.ingest import generate_fixtures, write_fixtures

    generated: dict[int, list[Path]] = {}

    def files(copies: int) -> list[Path]:
        if copies not in generated:
            base = tmp_path_factory.mktemp(f"corpus-{copies}")
            manifest = write_corpus(base / "sources", copies)
            generated[copies] = write_fixtures(generate_fixtures(manifest), base / "fixtures")
        return generated[copies]

    return files


@pytest.fixture
def corpus_data(db, corpus_fixture_files):
    """Load a synthetic corpus of ``copies`` times the seeds: 4 procedures and 1 policy each."""
    from guidance import actions

    def load(copies: int) -> None:
        actions.load_fixtures(paths=corpus_fixture_files(copies))

    return load
