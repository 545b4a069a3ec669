"""An editor structures an unstructured policy in the admin, in Chromium (issue 13, item 1).

The policy is ``tests/data/documents/curation/carpal_tunnel_not_structured.txt``
(written for the tests: three criteria under a lead-in that does not say how
they combine), loaded with the seeds through the real pipeline. The editor
builds ALL(line 17, ANY(line 18, line 19)); the evaluate endpoint then answers
met / not met / undetermined for it, and the public page shows the criteria
and who structured them. An anonymous visitor reaches no curation URL.
"""

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from tests.integration.curation_corpus import DOCUMENTS, Corpus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE = "901_carpal_tunnel.txt"
URL = "https://referral.example/carpal-tunnel-release"
SLUG = "nhs-example-integrated-care-board-carpal-tunnel-release-clinical-commissioning-statement"
NIGHT = "symptoms-wake-night-stop-everyday"
THUMB = "wasting-weakness-thumb-muscles-found"
NERVE = "nerve-conduction-studies-showing-moderate"
PASSWORD = "a long editor passphrase"


@pytest.fixture
def curation_site(live_server, transactional_db, tmp_path):
    corpus = Corpus(tmp_path)
    corpus.add(
        DOCUMENTS / "curation" / "carpal_tunnel_not_structured.txt",
        FILE,
        URL,
        organisation="NHS Example Integrated Care Board",
    )
    corpus.load()
    return live_server.url


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Permission, User

    user = User.objects.create_user(
        "editor", password=PASSWORD, is_staff=True, first_name="Ada", last_name="Editor"
    )
    user.user_permissions.add(Permission.objects.get(codename="change_policyversion"))
    return user


def structure_url() -> str:
    from policies.models import PolicyVersion

    version = PolicyVersion.objects.get(policy__slug=SLUG)
    return f"/{django_settings.ADMIN_URL}policies/policyversion/{version.pk}/structure/"


def evaluate(page, site, facts) -> dict:
    response = page.request.post(f"{site}/api/v1/policies/{SLUG}/evaluate", data={"facts": facts})
    return {"status": response.status, **response.json()}


def test_an_editor_structures_an_unstructured_policy_and_it_is_evaluated(
    page, curation_site, editor, screenshot
):
    site = curation_site
    assert evaluate(page, site, {})["status"] == 422  # not structured: nothing to evaluate yet

    page.goto(f"{site}/{django_settings.ADMIN_URL}login/?next={structure_url()}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#parser-problem")).to_contain_text("could not structure these criteria")

    page.get_by_label("Group 0 operator").select_option("all")
    page.get_by_label("Group 1 path").fill("1")
    page.get_by_label("Group 1 operator").select_option("any")
    page.locator("#include_17").check()
    page.locator("#include_18").check()
    page.get_by_label("Group of line 18").fill("1")
    page.locator("#include_19").check()
    page.get_by_label("Group of line 19").fill("1")
    page.get_by_label("Reason").fill("the lead-in does not say how they combine")
    page.get_by_role("button", name="Save the structured criteria").click()

    expect(page.locator("#curated-status")).to_contain_text("Criteria structured by an editor (Ada Editor)")
    screenshot(page, "admin-structure-criteria-saved")

    cases = [
        ({NIGHT: True, THUMB: False, NERVE: True}, "met"),
        ({NIGHT: True, THUMB: False, NERVE: False}, "not_met"),
        ({NIGHT: False}, "not_met"),
        ({NIGHT: True}, "undetermined"),
    ]
    for facts, expected in cases:
        answer = evaluate(page, site, facts)
        assert answer["status"] == 200, answer
        assert answer["criteria_result"] == expected, facts

    page.goto(f"{site}/policies/{SLUG}/")
    criteria = page.locator("ul.criteria")
    expect(criteria).to_contain_text("Symptoms that wake the patient at night or stop everyday tasks")
    expect(criteria).to_contain_text("Wasting or weakness of the thumb muscles found on examination")
    expect(criteria).to_contain_text("Nerve conduction studies showing moderate or severe compression")
    expect(page.locator("#criteria-not-structured")).to_have_count(0)
    expect(page.locator("#curated-note")).to_contain_text("Criteria structured by an editor (Ada Editor) on")
    screenshot(page, "policy-page-curated-criteria")


