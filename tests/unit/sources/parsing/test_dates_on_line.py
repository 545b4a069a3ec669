import pytest

from sources.parsing.dates import DateRange, PartialDate, date_or_range_on_line
from sources.parsing.errors import ParseError


def test_date_or_range_on_line_reads_a_range_with_its_span():
    assert date_or_range_on_line("03 January 2024 - 31 January 2024 Consultation", "F", 7) == (
        DateRange(PartialDate("2024-01-03", "day"), PartialDate("2024-01-31", "day")),
        0,
        33,
    )


def test_date_or_range_on_line_without_a_date_is_none():
    assert date_or_range_on_line("Date Update", "F", 7) is None


def test_date_or_range_on_line_impossible_date_refuses_at_the_line():
    with pytest.raises(ParseError) as raised:
        date_or_range_on_line("31 February 2024 Committee meeting", "page.txt", 9)
    assert str(raised.value) == (
        "page.txt:9: a real calendar date, found '31 February 2024 Committee meeting' (day is out of range "
        "for month)"
    )
