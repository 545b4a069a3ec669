"""ingest and load_fixtures against the real sources, files and database."""

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError

from guidance.models import Duty, Procedure, Recommendation
from sources import actions
from sources.ingest import generate_fixtures
from sources.models import SourceDocument
from sources.registry import fixture_files

REPO = Path(settings.BASE_DIR)


def run_command(*args):
    """Run a management command; return (exit code, stdout, stderr)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_ingest_check_passes_on_the_committed_fixtures():
    code, out, err = run_command("ingest", "--check")
    assert (code, err) == (0, "")
    assert "Fixtures match the sources" in out


def test_ingest_output_is_byte_identical_to_the_committed_fixtures():
    # The committed files were written by another process on another day: equal bytes
    # mean the output depends on the sources alone (no set order, hash seed or clock).
    generated = generate_fixtures(Path(settings.SOURCES_MANIFEST), REPO)
    assert sorted(generated) == ["guidance.json", "policies.json"]
    for name, text in generated.items():
        assert text == (REPO / "fixtures" / name).read_text(encoding="utf-8"), name


def test_ingest_check_fails_naming_the_fixture_that_differs(tmp_path):
    for name in fixture_files():
        shutil.copy(REPO / "fixtures" / name, tmp_path / name)
    records = json.loads((tmp_path / "guidance.json").read_text())
    recommendation = next(r for r in records if r["model"] == "guidance.recommendation")
    recommendation["fields"]["text"] = "Typed in by hand."
    (tmp_path / "guidance.json").write_text(json.dumps(records))

    code, out, err = run_command("ingest", "--check", "--fixtures-dir", str(tmp_path))

    assert code == 1
    assert "guidance.json: 1 record(s) differ (first: guidance.recommendation" in err
    assert "fields text" in err
    assert "policies.json" not in err


def copy_sources(tmp_path: Path) -> Path:
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "fixtures" / "sources", sources)
    return sources


def test_ingest_refuses_a_bad_source_and_writes_nothing(tmp_path):
    sources = copy_sources(tmp_path)
    (sources / "005_news.txt").write_text("NICE news\n\nA new chief executive has been appointed.\n")
    with open(sources / "manifest.toml", "a") as manifest:
        manifest.write(
            '\n[[source]]\nfile = "005_news.txt"\nurl = "https://www.nice.org.uk/news"\nretrieved = 2026-11-21\n'
        )
    out_dir = tmp_path / "out"

    code, out, err = run_command(
        "ingest", "--manifest", str(sources / "manifest.toml"), "--fixtures-dir", str(out_dir)
    )

    assert code == 2
    assert err.strip().startswith(f"{sources / '005_news.txt'}:1: ")
    assert not out_dir.exists()


def test_ingest_refuses_a_source_missing_from_the_manifest(tmp_path):
    sources = copy_sources(tmp_path)
    (sources / "extra.txt").write_text("1 Recommendations\n")
    code, out, err = run_command("ingest", "--check", "--manifest", str(sources / "manifest.toml"))
    assert code == 2
    assert "a [[source]] entry for extra.txt" in err


@pytest.mark.django_db
def test_load_fixtures_loads_every_seed_procedure(loaded_data):
    assert sorted(Procedure.objects.values_list("slug", flat=True)) == [
        "intramedullary-distraction-for-lower-limb-lengthening",
        "intramedullary-distraction-for-upper-limb-lengthening",
        "neurostimulation-of-lumbar-muscles-for-refractory-non-specific-chronic-low-back-pain",
        "targeted-muscle-reinnervation-for-managing-limb-amputation-pain",
    ]
    assert SourceDocument.objects.count() == 5


@pytest.mark.django_db
def test_load_fixtures_keeps_numbers_as_printed_and_provenance(loaded_data):
    upper = Procedure.objects.get(slug="intramedullary-distraction-for-upper-limb-lengthening")
    assert list(upper.recommendations.values_list("number", flat=True)) == ["1.1", "1.2", "1.3", "1.4", "1.6"]
    first = upper.recommendations.get(number="1.1")
    assert (first.document.filename, first.line, first.level) == ("000_163057d334ff0038.txt", 5, "special")
    assert first.document.sha256 == "ca79a7228a488701298916c7c8484f793825b2d774e22183439c8636aaa94cd9"


@pytest.mark.django_db
def test_load_fixtures_gives_tmr_two_indications_with_draft_levels(loaded_data):
    tmr = Procedure.objects.get(slug="targeted-muscle-reinnervation-for-managing-limb-amputation-pain")
    assert [(i.text, i.level, i.is_draft) for i in tmr.indications.order_by("order")] == [
        ("To treat intractable pain that develops after limb amputation", "special", True),
        ("To prevent intractable pain from developing after limb amputation", "research_only", True),
    ]


@pytest.mark.django_db
def test_load_fixtures_renders_html_once_at_ingest(loaded_data):
    duty = Duty.objects.get(duty_list__document__filename__startswith="002", line=21)
    assert duty.primary_kind == "registry_entry"
    assert duty.text_html.startswith("<p>Enter details about everyone")


def bad_fixture(tmp_path: Path) -> Path:
    """The committed guidance fixture with one record pointing at a procedure that does not exist."""
    records = json.loads((REPO / "fixtures" / "guidance.json").read_text())
    bad = next(r for r in records if r["model"] == "guidance.recommendation")
    bad["fields"]["procedure"] = 1
    path = tmp_path / "guidance.json"
    path.write_text(json.dumps(records))
    return path


@pytest.mark.django_db(transaction=True)
def test_load_fixtures_with_one_bad_record_changes_nothing(loaded_data, tmp_path):
    before = sorted(Recommendation.objects.values_list("pk", "text"))

    with pytest.raises(IntegrityError, match=r"^Problem installing fixtures: .*procedure_id"):
        actions.load_fixtures(paths=[bad_fixture(tmp_path), REPO / "fixtures" / "policies.json"])

    assert sorted(Recommendation.objects.values_list("pk", "text")) == before
    assert Procedure.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_load_fixtures_command_reports_failure_and_exits_non_zero(loaded_data, tmp_path):
    code, out, err = run_command("load_fixtures", str(bad_fixture(tmp_path)))
    assert code == 1
    assert err.startswith("Nothing was loaded:")
    assert Procedure.objects.count() == 4


def test_ingest_refuses_a_policy_linked_to_an_unknown_procedure(tmp_path):
    sources = copy_sources(tmp_path)
    manifest = sources / "manifest.toml"
    manifest.write_text(
        manifest.read_text().replace(
            'organisation = "NHS Leicester', 'procedure = "no-such-procedure"\norganisation = "NHS Leicester'
        )
    )
    code, out, err = run_command("ingest", "--check", "--manifest", str(manifest))
    assert code == 2
    assert "003_a052b6b105bb832e.txt: the manifest links this policy to procedure 'no-such-procedure'" in err
