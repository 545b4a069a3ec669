"""An editor sets a NICE decision the parser did not read (issue 13, item 2), through ``guidance.actions``.

The guidance is ``tests/data/documents/nice/final_decision_items_lost.txt``:
its paragraphs lost the words that decide a level, so it loads with the level
not read. An editor decides paragraph 1.1 (line 5): special arrangements, for
"slow heart rhythms". A re-capture that moves the line replays the decision;
one that changes the paragraph's words makes it a conflict, reported by the
load and the review queue, and the level is "not read" again meanwhile.
"""

import pytest
from django.contrib.auth.models import User

from guidance import actions
from guidance.models import CuratedDecision, CuratedDecisionStatus, GuidanceDocument, Indication, Procedure
from policies.review_queue import review_queue
from sources import corrections
from sources.models import DataChange
from tests.integration.curation_corpus import DOCUMENTS, Corpus, insert_blank_lines, replace_words

FILE = "903_leadless_pacing.txt"
RECAPTURED = "904_leadless_pacing.txt"
URL = "https://www.nice.org.uk/guidance/example-leadless-pacing/chapter/1-recommendations"
SLUG = "example-leadless-pacing"
LINE = 5
INDICATION = "slow heart rhythms"


@pytest.fixture
def corpus(db, tmp_path):
    corpus = Corpus(tmp_path)
    corpus.add(DOCUMENTS / "nice" / "final_decision_items_lost.txt", FILE, URL, procedure=SLUG)
    corpus.load()
    return corpus


def procedure():
    return Procedure.objects.get(slug=SLUG)


def decide(editor, **overrides):
    arguments = {
        "document": GuidanceDocument.objects.get(filename=FILE),
        "line": LINE,
        "level": "special",
        "indication": INDICATION,
        "editor": editor,
        "reason": "the level words were lost in the capture",
    } | overrides
    return actions.set_decision(**arguments)


def decisions():
    return [
        (i.document.filename, i.line, i.level, i.text, i.recommendation_number, i.curated)
        for i in Indication.objects.filter(procedure=procedure()).select_related("document")
    ]


def test_the_guidance_loads_with_its_level_not_read(corpus):
    assert (procedure().level_not_read_file, procedure().level_not_read_line) == (FILE, 1)
    assert decisions() == []


def test_a_decision_is_applied_at_once_and_keyed_on_the_line(corpus, editor):
    decision = decide(editor)

    assert decisions() == [(FILE, LINE, "special", INDICATION, "1.1", True)]
    assert (procedure().level_not_read_file, procedure().level_not_read_line) == ("", None)
    text = GuidanceDocument.objects.get(filename=FILE).text
    assert decision.line_hash == corrections.line_hash(text.splitlines()[LINE - 1])
    assert (decision.anchor, decision.applied_to, decision.status) == (
        URL,
        FILE,
        CuratedDecisionStatus.ACTIVE,
    )
    assert decision.parser_reading is None  # the parser read no decision there


def test_a_decision_is_in_the_change_feed_without_its_author(corpus, editor, client):
    decide(editor)
    change = DataChange.objects.order_by("-pk").first()
    assert (change.kind, change.key, change.action) == ("procedure", SLUG, "changed")
    assert (
        change.summary
        == f"Decision set by an editor: special arrangements for {INDICATION} (line 5 of {FILE})"
    )

    feed = client.get("/api/v1/changes/").json()
    entry = next(item for item in feed["results"] if item["summary"].startswith("Decision set by an editor"))
    assert entry["key"] == SLUG
    assert "Ada" not in str(entry)
    assert "editor@example.org" not in str(entry)


def test_the_api_says_the_decision_was_set_by_an_editor_and_when(corpus, editor, client):
    decision = decide(editor)
    detail = client.get(f"/api/v1/procedures/{SLUG}/").json()

    assert detail["level_not_read"] is None
    [indication] = detail["indications"]
    assert (indication["level"], indication["indication"]) == ("special", INDICATION)
    assert indication["curated"] == {"by_editor": True, "on": decision.created_at.date().isoformat()}
    assert "Ada" not in str(detail)


