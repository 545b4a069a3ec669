"""Page shaping for the guidance pages: level tags, duties by audience, the register. No database."""

import datetime as dt
from types import SimpleNamespace

import pytest

from guidance import presenters
from guidance.models import DecisionLevel, Level
from guidance.stages import Stage, derive_stage
from tests.unit.guidance.rows import Related, event, register_procedure

# --- levels -----------------------------------------------------------------------------


def test_level_view_gives_words_and_a_plain_english_meaning():
    view = presenters.level_view("special")
    assert (view.label, view.draft) == ("Special arrangements", False)
    assert view.meaning == "Can be used, but only with extra governance, consent and audit arrangements"
    assert presenters.level_view("research_only", is_draft=True).draft is True


def test_level_view_covers_every_level():
    for level in DecisionLevel.values:
        assert presenters.level_view(level).meaning
    assert set(DecisionLevel.values) == {*Level.values, "evidence_generation"}


def test_level_view_of_the_evidence_generation_label():
    view = presenters.level_view("evidence_generation")
    assert (view.code, view.label) == ("evidence_generation", "Evidence generation")
    assert view.meaning == (
        "Can be used while more evidence is generated, with enhanced informed consent and auditing of outcomes"
    )


def test_level_view_rejects_an_unknown_level():
    with pytest.raises(ValueError, match="^'miracle' is not a valid DecisionLevel$"):
        presenters.level_view("miracle")


def test_level_not_read_view_points_at_the_source_line():
    procedure = SimpleNamespace(level_not_read_file="086_x.txt", level_not_read_line=3)
    view = presenters.level_not_read_view(procedure)
    assert (view.message, view.filename, view.line, view.url) == (
        "Level not read from the text",
        "086_x.txt",
        3,
        "/sources/086_x.txt/#L3",
    )
    assert (
        presenters.level_not_read_view(SimpleNamespace(level_not_read_file="", level_not_read_line=None))
        is None
    )


# --- duties and the register ---------------------------------------------------------------


def test_duty_groups_put_clinicians_first_with_the_stored_audit_tool_and_registries():
    groups = presenters.duty_groups(register_procedure())
    assert [(group.code, group.label) for group in groups] == [
        ("clinicians", "Clinicians"),
        ("organisations", "Healthcare organisations"),
    ]
    audit, registry = groups[0].lists[0].duties
    assert (audit.mentions_audit_tool, audit.registries, audit.kinds) == (
        True,
        (),
        ("Audit outcomes (outcomes audit tool)",),
    )
    assert (registry.mentions_audit_tool, registry.registries) == (
        False,
        ("National Neuromodulation Registry",),
    )
    assert groups[0].lists[0].levels[0].label == "Special arrangements"
    assert (groups[0].duty_count, groups[1].duty_count) == (2, 1)


def test_duty_groups_leave_out_lists_without_duties_and_audiences_without_lists():
    procedure = register_procedure()
    procedure.duty_lists[0].duties = Related()  # the organisations' list
    groups = presenters.duty_groups(procedure)
    assert [group.code for group in groups] == ["clinicians"]


def test_duty_list_levels_follow_its_indication():
    document = SimpleNamespace(filename="004.txt", source_url="u")
    indications = [
        SimpleNamespace(text="To treat pain", level="special", is_draft=True, document_id=4),
        SimpleNamespace(text="To prevent pain", level="research_only", is_draft=True, document_id=4),
    ]
    duty_list = SimpleNamespace(indication="To treat pain", document_id=4, document=document)
    (level,) = presenters._levels_for(duty_list, indications)
    assert (level.code, level.draft) == ("special", True)


def test_service_requirements_one_entry_per_sentence_with_every_kind():
    (requirement,) = presenters.service_requirement_views(register_procedure().service_requirements)
    assert requirement.kinds == ("Specialist centres only", "Surgeons with specific training")


def test_the_register_says_whether_any_duty_names_the_audit_tool():
    from guidance.register import register

    (entry,) = register([register_procedure()]).entries
    assert (entry.final.audit_tool, entry.final.duty_count) == (True, 3)
    assert [registry.name for registry in entry.final.registries] == ["National Neuromodulation Registry"]
    procedure = register_procedure()
    procedure.duty_lists[1].duties[0].mentions_audit_tool = False
    (entry,) = register([procedure]).entries
    assert entry.final.audit_tool is False


