"""An editor marks what the lines of a policy define, exclude and measure, and uses parts of a line (issue 13).

The policy is ``tests/data/documents/curation/weight_loss_surgery_marks.txt``,
written for these tests: its lead-in does not say how the criteria combine,
so the parser loads it "criteria not structured", with no definition,
exclusion, threshold, duration or age read. Through the admin's structuring
form (real HTTP, staff login, CSRF on) the editor builds

    ALL( ANY("A BMI of 40 or more", "a BMI of 35 or more with type 2 diabetes"),   # two parts of line 12
         line 13, line 14 )

marks line 16 as a definition, line 18 as an exclusion, and attaches two
BMI thresholds, a duration and a minimum age, each with its words. The API,
pages, evaluation and diff then read them, and a re-capture that moves the
lines replays all of it.
"""

import pytest

from policies.models import CuratedTree, CurationStatus, PolicyVersion
from policies.review_queue import review_queue
from tests.integration.api.helpers import evaluate, get_json
from tests.integration.curation_corpus import DOCUMENTS, Corpus, insert_blank_lines, replace_words

FILE = "911_weight_loss_surgery.txt"
RECAPTURED = "912_weight_loss_surgery.txt"
URL = "https://referral.example/weight-loss-surgery"
ORGANISATION = "NHS Example Integrated Care Board"
SLUG = "nhs-example-integrated-care-board-weight-loss-surgery-clinical-commissioning-statement"
BMI_40 = "bmi-40-more"
BMI_35 = "bmi-35-more-type-2"
PROGRAMME = "taken-part-specialist-weight-management"
FIT = "judged-fit-anaesthesia-surgery-treating"
EATING = "exclusion-surgery-not-commissioned-untreated-eating"

FORM = {
    "gop_0": "all",
    "gpath_1": "1",
    "gop_1": "any",
    "include_12": "on",
    "role_12": "criterion",
    "group_12": "1",
    "words_12": "A BMI of 40 or more | a BMI of 35 or more with type 2 diabetes",
    "include_13": "on",
    "role_13": "criterion",
    "include_14": "on",
    "role_14": "criterion",
    "include_16": "on",
    "role_16": "definition",
    "include_18": "on",
    "role_18": "exclusion",
    "mline_0": "12",
    "mkind_0": "threshold",
    "mname_0": "BMI",
    "mcomp_0": ">=",
    "mvalue_0": "40",
    "mwords_0": "A BMI of 40 or more",
    "mline_1": "12",
    "mkind_1": "threshold",
    "mname_1": "BMI",
    "mcomp_1": ">=",
    "mvalue_1": "35",
    "mwords_1": "a BMI of 35 or more",
    "mline_2": "13",
    "mkind_2": "duration",
    "mcomp_2": ">=",
    "mvalue_2": "6",
    "munit_2": "months",
    "mwords_2": "for at least 6 months",
    "mline_3": "10",
    "mkind_3": "age_min",
    "mvalue_3": "18",
    "mwords_3": "aged 18 or over",
    "mline_4": "",
    "mkind_4": "",
    "reason": "the lead-in does not say how the criteria combine",
}


@pytest.fixture
def corpus(db, tmp_path):
    corpus = Corpus(tmp_path)
    corpus.add(DOCUMENTS / "curation" / "weight_loss_surgery_marks.txt", FILE, URL, ORGANISATION)
    corpus.load()
    return corpus


def structure_url() -> str:
    version = PolicyVersion.objects.filter(policy__slug=SLUG).order_by("-document__retrieved_on").first()
    return f"/admin/policies/policyversion/{version.pk}/structure/"


