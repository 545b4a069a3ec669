"""Page shaping for the guidance pages: timeline geometry, CSV rows, iCalendar text. No database."""

import datetime as dt
from types import SimpleNamespace

import pytest

from guidance import presenters
from guidance.presenters import Span, TimelineRow

TODAY = dt.date(2026, 11, 21)


class Related(list):
    """Stands in for a prefetched relation: ``.all()`` gives the rows."""

    def all(self):
        return self


def event(
    kind, start, precision="day", end="", end_precision="", starts_on=None, ends_on=None, line=1, **extra
):
    from sources.parsing.dates import PartialDate

    first = PartialDate(start, precision)
    last = PartialDate(end, end_precision) if end else first
    return SimpleNamespace(
        kind=kind,
        label=extra.pop("label", kind.replace("_", " ").capitalize()),
        start_value=start,
        start_precision=precision,
        end_value=end,
        end_precision=end_precision,
        starts_on=starts_on or first.first_day,
        ends_on=ends_on or last.last_day,
        line=line,
        **extra,
    )


# --- levels -----------------------------------------------------------------------------


def test_level_view_gives_words_and_a_plain_english_meaning():
    view = presenters.level_view("special")
    assert (view.label, view.draft) == ("Special arrangements", False)
    assert view.meaning == "Can be used, but only with extra governance, consent and audit arrangements"
    assert presenters.level_view("research_only", is_draft=True).draft is True


def test_level_view_covers_every_level():
    from guidance.models import Level

    for level in Level.values:
        assert presenters.level_view(level).meaning


def test_level_view_rejects_an_unknown_level():
    with pytest.raises(ValueError, match="^'miracle' is not a valid Level$"):
        presenters.level_view("miracle")


# --- timelines --------------------------------------------------------------------------


def test_span_from_event_keeps_the_printed_precision_and_range():
    span = presenters.span_from_event(
        event("consultation", "2021-10-21", end="2021-11-18", end_precision="day")
    )
    assert (span.when, span.first, span.last, span.is_day) == (
        "21 October 2021 to 18 November 2021",
        dt.date(2021, 10, 21),
        dt.date(2021, 11, 18),
        False,
    )
    month = presenters.span_from_event(event("target_publication", "2025-06", "month"))
    assert (month.when, month.first, month.last) == ("June 2025", dt.date(2025, 6, 1), dt.date(2025, 6, 30))


def test_draw_timeline_nothing_dated_draws_nothing():
    assert presenters.draw_timeline([], TODAY) is None
    assert presenters.draw_timeline([TimelineRow("Empty", ())], TODAY) is None


def test_draw_timeline_over_two_years_uses_whole_years_and_marks_today():
    closing = Span(
        "Closing", "closing_date", dt.date(2025, 2, 21), dt.date(2025, 2, 21), "21 February 2025", "day"
    )
    consultation = Span(
        "Consultation", "consultation", dt.date(2021, 10, 21), dt.date(2021, 11, 18), "…", "day"
    )
    drawing = presenters.draw_timeline(
        [TimelineRow("A", (consultation,)), TimelineRow("B", (closing,))], TODAY
    )
    assert (drawing.starts, drawing.ends) == (dt.date(2021, 1, 1), dt.date(2027, 1, 1))
    assert [tick.label for tick in drawing.ticks] == ["2021", "2022", "2023", "2024", "2025", "2026", "2027"]
    assert drawing.ticks[0].x == drawing.left
    assert drawing.ticks[-1].x == drawing.right
    (bar,) = drawing.rows[0].spans
    (dot,) = drawing.rows[1].spans
    assert bar.width > 0
    assert dot.width == 0
    assert drawing.left < bar.x < dot.x < drawing.today_x < drawing.right
    assert bar.past
    assert dot.past
    assert drawing.today_label == "Today, 21 November 2026"
    assert drawing.today_anchor == "end"
    assert drawing.rows[1].bar_y > drawing.rows[0].bar_y
    assert drawing.axis_y > drawing.rows[1].bar_y