def test_consultation_rows_pick_the_first_date_of_each_kind():
    procedure = SimpleNamespace(
        title="TMR",
        events=Related(
            [
                event("closing_date", "2025-02-21", line=35),
                event("expected_publication", "2025-09", "month", line=40),
                event("target_publication", "2025-06", "month", line=37),
            ]
        ),
    )
    (row,) = presenters.consultation_rows(
        [procedure],
        lambda p: SimpleNamespace(
            summary=f"{p.title}: closed", stage=Stage.CONSULTATION_CLOSED, publication_overdue=True
        ),
    )
    assert row.stage_summary == "TMR: closed"
    assert row.stage_tag == presenters.StageTag("overdue", "Publication overdue")
    assert row.consultation is None
    assert (row.closing.when, row.closing.first) == ("21 February 2025", dt.date(2025, 2, 21))
    # A target publication date wins over an expected one, whichever is printed first.
    assert (row.publication.kind, row.publication.when) == ("target_publication", "June 2025")


# --- stages: one tag everywhere ----------------------------------------------------------------


def _report(stage, overdue=False):
    return SimpleNamespace(stage=stage, publication_overdue=overdue)


def test_stage_tag_says_publication_overdue_over_consultation_closed():
    assert presenters.stage_tag(_report(Stage.CONSULTATION_CLOSED, overdue=True)) == presenters.StageTag(
        "overdue", "Publication overdue"
    )
    assert presenters.stage_tag(_report(Stage.CONSULTATION_CLOSED)) == presenters.StageTag(
        "consultation_closed", "Consultation closed"
    )


@pytest.mark.parametrize(
    ("stage", "label"),
    [
        (Stage.IN_DEVELOPMENT, "In development"),
        (Stage.CONSULTATION_OPEN, "Consultation open"),
        (Stage.PUBLISHED, "Published"),
    ],
)
def test_stage_tag_uses_the_stage_label_otherwise(stage, label):
    assert presenters.stage_tag(_report(stage)) == presenters.StageTag(stage.value, label)


def test_stage_tag_of_a_derived_report_past_its_target_publication():
    from guidance.stages import DatedFact
    from sources.parsing.dates import PartialDate

    report = derive_stage(
        has_final_guidance=False,
        facts=[
            DatedFact("closing_date", PartialDate("2025-02-21", "day")),
            DatedFact("target_publication", PartialDate("2025-06", "month")),
        ],
        today=dt.date(2025, 7, 1),
    )
    assert presenters.stage_tag(report).label == "Publication overdue"
    # On the last day of the month it is not yet past.
    report = derive_stage(
        has_final_guidance=False,
        facts=[
            DatedFact("closing_date", PartialDate("2025-02-21", "day")),
            DatedFact("target_publication", PartialDate("2025-06", "month")),
        ],
        today=dt.date(2025, 6, 30),
    )
    assert presenters.stage_tag(report).label == "Consultation closed"


# --- recommendations as printed: gaps in the numbering ----------------------------------------


@pytest.mark.parametrize(
    ("previous", "current", "gap"),
    [
        ("1.4", "1.6", "1.5"),
        ("1.4", "1.8", "1.5 to 1.7"),
        ("1.4", "1.5", ""),
        ("1.9", "1.10", ""),
        ("1.6", "1.4", ""),
        ("", "1.6", ""),
        ("1.4", "", ""),
        ("1.4", "2.1", ""),
        ("1.4a", "1.6", ""),
        ("1", "3", ""),
    ],
)
def test_numbering_gap(previous, current, gap):
    assert presenters.numbering_gap(previous, current) == gap


def _printed_procedure(numbers):
    document = SimpleNamespace(pk=1, kind="ipg_recommendations", sections=Related([]))
    recommendations = [
        SimpleNamespace(document_id=1, number=number, text_html=f"<p>{number}</p>", line=index + 3)
        for index, number in enumerate(numbers)
    ]
    return SimpleNamespace(
        duty_lists=Related([]),
        research_needs=Related([]),
        recommendations=Related(recommendations),
        documents=Related([document]),
    )


def test_document_views_mark_the_number_skipped_before_a_recommendation():
    (view,) = presenters.document_views(_printed_procedure(["1.1", "1.2", "1.4", "", "1.6"]))
    assert [(r.number, r.missing_before) for r in view.recommendations] == [
        ("1.1", ""),
        ("1.2", ""),
        ("1.4", "1.3"),
        ("", ""),
        ("1.6", ""),  # the unnumbered paragraph before it may be 1.5: no gap is claimed
    ]


def test_printed_documents_leave_out_documents_without_recommendations():
    printed = presenters.document_views(_printed_procedure(["1.1"]))
    empty = presenters.document_views(_printed_procedure([]))
    assert presenters.printed_documents([*empty, *printed]) == printed