@pytest.fixture
def structured(corpus, client, editor):
    client.force_login(editor)
    response = client.post(structure_url(), FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return corpus


def test_the_parser_reads_none_of_it(corpus, client):
    policy = get_json(client, f"/api/v1/policies/{SLUG}/")
    assert policy["criteria"] is None
    assert policy["definitions"] == policy["exclusions"] == policy["thresholds"] == policy["durations"] == []
    assert policy["version"]["age_limits"]["min"] is None


def test_parts_of_a_line_are_leaves_and_the_marks_are_served_with_their_words_and_lines(structured, client):
    policy = get_json(client, f"/api/v1/policies/{SLUG}/")

    tree = policy["criteria"]
    assert tree["kind"] == "all"
    either, programme, fit = tree["children"]
    assert either["kind"] == "any"
    assert [(leaf["key"], leaf["text"], leaf["source"]["line"]) for leaf in either["children"]] == [
        (BMI_40, "A BMI of 40 or more", 12),
        (BMI_35, "a BMI of 35 or more with type 2 diabetes", 12),
    ]
    assert (programme["key"], programme["source"]["line"]) == (PROGRAMME, 13)
    assert programme["definitions"] == ["Specialist weight management programme"]
    assert (fit["key"], fit["source"]["line"]) == (FIT, 14)

    (definition,) = policy["definitions"]
    assert definition["term"] == "Specialist weight management programme"
    assert definition["text"] == "a structured programme led by a team of several professions."
    assert definition["source"]["line"] == 16
    (exclusion,) = policy["exclusions"]
    assert exclusion["key"] == EATING
    assert exclusion["source"]["line"] == 18

    thresholds = [
        (t["measure"], t["comparator"], t["value"], t["words"], t["criterion"], t["source"]["line"])
        for t in policy["thresholds"]
    ]
    assert thresholds == [
        ("BMI", ">=", 40, "A BMI of 40 or more", BMI_40, 12),
        ("BMI", ">=", 35, "a BMI of 35 or more", BMI_35, 12),
    ]
    (duration,) = policy["durations"]
    assert (duration["comparator"], duration["value"], duration["unit"]) == (">=", 6, "month")
    assert (duration["words"], duration["criterion"], duration["source"]["line"]) == (
        "for at least 6 months",
        PROGRAMME,
        13,
    )
    ages = policy["version"]["age_limits"]
    assert (ages["min"], ages["max"], ages["words"], ages["source"]["line"]) == (
        18,
        None,
        "aged 18 or over",
        10,
    )
    assert policy["criteria_curated"]["by_editor"] is True


def test_the_curated_policy_is_evaluated_with_its_exclusion(structured, client):
    def answer(facts):
        response = evaluate(client, facts, slug=SLUG)
        assert response.status_code == 200, response.content
        return response.json()

    met = {BMI_40: False, BMI_35: True, PROGRAMME: True, FIT: True, EATING: False}
    assert answer(met)["result"] == "met"
    assert answer({**met, BMI_35: False})["result"] == "not_met"
    excluded = answer({**met, EATING: True})
    assert (excluded["result"], excluded["criteria_result"]) == ("not_met", "met")
    assert [reason["key"] for reason in excluded["applied_exclusions"]] == [EATING]
    assert answer({BMI_40: True, PROGRAMME: True})["result"] == "undetermined"


def test_the_page_shows_the_marks_and_the_editors_change_beside_the_parsers_reading(structured, client):
    page = client.get(f"/policies/{SLUG}/").content.decode()
    assert "Specialist weight management programme" in page
    assert "untreated eating disorder" in page
    assert "Criteria structured by an editor</strong> (Ada Editor) on" in page
    assert "Changed by an editor on" in page


def test_the_structured_diff_says_what_the_editor_changed_of_the_parsers_reading(structured, client):
    answer = get_json(client, f"/api/v1/policies/{SLUG}/changes")

    (editorial,) = answer["editorial_changes"]
    assert editorial["editorial"] is True
    assert editorial["older"]["file"] == editorial["newer"]["file"] == FILE
    assert editorial["newer"]["dated_by"] == "editor"
    kinds = sorted(change["kind"] for change in editorial["changes"])
    assert kinds.count("criterion_added") == 4
    assert kinds.count("threshold_added") == 2
    assert {"definition_added", "exclusion_added", "duration_added", "age_changed"} <= set(kinds)
    sentences = [change["sentence"] for change in editorial["changes"]]
    assert "Minimum age none → 18" in sentences
    added = {c["new"] for c in editorial["changes"] if c["kind"] == "criterion_added"}
    assert "a BMI of 35 or more with type 2 diabetes" in added
    assert editorial["summary"].startswith("Changed by an editor on")


def test_a_recapture_that_moves_the_lines_replays_the_marks_on_their_new_lines(structured, client):
    structured.recapture(FILE, RECAPTURED, insert_blank_lines("Eligibility Criteria", 2))
    structured.load()

    assert CuratedTree.objects.get().status == CurationStatus.ACTIVE
    policy = get_json(client, f"/api/v1/policies/{SLUG}/")
    assert [leaf["source"]["line"] for leaf in policy["criteria"]["children"][0]["children"]] == [14, 14]
    assert policy["definitions"][0]["source"]["line"] == 18
    assert policy["exclusions"][0]["source"]["line"] == 20
    assert [t["source"]["line"] for t in policy["thresholds"]] == [14, 14]
    assert policy["durations"][0]["criterion"] == PROGRAMME
    assert policy["version"]["age_limits"]["source"]["line"] == 12


def test_a_capture_beside_the_old_one_that_changes_a_marked_line_is_a_conflict_not_the_old_capture(
    structured, client
):
    # add_source keeps the earlier capture as a superseded version: the tree must not fall back to it.
    structured.capture_beside(
        FILE, RECAPTURED, replace_words("untreated eating", "active eating"), "2026-11-28"
    )
    outcome = structured.load()

    curated = CuratedTree.objects.get()
    assert curated.status == CurationStatus.CONFLICT
    assert "Surgery is not commissioned" in curated.conflict_reason
    assert any("policies.curatedtree" in line for line in outcome["correction_conflicts"])
    assert get_json(client, f"/api/v1/policies/{SLUG}/")["criteria"] is None  # the parser's reading


def test_a_conflict_is_tried_again_and_applied_when_a_capture_prints_the_lines_again(structured, client):
    structured.recapture(FILE, RECAPTURED, replace_words("Judged fit", "Found fit"))
    structured.load()
    assert CuratedTree.objects.get().status == CurationStatus.CONFLICT

    structured.recapture(RECAPTURED, "913_weight_loss_surgery.txt", replace_words("Found fit", "Judged fit"))
    structured.load()

    curated = CuratedTree.objects.get()
    assert (curated.status, curated.conflict_reason) == (CurationStatus.ACTIVE, "")
    assert get_json(client, f"/api/v1/policies/{SLUG}/")["criteria"]["kind"] == "all"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"words_13": "a programme run by nobody"}, "is not printed on line 13"),
        ({"mwords_0": "a bmi of 40 or more"}, "is not printed on line 12 (exactly, case included)"),
        ({"mvalue_2": "six"}, "the value must be a number"),
        ({"mcomp_0": ""}, "the comparator is one of"),
        ({"munit_2": "fortnights"}, "the unit is one of day, week, month, year"),
        ({"role_18": "definition"}, "give the term it defines"),
        ({"mline_0": "3"}, "line 3 is blank"),
    ],
)
def test_a_form_that_cannot_be_saved_is_shown_again_as_filled_in_with_the_reason(
    corpus, client, editor, change, message
):
    client.force_login(editor)
    response = client.post(structure_url(), {**FORM, **change})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert not CuratedTree.objects.exists()
    for value in change.values():
        if value:
            assert f'value="{value}"' in page or f'value="{value}" selected' in page


