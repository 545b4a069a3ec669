"""Page shaping for the guidance pages: selector results in, plain data for templates out.

Plain functions, no queries and no requests: they work on objects a selector
has already fetched (with their prefetched relations, read through
``.all()``) and on a ``today`` passed in, so the geometry of a timeline, the
rows of the governance CSV and the text of the iCalendar feed are unit-tested
without a database or a clock.

Nothing here produces markup from document text: templates escape every
string they get from here, and mark safe only the ``*_html`` fields rendered
at ingest (``guidance.rendering``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from guidance.builders import duties_by_audience
from guidance.models import Audience, DutyKind, EventKind, Level, ServiceRequirementKind
from sources.parsing.dates import PartialDate

# --------------------------------------------------------------------------
# Recommendation levels
# --------------------------------------------------------------------------

LEVEL_MEANINGS = {
    Level.STANDARD: "Can be used with the normal arrangements for clinical governance, consent and audit",
    Level.SPECIAL: "Can be used, but only with extra governance, consent and audit arrangements",
    Level.RESEARCH_ONLY: "Only as part of formal research approved by a research ethics committee",
    Level.DO_NOT_USE: "Should not be used: it does not work well enough, or its safety risks are unacceptable",
}
DRAFT_MEANING = "Draft recommendation from a consultation document: it may change before final guidance"


@dataclass(frozen=True)
class LevelView:
    code: str
    label: str
    meaning: str
    draft: bool = False


def level_view(level: str, is_draft: bool = False) -> LevelView:
    """The tag a level is shown with: words (not colour alone) and a one-line meaning."""
    level = Level(level)
    return LevelView(code=level.value, label=level.label, meaning=LEVEL_MEANINGS[level], draft=is_draft)


@dataclass(frozen=True)
class IndicationView:
    text: str  # "" when one recommendation covers the whole procedure
    level: LevelView
    recommendation_number: str
    filename: str
    line: int


def indication_views(indications: Iterable) -> list[IndicationView]:
    return [
        IndicationView(
            text=indication.text,
            level=level_view(indication.level, indication.is_draft),
            recommendation_number=indication.recommendation_number,
            filename=indication.document.filename,
            line=indication.line,
        )
        for indication in indications
    ]


# --------------------------------------------------------------------------
# Duties, registries, service requirements
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DutyView:
    pk: int
    text: str
    text_html: str
    kinds: tuple[str, ...]  # labels
    line: int
    mentions_audit_tool: bool  # decided at ingest, as is ``registries`` (``guidance.fixture_records``)
    registries: tuple[str, ...]


@dataclass(frozen=True)
class DutyListView:
    number: str
    lead_in: str
    indication: str
    levels: tuple[LevelView, ...]
    filename: str
    source_url: str
    line: int
    duties: tuple[DutyView, ...]


@dataclass(frozen=True)
class AudienceGroup:
    code: str
    label: str
    lists: tuple[DutyListView, ...]

    @property
    def duty_count(self) -> int:
        return sum(len(duty_list.duties) for duty_list in self.lists)


def kind_labels(kinds: Iterable[str]) -> tuple[str, ...]:
    labels = dict(DutyKind.choices)
    return tuple(labels.get(kind, kind) for kind in kinds)


def _levels_for(duty_list, indications: Sequence) -> tuple[LevelView, ...]:
    """Levels of the indications a duty list belongs to (same document; same indication text if it names one)."""
    same_document = [i for i in indications if i.document_id == duty_list.document_id]
    matching = [i for i in same_document if duty_list.indication and i.text == duty_list.indication]
    chosen = matching or ([i for i in same_document if not duty_list.indication] or same_document)
    seen: dict[tuple[str, bool], LevelView] = {}
    for indication in chosen:
        key = (indication.level, indication.is_draft)
        seen.setdefault(key, level_view(*key))
    return tuple(seen.values())


def duty_groups(procedure) -> list[AudienceGroup]:
    """A procedure's duty lists (``duty_lists``, ``duties`` and ``indications`` prefetched) grouped
    by audience (``guidance.builders.duties_by_audience``), lists without duties left out."""
    indications = list(procedure.indications.all())
    labels = dict(Audience.choices)
    groups = []
    for audience, duty_lists in duties_by_audience(procedure.duty_lists.all()).items():
        views = [_duty_list_view(duty_list, indications) for duty_list in duty_lists]
        views = [view for view in views if view.duties]
        if views:
            groups.append(AudienceGroup(code=audience, label=labels[audience], lists=tuple(views)))
    return groups


def _duty_list_view(duty_list, indications: Sequence) -> DutyListView:
    duties = tuple(
        DutyView(
            pk=duty.pk,
            text=duty.text,
            text_html=duty.text_html,
            kinds=kind_labels(duty.kinds),
            line=duty.line,
            mentions_audit_tool=duty.mentions_audit_tool,
            registries=tuple(duty.registry_names),
        )
        for duty in duty_list.duties.all()
    )
    return DutyListView(
        number=duty_list.number,
        lead_in=duty_list.lead_in,
        indication=duty_list.indication,
        levels=_levels_for(duty_list, indications),
        filename=duty_list.document.filename,
        source_url=duty_list.document.source_url,
        line=duty_list.line,
        duties=duties,
    )


@dataclass(frozen=True)
class RegistryView:
    name: str
    slug: str
    recommendation_number: str
    filename: str
    line: int


def registry_views(mentions: Iterable) -> list[RegistryView]:
    return [
        RegistryView(
            name=m.registry.name,
            slug=m.registry.slug,
            recommendation_number=m.recommendation_number,
            filename=m.document.filename,
            line=m.line,
        )
        for m in mentions
    ]


@dataclass(frozen=True)
class ServiceRequirementView:
    text: str
    kinds: tuple[str, ...]  # labels: one sentence can restrict both where and who
    recommendation_number: str
    filename: str
    line: int


def service_requirement_views(requirements: Iterable) -> list[ServiceRequirementView]:
    """One entry per printed sentence, with every kind of requirement it states."""
    labels = dict(ServiceRequirementKind.choices)
    grouped: dict[tuple, list] = {}
    for requirement in requirements:
        grouped.setdefault((requirement.document.filename, requirement.line, requirement.text), []).append(
            requirement
        )
    return [
        ServiceRequirementView(
            text=text,
            kinds=tuple(labels.get(r.kind, r.kind) for r in items),
            recommendation_number=items[0].recommendation_number,
            filename=filename,
            line=line,
        )
        for (filename, line, text), items in grouped.items()
    ]


# --------------------------------------------------------------------------
# The procedure page
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationView:
    number: str
    text_html: str
    line: int
    items: tuple[str, ...]  # list items printed under it (duties or research topics), as plain text


@dataclass(frozen=True)
class DocumentView:
    document: object
    recommendations: tuple[RecommendationView, ...]
    sections: tuple
    draft: bool


def document_views(procedure) -> list[DocumentView]:
    """Each source document of a procedure with its recommendations as printed (numbers kept,
    gaps kept), the list items printed under a number, and its consultation sections."""
    items_by_number: dict[tuple[int, str], list[str]] = {}
    for duty_list in procedure.duty_lists.all():
        items_by_number.setdefault((duty_list.document_id, duty_list.number), []).extend(
            duty.text for duty in duty_list.duties.all()
        )
    for need in procedure.research_needs.all():
        items_by_number.setdefault((need.document_id, need.recommendation_number), []).extend(need.items)
    recommendations: dict[int, list[RecommendationView]] = {}
    for recommendation in procedure.recommendations.all():
        recommendations.setdefault(recommendation.document_id, []).append(
            RecommendationView(
                number=recommendation.number,
                text_html=recommendation.text_html,
                line=recommendation.line,
                items=tuple(items_by_number.get((recommendation.document_id, recommendation.number), ())),
            )
        )
    return [
        DocumentView(
            document=document,
            recommendations=tuple(recommendations.get(document.pk, ())),
            sections=tuple(document.sections.all()),
            draft=document.kind == "ip_consultation",
        )
        for document in procedure.documents.all()
    ]


# --------------------------------------------------------------------------
# Timelines, drawn as SVG by the server
# --------------------------------------------------------------------------


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


@dataclass(frozen=True)
class ConsultationRow:
    procedure: object
    stage_summary: str
    consultation: Span | None
    closing: Span | None
    publication: Span | None


def consultation_rows(procedures: Iterable, stage_for: Callable) -> list[ConsultationRow]:
    """A procedure's consultation dates, picked as ``derive_stage`` picks them, with its stage summary."""
    rows = []
    for procedure in procedures:
        spans = [span_from_event(e) for e in procedure.events.all()]

        def first(*kinds: str) -> Span | None:
            return next((s for kind in kinds for s in spans if s.kind == kind), None)

        rows.append(
            ConsultationRow(
                procedure=procedure,
                stage_summary=stage_for(procedure).summary,
                consultation=first(EventKind.CONSULTATION),
                closing=first(EventKind.CLOSING_DATE),
                publication=first(EventKind.TARGET_PUBLICATION, EventKind.EXPECTED_PUBLICATION),
            )
        )
    return rows


