"""One builder per concept that the guidance pages and the API both show. Pure.

Each builder takes rows a selector has already fetched and returns plain data:
no query, no request, no Django import. Pages and API render what it returns,
each in their own way.

- ``duties_by_audience``: a procedure's duty lists grouped by who must act:
  clinicians, healthcare organisations, others, in that order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from sources.parsing.contract import Audience


class _DutyList(Protocol):
    @property
    def audience(self) -> str: ...


L = TypeVar("L", bound=_DutyList)


def duties_by_audience(duty_lists: Iterable[L]) -> dict[str, list[L]]:
    """``duty_lists`` by audience: every audience, in the contract's order, each with its lists in the order given.

    An audience no list addresses maps to an empty list; a list with no duties stays in.
    """
    grouped: dict[str, list[L]] = {audience.value: [] for audience in Audience}
    for duty_list in duty_lists:
        grouped[duty_list.audience].append(duty_list)
    return grouped
