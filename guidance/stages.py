"""Where a procedure stands in NICE's process, derived from its documents and today.

Nothing here is stored: the stage changes with the calendar (a consultation
closes, a target publication date passes), so it is worked out on read from the
documents' kinds and the dates they state. Pure functions, no Django.

Rules, in order:
1. A final guidance document exists: **published**.
2. A consultation period is known (a range from an in-progress page's key
   events, or a consultation document's closing date): before its start the
   procedure is **in development**; up to and including its last day the
   consultation is **open**; after it, **closed** (awaiting final guidance).
   A consultation document states only the closing date: the document being
   out means the consultation has started, so it is open until that date.
3. Otherwise: **in development**.

Month- and year-precision dates are compared by the whole period they cover:
a publication "expected June 2025" is past only from 1 July 2025.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from sources.parsing.dates import PartialDate


class Stage(str, Enum):
    IN_DEVELOPMENT = "in_development"
    CONSULTATION_OPEN = "consultation_open"
    CONSULTATION_CLOSED = "consultation_closed"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.IN_DEVELOPMENT: "In development",
    Stage.CONSULTATION_OPEN: "Consultation open",
    Stage.CONSULTATION_CLOSED: "Consultation closed",
    Stage.PUBLISHED: "Published",
}


@dataclass(frozen=True)
class DatedFact:
    """A date a document states: ``kind`` as in ``guidance.models.EventKind``."""

    kind: str
    start: PartialDate
    end: PartialDate | None = None


@dataclass(frozen=True)
class StageReport:
    stage: Stage
    summary: str  # "Consultation closed 21 February 2025; publication expected June 2025, now past"
    consultation_start: PartialDate | None
    consultation_end: PartialDate | None
    expected_publication: PartialDate | None
    publication_overdue: bool


def _first(facts: Iterable[DatedFact], *kinds: str) -> DatedFact | None:
    for kind in kinds:
        for fact in facts:
            if fact.kind == kind:
                return fact
    return None


def derive_stage(*, has_final_guidance: bool, facts: list[DatedFact], today: dt.date) -> StageReport:
    consultation = _first(facts, "consultation")
    closing = _first(facts, "closing_date")
    expected = _first(facts, "target_publication", "expected_publication")
    published = _first(facts, "published")

    start = consultation.start if consultation else None
    end = (consultation.end if consultation and consultation.end else None) or (
        closing.start if closing else None
    )
    expected_date = expected.start if expected else None
    overdue = bool(expected_date and expected_date.last_day < today and not has_final_guidance)

    if has_final_guidance:
        summary = f"Published {published.start}" if published else "Final guidance published"
        return StageReport(Stage.PUBLISHED, summary, start, end, expected_date, False)

    if end is None and start is None:
        stage = Stage.IN_DEVELOPMENT
        parts = ["In development"]
    elif start is not None and today < start.first_day:
        stage = Stage.IN_DEVELOPMENT
        parts = [f"Consultation opens {start}"]
    elif end is not None and today > end.last_day:
        stage = Stage.CONSULTATION_CLOSED
        parts = [f"Consultation closed {end}"]
    else:
        stage = Stage.CONSULTATION_OPEN
        parts = [f"Consultation open until {end}" if end else "Consultation open"]

    if expected_date is not None:
        parts.append(f"publication expected {expected_date}" + (", now past" if overdue else ""))
    return StageReport(stage, "; ".join(parts), start, end, expected_date, overdue)
