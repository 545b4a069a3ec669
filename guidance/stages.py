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

The rules split in two: ``stage_inputs`` picks from the documents what does not
depend on the calendar (stored on ``guidance.Procedure`` at load, so lists
filter and sort on indexed columns), and ``stage_on`` applies today to them.
``guidance.selectors.with_stage`` is ``stage_on`` written in SQL.
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


@dataclass(frozen=True)
class StageInputs:
    """What a procedure's stage depends on besides today: the same whatever the date."""

    has_final_guidance: bool
    consultation_starts_on: dt.date | None  # the first day the consultation's start can mean
    consultation_ends_on: dt.date | None  # the last day its end (or the closing date) can mean
    expected_publication_ends_on: dt.date | None  # the last day the expected publication can mean


@dataclass(frozen=True)
class _Chosen:
    start: PartialDate | None
    end: PartialDate | None
    expected: PartialDate | None
    published: DatedFact | None


def _choose(facts: list[DatedFact]) -> _Chosen:
    """The dates the rules read, from facts in (start day, order) order."""
    consultation = _first(facts, "consultation")
    closing = _first(facts, "closing_date")
    expected = _first(facts, "target_publication", "expected_publication")
    end = (consultation.end if consultation and consultation.end else None) or (
        closing.start if closing else None
    )
    return _Chosen(
        start=consultation.start if consultation else None,
        end=end,
        expected=expected.start if expected else None,
        published=_first(facts, "published"),
    )


def stage_inputs(*, has_final_guidance: bool, facts: list[DatedFact]) -> StageInputs:
    """The date-independent inputs of ``stage_on``, from facts in (start day, order) order."""
    chosen = _choose(facts)
    return StageInputs(
        has_final_guidance=has_final_guidance,
        consultation_starts_on=chosen.start.first_day if chosen.start else None,
        consultation_ends_on=chosen.end.last_day if chosen.end else None,
        expected_publication_ends_on=chosen.expected.last_day if chosen.expected else None,
    )


def stage_on(inputs: StageInputs, today: dt.date) -> Stage:
    """The stage on ``today`` (rules 1 to 3 above)."""
    if inputs.has_final_guidance:
        return Stage.PUBLISHED
    if inputs.consultation_starts_on is None and inputs.consultation_ends_on is None:
        return Stage.IN_DEVELOPMENT
    if inputs.consultation_starts_on is not None and today < inputs.consultation_starts_on:
        return Stage.IN_DEVELOPMENT
    if inputs.consultation_ends_on is not None and today > inputs.consultation_ends_on:
        return Stage.CONSULTATION_CLOSED
    return Stage.CONSULTATION_OPEN


def publication_overdue(inputs: StageInputs, today: dt.date) -> bool:
    """An expected publication date wholly past, with no final guidance yet."""
    return bool(
        inputs.expected_publication_ends_on
        and inputs.expected_publication_ends_on < today
        and not inputs.has_final_guidance
    )


def derive_stage(*, has_final_guidance: bool, facts: list[DatedFact], today: dt.date) -> StageReport:
    chosen = _choose(facts)
    inputs = stage_inputs(has_final_guidance=has_final_guidance, facts=facts)
    start, end, expected_date, published = chosen.start, chosen.end, chosen.expected, chosen.published
    overdue = publication_overdue(inputs, today)
    stage = stage_on(inputs, today)

    if stage is Stage.PUBLISHED:
        summary = f"Published {published.start}" if published else "Final guidance published"
        return StageReport(Stage.PUBLISHED, summary, start, end, expected_date, False)

    if stage is Stage.IN_DEVELOPMENT:
        parts = [f"Consultation opens {start}" if start is not None else "In development"]
    elif stage is Stage.CONSULTATION_CLOSED:
        parts = [f"Consultation closed {end}"]
    else:
        parts = [f"Consultation open until {end}" if end else "Consultation open"]

    if expected_date is not None:
        parts.append(f"publication expected {expected_date}" + (", now past" if overdue else ""))
    return StageReport(stage, "; ".join(parts), start, end, expected_date, overdue)