def test_the_structuring_page_keeps_the_parsers_reading_in_view_and_prefills_the_marks(
    structured, client, editor
):
    client.force_login(editor)
    page = client.get(structure_url()).content.decode()

    assert 'id="parser-reading"' in page
    assert "criteria not structured" in page  # what the parser said of these criteria
    assert 'name="words_12" value="A BMI of 40 or more | a BMI of 35 or more with type 2 diabetes"' in page
    assert '<option value="definition" selected>' in page
    assert 'name="mwords_0" value="A BMI of 40 or more"' in page
    assert 'name="mwords_2" value="for at least 6 months"' in page
    assert 'name="mwords_3" value="aged 18 or over"' in page

    # Saved again unchanged, the editor's reading is the same.
    before = get_json(client, f"/api/v1/policies/{SLUG}/")
    form = {key: value for key, value in _form_fields(page).items()}
    assert client.post(structure_url(), {**form, "reason": "saved again"}).status_code == 302
    after = get_json(client, f"/api/v1/policies/{SLUG}/")
    for field in ("criteria", "definitions", "exclusions", "thresholds", "durations"):
        assert after[field] == before[field], field
    assert after["version"]["age_limits"] == before["version"]["age_limits"]


def _form_fields(page: str) -> dict[str, str]:
    """The structuring form's fields as a browser would post them (inputs, ticked boxes, selected options)."""
    import html
    import re

    form = page[page.index('id="structure-form"') :]
    fields: dict[str, str] = {}
    for tag in re.findall(r"<input [^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                fields[name.group(1)] = "on"
            continue
        if 'type="submit"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        first = re.search(r'<option value="([^"]*)"', body)
        fields[name] = html.unescape((chosen or first).group(1))
    return fields