# --------------------------------------------------------------------------
# The governance register as CSV
# --------------------------------------------------------------------------

REGISTER_CSV_HEADER = (
    "Procedure",
    "Indication",
    "Level",
    "Audience",
    "Duty",
    "Kinds",
    "Registry",
    "Source file",
    "Line",
    "Source URL",
)
# Spreadsheets run a cell that starts with one of these as a formula. Document text
# is captured from the web, so a cell that starts like one is quoted (OWASP's advice).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def register_csv_rows(procedures: Iterable) -> list[list[str]]:
    """The header and one row per duty of every procedure in the register."""
    rows = [list(REGISTER_CSV_HEADER)]
    for procedure in procedures:
        for group in duty_groups(procedure):
            for duty_list in group.lists:
                levels = "; ".join(
                    level.label + (" (draft)" if level.draft else "") for level in duty_list.levels
                )
                for duty in duty_list.duties:
                    rows.append(
                        [
                            csv_cell(value)
                            for value in (
                                procedure.title,
                                duty_list.indication or "All indications",
                                levels,
                                group.label,
                                duty.text,
                                "; ".join(duty.kinds),
                                "; ".join(duty.registries),
                                duty_list.filename,
                                duty.line,
                                duty_list.source_url,
                            )
                        ]
                    )
    return rows


