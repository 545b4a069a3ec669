"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "fixtures" / "sources"


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch):
    """Each test starts with an empty cache and reads the data version on every request.

    Both are process-wide: answers cached (or a version memoised) while another
    test's data was loaded must not leak into this one, and a test that loads
    data and asks at once must see it (as production does after the memo's TTL).
    """
    from django.core.cache import cache

    from apicore import conditional as api
    from apicore.conditional import forget_data_version

    monkeypatch.setattr(api, "DATA_VERSION_TTL", 0)
    cache.clear()
    forget_data_version()
    yield
    cache.clear()
    forget_data_version()


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
    from sources import actions
    from sources.registry import fixture_files

    actions.load_fixtures(paths=[Path(settings.FIXTURES_DIR) / name for name in fixture_files()])


@pytest.fixture(scope="session")
def corpus_fixture_files(tmp_path_factory):
    """Fixture files of a synthetic corpus of ``copies`` times the seeds, generated once per session."""
    from bench.corpus import write_corpus
    from sources.ingest import generate_fixtures, write_fixtures

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
    from sources import actions

    def load(copies: int) -> None:
        actions.load_fixtures(paths=corpus_fixture_files(copies))

    return load


HOSTILE_SLUG = "hostile-widget-implantation"


@pytest.fixture(scope="session")
def hostile_fixture_files(tmp_path_factory):
    """Fixtures generated from the seeds plus one hostile document (markup and script in its text).

    Goes through the real pipeline (parse, render, fixtures) so tests can check that
    what a source says reaches pages as text. Pages and browser tests share it.
    """
    import shutil

    from sources.ingest import generate_fixtures, write_fixtures

    base = tmp_path_factory.mktemp("hostile")
    sources = base / "sources"
    shutil.copytree(SOURCES, sources)
    text = (sources / "000_163057d334ff0038.txt").read_text(encoding="utf-8")
    text = text.replace(
        "intramedullary distraction for upper limb lengthening",
        "hostile widget <script>alert('xss')</script> implantation",
    ).replace(
        "Inform the clinical governance leads in their healthcare organisation.",
        "Inform the clinical governance leads <img src=x onerror=alert(1)> in their healthcare organisation.",
    )
    (sources / "999_hostile.txt").write_text(text, encoding="utf-8")
    with (sources / "manifest.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(
            '\n[[source]]\nfile = "999_hostile.txt"\nurl = "https://www.nice.org.uk/guidance/hostile"\n'
            f'retrieved = 2026-11-21\nprocedure = "{HOSTILE_SLUG}"\n'
        )
    return write_fixtures(generate_fixtures(sources / "manifest.toml"), base / "fixtures")


@pytest.fixture(scope="session")
def xss_fixture_files(tmp_path_factory):
    """Fixtures from the seeds plus documents carrying 100+ XSS payloads in every text field (tests/xss_corpus.py)."""
    from sources.ingest import generate_fixtures, write_fixtures
    from tests.xss_corpus import write_sources

    base = tmp_path_factory.mktemp("xss")
    manifest = write_sources(base / "sources", SOURCES)
    return write_fixtures(generate_fixtures(manifest), base / "fixtures")
