"""A policy whose criteria cannot be read: loaded, shown and served as "criteria not structured".

The seeds plus one referral-support page (``tests/data/documents/icb/
referral_support_no_issuer_not_structured.txt``): it names no issuer (the
manifest's ``organisation`` is the body) and its list's operator is not stated
("in the following circumstances:"), so the parser leaves its criteria unread.
It goes through the real pipeline: ingest, fixtures, load, pages, API, command.
"""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from sources import actions
from sources.ingest import generate_fixtures, write_fixtures
from tests.integration.api.helpers import evaluate, get_json, problem

DOCUMENT = Path(__file__).resolve().parents[1] / "data" / "documents" / "icb"
FILE = "901_knee_arthroscopy.txt"
ORGANISATION = "NHS Example Integrated Care Board"
SLUG = "nhs-example-integrated-care-board-knee-arthroscopy"
PROBLEM_LINE = 15
REASON = (
    "an AND/OR between the 2 criteria under 'Knee arthroscopy will be routinely commissioned in the following "
    "circumstances:', or lead-in words that say how they combine ('all of the following', 'one of the "
    "following'), found neither"
)


@pytest.fixture(scope="module")
def sources_dir(tmp_path_factory):
    base = tmp_path_factory.mktemp("not-structured")
    sources = base / "sources"
    shutil.copytree(Path(__file__).resolve().parents[2] / "fixtures" / "sources", sources)
    shutil.copy(DOCUMENT / "referral_support_no_issuer_not_structured.txt", sources / FILE)
    with (sources / "manifest.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(
            f'\n[[source]]\nfile = "{FILE}"\nurl = "https://referral.example/knee-arthroscopy"\n'
            f'retrieved = 2026-11-21\norganisation = "{ORGANISATION}"\n'
        )
    return sources


@pytest.fixture
def not_structured(db, sources_dir, tmp_path):
    actions.load_fixtures(paths=write_fixtures(generate_fixtures(sources_dir / "manifest.toml"), tmp_path))


def ingest(sources_dir, tmp_path, *options):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command(
            "ingest",
            "--manifest",
            str(sources_dir / "manifest.toml"),
            "--fixtures-dir",
            str(tmp_path / "out"),
            *options,
            stdout=out,
            stderr=err,
        )
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_ingest_ends_with_how_many_policies_are_structured_and_why_not(sources_dir, tmp_path):
    code, out, _ = ingest(sources_dir, tmp_path)
    assert code == 0
    lines = out.splitlines()
    start = lines.index("ICB policies: 1 with structured criteria, 1 not structured:")
    assert lines[start + 1] == f"  {FILE}:{PROBLEM_LINE}: criteria not structured: {REASON}"


def test_ingest_strict_exits_1_naming_each_policy_not_structured(sources_dir, tmp_path):
    code, _, err = ingest(sources_dir, tmp_path, "--strict")
    assert code == 1
    assert err.splitlines() == [
        f"{FILE}:{PROBLEM_LINE}: criteria not structured: {REASON}",
        "--strict: 1 document(s) not fully read.",
    ]


def test_ingest_strict_passes_when_every_policy_is_structured(tmp_path):
    out, err = StringIO(), StringIO()
    call_command("ingest", "--check", "--strict", stdout=out, stderr=err)
    assert "ICB policies: 1 with structured criteria, 0 not structured." in out.getvalue()
    assert err.getvalue() == ""


@pytest.mark.django_db
def test_version_is_loaded_with_the_problem_and_everything_else_it_states(not_structured):
    from policies.models import PolicyVersion

    version = PolicyVersion.objects.select_related("policy__body").get(document__filename=FILE)
    assert (version.policy.title, version.policy.body.short_name) == ("Knee Arthroscopy", ORGANISATION)
    assert (version.criteria_structured, version.criteria_problem_line) == (False, PROBLEM_LINE)
    assert version.criteria_problem == f"criteria not structured: {REASON}"
    assert version.nodes.count() == 0
    assert version.review_value == "2027-09-30"
    assert [e.text for e in version.exclusions.all()] == [
        "Patients whose knee has locked after an injury, who are referred urgently"
    ]
    assert [d.term for d in version.definitions.all()] == ["Mechanical locking"]


