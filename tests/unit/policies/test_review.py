import datetime as dt

from policies.review import review_due
from sources.parsing.dates import PartialDate


def test_review_due_year_precision_throughout_that_year():
    assert review_due(PartialDate("2026", "year"), dt.date(2026, 1, 1)) is True
    assert review_due(PartialDate("2026", "year"), dt.date(2025, 12, 31)) is False


def test_review_due_day_precision_on_and_after_the_day():
    review = PartialDate("2026-08-31", "day")
    assert [review_due(review, dt.date(2026, 8, d)) for d in (30, 31)] == [False, True]


def test_review_due_unknown_date_is_not_due():
    assert review_due(None, dt.date(2030, 1, 1)) is False
