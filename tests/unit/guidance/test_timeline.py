"""Timeline geometry: spans from printed dates, the axis, today marked. No database, no clock."""

import datetime as dt
from types import SimpleNamespace

import pytest

from guidance import timeline
from guidance.timeline import Span, TimelineRow
from tests.unit.guidance.rows import Related, event

TODAY = dt.date(2026, 11, 21)


def test_span_from_event_keeps_the_printed_precision_and_range():
    span = timeline.span_from_event(
        event("consultation", "2021-10-21", end="2021-11-18", end_precision="day")
    )
    assert (span.when, span.first, span.last, span.is_day) == (
        "21 October 2021 to 18 November 2021",
        dt.date(2021, 10, 21),
        dt.date(2021, 11, 18),
        False,
    )
    month = timeline.span_from_event(event("target_publication", "2025-06", "month"))
    assert (month.when, month.first, month.last) == ("June 2025", dt.date(2025, 6, 1), dt.date(2025, 6, 30))


def test_draw_timeline_nothing_dated_draws_nothing():
    assert timeline.draw_timeline([], TODAY) is None
    assert timeline.draw_timeline([TimelineRow("Empty", ())], TODAY) is None


def test_draw_timeline_over_two_years_uses_whole_years_and_marks_today():
    closing = Span(
        "Closing", "closing_date", dt.date(2025, 2, 21), dt.date(2025, 2, 21), "21 February 2025", "day"
    )
    consultation = Span(
        "Consultation", "consultation", dt.date(2021, 10, 21), dt.date(2021, 11, 18), "…", "day"
    )
    drawing = timeline.draw_timeline([TimelineRow("A", (consultation,)), TimelineRow("B", (closing,))], TODAY)
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
    drawing = timeline.draw_timeline([TimelineRow("Target", (june,))], dt.date(2025, 3, 10))
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
    drawing = timeline.draw_timeline([TimelineRow("word " * 40, (span,))], TODAY)
    assert len(drawing.rows[0].label) == timeline.MAX_LABEL
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
    drawing = timeline.consultation_timeline(
        [procedure, SimpleNamespace(title="None", events=Related())], TODAY
    )
    (row,) = drawing.rows
    assert row.label == "TMR"
    assert [s.span.kind for s in row.spans] == ["closing_date", "target_publication"]
