"""Whether a policy is due for review, relative to the UK's today. Pure.

A review date is due once the period it names has begun: a day-precision date
on or before today; a month or a year that has started ("Review Date: 2026" is
due throughout 2026, and after). An unstated review date is never "due": the
product does not guess one.
"""

from __future__ import annotations

import datetime as dt

from sources.parsing.dates import PartialDate


def review_due(review: PartialDate | None, today: dt.date) -> bool:
    if review is None:
        return False
    return review.first_day <= today
