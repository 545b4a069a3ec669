"""Every decision ingested, and guidance that decides nothing loaded as "not read" (issue 10).

Two documents of our own are ingested with the seeds: one decides standard
arrangements for adults and special arrangements for children, with no
sub-headings; the other is final guidance whose deciding bullets the capture
lost.
"""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from guidance.models import Indication, Procedure

DOCUMENTS = Path(__file__).resolve().parent.parent / "data" / "documents" / "nice"
MIXED, MIXED_FILE = "example-airway-stenting", "900_mixed_levels.txt"
UNDECIDED, UNDECIDED_FILE = "example-leadless-pacing", "901_undecided.txt"


@pytest.fixture
def ingested(db, tmp_path) -> str:
    """The seeds and the two documents ingested and loaded; what ``ingest`` printed."""
    sources = tmp_path / "sources"
    shutil.copytree(Path(settings.SOURCES_DIR), sources)
    shutil.copy(DOCUMENTS / "final_adults_children_consecutive_paragraphs.txt", sources / MIXED_FILE)
    shutil.copy(DOCUMENTS / "final_decision_items_lost.txt", sources / UNDECIDED_FILE)
    with open(sources / "manifest.toml", "a") as manifest:
        for file, slug in ((MIXED_FILE, MIXED), (UNDECIDED_FILE, UNDECIDED)):
            manifest.write(
                f'\n[[source]]\nfile = "{file}"\nurl = "https://example.org/{slug}"\n'
                f'retrieved = 2026-11-21\nprocedure = "{slug}"\n'
            )
    out = StringIO()
    call_command(
        "ingest",
        "--load",
        "--manifest",
        str(sources / "manifest.toml"),
        "--fixtures-dir",
        str(tmp_path / "out"),
        stdout=out,
    )
    return out.getvalue()


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def slugs(client, url) -> list[str]:
    return [procedure["slug"] for procedure in get(client, url).json()["results"]]


def test_every_decision_is_stored_with_its_indication(ingested):
    assert list(
        Indication.objects.filter(procedure__slug=MIXED).values_list(
            "text", "level", "recommendation_number", "line"
        )
    ) == [("adults", "standard", "1.1", 3), ("children", "special", "1.2", 5)]


def test_a_procedure_special_for_one_indication_is_listed_under_both_levels(ingested, client):
    assert MIXED in slugs(client, "/api/v1/procedures/?level=special")
    assert MIXED in slugs(client, "/api/v1/procedures/?level=standard")
    assert MIXED in slugs(client, "/api/v1/procedures/?special=true")
    detail = get(client, f"/api/v1/procedures/{MIXED}/").json()
    assert detail["special_arrangements"] is True
    assert detail["level_not_read"] is None
    assert [(i["indication"], i["level"]) for i in detail["indications"]] == [
        ("adults", "standard"),
        ("children", "special"),
    ]


def test_its_special_duties_are_in_the_governance_register(ingested, client):
    duties = get(client, f"/api/v1/duties/?level=special&procedure={MIXED}").json()["results"]
    assert [duty["source"]["line"] for duty in duties] == [9, 11]
    page = get(client, "/governance/").content.decode()
    assert "Example airway stenting" in page
    assert "Audit and review clinical outcomes of every child having the procedure." in page
    register = get(client, "/governance/register.csv").content.decode().splitlines()
    rows = [row for row in register if row.startswith("Example airway stenting")]
    # the list is for children, the indication its lead-in names: special arrangements
    assert [row.split(",")[1:3] for row in rows] == [["children", "Special arrangements"]] * 2


def test_ingest_names_the_documents_with_no_decision(ingested):
    lines = ingested.splitlines()
    heading = "1 NICE document with no decision read: loaded with the level not read from the text"
    # (other apps' summaries, e.g. the ICB policies' structured count, may follow)
    assert lines[lines.index(heading) : lines.index(heading) + 2] == [
        heading,
        f"  {UNDECIDED_FILE}:1: no paragraph decides a recommendation level",
    ]


def test_undecided_guidance_is_loaded_with_its_level_not_read(ingested, client):
    procedure = Procedure.objects.get(slug=UNDECIDED)
    assert (procedure.level_not_read_file, procedure.level_not_read_line) == (UNDECIDED_FILE, 1)
    assert not procedure.indications.exists()
    assert procedure.recommendations.count() == 5  # nothing else was lost

    detail = get(client, f"/api/v1/procedures/{UNDECIDED}/").json()
    assert (detail["indications"], detail["special_arrangements"]) == ([], False)
    assert detail["level_not_read"]["source"] == {
        "file": UNDECIDED_FILE,
        "line": 1,
        "viewer": f"http://testserver/sources/{UNDECIDED_FILE}/#L1",
        "url": f"https://example.org/{UNDECIDED}",
    }
    assert detail["level_not_read"]["viewer"].endswith(f"/sources/{UNDECIDED_FILE}/#L1")
    assert detail["level_not_read"]["message"].startswith("The level was not read from the text")
    listed = next(
        p
        for p in get(client, "/api/v1/procedures/?page_size=100").json()["results"]
        if p["slug"] == UNDECIDED
    )
    assert listed["level_not_read"] == detail["level_not_read"]


def test_undecided_guidance_pages_say_the_level_was_not_read_and_link_the_source(ingested, client):
    page = get(client, f"/procedures/{UNDECIDED}/").content.decode()
    assert "Level not read from the text" in page
    assert f'href="/sources/{UNDECIDED_FILE}/#L1"' in page
    assert "NICE has not made a recommendation" not in page
    listing = get(client, "/procedures/").content.decode()
    assert "Level not read from the text" in listing