def test_draw_timeline_within_two_years_uses_months_and_a_month_is_drawn_whole():
    june = Span(
        "Target", "target_publication", dt.date(2025, 6, 1), dt.date(2025, 6, 30), "June 2025", "month"
    )
    drawing = presenters.draw_timeline([TimelineRow("Target", (june,))], dt.date(2025, 3, 10))
    assert (drawing.starts, drawing.ends) == (dt.date(2025, 3, 1), dt.date(2025, 7, 1))
    assert [tick.label for tick in drawing.ticks] == [
        "Mar 2025",
        "Apr 2025",
        "May 2025",
        "Jun 2025",
        "Jul 2025",
    ]
    (drawn,) = drawing.rows[0].spans
    june_tick, july_tick = drawing.ticks[3], drawing.ticks[4]
    assert drawn.x == june_tick.x
    assert drawn.x + drawn.width == pytest.approx(july_tick.x, abs=0.2)
    assert not drawn.past
    assert drawing.today_anchor == "start"


def test_draw_timeline_shortens_long_row_labels():
    span = Span("x", "closing_date", TODAY, TODAY, "today", "day")
    drawing = presenters.draw_timeline([TimelineRow("word " * 40, (span,))], TODAY)
    assert len(drawing.rows[0].label) == presenters.MAX_LABEL
    assert drawing.rows[0].label.endswith("…")


def test_consultation_timeline_one_row_per_procedure_with_its_consultation_dates():
    procedure = SimpleNamespace(
        title="TMR",
        events=Related(
            [
                event("document", "2025-01", "month"),
                event("closing_date", "2025-02-21"),
                event("target_publication", "2025-06", "month"),
            ]
        ),
    )
    drawing = presenters.consultation_timeline(
        [procedure, SimpleNamespace(title="None", events=Related())], TODAY
    )
    (row,) = drawing.rows
    assert row.label == "TMR"
    assert [s.span.kind for s in row.spans] == ["closing_date", "target_publication"]


# --- duties and the register ---------------------------------------------------------------


def duty(pk, text, kinds, line, *, mentions_audit_tool=False, registry_names=()):
    return SimpleNamespace(
        pk=pk,
        text=text,
        text_html=f"<p>{text}</p>",
        kinds=kinds,
        line=line,
        mentions_audit_tool=mentions_audit_tool,
        registry_names=list(registry_names),
    )


def register_procedure():
    document = SimpleNamespace(
        pk=1, filename="002.txt", source_url="https://example.org/ipg739", kind="ipg_recommendations"
    )
    registry = SimpleNamespace(name="National Neuromodulation Registry", slug="nnr")
    clinicians = SimpleNamespace(
        audience="clinicians",
        number="1.2",
        lead_in="Clinicians should:",
        indication="",
        document=document,
        document_id=1,
        line=9,
        duties=Related(
            [
                duty(
                    1,
                    "Audit outcomes in NICE's interventional procedures outcomes audit tool.",
                    ["audit"],
                    19,
                    mentions_audit_tool=True,
                ),
                duty(
                    2,
                    "=Enter everyone onto the National Neuromodulation Registry.",
                    ["registry_entry"],
                    21,
                    registry_names=["National Neuromodulation Registry"],
                ),
            ]
        ),
    )
    organisations = SimpleNamespace(
        audience="organisations",
        number="1.3",
        lead_in="Healthcare organisations should:",
        indication="",
        document=document,
        document_id=1,
        line=23,
        duties=Related([duty(3, "Regularly review data.", ["data_review"], 29)]),
    )
    return SimpleNamespace(
        title="Lumbar neurostimulation",
        indications=Related(
            [
                SimpleNamespace(
                    text="",
                    level="special",
                    is_draft=False,
                    document_id=1,
                    document=document,
                    recommendation_number="1.1",
                    line=5,
                )
            ]
        ),
        duty_lists=Related([organisations, clinicians]),
        registry_mentions=Related(
            [
                SimpleNamespace(
                    registry=registry, document=document, document_id=1, line=21, recommendation_number="1.2"
                )
            ]
        ),
        service_requirements=Related(
            [
                SimpleNamespace(
                    kind="specialist_centres",
                    text="Only in specialist centres by trained surgeons.",
                    document=document,
                    line=33,
                    recommendation_number="1.4",
                ),
                SimpleNamespace(
                    kind="surgeon_training",
                    text="Only in specialist centres by trained surgeons.",
                    document=document,
                    line=33,
                    recommendation_number="1.4",
                ),
            ]
        ),
    )


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


