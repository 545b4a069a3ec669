"""Timelines drawn as SVG by the server: the geometry, from dated events and today.

A ``TimelineEvent`` becomes a ``Span`` covering every day its printed date can
mean (a month-precision date is the whole month, never its first day);
``draw_timeline`` lays rows of spans on one date axis, rounded out to whole
months or years, with today marked, in the SVG's user units
(``templates/includes/timeline.html`` draws it). Plain functions: no query,
no clock (``today`` is passed in).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from guidance.models import EventKind
from sources.parsing.dates import PartialDate


@dataclass(frozen=True)
class Span:
    """Something a timeline shows: one day (``first == last`` at day precision) or a period.

    A month-precision date is drawn as the whole month, never as its first day.
    """

    label: str
    kind: str  # an EventKind value: picks the CSS class
    first: dt.date
    last: dt.date
    when: str  # as printed: "21 February 2025", "June 2025", "21 October 2021 to 18 November 2021"
    precision: str

    @property
    def is_day(self) -> bool:
        return self.first == self.last


@dataclass(frozen=True)
class TimelineRow:
    label: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class DrawnSpan:
    span: Span
    x: float
    width: float  # 0 for a single day, drawn as a marker
    past: bool


@dataclass(frozen=True)
class DrawnRow:
    label: str
    label_y: float
    bar_y: float
    point_y: float  # centre of a single day's marker
    spans: tuple[DrawnSpan, ...]


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class TimelineDrawing:
    width: int
    height: int
    left: float
    right: float
    axis_y: float
    grid_top: float
    tick_label_y: float
    bar_height: int
    today_x: float
    today_label: str
    today_label_x: float
    today_label_y: float
    today_anchor: str  # "start" or "end": keeps the label inside the picture
    ticks: tuple[Tick, ...]
    rows: tuple[DrawnRow, ...]
    starts: dt.date
    ends: dt.date


WIDTH = 720
MARGIN = 36  # room for the first and last tick labels
TOP = 34  # room for the "Today" label
ROW_HEIGHT = 46
AXIS_HEIGHT = 34
BAR_HEIGHT = 12
MAX_LABEL = 92  # characters of a row label drawn in the picture (the full text is next to it)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def span_from_event(event) -> Span:
    """A ``TimelineEvent`` as a span covering every day its printed date can mean."""
    start = PartialDate(event.start_value, event.start_precision)
    when = str(start)
    if event.end_value:
        when = f"{start} to {PartialDate(event.end_value, event.end_precision)}"
    return Span(
        label=event.label,
        kind=event.kind,
        first=event.starts_on,
        last=event.ends_on,
        when=when,
        precision=event.start_precision,
    )


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _window(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date, list[tuple[dt.date, str]]]:
    """Round the period out to whole years (spans over two years) or months, with tick dates and labels."""
    if (last - first).days > 730:
        starts, ends = dt.date(first.year, 1, 1), dt.date(last.year + 1, 1, 1)
        years = list(range(starts.year, ends.year + 1))
        step = max(1, -(-len(years) // 9))  # at most about nine labels
        return starts, ends, [(dt.date(year, 1, 1), str(year)) for year in years[::step]]
    starts, ends = dt.date(first.year, first.month, 1), _add_months(last, 1)
    months = (ends.year - starts.year) * 12 + ends.month - starts.month
    step = 1 if months <= 8 else 3 if months <= 24 else 6
    ticks = []
    for offset in range(0, months + 1, step):
        day = _add_months(starts, offset)
        ticks.append((day, f"{MONTHS[day.month - 1]} {day.year}"))
    return starts, ends, ticks


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def draw_timeline(
    rows: Sequence[TimelineRow], today: dt.date, *, width: int = WIDTH
) -> TimelineDrawing | None:
    """Geometry of a timeline: one row per ``TimelineRow``, a shared date axis, today marked.

    Returns ``None`` when there is nothing dated to draw. Coordinates are in the
    SVG's user units; the template scales the picture with ``viewBox``.
    """
    spans = [span for row in rows for span in row.spans]
    if not spans:
        return None
    starts, ends, tick_dates = _window(
        min([today, *(span.first for span in spans)]), max([today, *(span.last for span in spans)])
    )
    left, right = float(MARGIN), float(width - MARGIN)
    total_days = (ends - starts).days
    one_day = dt.timedelta(days=1)

    def x(day: dt.date) -> float:
        return round(left + (day - starts).days / total_days * (right - left), 1)

    def drawn(span: Span) -> DrawnSpan:
        if span.is_day:  # a marker in the middle of its day
            return DrawnSpan(
                span, round((x(span.first) + x(span.first + one_day)) / 2, 1), 0.0, span.last < today
            )
        # A period covers its last day too; never thinner than a visible sliver.
        width = max(2.0, round(x(span.last + one_day) - x(span.first), 1))
        return DrawnSpan(span, x(span.first), width, span.last < today)

    drawn_rows = []
    for index, row in enumerate(rows):
        top = TOP + index * ROW_HEIGHT
        drawn_rows.append(
            DrawnRow(
                label=_short(row.label),
                label_y=top + 14,
                bar_y=top + 22,
                point_y=top + 22 + BAR_HEIGHT / 2,
                spans=tuple(map(drawn, row.spans)),
            )
        )
    axis_y = TOP + len(rows) * ROW_HEIGHT + 4
    today_x = x(today)
    label_on_left = today_x > width / 2
    return TimelineDrawing(
        width=width,
        height=int(axis_y + AXIS_HEIGHT),
        left=left,
        right=right,
        axis_y=axis_y,
        grid_top=TOP - 12,
        tick_label_y=axis_y + 22,
        bar_height=BAR_HEIGHT,
        today_x=today_x,
        today_label=f"Today, {today.day} {today:%B %Y}",
        today_label_x=round(today_x - 5 if label_on_left else today_x + 5, 1),
        today_label_y=TOP - 16,
        today_anchor="end" if label_on_left else "start",
        ticks=tuple(Tick(x=x(day), label=label) for day, label in tick_dates),
        rows=tuple(drawn_rows),
        starts=starts,
        ends=ends,
    )


def procedure_timeline(events: Iterable, today: dt.date) -> TimelineDrawing | None:
    """A procedure's dated events, one row each, in date order."""
    return draw_timeline(
        [
            TimelineRow(label=f"{span.label}: {span.when}", spans=(span,))
            for span in map(span_from_event, events)
        ],
        today,
    )


CONSULTATION_KINDS = (
    EventKind.CONSULTATION,
    EventKind.CLOSING_DATE,
    EventKind.TARGET_PUBLICATION,
    EventKind.EXPECTED_PUBLICATION,
)


def consultation_timeline(procedures: Iterable, today: dt.date) -> TimelineDrawing | None:
    """One row per procedure: its consultation period or closing date and its target publication."""
    rows = []
    for procedure in procedures:
        spans = tuple(span_from_event(e) for e in procedure.events.all() if e.kind in CONSULTATION_KINDS)
        if spans:
            rows.append(TimelineRow(label=procedure.title, spans=spans))
    return draw_timeline(rows, today)
