"""The curation pages in the admin: staff only, a server-rendered form that writes through actions (issue 13)."""

import pytest
from django.contrib.auth.models import User

from policies.models import CuratedTree, CurationStatus, PolicyVersion
from tests.integration.api.helpers import evaluate
from tests.integration.curation_corpus import DOCUMENTS, Corpus, replace_words
from tests.integration.test_curated_criteria import (
    FILE,
    NERVE,
    NIGHT,
    ORGANISATION,
    RECAPTURED,
    SLUG,
    THUMB,
    URL,
)


@pytest.fixture
def corpus(db, tmp_path):
    corpus = Corpus(tmp_path)
    corpus.add(DOCUMENTS / "curation" / "carpal_tunnel_not_structured.txt", FILE, URL, ORGANISATION)
    corpus.load()
    return corpus


def urls():
    version = PolicyVersion.objects.get(policy__slug=SLUG)
    return [f"/admin/policies/policyversion/{version.pk}/structure/", "/admin/policies/policyversion/review/"]


def test_no_anonymous_or_non_staff_request_reaches_a_curation_url(corpus, client):
    reader = User.objects.create_user("reader", "reader@example.org", "a-long-test-password")
    for url in urls():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/"), url
    client.force_login(reader)  # logged in, but not staff
    for url in urls():
        assert client.get(url).status_code == 302, url
    assert not CuratedTree.objects.exists()


def structure(client, url):
    return client.post(
        url,
        {
            "gop_0": "all",
            "gpath_1": "1",
            "gop_1": "any",
            "include_17": "on",
            "group_17": "",
            "include_18": "on",
            "group_18": "1",
            "include_19": "on",
            "group_19": "1",
            "reason": "the lead-in does not say how they combine",
        },
    )


def test_an_editor_structures_the_policy_in_the_admin(corpus, client, editor):
    client.force_login(editor)
    url = urls()[0]
    page = client.get(url)
    assert page.status_code == 200
    assert b"could not structure these criteria" in page.content

    response = structure(client, url)

    assert response.status_code == 302
    curated = CuratedTree.objects.get()
    assert curated.editor == editor
    assert curated.tree["op"] == "all"
    assert [child.get("op", child.get("line")) for child in curated.tree["children"]] == [17, "any"]
    assert evaluate(client, {NIGHT: True, THUMB: False, NERVE: True}, slug=SLUG).json()["result"] in {
        "met",
        "undetermined",  # the exclusion is unanswered: met criteria, exclusions not confirmed
    }
    assert (
        evaluate(client, {NIGHT: True, THUMB: False, NERVE: True}, slug=SLUG).json()["criteria_result"]
        == "met"
    )


def test_a_form_with_an_undefined_group_is_shown_again_with_the_reason(corpus, client, editor):
    client.force_login(editor)
    response = client.post(urls()[0], {"gop_0": "all", "include_17": "on", "group_17": "9", "reason": "x"})
    assert response.status_code == 200
    assert b"no group &#x27;9&#x27; is defined" in response.content
    assert not CuratedTree.objects.exists()


def test_the_review_queue_lists_the_unstructured_policy_and_then_its_conflict(corpus, client, editor):
    client.force_login(editor)
    page = client.get(urls()[1]).content.decode()
    assert "criteria not structured" in page
    assert f"/sources/{FILE}/#L15" in page

    structure(client, urls()[0])
    corpus.recapture(FILE, RECAPTURED, replace_words("moderate or severe", "severe"))
    corpus.load()

    assert CuratedTree.objects.get().status == CurationStatus.CONFLICT
    page = client.get(urls()[1]).content.decode()
    assert "curation conflict" in page
    assert "no longer in the source" in page
    assert f"/sources/{RECAPTURED}/#L15" in page  # the parser's reading is back: not structured again
