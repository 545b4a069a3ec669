"""add_source: a document parsed, added to the sources, the fixtures regenerated and loaded; or nothing changed."""

import datetime as dt
import hashlib
import tomllib

import pytest

from guidance.models import Procedure
from policies.models import Policy
from sources.ingest import generate_fixtures
from sources.models import DataChange, SourceDocument
from tests.integration import add_source_helpers
from tests.integration.add_source_helpers import (
    NICE_DOCUMENT,
    NICE_SLUG,
    POLICY_DOCUMENT,
    POLICY_SLUG,
    REPO,
    database_dump,
    folder_state,
    run_command,
)

pytestmark = pytest.mark.django_db

sandbox = add_source_helpers.sandbox


def expected_name(path, number: str) -> str:
    return f"{number}_{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}.txt"


def add(path, *extra):
    return run_command(
        "add_source",
        str(path),
        "--url",
        "https://www.nice.org.uk/guidance/ipg9001",
        "--retrieved",
        "2026-12-01",
        *extra,
    )


def test_add_source_nice_guidance_writes_file_manifest_fixtures_and_rows(sandbox, client):
    sources, fixtures = sandbox
    before = {p.name: p.read_bytes() for p in fixtures.glob("*.json")}

    code, out, err = add(NICE_DOCUMENT, "--procedure", NICE_SLUG)

    assert (code, err) == (0, "")
    name = expected_name(NICE_DOCUMENT, "005")
    assert (sources / name).read_bytes() == NICE_DOCUMENT.read_bytes()
    entry = tomllib.loads((sources / "manifest.toml").read_text())["source"][-1]
    assert entry == {
        "file": name,
        "url": "https://www.nice.org.uk/guidance/ipg9001",
        "retrieved": dt.date(2026, 12, 1),
        "procedure": NICE_SLUG,
    }
    # The seed manifest's comments are kept: the entry was appended as text.
    assert (
        (sources / "manifest.toml")
        .read_text()
        .startswith((REPO / "fixtures" / "sources" / "manifest.toml").read_text())
    )
    # The fixtures on disk are exactly what ingest gives from the new sources folder.
    assert {p.name: p.read_text() for p in fixtures.glob("*.json")} == generate_fixtures(
        sources / "manifest.toml"
    )
    assert {p.name: p.read_bytes() for p in fixtures.glob("*.json")} != before
    assert "NICE final guidance" in out
    assert "line 3: 1.1 special" in out
    assert f"added procedure {NICE_SLUG}: New procedure." in out
    assert SourceDocument.objects.filter(
        filename=name, sha256=hashlib.sha256(NICE_DOCUMENT.read_bytes()).hexdigest()
    ).exists()
    assert Procedure.objects.get(slug=NICE_SLUG).title.lower().startswith("banded oesophageal sling")
    assert DataChange.objects.filter(key=NICE_SLUG, action="added").exists()

    page = client.get(f"/procedures/{NICE_SLUG}/")
    assert page.status_code == 200
    assert b"Tell the clinical governance leads" in page.content
    api = client.get(f"/api/v1/procedures/{NICE_SLUG}/")
    assert api.status_code == 200
    assert api.json()["slug"] == NICE_SLUG
    assert client.get(f"/sources/{name}/").status_code == 200


def test_add_source_icb_policy_is_served_at_once(sandbox, client):
    sources, _fixtures = sandbox

    code, out, err = add(POLICY_DOCUMENT, "--organisation", "NHS Quartz Integrated Care Board")

    assert (code, err) == (0, "")
    name = expected_name(POLICY_DOCUMENT, "005")
    assert (sources / name).exists()
    assert "Criteria structured: 4 criteria" in out
    assert f"added policy {POLICY_SLUG} ({name}): New policy version." in out
    assert Policy.objects.get(slug=POLICY_SLUG).body.name == "NHS Quartz Integrated Care Board"
    page = client.get(f"/policies/{POLICY_SLUG}/")
    assert page.status_code == 200
    assert b"nasal steroid sprays" in page.content
    api = client.get(f"/api/v1/policies/{POLICY_SLUG}/")
    assert api.status_code == 200
    assert api.json()["version"]["reference"] == "QZ 12"


def test_add_source_numbers_files_after_the_highest_held(sandbox):
    add(NICE_DOCUMENT, "--procedure", NICE_SLUG)
    code, _out, err = add(POLICY_DOCUMENT)
    assert (code, err) == (0, "")
    sources, _ = sandbox
    assert (sources / expected_name(POLICY_DOCUMENT, "006")).exists()


@pytest.mark.parametrize(
    ("document", "extra", "line", "expected"),
    [
        (REPO / "tests" / "data" / "bad" / "binary_png.txt", (), 3, "text, found a NUL byte"),
        (
            REPO / "tests" / "data" / "bad" / "empty.txt",
            (),
            1,
            "a guidance or policy document, found an empty file",
        ),
        (REPO / "tests" / "data" / "bad" / "news_page.txt", (), None, "found none of their markers"),
        (POLICY_DOCUMENT, ("--procedure", "no-such-procedure"), 1, "which no NICE source defines"),
        (
            REPO / "fixtures" / "sources" / "003_a052b6b105bb832e.txt",
            (),
            1,
            "the same bytes as 003_a052b6b105bb832e.txt",
        ),
    ],
    ids=["binary", "empty", "not-guidance", "unknown-procedure", "duplicate"],
)
def test_add_source_refused_changes_nothing(sandbox, document, extra, line, expected):
    sources, fixtures = sandbox
    files, dump = folder_state(sources, fixtures), database_dump()

    code, _out, err = add(document, *extra)

    assert code == 2
    where = f"{document}:{line}: " if line else f"{document}:"
    assert err.startswith(where), err
    assert expected in err
    assert folder_state(sources, fixtures) == files
    assert database_dump() == dump


def test_add_source_dry_run_writes_nothing(sandbox):
    sources, fixtures = sandbox
    files, dump = folder_state(sources, fixtures), database_dump()

    code, out, err = add(NICE_DOCUMENT, "--procedure", NICE_SLUG, "--dry-run")

    assert (code, err) == (0, "")
    assert "Decisions: 1" in out
    assert "Dry run: nothing was written." in out
    assert folder_state(sources, fixtures) == files
    assert database_dump() == dump


def test_add_source_database_failure_leaves_the_folders_as_they_were(sandbox, monkeypatch):
    from sources import actions

    sources, fixtures = sandbox
    files = folder_state(sources, fixtures)

    def failing_load(*, paths):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(actions, "load_fixtures", failing_load)
    with pytest.raises(RuntimeError):
        actions.add_source(
            data=NICE_DOCUMENT.read_bytes(),
            name="x.txt",
            url="https://www.nice.org.uk/guidance/ipg9001",
            retrieved=dt.date(2026, 12, 1),
            procedure=NICE_SLUG,
        )
    assert folder_state(sources, fixtures) == files
    assert not Procedure.objects.filter(slug=NICE_SLUG).exists()


def test_preview_source_marks_the_lines_facts_came_from():
    from sources.actions import preview_source

    preview = preview_source(data=POLICY_DOCUMENT.read_bytes(), name="p.txt")

    assert preview.kind == "icb_policy"
    lines = {number: facts for number, _text, facts in preview.lines}
    assert lines[13]  # the first criterion
    assert lines[17]  # the second
    assert lines[2] == []  # a blank line
