"""Editorial corrections are keyed on the content of their line, not the file name and line (issue 13).

A re-capture of the same page gets a new file name and may move every line:
the correction still finds its row by the line's hash and is applied at the
new line; when the line's words change it becomes a conflict, kept, reported
by ``ingest --load``, and the parser's reading is served meanwhile.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from guidance.models import Recommendation
from sources import actions, corrections
from sources.models import CorrectionStatus, EditorialCorrection
from tests.integration.curation_corpus import Corpus, insert_blank_lines, replace_words

FILE = "000_163057d334ff0038.txt"
RECAPTURED = "005_aaaaaaaaaaaaaaaa.txt"
URL = "https://www.nice.org.uk/guidance/ipg722/chapter/1-recommendations"
CORRECTED = "This technically challenging procedure should only be done in specialist centres."


def upper_1_4():
    return Recommendation.objects.get(document__source_url=URL, number="1.4")


@pytest.fixture
def corpus(db, tmp_path):
    corpus = Corpus(tmp_path)
    corpus.load()
    editor = User.objects.create_superuser("editor", "editor@example.org", "a-long-test-password")
    actions.record_correction(instance=upper_1_4(), field="text", corrected_value=CORRECTED, author=editor)
    return corpus


def test_correction_is_keyed_on_the_documents_url_and_the_hash_of_its_line(corpus):
    correction = EditorialCorrection.objects.get()
    row = upper_1_4()
    line = row.document.text.splitlines()[row.line - 1]
    assert correction.anchor == URL
    assert correction.anchor_hashes == [corrections.line_hash(line)]
    assert correction.anchor_lines == [row.line]


def test_line_hash_ignores_spacing_and_non_breaking_spaces():
    assert corrections.line_hash("  a\u00a0b   c ") == corrections.line_hash("a b c")
    assert corrections.line_hash("a b c") != corrections.line_hash("a b d")


def test_find_lines_finds_moved_lines_in_order_nearest_the_hint():
    text = "x\na\nb\nx\na\nb\n"
    hashes = [corrections.line_hash("a"), corrections.line_hash("b")]
    assert corrections.find_lines(text, hashes, [5]) == [5, 6]
    assert corrections.find_lines(text, hashes, [1]) == [2, 3]
    assert corrections.find_lines("b\na\n", hashes, [1]) is None


def test_correction_is_replayed_on_a_recapture_that_moves_its_line(corpus):
    before = upper_1_4()
    corpus.recapture(FILE, RECAPTURED, insert_blank_lines("1.1", 2))

    outcome = corpus.load()

    after = upper_1_4()
    assert after.document.filename == RECAPTURED
    assert after.pk != before.pk  # the keys derived from the file name changed
    assert after.line == before.line + 2
    assert (outcome["corrections_applied"], outcome["correction_conflicts"]) == (1, [])
    assert after.text == CORRECTED
    correction = EditorialCorrection.objects.get()
    assert (correction.status, correction.object_pk, correction.anchor_lines) == (
        CorrectionStatus.ACTIVE,
        after.pk,
        [after.line],
    )


def test_correction_whose_line_changed_is_a_kept_conflict_reported_by_ingest(corpus, tmp_path):
    corpus.recapture(FILE, RECAPTURED, replace_words("1.4", "1.4 (renumbered)"))
    out = StringIO()

    call_command(
        "ingest",
        "--manifest",
        str(corpus.manifest),
        "--fixtures-dir",
        str(tmp_path / "ingested"),
        "--load",
        stdout=out,
    )

    correction = EditorialCorrection.objects.get()  # kept, never dropped
    assert correction.status == CorrectionStatus.CONFLICT
    assert correction.conflict_reason.startswith("line '1.4")
    assert "no longer in the source" in correction.conflict_reason
    assert "Editorial changes: 0 replayed, 1 in conflict." in out.getvalue()
    assert "no longer in the source" in out.getvalue()
    # The parser's reading of the new capture is served meanwhile.
    assert upper_1_4().text.startswith("(renumbered) This technically challenging procedure")


def test_correction_whose_words_changed_on_an_unmoved_line_is_a_conflict(corpus):
    corpus.recapture(FILE, RECAPTURED, replace_words("in specialist centres by", "in specialist centres, by"))

    outcome = corpus.load()

    assert outcome["corrections_applied"] == 0
    assert "the sources now give a different value" in outcome["correction_conflicts"][0]
    assert EditorialCorrection.objects.get().status == CorrectionStatus.CONFLICT
    assert "centres, by surgeons" in upper_1_4().text