def test_register_csv_rows_one_per_duty_with_source_and_formula_guard():
    header, *rows = presenters.register_csv_rows([register_procedure()])
    assert header == list(presenters.REGISTER_CSV_HEADER)
    assert len(rows) == 3
    assert rows[1] == [
        "Lumbar neurostimulation",
        "All indications",
        "Special arrangements",
        "Clinicians",
        "'=Enter everyone onto the National Neuromodulation Registry.",
        "Enter patients on a registry",
        "National Neuromodulation Registry",
        "002.txt",
        "21",
        "https://example.org/ipg739",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+x", "'+x"), ("-x", "'-x"), ("@x", "'@x"), ("plain", "plain"), (21, "21")],
)
def test_csv_cell_quotes_what_a_spreadsheet_would_run(value, expected):
    assert presenters.csv_cell(value) == expected


# --- iCalendar ------------------------------------------------------------------------------


def calendar_events():
    document = SimpleNamespace(
        filename="004_c1ab.txt", retrieved_on=dt.date(2026, 11, 21), source_url="https://nice.example/2574"
    )
    procedure = SimpleNamespace(title="Targeted muscle reinnervation, for pain; a test", slug="tmr")
    return [
        event(
            "consultation",
            "2021-10-21",
            end="2021-11-18",
            end_precision="day",
            line=13,
            document=document,
            procedure=procedure,
        ),
        event(
            "consultation", "2021-10-21", line=14, document=document, procedure=procedure
        ),  # no end: no closing date
        event("closing_date", "2025-02-21", line=35, document=document, procedure=procedure),
        event("target_publication", "2025-06", "month", line=37, document=document, procedure=procedure),
        event("document", "2025-01", "month", line=141, document=document, procedure=procedure),
    ]


def test_calendar_entries_closing_and_target_dates_with_stated_precision():
    entries = presenters.calendar_entries(
        calendar_events(), lambda slug: f"https://site.example/procedures/{slug}/"
    )
    assert [(e.day, e.summary.split(":")[0]) for e in entries] == [
        (dt.date(2021, 11, 18), "Consultation closes"),
        (dt.date(2025, 2, 21), "Consultation closes"),
        (dt.date(2025, 6, 1), "Target publication (month"),
    ]
    assert (
        entries[2].summary
        == "Target publication (month: June 2025): Targeted muscle reinnervation, for pain; a test"
    )
    assert entries[1].uid == "closing_date-004_c1ab-line35@ipg-lookup"
    assert entries[0].url == "https://site.example/procedures/tmr/"
    assert "004_c1ab.txt line 37" in entries[2].description


def test_icalendar_is_rfc5545_text():
    entries = presenters.calendar_entries(calendar_events(), lambda slug: "https://site.example/")
    text = presenters.icalendar(entries, name="Key dates")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Consultation closes: Targeted muscle reinnervation\\, for pain\\; a test" in unfolded
    assert "DTSTART;VALUE=DATE:20250601\r\nDTEND;VALUE=DATE:20250602" in unfolded
    assert unfolded.count("DTSTAMP:20261121T000000Z") == 3


def test_fold_never_splits_a_character_and_unfolds_to_the_original():
    line = "DESCRIPTION:" + "é–" * 60
    folded = presenters.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line
    assert presenters.fold("SHORT:line") == "SHORT:line"


def test_ical_escape():
    assert presenters.ical_escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
