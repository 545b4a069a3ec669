"""Every editorial change is in the public change feed: what and when, never who (issue 13, item 4)."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from guidance.models import Procedure, Recommendation
from sources import actions
from sources.models import DataChange, DataLoad

URL = "https://www.nice.org.uk/guidance/ipg722/chapter/1-recommendations"
FILE = "000_163057d334ff0038.txt"


@pytest.fixture
def loaded(db):
    call_command("load_fixtures", verbosity=0)
    return User.objects.create_superuser(
        "editor", "editor@example.org", "a-long-test-password", first_name="Ada", last_name="Editor"
    )


def feed(client):
    return client.get("/api/v1/changes/").json()["results"]


def test_a_correction_of_a_documents_row_is_in_the_feed_on_its_document(loaded, client):
    row = Recommendation.objects.get(document__source_url=URL, number="1.4")
    loads, before = DataLoad.objects.count(), str(row)[:120]
    actions.record_correction(
        instance=row, field="text", corrected_value="Specialist centres only.", author=loaded
    )

    change = DataChange.objects.order_by("-pk").first()
    assert (change.action, change.kind, change.key) == ("changed", "document", FILE)
    assert (
        change.summary
        == f"Corrected by an editor: recommendation {before!r}, text now 'Specialist centres only.'"
    )
    assert before.startswith("1.4 ")
    assert DataLoad.objects.count() == loads + 1  # a new data version: ETags move on
    [entry] = [item for item in feed(client) if item["summary"].startswith("Corrected by an editor")]
    assert (entry["kind"], entry["key"], entry["action"]) == ("document", FILE, "changed")
    assert "Ada" not in str(entry)
    assert "editor" not in entry["summary"].replace("by an editor", "")


def test_a_correction_of_a_procedure_is_in_the_feed_on_the_procedure(loaded, client):
    procedure = Procedure.objects.order_by("slug").first()
    actions.record_correction(
        instance=procedure, field="title", corrected_value="A better title", author=loaded
    )

    [entry] = [item for item in feed(client) if item["summary"].startswith("Corrected by an editor")]
    assert (entry["kind"], entry["key"]) == ("procedure", procedure.slug)
    assert entry["summary"].endswith("title now 'A better title'")
    assert entry["url"].endswith(f"/api/v1/procedures/{procedure.slug}/")