@pytest.mark.django_db
def test_api_detail_has_null_criteria_and_the_problem_with_its_line(client, not_structured):
    body = get_json(client, f"/api/v1/policies/{SLUG}/")
    assert body["criteria"] is None
    assert body["criteria_problem"] == {
        "message": f"criteria not structured: read the source ({FILE}, line {PROBLEM_LINE}): {REASON}",
        "reason": REASON,
        "source": {
            "file": FILE,
            "line": PROBLEM_LINE,
            "viewer": f"http://testserver/sources/{FILE}/#L{PROBLEM_LINE}",
            "url": "https://referral.example/knee-arthroscopy",
        },
        "url": "https://referral.example/knee-arthroscopy",
    }
    assert body["fact_keys"]["criteria"] == []
    assert body["version"]["criteria_structured"] is False
    assert body["version"]["review"] == {"value": "2027-09-30", "precision": "day"}
    assert [d["term"] for d in body["definitions"]] == ["Mechanical locking"]


@pytest.mark.django_db
def test_api_detail_of_a_structured_policy_says_where_each_operator_was_read(client, loaded_data):
    body = get_json(client, "/api/v1/policies/llr-icb-hip-resurfacing/")
    root = body["criteria"]
    assert (root["connector"], root["connector_source"]) == (
        "stated",
        {
            "file": "003_a052b6b105bb832e.txt",
            "line": 19,
            "viewer": "http://testserver/sources/003_a052b6b105bb832e.txt/#L19",
            "url": "https://leicesterleicestershireandrutland.icb.nhs.uk/llr-policy-for-hip-resurfacing/",
        },
    )
    assert root["children"][0]["connector"] is None
    assert body["criteria_problem"] is None
    assert body["durations"][0]["words"] == "at least six months"


@pytest.mark.django_db
def test_evaluate_answers_422_naming_the_reason_and_line(client, not_structured):
    response = evaluate(client, {}, slug=SLUG)
    assert problem(response, 422) == {
        "type": "tag:ipg-lookup,2026:problems/criteria_not_structured",
        "title": "Criteria not structured",
        "status": 422,
        "detail": f"criteria not structured: read the source ({FILE}, line {PROBLEM_LINE}): {REASON}",
        "instance": f"/api/v1/policies/{SLUG}/evaluate",
        "code": "criteria_not_structured",
    }


@pytest.mark.django_db
def test_fhir_export_refuses_the_same_way(client, not_structured):
    response = client.get(f"/api/v1/policies/{SLUG}/fhir")
    body = problem(response, 422)
    assert body["code"] == "criteria_not_structured"
    assert f"({FILE}, line {PROBLEM_LINE})" in body["detail"]


@pytest.mark.django_db
def test_page_shows_the_policy_with_the_notice_and_the_source_link(client, not_structured):
    response = client.get(f"/policies/{SLUG}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Criteria not structured: read the source." in page
    assert f"{FILE}, line {PROBLEM_LINE}" in page
    assert 'href="https://referral.example/knee-arthroscopy"' in page
    assert "Check eligibility" not in page
    assert "Mechanical locking" in page
    listing = client.get("/policies/").content.decode()
    assert "Criteria not structured" in listing


@pytest.mark.django_db
def test_evaluate_policy_command_exits_2_with_the_reason(not_structured):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("evaluate_policy", SLUG, stderr=err)
    assert exit_.value.code == 2
    assert err.getvalue().strip() == (
        f"criteria not structured: read the source ({FILE}, line {PROBLEM_LINE}): {REASON}"
    )
