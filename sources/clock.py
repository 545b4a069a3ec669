"""What day it is for this product: the UK's today, whatever the server's time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london_today() -> dt.date:
    return dt.datetime.now(tz=LONDON).date()


def london_date(moment: dt.datetime) -> dt.date:
    """The UK's date at ``moment`` (an aware datetime): a change saved at 00:30 BST is dated that day."""
    return moment.astimezone(LONDON).date()
