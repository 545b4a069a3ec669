"""The version of the loaded data, cheaply: what the API's validators and the page cache key on.

``sources.selectors.data_version`` reads it from the database (one small
query on the latest ``DataLoad``). Answering a conditional GET must cost
about what a trivial view does, so each process remembers what it read for a
few seconds (``apicore.conditional.DATA_VERSION_TTL``). Writes in this process
(``sources.actions``) forget it at once; another process (a reload run from
the command line, another app server) may go on answering with the previous
version for at most that long (docs/adr/0006).
"""

from __future__ import annotations

import datetime as dt
import time

from sources.selectors import data_version

_memo: tuple[float, tuple[str, dt.datetime] | None] | None = None


def current(*, ttl: float) -> tuple[str, dt.datetime] | None:
    """``(digest, modified_at)`` of the latest load, or None before any; read at most once per ``ttl`` seconds."""
    global _memo
    memo = _memo
    now = time.monotonic()
    if memo is None or now - memo[0] >= ttl:
        memo = _memo = (now, data_version())
    return memo[1]


def forget() -> None:
    """Read the version afresh next time: the data just changed in this process."""
    global _memo
    _memo = None
