"""One consistent snapshot of the data for every query an API answer makes.

A list answer counts its rows and then reads a page: two statements. Under
READ COMMITTED a load committing between them gave a count of 1,200 with the
page of 4 procedures. Inside ``read_snapshot`` every statement sees the data
as it was at the first one: on PostgreSQL a REPEATABLE READ, READ ONLY
transaction; on SQLite (WAL) a read transaction does the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction


@contextmanager
def read_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    connection = connections[using]
    if connection.in_atomic_block:
        # Already inside a transaction (a test's, or a caller's): its snapshot rules, and
        # PostgreSQL would refuse to change the isolation level now.
        yield
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
