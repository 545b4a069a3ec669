import datetime as dt

from guidance.stages import (
    DatedFact,
    Stage,
    StageInputs,
    derive_stage,
    publication_overdue,
    stage_inputs,
    stage_on,
)
from sources.parsing.dates import PartialDate

CLOSING = DatedFact("closing_date", PartialDate("2025-02-21", "day"))
TARGET = DatedFact("target_publication", PartialDate("2025-06", "month"))
CONSULTATION = DatedFact("consultation", PartialDate("2021-10-21", "day"), PartialDate("2021-11-18", "day"))


def test_stage_published_when_final_guidance_exists():
    report = derive_stage(has_final_guidance=True, facts=[CLOSING], today=dt.date(2020, 1, 1))
    assert report.stage is Stage.PUBLISHED
    assert report.publication_overdue is False


def test_stage_consultation_closed_with_publication_now_past():
    report = derive_stage(has_final_guidance=False, facts=[CLOSING, TARGET], today=dt.date(2026, 11, 21))
    assert report.stage is Stage.CONSULTATION_CLOSED
    assert report.summary == "Consultation closed 21 February 2025; publication expected June 2025, now past"
    assert report.publication_overdue is True


def test_stage_consultation_open_on_its_closing_day():
    report = derive_stage(has_final_guidance=False, facts=[CLOSING, TARGET], today=dt.date(2025, 2, 21))
    assert report.stage is Stage.CONSULTATION_OPEN
    assert report.summary == "Consultation open until 21 February 2025; publication expected June 2025"


def test_stage_month_precision_target_not_past_within_the_month():
    report = derive_stage(has_final_guidance=False, facts=[CLOSING, TARGET], today=dt.date(2025, 6, 30))
    assert report.publication_overdue is False
    assert derive_stage(
        has_final_guidance=False, facts=[CLOSING, TARGET], today=dt.date(2025, 7, 1)
    ).publication_overdue


def test_stage_in_development_before_a_consultation_range_starts():
    report = derive_stage(has_final_guidance=False, facts=[CONSULTATION], today=dt.date(2021, 10, 20))
    assert report.stage is Stage.IN_DEVELOPMENT
    assert report.summary == "Consultation opens 21 October 2021"


def test_stage_open_inside_and_closed_after_a_consultation_range():
    inside = derive_stage(has_final_guidance=False, facts=[CONSULTATION], today=dt.date(2021, 11, 1))
    after = derive_stage(has_final_guidance=False, facts=[CONSULTATION], today=dt.date(2021, 11, 19))
    assert (inside.stage, after.stage) == (Stage.CONSULTATION_OPEN, Stage.CONSULTATION_CLOSED)
    assert after.summary == "Consultation closed 18 November 2021"


def test_stage_in_development_without_dates():
    report = derive_stage(has_final_guidance=False, facts=[], today=dt.date(2026, 1, 1))
    assert (report.stage, report.summary) == (Stage.IN_DEVELOPMENT, "In development")


def test_stage_inputs_are_the_first_and_last_days_the_dates_can_mean():
    inputs = stage_inputs(has_final_guidance=False, facts=[CLOSING, TARGET, CONSULTATION])
    assert inputs == StageInputs(
        has_final_guidance=False,
        consultation_starts_on=dt.date(2021, 10, 21),
        consultation_ends_on=dt.date(2021, 11, 18),
        expected_publication_ends_on=dt.date(2025, 6, 30),
    )


def test_stage_inputs_end_at_the_closing_date_when_the_consultation_states_no_end():
    open_ended = DatedFact("consultation", PartialDate("2025-01", "month"))
    inputs = stage_inputs(has_final_guidance=False, facts=[open_ended, CLOSING])
    assert (inputs.consultation_starts_on, inputs.consultation_ends_on) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 21),
    )


def test_stage_on_agrees_with_derive_stage_day_by_day():
    for facts in ([CLOSING, TARGET], [CONSULTATION], [CONSULTATION, CLOSING], []):
        inputs = stage_inputs(has_final_guidance=False, facts=facts)
        for offset in range(-400, 1600, 7):
            today = dt.date(2021, 10, 1) + dt.timedelta(days=offset)
            report = derive_stage(has_final_guidance=False, facts=facts, today=today)
            assert stage_on(inputs, today) is report.stage, (facts, today)
            assert publication_overdue(inputs, today) is report.publication_overdue
