"""Downloads: the governance register as CSV and the key dates as iCalendar (RFC 5545).

Plain functions: rows and text from objects a selector has already fetched,
no query, so both formats are unit-tested without a database. Document text is captured from the web:
a CSV cell a spreadsheet would run as a formula is quoted; iCalendar text is
escaped and folded by the ``icalendar`` library.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from icalendar import Calendar, Event

from guidance.models import EventKind
from guidance.presenters import duty_groups
from guidance.register import guidance_number
from sources.models import DocumentKind, source_line_url
from sources.parsing.dates import PartialDate

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
    "Guidance number",
    "Recommendation number",
    "Final or draft",
    "Viewer URL",
)
# Spreadsheets run a cell that starts with one of these as a formula. Document text
# is captured from the web, so a cell that starts like one is quoted (OWASP's advice).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def register_csv_rows(
    procedures: Iterable, viewer_url: Callable[[str, int], str] = source_line_url
) -> list[list[str]]:
    """The header and one row per duty of every procedure in the register.

    A duty from a consultation document is a "draft" (not in force), one from
    final guidance "final". ``viewer_url`` gives the source viewer at a line:
    the view passes one that makes it absolute, so a row stays a working link
    once the file has left the site.
    """
    rows = [list(REGISTER_CSV_HEADER)]
    for procedure in procedures:
        documents = {dl.document.filename: dl.document for dl in procedure.duty_lists.all()}
        for group in duty_groups(procedure):
            for duty_list in group.lists:
                document = documents[duty_list.filename]
                levels = "; ".join(
                    level.label + (" (draft)" if level.draft else "") for level in duty_list.levels
                )
                status = "draft" if document.kind == DocumentKind.IP_CONSULTATION else "final"
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
                                guidance_number(document),
                                duty_list.number,
                                status,
                                viewer_url(duty_list.filename, duty.line),
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


def icalendar_text(entries: Iterable[CalendarEntry], *, name: str) -> str:
    """The entries as an RFC 5545 calendar: escaping, folding and line ends by the ``icalendar`` library."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", dt.datetime.combine(entry.stamp, dt.time(), tzinfo=dt.UTC))
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + dt.timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        if entry.url:
            event.add("url", entry.url)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