# --------------------------------------------------------------------------
# Key dates as iCalendar (RFC 5545)
# --------------------------------------------------------------------------

PRODID = "-//IP guidance lookup//Key dates//EN"
UID_DOMAIN = "ipg-lookup"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    day: dt.date
    stamp: dt.date
    summary: str
    description: str
    url: str = ""


def _calendar_summary(what: str, date: PartialDate, title: str) -> str:
    if date.precision == "day":
        return f"{what}: {title}"
    # An all-day event must fall on a day; say that the source gives only the month (or year).
    return f"{what} ({date.precision}: {date}): {title}"


def calendar_entries(events: Iterable, url_for_procedure: Callable[[str], str]) -> list[CalendarEntry]:
    """Closing dates and target publication dates as all-day entries.

    A consultation period gives its last day; a month- or year-precision date
    gives an entry on its first day, with the precision stated in the summary.
    The UID comes from the source file and line, so it stays the same from one
    download to the next. DTSTAMP is the day the source was retrieved: with no
    METHOD the stamp is the last time the information changed (RFC 5545 3.8.7.2).
    """
    entries = []
    for event in events:
        if event.kind == EventKind.CONSULTATION:
            if not event.end_value:
                continue
            date, what = PartialDate(event.end_value, event.end_precision), "Consultation closes"
        elif event.kind == EventKind.CLOSING_DATE:
            date, what = PartialDate(event.start_value, event.start_precision), "Consultation closes"
        elif event.kind in (EventKind.TARGET_PUBLICATION, EventKind.EXPECTED_PUBLICATION):
            date, what = PartialDate(event.start_value, event.start_precision), "Target publication"
        else:
            continue
        document = event.document
        stem = re.sub(r"[^A-Za-z0-9_-]", "-", document.filename.rsplit(".", 1)[0])
        entries.append(
            CalendarEntry(
                uid=f"{event.kind}-{stem}-line{event.line}@{UID_DOMAIN}",
                day=date.first_day,
                stamp=document.retrieved_on,
                summary=_calendar_summary(what, date, event.procedure.title),
                description=(
                    f"{event.label}: {date} ({date.precision} precision), as printed in "
                    f"{document.filename} line {event.line}. Source: {document.source_url}"
                ),
                url=url_for_procedure(event.procedure.slug),
            )
        )
    return entries


def ical_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at ``limit`` octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    if len(line.encode("utf-8")) <= limit:
        return line
    parts: list[str] = []
    current, size, room = [], 0, limit
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > room:
            parts.append("".join(current))
            current, size, room = [], 0, limit - 1  # a continuation line starts with a space
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


def icalendar(entries: Iterable[CalendarEntry], *, name: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{ical_escape(name)}",
    ]
    for entry in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{entry.uid}",
            f"DTSTAMP:{entry.stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{entry.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{entry.day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ical_escape(entry.summary)}",
            f"DESCRIPTION:{ical_escape(entry.description)}",
            *([f"URL:{entry.url}"] if entry.url else []),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# --------------------------------------------------------------------------
# The governance register page
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterEntry:
    procedure: object
    indications: list[IndicationView]
    groups: list[AudienceGroup]
    registries: list[RegistryView]
    service_requirements: list[ServiceRequirementView]
    audit_tool: bool = field(default=False)

    @property
    def duty_count(self) -> int:
        return sum(group.duty_count for group in self.groups)


def register_entries(procedures: Iterable) -> list[RegisterEntry]:
    entries = []
    for procedure in procedures:
        groups = duty_groups(procedure)
        entries.append(
            RegisterEntry(
                procedure=procedure,
                indications=indication_views(procedure.indications.all()),
                groups=groups,
                registries=registry_views(procedure.registry_mentions.all()),
                service_requirements=service_requirement_views(procedure.service_requirements.all()),
                audit_tool=any(d.mentions_audit_tool for g in groups for dl in g.lists for d in dl.duties),
            )
        )
    return entries
