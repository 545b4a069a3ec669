"""Dates as documents print them, with the precision they are printed at.

NICE and ICB documents give dates at day precision ("21 February 2025",
"29/04/2025"), month precision ("June 2025") and year precision ("Review Date:
2026"). A month-precision date is *not* the first of the month: a publication
"expected June 2025" is only past once June 2025 is over, so comparisons use
``first_day``/``last_day`` explicitly.

Impossible dates ("31 February 2025") raise ``ValueError``; callers turn that
into a ``ParseError`` with the line it came from.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from sources.parsing.errors import ParseError

Precision = Literal["year", "month", "day"]

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

# "21 February 2025", "21st February 2025", "1 Sept. 2025"
DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_NAMES})\.?,?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
# "June 2025"
MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_NAMES})\.?,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
# "29/04/2025", "29-04-2025", "29.04.2025" (UK order: day first)
NUMERIC_DMY = re.compile(r"\b(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})\b")
# "2025-02-21"
ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
YEAR = re.compile(r"\b(?P<year>(?:19|20)\d{2})\b")

# A date range as printed: "21 October 2021 - 18 November 2021", "03 January 2024 to 31 January 2024"
RANGE_SEPARATOR = re.compile(r"\s*(?:-|–|—|\bto\b|\buntil\b)\s*", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to ``precision``; ``value`` is ISO-like: "2025", "2025-06", "2025-02-21"."""

    value: str
    precision: Precision

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> PartialDate:
        if month is None:
            if day is not None:
                raise ValueError("a day needs a month")
            dt.date(year, 1, 1)
            return cls(f"{year:04d}", "year")
        if day is None:
            dt.date(year, month, 1)  # raises ValueError on month 13
            return cls(f"{year:04d}-{month:02d}", "month")
        dt.date(year, month, day)  # raises ValueError on 31 February
        return cls(f"{year:04d}-{month:02d}-{day:02d}", "day")

    @classmethod
    def from_value(cls, value: str) -> PartialDate:
        """Inverse of ``value``: "2025" / "2025-06" / "2025-02-21"."""
        parts = [int(p) for p in value.split("-")]
        return cls.of(*parts)

    @property
    def year(self) -> int:
        return int(self.value[:4])

    @property
    def first_day(self) -> dt.date:
        parts = [int(p) for p in self.value.split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)

    @property
    def last_day(self) -> dt.date:
        parts = [int(p) for p in self.value.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        return dt.date(*parts)

    def to_dict(self) -> dict:
        return {"value": self.value, "precision": self.precision}

    def __str__(self) -> str:
        first = self.first_day
        if self.precision == "day":
            return f"{first.day} {calendar.month_name[first.month]} {first.year}"
        if self.precision == "month":
            return f"{calendar.month_name[first.month]} {first.year}"
        return self.value


@dataclass(frozen=True)
class DateRange:
    start: PartialDate
    end: PartialDate

    def to_dict(self) -> dict:
        return {"start": self.start.to_dict(), "end": self.end.to_dict()}


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def find_date(text: str) -> tuple[PartialDate, re.Match] | None:
    """The first date in ``text`` at the finest precision printed, with its match.

    Raises ``ValueError`` for a date that cannot exist ("31 February 2025").
    Only looks for a bare year when nothing finer is present.
    """
    candidates = []
    for pattern in (DAY_MONTH_YEAR, NUMERIC_DMY, ISO_DATE):
        match = pattern.search(text)
        if match:
            candidates.append(match)
    if candidates:
        match = min(candidates, key=lambda m: m.start())
        month = match.group("month")
        month_number = int(month) if month.isdigit() else _month_number(month)
        return PartialDate.of(int(match.group("year")), month_number, int(match.group("day"))), match
    match = MONTH_YEAR.search(text)
    if match:
        return PartialDate.of(int(match.group("year")), _month_number(match.group("month"))), match
    match = YEAR.search(text)
    if match:
        return PartialDate.of(int(match.group("year"))), match
    return None


def parse_date(text: str) -> PartialDate | None:
    """The first date in ``text`` (see ``find_date``), or None when there is none."""
    found = find_date(text)
    return found[0] if found else None


def parse_date_or_range(text: str) -> tuple[PartialDate | DateRange, int, int] | None:
    """The first single date or range ("A - B", "A to B") in ``text``.

    Returns the value and the span ``(start, end)`` of ``text`` it covers, so
    the caller can take what is printed before and after it (an event label).
    """
    first = find_date(text)
    if first is None:
        return None
    start, start_match = first
    rest = text[start_match.end() :]
    separator = RANGE_SEPARATOR.match(rest)
    if separator:
        tail = rest[separator.end() :]
        second = find_date(tail)
        if second is not None and second[1].start() == 0:
            end, end_match = second
            end_index = start_match.end() + separator.end() + end_match.end()
            return DateRange(start, end), start_match.start(), end_index
    return start, start_match.start(), start_match.end()


def date_or_range_on_line(
    text: str, filename: str, line: int
) -> tuple[PartialDate | DateRange, int, int] | None:
    """``parse_date_or_range`` for a parser: an impossible date refuses the document.

    A source that prints "31 February 2025" is damaged; it raises ``ParseError``
    at ``line`` quoting ``text`` rather than being read with a guess.
    """
    try:
        return parse_date_or_range(text)
    except ValueError as error:
        raise ParseError(filename, line, f"a real calendar date, found {text!r} ({error})") from None
