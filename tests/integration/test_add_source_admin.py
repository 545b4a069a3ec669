"""The admin's upload: staff with the permission only, CSRF-protected, nothing written before confirmation."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.test import Client

from guidance.models import Procedure
from tests.integration import add_source_helpers
from tests.integration.add_source_helpers import NICE_DOCUMENT, NICE_SLUG, REPO, database_dump, folder_state

pytestmark = pytest.mark.django_db

sandbox = add_source_helpers.sandbox

UPLOAD = f"/{settings.ADMIN_URL}sources/sourcedocument/upload/"
CONFIRM = f"/{settings.ADMIN_URL}sources/sourcedocument/upload/confirm/"
FORM = {"url": "https://www.nice.org.uk/guidance/ipg9001", "retrieved": "2026-12-01", "procedure": NICE_SLUG}


def user(username: str, *, staff: bool, permission: bool) -> User:
    account = User.objects.create_user(username, password="not-used", is_staff=staff)
    if permission:
        account.user_permissions.add(Permission.objects.get(codename="add_sourcedocument"))
    return account


@pytest.fixture
def editor(client):
    client.force_login(user("editor", staff=True, permission=True))
    return client


def preview(client, **fields):
    with NICE_DOCUMENT.open("rb") as upload:
        return client.post(UPLOAD, {**FORM, "file": upload, **fields})


def token_of(response) -> str:
    return response.context["token"]


@pytest.mark.parametrize("url", [UPLOAD, CONFIRM])
def test_anonymous_users_are_sent_to_the_admin_login(client, url):
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"/{settings.ADMIN_URL}login/")


@pytest.mark.parametrize("url", [UPLOAD, CONFIRM])
def test_non_staff_users_are_sent_to_the_admin_login(client, url):
    client.force_login(user("reader", staff=False, permission=True))
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{settings.ADMIN_URL}login/")


@pytest.mark.parametrize("url", [UPLOAD, CONFIRM])
def test_staff_without_the_permission_are_refused(client, url, sandbox):
    client.force_login(user("staff", staff=True, permission=False))
    assert client.get(url).status_code in {403, 405}
    assert client.post(url).status_code == 403


def test_the_form_is_linked_from_the_documents_list(editor):
    editor_user = User.objects.get(username="editor")
    editor_user.user_permissions.add(Permission.objects.get(codename="view_sourcedocument"))
    response = editor.get(f"/{settings.ADMIN_URL}sources/sourcedocument/")
    assert UPLOAD.encode() in response.content
    assert editor.get(UPLOAD).status_code == 200


def test_preview_shows_what_was_read_and_writes_nothing(editor, sandbox):
    sources, fixtures = sandbox
    files, dump = folder_state(sources, fixtures), database_dump()

    response = preview(editor)

    assert response.status_code == 200
    content = response.content.decode()
    assert "NICE final guidance" in content
    assert 'id="L3" class="selected fact"' in content  # the line the decision was read from
    assert "line 3</a>: 1.1 special" in content
    assert folder_state(sources, fixtures) == files
    assert database_dump() == dump


def test_pasted_text_previews_like_the_file(editor, sandbox):
    text = NICE_DOCUMENT.read_text(encoding="utf-8").replace("\n", "\r\n")  # as a browser posts a textarea
    response = editor.post(UPLOAD, {**FORM, "text": text})
    assert response.status_code == 200
    assert response.context["preview"].data == NICE_DOCUMENT.read_bytes()


def test_confirm_adds_the_document_and_links_its_source_viewer(editor, sandbox):
    sources, _fixtures = sandbox
    token = token_of(preview(editor))

    response = editor.post(CONFIRM, {"token": token})

    assert response.status_code == 200
    added = response.context["added"]
    assert (sources / added.filename).read_bytes() == NICE_DOCUMENT.read_bytes()
    assert Procedure.objects.filter(slug=NICE_SLUG).exists()
    assert f'href="/sources/{added.filename}/"'.encode() in response.content
    assert f"procedure {NICE_SLUG}: New procedure.".encode() in response.content
    assert editor.get(f"/procedures/{NICE_SLUG}/").status_code == 200


def test_a_refused_document_shows_its_file_and_line(editor, sandbox):
    sources, fixtures = sandbox
    files = folder_state(sources, fixtures)
    with (REPO / "tests" / "data" / "bad" / "binary_png.txt").open("rb") as upload:
        response = editor.post(UPLOAD, {**FORM, "file": upload})
    assert response.status_code == 400
    assert b"binary_png.txt:3: text, found a NUL byte (a binary file)" in response.content
    assert folder_state(sources, fixtures) == files


def test_a_duplicate_refused_at_confirmation_shows_its_file_and_line(editor, sandbox):
    token = token_of(preview(editor))
    editor.post(CONFIRM, {"token": token})
    response = editor.post(CONFIRM, {"token": token})
    assert response.status_code == 400
    assert b"nice_final_banded_oesophageal_sling.txt:1: a document not already held" in response.content


def test_an_altered_token_is_refused_and_writes_nothing(editor, sandbox):
    sources, fixtures = sandbox
    files, dump = folder_state(sources, fixtures), database_dump()
    token = token_of(preview(editor))
    response = editor.post(CONFIRM, {"token": token[:-2] + ("AA" if token[-2:] != "AA" else "BB")})
    assert response.status_code == 400
    assert folder_state(sources, fixtures) == files
    assert database_dump() == dump


def test_csrf_is_enforced_on_preview_and_confirm(sandbox):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user("editor", staff=True, permission=True))
    sources, fixtures = sandbox
    files = folder_state(sources, fixtures)
    with NICE_DOCUMENT.open("rb") as upload:
        assert client.post(UPLOAD, {**FORM, "file": upload}).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    # With the form's token the same post goes through.
    form = client.get(UPLOAD)
    csrf = form.cookies[settings.CSRF_COOKIE_NAME].value
    with NICE_DOCUMENT.open("rb") as upload:
        response = client.post(UPLOAD, {**FORM, "file": upload, "csrfmiddlewaretoken": csrf})
    assert response.status_code == 200
    assert folder_state(sources, fixtures) == files
