"""What day it is for this product: the UK's today, whatever the server's time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def london_today() -> dt.date:
    return dt.datetime.now(tz=LONDON).date()
