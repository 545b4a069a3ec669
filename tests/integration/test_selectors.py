"""Selectors against the seed data: filters, the SQL stage and fixed query counts."""

import datetime as dt

import pytest

from guidance import selectors
from guidance.stages import DatedFact, Stage, StageInputs, stage_inputs

TODAY = dt.date(2026, 11, 21)
UPPER = "intramedullary-distraction-for-upper-limb-lengthening"
LOWER = "intramedullary-distraction-for-lower-limb-lengthening"
LUMBAR = "neurostimulation-of-lumbar-muscles-for-refractory-non-specific-chronic-low-back-pain"
TMR = "targeted-muscle-reinnervation-for-managing-limb-amputation-pain"


def slugs(queryset):
    return [p.slug for p in queryset]


# Each side of every date the seeds' stages turn on: a consultation's first and last day, a
# closing date, the last day of an expected publication month.
STAGE_DAYS = [
    dt.date(2021, 10, 1),
    dt.date(2021, 10, 20),
    dt.date(2021, 10, 21),
    dt.date(2021, 11, 1),
    dt.date(2021, 11, 18),
    dt.date(2021, 11, 19),
    dt.date(2025, 2, 21),
    dt.date(2025, 2, 22),
    dt.date(2025, 6, 30),
    dt.date(2025, 7, 1),
    TODAY,
]


@pytest.mark.django_db
@pytest.mark.parametrize("today", STAGE_DAYS)
def test_with_stage_in_sql_agrees_with_derive_stage(loaded_data, today):
    for procedure in selectors.procedures(today=today):
        assert procedure.stage == selectors.procedure_stage(procedure, today).stage.value, procedure.slug


@pytest.mark.django_db
@pytest.mark.parametrize("today", STAGE_DAYS)
def test_stage_filter_agrees_with_derive_stage(loaded_data, today):
    stages = {p.slug: selectors.procedure_stage(p, today).stage for p in selectors.procedures(today=today)}
    for stage in Stage:
        expected = [slug for slug, found in stages.items() if found is stage]
        assert slugs(selectors.procedures(today=today, stage=stage.value)) == expected, stage


@pytest.mark.django_db
def test_stored_stage_inputs_are_those_derived_from_the_loaded_dates(loaded_data):
    for procedure in selectors.procedures(today=TODAY):
        facts = [
            DatedFact(kind=e.kind, start=e.start, end=e.end)
            for e in sorted(procedure.events.all(), key=lambda e: (e.starts_on, e.order))
        ]
        has_final = any(d.kind == "ipg_recommendations" for d in procedure.documents.all())
        stored = StageInputs(
            has_final_guidance=procedure.has_final_guidance,
            consultation_starts_on=procedure.consultation_starts_on,
            consultation_ends_on=procedure.consultation_ends_on,
            expected_publication_ends_on=procedure.expected_publication_ends_on,
        )
        assert stored == stage_inputs(has_final_guidance=has_final, facts=facts), procedure.slug


@pytest.mark.django_db
def test_procedures_filter_by_level_special_gives_the_three_seed_procedures(loaded_data):
    assert slugs(selectors.procedures(today=TODAY, level="special")) == [UPPER, LUMBAR, TMR]


@pytest.mark.django_db
def test_procedures_filter_by_stage(loaded_data):
    assert slugs(selectors.procedures(today=TODAY, stage=Stage.PUBLISHED.value)) == [UPPER, LUMBAR]
    assert slugs(selectors.procedures(today=TODAY, stage=Stage.CONSULTATION_CLOSED.value)) == [LOWER, TMR]
    assert slugs(selectors.procedures(today=dt.date(2025, 2, 1), stage=Stage.CONSULTATION_OPEN.value)) == [
        TMR
    ]


@pytest.mark.django_db
def test_procedures_filter_by_registry_and_text(loaded_data):
    assert slugs(selectors.procedures(today=TODAY, registry="national-neuromodulation-registry")) == [LUMBAR]
    assert slugs(selectors.procedures(today=TODAY, q="lengthening", ordering="title")) == [LOWER, UPPER]
    assert slugs(selectors.procedures(today=TODAY, q="specialist centres")) == [UPPER]


@pytest.mark.django_db
def test_procedures_filter_special_false_and_research_level(loaded_data):
    assert slugs(selectors.procedures(today=TODAY, special=False)) == [LOWER]
    assert slugs(selectors.procedures(today=TODAY, level="research_only")) == [TMR]


@pytest.mark.django_db
def test_duties_of_special_arrangements_by_audience_and_kind(loaded_data):
    clinicians = selectors.duties(level="special", audience="clinicians")
    assert len(clinicians) == 15
    registry = selectors.duties(kind="registry_entry")
    assert [d.duty_list.procedure.slug for d in registry] == [LUMBAR]


@pytest.mark.django_db
def test_key_dates_open_on_and_closing_filters(loaded_data):
    assert [e.procedure.slug for e in selectors.key_dates(open_on=dt.date(2021, 11, 1))] == [LOWER]
    assert [e.procedure.slug for e in selectors.key_dates(open_on=dt.date(2025, 2, 10))] == [TMR]
    assert list(selectors.key_dates(open_on=dt.date(2024, 6, 1))) == []
    assert [e.kind for e in selectors.key_dates(closing_after=dt.date(2025, 1, 1))] == ["closing_date"]
    assert [e.procedure.slug for e in selectors.key_dates(target_in_month=(2025, 6))] == [TMR]


@pytest.mark.django_db
def test_governance_register_lists_special_procedures_with_duties(loaded_data, django_assert_num_queries):
    with django_assert_num_queries(6):
        register = list(selectors.governance_register())
        duty_counts = [sum(len(dl.duties.all()) for dl in p.duty_lists.all()) for p in register]
    assert [p.slug for p in register] == [UPPER, LUMBAR, TMR]
    assert duty_counts == [7, 7, 7]


@pytest.mark.django_db
def test_special_duties_are_the_in_force_duties_of_special_procedures_and_counted_without_joins(loaded_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from guidance.models import Duty

    joined = Duty.objects.filter(
        duty_list__document__superseded=False, duty_list__procedure__has_special=True
    ).order_by("pk")
    special = selectors.duties(level="special")
    assert sorted(d.pk for d in special) == [d.pk for d in joined]
    assert len(joined) == 21  # 14 of the two final guidances, 7 of the TMR consultation (drafts)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.duties(level="special").count() == 21
    (count,) = queries.captured_queries
    assert "JOIN" not in count["sql"].upper()


def test_duties_in_order_are_the_rows_of_duties_in_the_same_order(loaded_data):
    for filters in [{"level": "special"}, {"level": "special", "audience": "clinicians"}, {}]:
        assert [d.pk for d in selectors.duties_in_order(**filters)] == [
            d.pk for d in selectors.duties(**filters)
        ]
