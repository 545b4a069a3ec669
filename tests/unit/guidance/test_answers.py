"""The answer a procedure page leads with: level, final or draft, guidance number, date, line. No database."""

import datetime as dt
from types import SimpleNamespace

from guidance import answers
from guidance.presenters import NICE_IP_GUIDANCE_URL
from guidance.stages import Stage
from sources.parsing.dates import PartialDate
from tests.unit.guidance.rows import event

FINAL = SimpleNamespace(
    pk=1,
    kind="ipg_recommendations",
    filename="000.txt",
    guidance_id="",
    source_url="https://www.nice.org.uk/guidance/ipg722/chapter/1-recommendations",
    retrieved_on=dt.date(2026, 11, 21),
    superseded=False,
)
CONSULTATION = SimpleNamespace(
    pk=4,
    kind="ip_consultation",
    filename="004.txt",
    guidance_id="",
    source_url="https://www.nice.org.uk/consultations/2574/1/interventional-procedures-consultation-document",
    retrieved_on=dt.date(2026, 11, 21),
    superseded=False,
)
IN_PROGRESS = SimpleNamespace(
    pk=7,
    kind="ip_in_progress",
    filename="001.txt",
    guidance_id="",
    source_url="https://www.nice.org.uk/guidance/indevelopment/gid-ipg10180",
    retrieved_on=dt.date(2026, 11, 21),
    superseded=False,
)


def decision(document, level, *, text="", number="1.1", line=5):
    return SimpleNamespace(
        document=document,
        text=text,
        level=level,
        is_draft=document.kind == "ip_consultation",
        recommendation_number=number,
        line=line,
    )


def test_final_guidance_answer_reads_its_number_from_the_address_and_its_publication_date():
    events = [
        event("published", "2022-03-16", line=2, document_id=1),
        event("document", "2025-01", "month", document_id=4),
    ]
    (answer,) = answers.procedure_answer([decision(FINAL, "special")], events)
    assert (answer.final, answer.status) == (True, "Final guidance")
    assert (answer.level.label, answer.level.draft) == ("Special arrangements", False)
    assert answer.guidance_number == "IPG722"
    assert (answer.date_label, answer.date, answer.date_filename, answer.date_line) == (
        "Published",
        "16 March 2022",
        "000.txt",
        2,
    )
    assert (answer.recommendation_number, answer.filename, answer.line) == ("1.1", "000.txt", 5)
    assert answer.explanation_url == NICE_IP_GUIDANCE_URL


def test_a_date_the_document_does_not_print_is_left_blank():
    (answer,) = answers.procedure_answer([decision(FINAL, "standard")], [])
    assert (answer.date_label, answer.date, answer.date_line) == ("Published", "", None)
    assert answer.retrieved_on == dt.date(2026, 11, 21)
    assert answer.explanation_url == ""  # standard arrangements: nothing extra to explain


def test_a_consultation_answer_is_a_draft_dated_by_its_document_date():
    events = [
        event("closing_date", "2025-02-21", line=35, document_id=4),
        event("document", "2025-01", "month", line=141, document_id=4),
    ]
    treat, prevent = answers.procedure_answer(
        [
            decision(CONSULTATION, "special", text="To treat pain", line=43),
            decision(CONSULTATION, "research_only", text="To prevent pain", number="1.4", line=58),
        ],
        events,
    )
    assert (treat.final, treat.level.draft, treat.guidance_number) == (False, True, "")
    assert treat.status == "Draft: from a consultation document, so it may change before final guidance"
    assert (treat.date_label, treat.date, treat.date_line) == (
        "Consultation document dated",
        "January 2025",
        141,
    )
    assert (prevent.text, prevent.level.label, prevent.recommendation_number, prevent.line) == (
        "To prevent pain",
        "Research only",
        "1.4",
        58,
    )


def test_nice_page_prefers_the_work_programme_then_the_guidance_number_then_a_nice_capture():
    assert answers.nice_page([CONSULTATION, IN_PROGRESS]) == answers.NicePage(
        IN_PROGRESS.source_url, "NICE's page for this procedure"
    )
    printed = SimpleNamespace(
        **{**vars(FINAL), "guidance_id": "IPG739", "source_url": "https://example.org/x"}
    )
    assert answers.nice_page([CONSULTATION, printed]) == answers.NicePage(
        "https://www.nice.org.uk/guidance/ipg739", "NICE's page for IPG739"
    )
    assert answers.nice_page([CONSULTATION]) == answers.NicePage(
        CONSULTATION.source_url, "NICE's page for this consultation"
    )
    elsewhere = SimpleNamespace(**{**vars(CONSULTATION), "source_url": "https://example.org/consultation"})
    assert answers.nice_page([elsewhere]) is None


def test_a_superseded_versions_address_comes_last():
    old = SimpleNamespace(
        **{**vars(IN_PROGRESS), "superseded": True, "source_url": "https://www.nice.org.uk/old"}
    )
    assert answers.nice_page([old, CONSULTATION]).url == CONSULTATION.source_url


def test_overdue_notice_only_when_the_target_publication_has_passed():
    overdue = SimpleNamespace(
        stage=Stage.CONSULTATION_CLOSED,
        publication_overdue=True,
        expected_publication=PartialDate("2025-06", "month"),
    )
    notice = answers.overdue_notice(overdue, [CONSULTATION])
    assert notice.expected == "June 2025"
    assert notice.page.url == CONSULTATION.source_url
    on_time = SimpleNamespace(**{**vars(overdue), "publication_overdue": False})
    assert answers.overdue_notice(on_time, [CONSULTATION]) is None
