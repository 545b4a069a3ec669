"""NICE in-development ("in progress") pages for interventional procedures.

Input: the text of a nice.org.uk in-development page, or of a mirror of it::

    NICE has been notified about this procedure ...             process prose (furniture)
    Status In progress                                          fields: "Label value",
    Technology type Procedure                                   "Label: value", "Label:" with
    Decision Selected                                           the value on the next line,
    Reason for decision ...                                     "- Label: value" (list form)
    Process IP
    ID number 1314
    Description <what the procedure is>                         (runs on until a blank line)
    Provisional Schedule
    Expected publication 16 May 2024                            dates.expected_publication
    Email enquiries                                             furniture
    Key events during the development of the guidance:
    Date Update                                                 table header
    03 January 2024 - 31 January 2024 Interventional procedure consultation
    19 December 2023 Committee meeting: IPAC 2                  rows newest first; a date or
    ...                                                         a range, then the event
    For further information on how we develop guidance ...      furniture

Topic-selection pages use the same fields ("Status Topic selection",
"Decision Not selected", "Reason for decision ... (IPG150) published in 2005
remains valid").

Output: ``in_progress`` with the fields as printed (None when not printed),
``timeline`` in document order (the page's newest-first order is kept),
``dates.consultation`` from the first consultation event printed as a range,
``dates.expected_publication``. The page text usually lacks the procedure's
title, so ``title`` is None unless a heading stands right above an
"In development [GID-...]" line. A page with none of the Status, Process and
ID number fields is refused, as is an impossible date.
"""

from __future__ import annotations

import re

from guidance.parsing.nice_metadata import dated_fields, development_id, organisation
from sources.parsing.contract import DatedValue, DocumentKind, InProgress, ParsedDocument, TimelineEvent
from sources.parsing.dates import DateRange, PartialDate, date_or_range_on_line
from sources.parsing.errors import ParseError
from sources.parsing.text import (
    BULLET,
    SourceLine,
    first_text_line,
    looks_like_heading,
    quote_start,
    source_lines,
)

# Field labels as printed at the start of a line, and the InProgress attribute each fills.
FIELDS = {
    "Reason for decision": "reason_for_decision",
    "Technology type": "technology_type",
    "Description": "description",
    "ID number": "id_number",
    "Decision": "decision",
    "Process": "process",
    "Status": "status",
}
_FIELD = re.compile(rf"^(?P<label>{'|'.join(FIELDS)})(?::|\s|$)\s*(?P<value>.*)$")
# Fields whose value is a word or two ("In progress", "IP", "1314"); a longer
# "value" means the label word only begins a sentence of prose.
_SHORT_FIELDS = {"status", "technology_type", "decision", "process", "id_number"}
MAX_SHORT_VALUE_WORDS = 6
REQUIRED_FIELDS = ("status", "process", "id_number")

_KEY_EVENTS = re.compile(r"^Key events\b", re.IGNORECASE)
_TABLE_HEADER = re.compile(r"^Date\s+Update$", re.IGNORECASE)
_IN_DEVELOPMENT_ID = re.compile(r"^In development\s*\[(?:GID-[A-Z]+\d+)\]$", re.IGNORECASE)
# Lines that are page furniture and never continue a field or an event.
_FURNITURE = re.compile(
    r"^(?:Email enquiries|For further information|Provisional Schedule|Key events)\b", re.IGNORECASE
)
_CONSULTATION_EVENT = re.compile(r"\bconsultation\b", re.IGNORECASE)


def parse_in_progress(text: str, filename: str) -> ParsedDocument:
    """Parse a NICE in-development page; ``ParseError`` when it has none of its fields."""
    lines = [_without_bullet(line) for line in source_lines(text)]
    first = first_text_line(lines)
    if first is None:
        raise ParseError(filename, 1, "a NICE in-development page, found an empty file")
    fields = _read_fields(lines)
    if not any(getattr(fields, name) for name in REQUIRED_FIELDS):
        raise ParseError(
            filename,
            1,
            "a NICE in-development page with its Status, Process or ID number fields; "
            f"found none (first line: {quote_start(first.text)})",
        )
    document = ParsedDocument(
        document_kind=DocumentKind.IP_IN_PROGRESS,
        in_progress=fields,
        timeline=_read_timeline(lines, filename),
        dates=dated_fields(lines, filename),
    )
    consultation = _consultation_event(document.timeline)
    if consultation is not None:
        assert consultation.end is not None  # _consultation_event() finds ranges only
        consultation_range = DateRange(consultation.start, consultation.end)
        document.dates.setdefault("consultation", DatedValue(consultation_range, consultation.line))
    for name, found in (
        ("organisation", organisation(lines)),
        ("guidance_id", development_id(lines)),
        ("title", _title(lines)),
    ):
        if found is not None:
            setattr(document, name, found[0])
            document.lines[name] = found[1]
    return document