def test_an_anonymous_visitor_reaches_no_curation_url(page, curation_site):
    site = curation_site
    admin = f"/{django_settings.ADMIN_URL}"
    for url in (structure_url(), f"{admin}policies/policyversion/review/"):
        page.goto(f"{site}{url}")
        assert page.url.startswith(f"{site}{admin}login/"), page.url
        expect(page.get_by_role("button", name="Log in")).to_be_visible()
        response = page.request.post(f"{site}{url}", form={"gop_0": "all", "include_17": "on"})
        assert response.status == 403 or response.url.startswith(f"{site}{admin}login/"), response.status

    from policies.models import CuratedTree

    assert not CuratedTree.objects.exists()


@pytest.fixture
def marks_site(live_server, transactional_db, tmp_path):
    corpus = Corpus(tmp_path)
    corpus.add(
        DOCUMENTS / "curation" / "weight_loss_surgery_marks.txt",
        "911_weight_loss_surgery.txt",
        "https://referral.example/weight-loss-surgery",
        organisation="NHS Example Integrated Care Board",
    )
    corpus.load()
    return live_server.url


def test_an_editor_splits_a_line_marks_an_exclusion_and_attaches_a_threshold_with_its_words(
    page, marks_site, editor, screenshot
):
    from policies.models import PolicyVersion

    site, slug = (
        marks_site,
        "nhs-example-integrated-care-board-weight-loss-surgery-clinical-commissioning-statement",
    )
    version = PolicyVersion.objects.get(policy__slug=slug)
    url = f"/{django_settings.ADMIN_URL}policies/policyversion/{version.pk}/structure/"
    page.goto(f"{site}/{django_settings.ADMIN_URL}login/?next={url}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_label("Group 0 operator").select_option("all")
    page.get_by_label("Group 1 path").fill("1")
    page.get_by_label("Group 1 operator").select_option("any")
    page.locator("#include_12").check()
    page.get_by_label("Group of line 12").fill("1")
    page.get_by_label("Words of line 12").fill(
        "A BMI of 40 or more | a BMI of 35 or more with type 2 diabetes"
    )
    page.locator("#include_13").check()
    page.locator("#include_18").check()
    page.get_by_label("Line 18 as").select_option("exclusion")
    page.get_by_label("Measure 1 line").fill("12")
    page.get_by_label("Measure 1 kind").select_option("threshold")
    page.get_by_label("Measure 1 what is measured").fill("BMI")
    page.get_by_label("Measure 1 comparator").select_option(">=")
    page.get_by_label("Measure 1 value").fill("35")
    page.get_by_label("Measure 1 words").fill("a BMI of 35 or more")
    page.get_by_label("Reason").fill("the lead-in does not say how they combine")
    page.get_by_role("button", name="Save the structured criteria").click()
    expect(page.locator("#curated-status")).to_contain_text("Criteria structured by an editor (Ada Editor)")
    screenshot(page, "admin-structure-criteria-marks")

    policy = page.request.get(f"{site}/api/v1/policies/{slug}/").json()
    either = policy["criteria"]["children"][0]
    assert [leaf["text"] for leaf in either["children"]] == [
        "A BMI of 40 or more",
        "a BMI of 35 or more with type 2 diabetes",
    ]
    (threshold,) = policy["thresholds"]
    assert (threshold["measure"], threshold["comparator"], threshold["value"], threshold["words"]) == (
        "BMI",
        ">=",
        35,
        "a BMI of 35 or more",
    )
    assert threshold["criterion"] == either["children"][1]["key"]
    assert [e["source"]["line"] for e in policy["exclusions"]] == [18]

    page.goto(f"{site}/policies/{slug}/")
    expect(page.locator("#what-changed")).to_be_visible()
    expect(page.get_by_text("Changed by an editor on")).to_be_visible()
    screenshot(page, "policy-page-editorial-change")
