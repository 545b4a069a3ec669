"""Downloads: the governance register as CSV, the key dates as iCalendar. No database."""

import datetime as dt
from types import SimpleNamespace

import pytest
from icalendar import Calendar

from guidance import exports
from tests.unit.guidance.rows import event, register_procedure

# --- the register as CSV --------------------------------------------------------------------


def test_register_csv_rows_one_per_duty_with_source_and_formula_guard():
    header, *rows = exports.register_csv_rows([register_procedure()])
    assert header == list(exports.REGISTER_CSV_HEADER)
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
        "IPG739",
        "1.2",
        "final",
        "/sources/002.txt/#L21",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+x", "'+x"), ("-x", "'-x"), ("@x", "'@x"), ("plain", "plain"), (21, "21")],
)
def test_csv_cell_quotes_what_a_spreadsheet_would_run(value, expected):
    assert exports.csv_cell(value) == expected


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
    entries = exports.calendar_entries(
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


def test_icalendar_text_is_a_calendar_the_icalendar_library_reads_back():
    entries = exports.calendar_entries(calendar_events(), lambda slug: "https://site.example/")
    text = exports.icalendar_text(entries, name="Key dates")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    calendar = Calendar.from_ical(text)
    assert (str(calendar["version"]), str(calendar["x-wr-calname"])) == ("2.0", "Key dates")
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        "Consultation closes: Targeted muscle reinnervation, for pain; a test",
        "Consultation closes: Targeted muscle reinnervation, for pain; a test",
        "Target publication (month: June 2025): Targeted muscle reinnervation, for pain; a test",
    ]
    assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in events][2] == (
        dt.date(2025, 6, 1),
        dt.date(2025, 6, 2),
    )
    assert {e.decoded("dtstamp") for e in events} == {dt.datetime(2026, 11, 21, tzinfo=dt.UTC)}
    assert str(events[1]["uid"]) == "closing_date-004_c1ab-line35@ipg-lookup"
    # Escaped on the wire, as RFC 5545 3.3.11 says.
    assert "for pain\\; a test" in text.replace("\r\n ", "")