def _consultation_event(timeline: list[TimelineEvent]) -> TimelineEvent | None:
    """The consultation printed as a range; the first one printed, which is the newest."""
    return next((e for e in timeline if e.end is not None and _CONSULTATION_EVENT.search(e.event)), None)


def _without_bullet(line: SourceLine) -> SourceLine:
    """Mirrors print the fields as a list ("- Status: In progress"): the bullet is layout."""
    return SourceLine(line.number, line.raw, BULLET.sub("", line.text, count=1)) if line.has_bullet else line


def _read_fields(lines: list[SourceLine]) -> InProgress:
    """The first value of each field, with the line of its label."""
    fields = InProgress()
    for index, line in enumerate(lines):
        match = _FIELD.match(line.text)
        if match is None:
            continue
        name = FIELDS[match.group("label")]
        if getattr(fields, name) is not None:
            continue
        value = _field_value(lines, index, match.group("value"))
        if not value or (name in _SHORT_FIELDS and len(value.split()) > MAX_SHORT_VALUE_WORDS):
            continue
        setattr(fields, name, value)
        fields.lines[name] = line.number
    return fields


def _field_value(lines: list[SourceLine], index: int, value: str) -> str:
    """A field's value: on the label's line, or on the next ("Status:" / "In progress"),
    running on over the lines right under it until a blank line, another field or furniture."""
    parts = [value] if value else []
    for line in lines[index + 1 :]:
        if line.is_blank or _FIELD.match(line.text) or _FURNITURE.match(line.text):
            break
        parts.append(line.text)
    return " ".join(parts)


def _read_timeline(lines: list[SourceLine], filename: str) -> list[TimelineEvent]:
    """The key events table: each row starts with a date or a range, a line right under a row
    continues its event, and the first other line after the rows ends the table."""
    start = next(
        (i for i, line in enumerate(lines) if _KEY_EVENTS.match(line.text) or _TABLE_HEADER.match(line.text)),
        None,
    )
    if start is None:
        return []
    events: list[TimelineEvent] = []
    after_blank = False
    for line in lines[start + 1 :]:
        if line.is_blank:
            after_blank = True
            continue
        row = _timeline_row(line, filename)
        if row is not None:
            events.append(row)
        elif events and not after_blank and not _FURNITURE.match(line.text):
            events[-1].event = f"{events[-1].event} {line.text}".strip()
        elif events:
            break
        after_blank = False
    return events


def _timeline_row(line: SourceLine, filename: str) -> TimelineEvent | None:
    """ "21 October 2021 - 18 November 2021 Interventional procedure consultation" (or in table cells)."""
    text = line.text.replace("|", " ").strip()
    found = date_or_range_on_line(text, filename, line.number)
    if found is None or found[1] != 0:
        return None
    value, _, end = found
    if isinstance(value, PartialDate) and value.precision == "year":
        return None  # a year alone starts prose ("2024 saw ..."), not a row
    event = text[end:].strip(" -–:")
    if isinstance(value, DateRange):
        return TimelineEvent(start=value.start, end=value.end, event=event, line=line.number)
    return TimelineEvent(start=value, end=None, event=event, line=line.number)


def _title(lines: list[SourceLine]) -> tuple[str, int] | None:
    """A heading right above "In development [GID-...]"; otherwise the page text has no title."""
    for index, line in enumerate(lines):
        if _IN_DEVELOPMENT_ID.match(line.text):
            above = next((above for above in reversed(lines[:index]) if not above.is_blank), None)
            if above is not None and looks_like_heading(above.text):
                return above.text, above.number
    return None