def test_a_parsed_decision_says_it_was_not_curated(db, client):
    from django.conf import settings
    from django.core.management import call_command

    call_command("loaddata", *sorted(str(p) for p in settings.FIXTURES_DIR.glob("*.json")), verbosity=0)
    slug = Indication.objects.select_related("procedure").first().procedure.slug
    detail = client.get(f"/api/v1/procedures/{slug}/").json()
    assert detail["indications"]
    assert all(item["curated"] is None for item in detail["indications"])


def test_an_indication_must_be_words_of_the_line(corpus, editor):
    with pytest.raises(actions.DecisionError, match="must be words of line 5"):
        decide(editor, indication="fast heart rhythms")
    with pytest.raises(actions.DecisionError, match="non-blank line"):
        decide(editor, line=2)
    assert not CuratedDecision.objects.exists()
    assert decisions() == []


def test_a_recapture_that_moves_the_line_replays_the_decision(corpus, editor):
    decide(editor)
    corpus.recapture(FILE, RECAPTURED, insert_blank_lines("1.1 Evidence on the safety"))
    outcome = corpus.load()

    assert outcome["correction_conflicts"] == []
    assert decisions() == [(RECAPTURED, LINE + 2, "special", INDICATION, "1.1", True)]
    assert procedure().level_not_read_file == ""
    decision = CuratedDecision.objects.get()
    assert (decision.status, decision.line, decision.applied_to) == ("active", LINE + 2, RECAPTURED)


def test_a_recapture_that_changes_the_line_keeps_a_conflict_and_serves_the_parsers_reading(
    corpus, editor, client
):
    decide(editor)
    corpus.recapture(FILE, RECAPTURED, replace_words("serious but well-recognised", "serious"))
    outcome = corpus.load()

    [conflict] = outcome["correction_conflicts"]
    assert conflict.startswith(
        f"guidance.curateddecision '{SLUG}' decision: line '1.1 Evidence on the safety"
    )
    assert conflict.endswith("no longer in the source")
    decision = CuratedDecision.objects.get()
    assert decision.status == CuratedDecisionStatus.CONFLICT
    assert decisions() == []
    assert (procedure().level_not_read_file, procedure().level_not_read_line) == (RECAPTURED, 1)
    assert client.get(f"/api/v1/procedures/{SLUG}/").json()["level_not_read"]["source"]["file"] == RECAPTURED

    [item] = [item for item in review_queue() if item.what == "curation conflict"]
    assert item.reason.startswith("decision set by an editor (special arrangements): line '1.1")
    assert item.file == RECAPTURED
    assert item.fix_url == f"/admin/guidance/procedure/{procedure().pk}/decide/"


def test_deciding_the_same_line_again_replaces_the_earlier_decision(corpus, editor):
    first = decide(editor)
    decide(editor, level="research_only", indication="")
    first.refresh_from_db()
    assert first.status == CuratedDecisionStatus.REPLACED
    assert decisions() == [(FILE, LINE, "research_only", "", "1.1", True)]


def decide_url():
    return f"/admin/guidance/procedure/{procedure().pk}/decide/"


def test_the_decision_page_is_for_staff_only(corpus, client):
    url = decide_url()
    assert client.get(url).status_code == 302
    assert client.get(url)["Location"].startswith("/admin/login/")
    assert client.post(url, {"line": LINE, "level": "special", "reason": "x"}).status_code == 302
    client.force_login(User.objects.create_user("clinician", password="a-long-test-password"))
    assert client.get(url).status_code == 302  # not staff: the admin's login again
    assert not CuratedDecision.objects.exists()


def test_an_editor_sets_the_decision_in_the_admin(corpus, client, editor):
    client.force_login(editor)
    page = client.get(decide_url()).content.decode()
    assert "The parser read no decision" in page
    assert 'value="5" id="line_5"' in page

    response = client.post(
        decide_url(), {"line": LINE, "level": "special", "indication": INDICATION, "reason": "lost words"}
    )

    assert response.status_code == 302
    decision = CuratedDecision.objects.get()
    assert (decision.editor, decision.reason, decision.level) == (editor, "lost words", "special")
    assert decisions() == [(FILE, LINE, "special", INDICATION, "1.1", True)]
    page = client.get(response["Location"]).content.decode()
    assert "set by Ada Editor on" in page