def test_the_fhir_questionnaire_asks_the_editors_criteria_and_says_an_editor_structured_them(
    structured, client
):
    from django.utils import timezone

    resource = client.get(f"/api/v1/policies/{SLUG}/fhir").json()

    assert [item["linkId"] for item in resource["item"] if item["type"] == "boolean"][:4] == [
        BMI_40,
        BMI_35,
        PROGRAMME,
        FIT,
    ]
    today = timezone.localdate().isoformat()
    assert f"These criteria were structured by an editor on {today}" in resource["description"]
    assert EATING in resource["description"]


def test_a_capture_beside_the_old_one_that_moves_the_lines_is_read_as_the_editor_read_both(
    structured, client
):
    structured.capture_beside(FILE, RECAPTURED, insert_blank_lines("Eligibility Criteria", 2), "2026-11-28")
    structured.load()

    curated = CuratedTree.objects.get()
    assert (curated.status, curated.applied_to) == (CurationStatus.ACTIVE, RECAPTURED)
    versions = PolicyVersion.objects.filter(policy__slug=SLUG).order_by("document__retrieved_on")
    assert [(v.document.filename, v.curated_tree_id) for v in versions] == [
        (FILE, curated.pk),
        (RECAPTURED, curated.pk),
    ]
    assert get_json(client, f"/api/v1/policies/{SLUG}/")["thresholds"][0]["source"]["line"] == 14
    # The editor's change is on the capture it was last applied to, once.
    assert len(get_json(client, f"/api/v1/policies/{SLUG}/changes")["editorial_changes"]) == 1


def test_the_evaluation_says_the_criteria_it_used_were_structured_by_an_editor(structured, client):
    from django.utils import timezone

    answer = evaluate(client, {BMI_40: True}, slug=SLUG).json()
    assert answer["version"]["criteria_curated"] == {
        "by_editor": True,
        "on": timezone.localdate().isoformat(),
    }


def test_an_editor_withdraws_a_conflict_whose_lines_are_gone_for_good(structured, client, editor):
    structured.recapture(FILE, RECAPTURED, replace_words("Judged fit", "Found fit"))
    structured.load()
    curated = CuratedTree.objects.get()
    assert curated.status == CurationStatus.CONFLICT
    assert [item.what for item in review_queue()].count("curation conflict") == 1

    client.force_login(editor)
    response = client.post(
        "/admin/policies/curatedtree/", {"action": "withdraw_conflicts", "_selected_action": [curated.pk]}
    )

    assert response.status_code == 302
    curated.refresh_from_db()
    assert curated.status == CurationStatus.REPLACED  # kept, never deleted
    assert structured.load()["correction_conflicts"] == []  # no longer tried nor reported
    assert "curation conflict" not in [item.what for item in review_queue()]


def test_the_review_queue_reads_conflicts_in_a_fixed_number_of_queries(structured, client, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from policies import actions
    from tests.integration.curation_corpus import DOCUMENTS as documents

    structured.add(
        documents / "curation" / "carpal_tunnel_not_structured.txt",
        "921_carpal_tunnel.txt",
        "https://referral.example/carpal-tunnel-release",
        ORGANISATION,
    )
    structured.load()
    structured.recapture(FILE, RECAPTURED, replace_words("Judged fit", "Found fit"))
    structured.load()
    with CaptureQueriesContext(connection) as one_conflict:
        assert [item.what for item in review_queue()].count("curation conflict") == 1

    carpal = PolicyVersion.objects.get(document__filename="921_carpal_tunnel.txt")
    actions.structure_criteria(version=carpal, tree={"op": "all", "children": [{"line": 17}]}, editor=editor)
    structured.recapture(
        "921_carpal_tunnel.txt", "922_carpal_tunnel.txt", replace_words("wake the", "woke the")
    )
    structured.load()
    with CaptureQueriesContext(connection) as two_conflicts:
        items = [item for item in review_queue() if item.what == "curation conflict"]

    assert sorted(item.file for item in items) == [RECAPTURED, "922_carpal_tunnel.txt"]
    assert len(two_conflicts) == len(one_conflict)


def test_a_line_with_a_criterion_and_an_exclusion_is_offered_as_the_criterion_alone(corpus, client, editor):
    from policies import actions

    version = PolicyVersion.objects.get(policy__slug=SLUG)
    actions.structure_criteria(
        version=version,
        tree={"op": "all", "children": [{"line": 18, "part": "Surgery is not commissioned"}]},
        marks={"exclusions": [{"line": 18, "part": "an untreated eating disorder"}]},
        editor=editor,
    )
    client.force_login(editor)

    page = client.get(structure_url()).content.decode()

    assert 'name="words_18" value="Surgery is not commissioned"' in page
