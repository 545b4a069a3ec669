import datetime as dt

import pytest

from sources.parsing.dates import DateRange, PartialDate, parse_date, parse_date_or_range


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("Closing date for comments: 21 February 2025", "2025-02-21", "day"),
        ("Target date for publication of guidance: June 2025", "2025-06", "month"),
        ("ARP 55 Review Date: 2026", "2026", "year"),
        ("Next Review Date: 31/08/2026", "2026-08-31", "day"),
        ("Issued: January 2009", "2009-01", "month"),
        ("03 January 2024", "2024-01-03", "day"),
        ("1st Sept 2025", "2025-09-01", "day"),
    ],
)
def test_parse_date_keeps_printed_precision(text, value, precision):
    assert parse_date(text) == PartialDate(value, precision)


def test_parse_date_without_a_date_is_none():
    assert parse_date("Key events during the development of the guidance") is None


def test_parse_date_impossible_day_raises():
    with pytest.raises(ValueError, match="^day is out of range for month$"):
        parse_date("Closing date: 31 February 2025")


def test_parse_date_or_range_reads_a_range_and_its_span():
    text = "21 October 2021 - 18 November 2021 Interventional procedure consultation"
    value, start, end = parse_date_or_range(text)
    assert value == DateRange(PartialDate("2021-10-21", "day"), PartialDate("2021-11-18", "day"))
    assert text[end:].strip() == "Interventional procedure consultation"
    assert start == 0


def test_partial_date_month_covers_the_whole_month():
    june = PartialDate("2025-06", "month")
    assert (june.first_day, june.last_day) == (dt.date(2025, 6, 1), dt.date(2025, 6, 30))
    assert str(june) == "June 2025"


def test_partial_date_year_covers_the_whole_year():
    year = PartialDate.from_value("2026")
    assert (year.precision, year.first_day, year.last_day) == (
        "year",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
    )


def test_partial_date_str_day_has_no_leading_zero():
    assert str(PartialDate("2025-02-01", "day")) == "1 February 2025"
