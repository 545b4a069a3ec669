"""An editor adds a document in the admin, in a real browser: paste, preview, confirm, and the page shows it."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[2]
DOCUMENT = REPO / "tests" / "data" / "documents" / "add_source" / "nice_final_banded_oesophageal_sling.txt"
SLUG = "banded-oesophageal-sling-placement-for-refractory-bile-reflux"


@pytest.fixture
def sandbox_site(site, settings, tmp_path):
    """The live site, adding documents to a copy of the seed sources, never to the repository's."""
    shutil.copytree(REPO / "fixtures" / "sources", tmp_path / "sources")
    (tmp_path / "fixtures").mkdir()
    settings.SOURCES_DIR, settings.FIXTURES_DIR = tmp_path / "sources", tmp_path / "fixtures"
    return site, tmp_path


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user("editor", password="a long editor passphrase", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_sourcedocument"))
    return user


def test_editor_pastes_previews_and_confirms_a_document(page, sandbox_site, editor, screenshot):
    site, tmp_path = sandbox_site
    admin = f"{site}/{django_settings.ADMIN_URL}"
    page.goto(f"{admin}login/?next=/{django_settings.ADMIN_URL}sources/sourcedocument/upload/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a long editor passphrase")
    page.get_by_role("button", name="Log in").click()

    page.get_by_label("Or paste the text").fill(DOCUMENT.read_text(encoding="utf-8"))
    page.get_by_label("Published at (URL)").fill("https://www.nice.org.uk/guidance/ipg9001")
    page.get_by_label("Retrieved on (YYYY-MM-DD)").fill("2026-12-01")
    page.get_by_label("Procedure (slug)").fill(SLUG)
    page.get_by_role("button", name="Preview what is read").click()

    expect(page.locator("#what-was-read")).to_contain_text("NICE final guidance")
    expect(page.locator("#decisions")).to_contain_text("line 3: 1.1 special")
    expect(page.locator("#L3")).to_have_class("selected fact")
    assert not list((tmp_path / "sources").glob("005_*.txt"))  # nothing written before confirming
    screenshot(page, "admin-add-source-preview")

    page.get_by_role("button", name="Add this document").click()
    expect(page.locator("#added")).to_contain_text("Added 005_")
    expect(page.locator("#changes")).to_contain_text(f"procedure {SLUG}: New procedure.")
    screenshot(page, "admin-add-source-added")
    (added,) = (tmp_path / "sources").glob("005_*.txt")
    assert added.read_bytes() == DOCUMENT.read_bytes()  # the browser's CRLFs did not reach the file

    page.get_by_role("link", name=f"Read {added.name} in the source viewer").click()
    expect(page.locator("#L3")).to_contain_text(
        "Recommendation 1.1: special"
    )  # the viewer marks the fact too
    expect(page.locator("#L5")).to_contain_text("Evidence on the safety of banded oesophageal sling")
    page.goto(f"{site}/procedures/{SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Banded oesophageal sling placement")
    expect(page.locator("main")).to_contain_text("Tell the clinical governance leads")
    screenshot(page, "procedure-added-in-the-admin")
