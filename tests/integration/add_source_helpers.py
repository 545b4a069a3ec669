"""A sandbox for adding documents: the seed sources and fixtures copied into a tmp dir, the settings pointed there.

Every test that adds a document works on the copy, so the repository's
``fixtures/`` is never touched, whatever the test does.
"""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = REPO / "tests" / "data" / "documents" / "add_source"
NICE_DOCUMENT = DOCUMENTS / "nice_final_banded_oesophageal_sling.txt"
NICE_SLUG = "banded-oesophageal-sling-placement-for-refractory-bile-reflux"
POLICY_DOCUMENT = DOCUMENTS / "icb_policy_nasal_valve_repair.txt"
POLICY_SLUG = "qz-icb-nasal-valve-repair"


@pytest.fixture
def sandbox(tmp_path, settings, loaded_data):
    """``(sources_dir, fixtures_dir)`` of a copy of the seeds, loaded, with SOURCES_DIR/FIXTURES_DIR set to it."""
    sources, fixtures = tmp_path / "sources", tmp_path / "fixtures"
    shutil.copytree(REPO / "fixtures" / "sources", sources)
    fixtures.mkdir()
    for path in (REPO / "fixtures").glob("*.json"):
        shutil.copyfile(path, fixtures / path.name)
    settings.SOURCES_DIR, settings.FIXTURES_DIR = sources, fixtures
    return sources, fixtures


def folder_state(*folders: Path) -> dict[str, bytes]:
    """Every file under the folders, by path, with its bytes."""
    return {str(p): p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def database_dump() -> str:
    out = StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out)
    return out.getvalue()


def run_command(*args) -> tuple[int, str, str]:
    """Run a management command; return (exit code, stdout, stderr)."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()
