"""The change feed: what each load added, changed or removed, recorded by load_fixtures and served at /changes/."""

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from sources import actions
from sources import selectors as source_selectors
from sources.ingest import generate_fixtures, write_fixtures
from sources.models import DataChange, DataLoad
from sources.registry import fixture_files
from tests.integration.api.helpers import KNEE_POLICY_TEXT, LOWER, UPPER, get_json, results

SEED_FIXTURES = [Path(settings.FIXTURES_DIR) / name for name in fixture_files()]


def changed_sources(tmp_path) -> list[Path]:
    """Fixtures from the seeds with one recommendation reworded, one document gone and one policy added."""
    sources = tmp_path / "sources"
    shutil.copytree(Path(settings.SOURCES_DIR), sources)
    upper = next(sources.glob("000_*.txt"))
    upper.write_text(upper.read_text().replace("a rare condition", "a very rare condition"))
    next(sources.glob("001_*.txt")).unlink()
    manifest = (sources / "manifest.toml").read_text()
    manifest = re.sub(r'\[\[source\]\]\nfile = "001_[^\[]*', "", manifest)
    manifest += (
        '\n[[source]]\nfile = "005_knee.txt"\nurl = "https://example.org/knee"\nretrieved = 2026-11-21\n'
    )
    (sources / "manifest.toml").write_text(manifest)
    (sources / "005_knee.txt").write_text(KNEE_POLICY_TEXT)
    return write_fixtures(generate_fixtures(sources / "manifest.toml"), tmp_path / "fixtures")


@pytest.mark.django_db
def test_first_load_into_an_empty_database_records_everything_as_added(client, loaded_data):
    changes = results(client, "/api/v1/changes/?page_size=100")
    assert len(changes) == 10
    assert {c["action"] for c in changes} == {"added"}
    assert sorted((c["kind"], c["key"]) for c in changes if c["kind"] != "document") == [
        ("policy", "llr-icb-hip-resurfacing"),
        ("procedure", LOWER),
        ("procedure", UPPER),
        ("procedure", "neurostimulation-of-lumbar-muscles-for-refractory-non-specific-chronic-low-back-pain"),
        ("procedure", "targeted-muscle-reinnervation-for-managing-limb-amputation-pain"),
    ]
    policy = next(c for c in changes if c["kind"] == "policy")
    assert (policy["version"], policy["title"]) == (
        "003_a052b6b105bb832e.txt",
        "LLR ICB: Hip Resurfacing (ARP 55)",
    )
    assert policy["url"] == "http://testserver/api/v1/policies/llr-icb-hip-resurfacing/"
    document = next(c for c in changes if c["kind"] == "document")
    assert (document["url"], document["version"]) == (None, None)


@pytest.mark.django_db
def test_reloading_the_same_fixtures_records_nothing_and_keeps_last_modified(client, loaded_data):
    before = client.get("/api/v1/procedures/")
    counts = actions.load_fixtures(paths=SEED_FIXTURES)
    assert counts["changes"] == 0
    assert DataChange.objects.count() == 10  # history survives the reload
    assert DataLoad.objects.count() == 2
    after = client.get("/api/v1/procedures/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 304
    assert after["Last-Modified"] == before["Last-Modified"]


@pytest.mark.django_db
def test_a_load_records_what_it_added_changed_and_removed(client, loaded_data, tmp_path):
    first_load = DataLoad.objects.latest()
    actions.load_fixtures(paths=changed_sources(tmp_path))
    latest = DataLoad.objects.latest()
    assert latest.modified_at == latest.loaded_at > first_load.loaded_at
    since = latest.loaded_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    changes = {
        (c["action"], c["kind"], c["key"]): c for c in results(client, f"/api/v1/changes/?since={since}")
    }
    assert set(changes) == {
        ("changed", "procedure", UPPER),
        ("changed", "document", "000_163057d334ff0038.txt"),
        ("removed", "procedure", LOWER),
        ("removed", "document", "001_cf2d7268b6b80e2d.txt"),
        ("added", "policy", "llr-icb-knee-washout"),
        ("added", "document", "005_knee.txt"),
    }
    assert changes[("changed", "procedure", UPPER)]["summary"] == "Changed: documents, recommendations."
    assert (
        changes[("changed", "document", "000_163057d334ff0038.txt")]["summary"]
        == "Changed: provenance and metadata."
    )
    assert changes[("removed", "procedure", LOWER)]["url"] is None
    assert (
        changes[("removed", "procedure", LOWER)]["title"]
        == "Intramedullary distraction for lower limb lengthening"
    )
    # The whole history, newest first; and filters by kind and action.
    everything = results(client, "/api/v1/changes/?page_size=100")
    assert len(everything) == 16
    assert everything[0]["changed_at"] >= everything[-1]["changed_at"]
    assert [c["key"] for c in results(client, "/api/v1/changes/?action=removed&kind=procedure")] == [LOWER]


@pytest.mark.django_db
def test_changes_since_a_day_and_a_moment(client, loaded_data):
    today = DataLoad.objects.latest().loaded_at.astimezone(dt.UTC).date()
    assert get_json(client, f"/api/v1/changes/?since={today.isoformat()}")["count"] == 10
    assert (
        get_json(client, f"/api/v1/changes/?since={(today + dt.timedelta(days=2)).isoformat()}")["count"] == 0
    )
    assert get_json(client, "/api/v1/changes/?since=2020-01-01T09:30")["count"] == 10
    assert get_json(client, "/api/v1/changes/?since=2999-01-01T09:30:00%2B01:00")["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("since", ["not-a-date", "2026-13-01", "2026-02-30", "2026-11-21T25:00", "yesterday"])
def test_changes_since_refuses_what_is_not_a_date(client, loaded_data, since):
    assert list(get_json(client, f"/api/v1/changes/?since={since}", status=400)["errors"]) == ["since"]


@pytest.mark.django_db
def test_recent_changes_for_the_home_page(loaded_data):
    assert len(source_selectors.recent_changes(limit=3)) == 3
    assert source_selectors.recent_changes(since=dt.date(2999, 1, 1)).count() == 0
    assert source_selectors.recent_changes(since=dt.datetime(2000, 1, 1)).count() == 10
