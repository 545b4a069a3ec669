"""An editor structures a policy the parser could not (issue 13, item 1), through ``policies.actions``.

The policy is ``tests/data/documents/curation/carpal_tunnel_not_structured.txt``,
written for these tests: three criteria under a lead-in that does not say
how they combine. Curated as ALL(line 17, ANY(line 18, line 19)), the
evaluate endpoint then answers as for a parsed policy; a re-capture that
moves the lines replays the tree; one that changes a criterion's words makes
it a conflict, reported by ``ingest``, and the parser's reading is served.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone

from policies import actions, curation
from policies.models import CriterionNode, CuratedTree, CurationStatus, PolicyVersion
from sources.models import DataChange
from tests.integration.api.helpers import evaluate
from tests.integration.curation_corpus import DOCUMENTS, Corpus, insert_blank_lines, replace_words

FILE = "901_carpal_tunnel.txt"
RECAPTURED = "902_carpal_tunnel.txt"
URL = "https://referral.example/carpal-tunnel-release"
ORGANISATION = "NHS Example Integrated Care Board"
SLUG = "nhs-example-integrated-care-board-carpal-tunnel-release-clinical-commissioning-statement"
TREE = {"op": "all", "children": [{"line": 17}, {"op": "any", "children": [{"line": 18}, {"line": 19}]}]}
NIGHT = "symptoms-wake-night-stop-everyday"
THUMB = "wasting-weakness-thumb-muscles-found"
NERVE = "nerve-conduction-studies-showing-moderate"


@pytest.fixture
def corpus(db, tmp_path):
    corpus = Corpus(tmp_path)
    corpus.add(DOCUMENTS / "curation" / "carpal_tunnel_not_structured.txt", FILE, URL, ORGANISATION)
    corpus.load()
    return corpus


def version():
    return PolicyVersion.objects.select_related("document", "curated_tree").get(policy__slug=SLUG)


def curate(editor):
    return actions.structure_criteria(version=version(), tree=TREE, editor=editor, reason="lead-in unclear")


def leaf_keys():
    return [n.key for n in CriterionNode.objects.filter(version=version(), kind="leaf").order_by("order")]


def test_the_policy_loads_not_structured_and_cannot_be_evaluated(corpus, client):
    assert version().criteria_problem
    assert evaluate(client, {}, slug=SLUG).status_code == 422


def test_a_curated_tree_is_evaluated_as_a_parsed_one(corpus, client, editor):
    curate(editor)

    assert leaf_keys() == [NIGHT, THUMB, NERVE]
    cases = [
        ({NIGHT: True, THUMB: False, NERVE: True}, "met"),
        ({NIGHT: True, THUMB: False, NERVE: False}, "not_met"),
        ({NIGHT: False}, "not_met"),
        ({NIGHT: True}, "undetermined"),
        ({NIGHT: True, THUMB: True}, "met"),
    ]
    for facts, expected in cases:
        response = evaluate(client, facts, slug=SLUG)
        assert response.status_code == 200, response.content
        assert response.json()["criteria_result"] == expected, facts


def test_a_curated_tree_keeps_its_lines_editor_and_the_parsers_reading(corpus, editor):
    curated = curate(editor)

    assert [leaf["line"] for leaf in curation.leaves(curated.tree)] == [17, 18, 19]
    assert curated.parser_tree is None
    assert "criteria not structured" in curated.parser_problem
    assert version().curated_tree == curated
    assert version().criteria_structured
    assert all(node.curated for node in CriterionNode.objects.filter(version=version()))
    note = render_to_string("policies/includes/curated_criteria_note.html", {"version": version()})
    assert "Criteria structured by an editor" in note
    assert "Ada Editor" in note
    assert curated.created_at.strftime("%-d %B %Y") in note


def test_the_policy_page_and_api_say_an_editor_structured_the_criteria(corpus, client, editor):
    before = client.get(f"/api/v1/policies/{SLUG}/").json()
    assert before["criteria_curated"] is None
    curated = curate(editor)

    page = client.get(f"/policies/{SLUG}/").content.decode()
    assert "Criteria structured by an editor" in page
    assert "Ada Editor" in page
    body = client.get(f"/api/v1/policies/{SLUG}/").json()
    day = timezone.localdate(curated.created_at).isoformat()
    assert body["criteria_curated"] == {"by_editor": True, "on": day}
    assert body["criteria"]["kind"] == "all"
    assert "Ada" not in str(body)  # who is not published


def test_the_change_feed_records_the_curation_without_its_author(corpus, editor):
    curate(editor)

    change = DataChange.objects.get(key=SLUG, summary__startswith="Criteria structured by an editor")
    assert "Ada" not in change.summary
    assert "editor@example.org" not in change.summary


def test_a_curated_tree_is_replayed_on_a_recapture_that_moves_its_lines(corpus, editor, client):
    curate(editor)
    corpus.recapture(FILE, RECAPTURED, insert_blank_lines("Carpal tunnel release will be", 2))

    outcome = corpus.load()

    assert outcome["correction_conflicts"] == []
    assert version().document.filename == RECAPTURED
    assert version().curated_tree is not None
    curated = CuratedTree.objects.get()
    assert curated.status == CurationStatus.ACTIVE
    assert [leaf["line"] for leaf in curation.leaves(curated.tree)] == [19, 20, 21]
    lines = [n.line for n in CriterionNode.objects.filter(version=version(), kind="leaf").order_by("order")]
    assert lines == [19, 20, 21]
    response = evaluate(client, {NIGHT: True, THUMB: True}, slug=SLUG)
    assert response.json()["criteria_result"] == "met"


def test_a_changed_criterion_is_a_conflict_reported_by_ingest_and_the_parser_is_served(
    corpus, editor, client, tmp_path
):
    curate(editor)
    corpus.recapture(FILE, RECAPTURED, replace_words("moderate or severe", "severe"))
    out = StringIO()

    call_command(
        "ingest",
        "--manifest",
        str(corpus.manifest),
        "--fixtures-dir",
        str(tmp_path / "out"),
        "--load",
        stdout=out,
    )

    curated = CuratedTree.objects.get()  # kept, never dropped
    assert curated.status == CurationStatus.CONFLICT
    assert curated.conflict_reason == (
        "line 'Nerve conduction studies showing moderate or severe compress…' no longer in the source"
    )
    assert "conflict: policies.curatedtree" in out.getvalue()
    assert "no longer in the source" in out.getvalue()
    assert version().curated_tree is None
    assert not version().criteria_structured
    assert evaluate(client, {NIGHT: True}, slug=SLUG).status_code == 422
