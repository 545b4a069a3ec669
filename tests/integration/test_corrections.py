"""Editorial corrections made in the admin survive a re-ingest, or are reported as conflicts (ADR 9)."""

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from guidance.models import Recommendation
from sources import actions
from sources.models import CorrectionStatus, EditorialCorrection
from sources.registry import fixture_files

FIXTURES = [Path(settings.FIXTURES_DIR) / name for name in fixture_files()]
UPPER_1_4 = {"document__filename": "000_163057d334ff0038.txt", "number": "1.4"}
CORRECTED = "This technically challenging procedure should only be done in specialist centres."


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")


def correct_in_admin(client, editor, recommendation, text):
    client.force_login(editor)
    return client.post(
        f"/admin/guidance/recommendation/{recommendation.pk}/change/",
        {"text": text, "level": recommendation.level, "indication": recommendation.indication},
    )


@pytest.mark.django_db
def test_admin_correction_is_recorded_and_rendered(client, loaded_data, editor):
    recommendation = Recommendation.objects.get(**UPPER_1_4)
    original = recommendation.text

    response = correct_in_admin(client, editor, recommendation, CORRECTED)

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.text, recommendation.text_html) == (CORRECTED, f"<p>{CORRECTED}</p>")
    correction = EditorialCorrection.objects.get()
    assert (correction.source_value, correction.corrected_value, correction.author) == (
        original,
        CORRECTED,
        editor,
    )


@pytest.mark.django_db
def test_correction_survives_a_reload_of_the_same_sources(client, loaded_data, editor):
    correct_in_admin(client, editor, Recommendation.objects.get(**UPPER_1_4), CORRECTED)

    outcome = actions.load_fixtures(paths=FIXTURES)

    assert (outcome["corrections_applied"], outcome["correction_conflicts"]) == (1, [])
    assert Recommendation.objects.get(**UPPER_1_4).text == CORRECTED
    assert EditorialCorrection.objects.get().status == CorrectionStatus.ACTIVE


@pytest.mark.django_db
def test_correction_becomes_a_conflict_when_the_sources_change(client, loaded_data, editor, tmp_path):
    correct_in_admin(client, editor, Recommendation.objects.get(**UPPER_1_4), CORRECTED)
    for path in FIXTURES:
        shutil.copy(path, tmp_path / path.name)
    records = json.loads((tmp_path / "guidance.json").read_text())
    changed = "This procedure should only be done in specialist centres (new wording)."
    for record in records:
        fields = record["fields"]
        if (
            record["model"] == "guidance.recommendation"
            and fields["number"] == "1.4"
            and fields["text"].startswith("This technically")
        ):
            fields["text"] = changed
    (tmp_path / "guidance.json").write_text(json.dumps(records))

    outcome = actions.load_fixtures(paths=[tmp_path / name for name in fixture_files()])

    assert outcome["corrections_applied"] == 0
    assert len(outcome["correction_conflicts"]) == 1
    assert "the sources now give a different value" in outcome["correction_conflicts"][0]
    assert Recommendation.objects.get(**UPPER_1_4).text == changed
    correction = EditorialCorrection.objects.get()
    assert (correction.status, correction.conflict_source_value) == (CorrectionStatus.CONFLICT, changed)


@pytest.mark.django_db
def test_admin_cannot_add_or_delete_parsed_rows_or_edit_provenance(client, loaded_data, editor):
    client.force_login(editor)
    recommendation = Recommendation.objects.get(**UPPER_1_4)
    assert client.get("/admin/guidance/recommendation/add/").status_code == 403
    assert (
        client.post(
            f"/admin/guidance/recommendation/{recommendation.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    page = client.get(f"/admin/guidance/recommendation/{recommendation.pk}/change/").content.decode()
    assert 'name="text"' in page
    assert 'name="line"' not in page


@pytest.mark.django_db
def test_admin_requires_login(client, loaded_data):
    response = client.get("/admin/guidance/recommendation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