def test_a_bad_decision_is_shown_again_with_the_reason(corpus, client, editor):
    client.force_login(editor)
    response = client.post(
        decide_url(), {"line": LINE, "level": "special", "indication": "fast", "reason": "x"}
    )
    assert response.status_code == 200
    assert "the indication must be words of line 5" in response.content.decode()
    assert not CuratedDecision.objects.exists()


def test_the_decision_page_needs_the_csrf_token(corpus, editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(decide_url(), {"line": LINE, "level": "special", "reason": "x"})
    assert response.status_code == 403
    assert not CuratedDecision.objects.exists()


def test_the_review_queue_links_a_level_not_read_to_the_decision_page(corpus):
    [item] = [item for item in review_queue() if item.what == "level not read" and item.file == FILE]
    assert item.fix_url == decide_url()


def test_the_note_beside_a_curated_decision_says_set_by_an_editor_and_when(corpus, editor):
    from django.template.loader import render_to_string

    decision = decide(editor)
    indication = Indication.objects.get(procedure=procedure())
    note = render_to_string("guidance/includes/curated_decision_note.html", {"on": indication.curated_on})
    assert "Set by an editor" in note
    assert f'datetime="{decision.created_at.date().isoformat()}"' in note
    assert "Ada" not in note
    assert render_to_string("guidance/includes/curated_decision_note.html", {"on": None}).strip() == ""


def test_the_procedure_page_says_the_decision_was_set_by_an_editor(corpus, editor, client):
    before = client.get(f"/procedures/{SLUG}/").content.decode()
    assert "Set by an editor" not in before
    decision = decide(editor)
    page = client.get(f"/procedures/{SLUG}/").content.decode()
    assert "Set by an editor" in page
    assert f'<time datetime="{decision.created_at.date().isoformat()}">' in page
    assert "Ada" not in page


def test_the_structured_diff_says_what_the_editor_decided_against_the_parsers_reading(corpus, editor, client):
    decide(editor)

    answer = client.get(f"/api/v1/procedures/{SLUG}/changes").json()
    (diff,) = answer["diffs"]
    assert (diff["editorial"], diff["older"]["file"], diff["newer"]["file"]) == (True, FILE, FILE)
    assert diff["newer"]["dated_by"] == "editor"
    (change,) = diff["changes"]
    assert change["kind"] == "decision_set_by_editor"
    assert change["sentence"] == (
        "Decision set by an editor for 'slow heart rhythms': level not read → special arrangements"
    )
    assert (change["old"], change["new"], change["old_source"]) == (None, "special arrangements", None)
    assert change["new_source"]["line"] == LINE
    page = client.get(f"/procedures/{SLUG}/").content.decode()
    assert "Changed by an editor on" in page
    assert "level not read → special arrangements" in page


def test_a_capture_beside_the_old_one_without_the_line_is_a_conflict_not_the_old_capture(corpus, editor):
    decide(editor)
    corpus.capture_beside(FILE, RECAPTURED, replace_words("slow heart rhythms", "slow rhythms"), "2026-11-28")
    corpus.load()

    decision = CuratedDecision.objects.get()
    assert decision.status == CuratedDecisionStatus.CONFLICT
    assert not Indication.objects.filter(
        curated=True
    ).exists()  # the superseded capture is not decided either


def test_a_conflicting_decision_is_applied_again_when_a_capture_prints_its_line_again(corpus, editor):
    decide(editor)
    corpus.recapture(FILE, RECAPTURED, replace_words("slow heart rhythms", "slow rhythms"))
    corpus.load()
    assert CuratedDecision.objects.get().status == CuratedDecisionStatus.CONFLICT

    corpus.recapture(
        RECAPTURED, "905_leadless_pacing.txt", replace_words("slow rhythms", "slow heart rhythms")
    )
    corpus.load()

    decision = CuratedDecision.objects.get()
    assert (decision.status, decision.conflict_reason, decision.applied_to) == (
        CuratedDecisionStatus.ACTIVE,
        "",
        "905_leadless_pacing.txt",
    )
    assert [(d[0], d[2], d[5]) for d in decisions()] == [("905_leadless_pacing.txt", "special", True)]
