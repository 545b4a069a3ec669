"""Versions of a NICE document and what changed between two of them. Pure (ADR 0014).

A **version** is one capture of a document series: the documents of one
procedure that are of the same kind (final guidance, consultation, in-progress
page). Versions of a series are ordered by their date (published, else the
document's own date, else the day the copy was retrieved), then retrieval
date, then filename; the latest **leads** (its decisions are the procedure's
decisions) and each older one stays readable by date (``in_force``).

The diff compares parsed data, never text: decisions (matched by
recommendation number, else by indication, else by position), duties (by
audience and wording), registries (by name) and named dates (by name). Each
``Change`` has a kind, a sentence a reader can follow, the old and new values,
and the file and line on each side.

Inputs are plain dataclasses (``GuidanceVersion``); ``version_from_rows``
builds one from a document's rows as ``guidance.selectors`` fetched them,
reading attributes and prefetched relations only (no query, no Django import).
``policies.versions`` reuses ``Change``, ``VersionDiff`` and the helpers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sources.parsing.dates import PartialDate

LEVEL_NAMES = {
    "standard": "standard arrangements",
    "special": "special arrangements",
    "research_only": "research only",
    "do_not_use": "do not use",
    "evidence_generation": "evidence generation",
}
AUDIENCE_NAMES = {"clinicians": "clinicians", "organisations": "healthcare organisations", "other": "others"}
# The dates that date a version, best first: a capture that prints none is dated by its retrieval.
VERSION_DATE_NAMES = ("published", "document")
RETRIEVED = "retrieved"
# ``VersionRef.dated_by`` of an editor's reading: dated the day the editor changed it (issue 13).
EDITOR = "editor"
SUMMARY_LENGTH = 500


# --------------------------------------------------------------------------
# What a diff says
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    file: str
    line: int | None


@dataclass(frozen=True)
class Change:
    """One difference between two versions: ``kind`` ("decision_level_changed"...), a sentence, values, lines."""

    kind: str
    sentence: str
    old: str | None
    new: str | None
    old_source: Source | None
    new_source: Source | None


@dataclass(frozen=True)
class VersionRef:
    file: str
    date: PartialDate
    dated_by: str  # "published", "document", "effective" or "retrieved"
    retrieved_on: dt.date


@dataclass(frozen=True)
class VersionDiff:
    """What changed from ``older`` to ``newer``; ``newer.date`` is when it changed."""

    older: VersionRef
    newer: VersionRef
    changes: tuple[Change, ...]
    # True: ``older`` is the parser's reading of a document and ``newer`` an editor's reading of the
    # same document (``newer.dated_by`` is EDITOR), not two captures.
    editorial: bool = False

    @property
    def summary(self) -> str:
        """ "Changed on 3 March 2026: criterion ... added; BMI threshold 40 → 35", at most 500 characters."""
        return change_summary(self)


def change_summary(diff: VersionDiff) -> str:
    said = "; ".join(change.sentence for change in diff.changes) or "nothing read differs"
    by = " by an editor" if diff.editorial else ""
    text = f"Changed{by} on {diff.newer.date}: {said}."
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def normalise(text: str) -> str:
    """Wording for matching: case, punctuation, asterisks and spacing ignored."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def without_numbers(text: str) -> str:
    """Wording with every number masked: "BMI <40" and "BMI <35" are one criterion whose threshold moved."""
    return re.sub(r"\d+(?:[.,]\d+)?", "#", normalise(text))


def quote(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= length else f"'{text[: length - 1]}…'"


T = TypeVar("T")


def match(
    old: Sequence[T], new: Sequence[T], keys: Sequence[Callable[[T], object]], by_position: bool = False
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Pairs of old and new items, then the old left unmatched, then the new left unmatched.

    Each key function is tried in turn on what is still unmatched (first match in order wins);
    ``by_position`` pairs what is left by its index among the items of its side.
    """
    old_left = list(range(len(old)))
    new_left = list(range(len(new)))
    pairs: list[tuple[int, int]] = []
    for key in keys:
        waiting: dict[object, list[int]] = {}
        for index in old_left:
            found = key(old[index])
            if found is not None:  # None: this key cannot match the item (an unprinted number)
                waiting.setdefault(found, []).append(index)
        still_new = []
        for index in new_left:
            found = key(new[index])
            candidates = waiting.get(found) if found is not None else None
            if candidates:
                pairs.append((candidates.pop(0), index))
            else:
                still_new.append(index)
        matched = {o for o, _ in pairs}
        old_left = [index for index in old_left if index not in matched]
        new_left = still_new
    if by_position:
        same_place = sorted(set(old_left) & set(new_left))
        pairs.extend((index, index) for index in same_place)
        old_left = [index for index in old_left if index not in same_place]
        new_left = [index for index in new_left if index not in same_place]
    pairs.sort(key=lambda pair: pair[1])
    return [(old[o], new[n]) for o, n in pairs], [old[o] for o in old_left], [new[n] for n in new_left]


def removed_and_added(
    what: str,
    removed: Iterable[Any],
    added: Iterable[Any],
    old_file: str,
    new_file: str,
    *,
    sentence: Callable[[Any, str], str],
    value: Callable[[Any], str | None],
) -> list[Change]:
    """A ``<what>_removed`` change for each item ``removed`` and a ``<what>_added`` one for each ``added``.

    Items carry the ``line`` they were read from; ``sentence(item, "removed")`` says the change
    in words and ``value(item)`` is what the change reports as the old (or new) value.
    """
    return [
        Change(
            f"{what}_removed", sentence(item, "removed"), value(item), None, Source(old_file, item.line), None
        )
        for item in removed
    ] + [
        Change(f"{what}_added", sentence(item, "added"), None, value(item), None, Source(new_file, item.line))
        for item in added
    ]


# --------------------------------------------------------------------------
# A guidance version, as plain data
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    number: str
    level: str
    indication: str
    line: int


@dataclass(frozen=True)
class DutyItem:
    audience: str
    text: str
    line: int


@dataclass(frozen=True)
class RegistryItem:
    name: str
    line: int


@dataclass(frozen=True)
class NamedDate:
    name: str  # the event kind ("published", "closing_date"), or the key event's label
    label: str  # how a sentence names it: "Target date for publication"
    value: str  # as a reader reads it: "June 2025", "21 October 2021 to 18 November 2021"
    line: int


@dataclass(frozen=True)
class GuidanceVersion:
    file: str
    kind: str
    retrieved_on: dt.date
    dates: tuple[NamedDate, ...]
    version_date: PartialDate | None  # the published (else document) date, when printed
    decisions: tuple[Decision, ...] = ()
    duties: tuple[DutyItem, ...] = ()
    registries: tuple[RegistryItem, ...] = ()
    version_date_name: str = RETRIEVED

    @property
    def ref(self) -> VersionRef:
        date, dated_by = dated(self.version_date, self.version_date_name, self.retrieved_on)
        return VersionRef(file=self.file, date=date, dated_by=dated_by, retrieved_on=self.retrieved_on)


def dated(printed: PartialDate | None, name: str, retrieved_on: dt.date) -> tuple[PartialDate, str]:
    """A version's date and what gave it: the printed date, else the day it was retrieved."""
    if printed is not None:
        return printed, name
    return PartialDate(retrieved_on.isoformat(), "day"), RETRIEVED


def version_date_of(dates: dict[str, Any]) -> tuple[PartialDate | None, str]:
    """The date that dates a version, from parsed ``dates`` (``{"published": {"value", "precision"}}``)."""
    for name in VERSION_DATE_NAMES:
        value = dates.get(name)
        if value and "value" in value:
            return PartialDate(value["value"], value["precision"]), name
    return None, RETRIEVED


def order_key(version_date: PartialDate | None, retrieved_on: dt.date, file: str) -> tuple:
    """How versions of a series sort, oldest first: date (first day it can mean), retrieval, filename."""
    first = version_date.first_day if version_date is not None else retrieved_on
    return (first, retrieved_on, file)


def _events_text(start: PartialDate, end: PartialDate | None) -> str:
    return f"{start} to {end}" if end is not None else str(start)


def version_from_rows(
    document: Any,
    indications: Iterable[Any],
    duty_lists: Iterable[Any],
    mentions: Iterable[Any],
    events: Iterable[Any],
) -> GuidanceVersion:
    """A ``GuidanceVersion`` from one document's rows (``duty_lists`` with ``duties``, ``mentions`` with
    ``registry`` fetched). Reads attributes only."""
    named: list[NamedDate] = []
    printed: dict[str, PartialDate] = {}
    for event in sorted(events, key=lambda e: e.order):
        start = PartialDate(event.start_value, event.start_precision)
        end = PartialDate(event.end_value, event.end_precision) if event.end_value else None
        name = event.label if event.kind == "key_event" else event.kind
        named.append(NamedDate(name=name, label=event.label, value=_events_text(start, end), line=event.line))
        printed.setdefault(event.kind, start)
    version_date, date_name = version_date_of({k: v.to_dict() for k, v in printed.items()})
    return GuidanceVersion(
        file=document.filename,
        kind=document.kind,
        retrieved_on=document.retrieved_on,
        dates=tuple(named),
        version_date=version_date,
        version_date_name=date_name,
        decisions=tuple(
            Decision(number=row.recommendation_number, level=row.level, indication=row.text, line=row.line)
            for row in sorted(indications, key=lambda i: i.order)
        ),
        duties=tuple(
            DutyItem(audience=duty_list.audience, text=duty.text, line=duty.line)
            for duty_list in sorted(duty_lists, key=lambda d: d.order)
            for duty in sorted(duty_list.duties.all(), key=lambda d: d.order)
        ),
        registries=tuple(
            RegistryItem(name=mention.registry.name, line=mention.line)
            for mention in sorted(mentions, key=lambda m: (m.line, m.registry.name))
        ),
    )


def version_from_document(document: Any) -> GuidanceVersion:
    """A ``GuidanceVersion`` from a document with ``indications``, ``duty_lists`` (with ``duties``),
    ``registry_mentions`` (with ``registry``) and ``events`` fetched (``guidance.selectors.document_versions``)."""
    return version_from_rows(
        document,
        document.indications.all(),
        document.duty_lists.all(),
        document.registry_mentions.all(),
        document.events.all(),
    )


# --------------------------------------------------------------------------
# Series, the leading version, the version in force
# --------------------------------------------------------------------------

V = TypeVar("V", bound=GuidanceVersion)

# Which kind of document speaks for a procedure, most authoritative first.
AUTHORITY = {"ipg_recommendations": 0, "ip_consultation": 1, "ip_in_progress": 2}


def leading(versions: Iterable[V]) -> V | None:
    """Of versions in force (one per kind), the one whose decisions are the procedure's."""
    found = [v for v in versions if v.kind in AUTHORITY]
    return min(found, key=lambda v: AUTHORITY[v.kind]) if found else None


def series(versions: Iterable[V]) -> dict[str, list[V]]:
    """Versions by kind, each list oldest first."""
    grouped: dict[str, list[V]] = {}
    for version in versions:
        grouped.setdefault(version.kind, []).append(version)
    return {
        kind: sorted(found, key=lambda v: order_key(v.version_date, v.retrieved_on, v.file))
        for kind, found in sorted(grouped.items())
    }


def in_force(versions: Iterable[V], as_of: dt.date | None = None) -> list[V]:
    """Of each series, the version in force on ``as_of`` (the latest dated no later); None: the leading one.

    A series none of whose versions had begun by ``as_of`` contributes none.
    """
    chosen: list[V] = []
    for found in series(versions).values():
        if as_of is not None:
            found = [v for v in found if order_key(v.version_date, v.retrieved_on, v.file)[0] <= as_of]
        if found:
            chosen.append(found[-1])
    return chosen


# --------------------------------------------------------------------------
# The diff
# --------------------------------------------------------------------------


def _decision_name(decision: Decision) -> str:
    name = f"decision {decision.number}" if decision.number else "decision"
    return f"{name} ({decision.indication})" if decision.indication else name


def _level(code: str) -> str:
    return LEVEL_NAMES.get(code, code)


def _decisions(old: GuidanceVersion, new: GuidanceVersion) -> list[Change]:
    changes: list[Change] = []
    numbered = [
        lambda d: d.number or None,
        lambda d: ("indication", normalise(d.indication)),
    ]
    pairs, removed, added = match(old.decisions, new.decisions, numbered, by_position=True)
    for before, after in pairs:
        old_at, new_at = Source(old.file, before.line), Source(new.file, after.line)
        if before.level != after.level:
            changes.append(
                Change(
                    "decision_level_changed",
                    f"{_decision_name(after).capitalize()}: {_level(before.level)} → {_level(after.level)}",
                    _level(before.level),
                    _level(after.level),
                    old_at,
                    new_at,
                )
            )
        if normalise(before.indication) != normalise(after.indication):
            changes.append(
                Change(
                    "decision_indication_changed",
                    f"{_decision_name(after).capitalize()}: indication "
                    f"{quote(before.indication or 'every use')} → {quote(after.indication or 'every use')}",
                    before.indication,
                    after.indication,
                    old_at,
                    new_at,
                )
            )
    changes.extend(
        removed_and_added(
            "decision",
            removed,
            added,
            old.file,
            new.file,
            sentence=lambda d, action: f"{_decision_name(d).capitalize()} ({_level(d.level)}) {action}",
            value=lambda d: _level(d.level),
        )
    )
    return changes


def _duties(old: GuidanceVersion, new: GuidanceVersion) -> list[Change]:
    _pairs, removed, added = match(old.duties, new.duties, [lambda d: (d.audience, normalise(d.text))])
    return removed_and_added(
        "duty",
        removed,
        added,
        old.file,
        new.file,
        sentence=lambda d, action: (
            f"Duty for {AUDIENCE_NAMES.get(d.audience, d.audience)} {action}: {quote(d.text)}"
        ),
        value=lambda d: d.text,
    )


def _registries(old: GuidanceVersion, new: GuidanceVersion) -> list[Change]:
    # A registry named twice in one version is one registry: compared by name, first mention's line.
    def firsts(items: Sequence[RegistryItem]) -> list[RegistryItem]:
        seen: dict[str, RegistryItem] = {}
        for item in items:
            seen.setdefault(item.name, item)
        return list(seen.values())

    _pairs, removed, added = match(firsts(old.registries), firsts(new.registries), [lambda r: r.name])
    return removed_and_added(
        "registry",
        removed,
        added,
        old.file,
        new.file,
        sentence=lambda r, action: f"Registry {action}: {r.name}",
        value=lambda r: r.name,
    )


def _dates(old: GuidanceVersion, new: GuidanceVersion) -> list[Change]:
    pairs, removed, added = match(old.dates, new.dates, [lambda d: d.name])
    changes = [
        Change(
            "date_changed",
            f"{before.label} {before.value} → {after.value}",
            before.value,
            after.value,
            Source(old.file, before.line),
            Source(new.file, after.line),
        )
        for before, after in pairs
        if before.value != after.value
    ]
    changes.extend(
        Change(
            "date_removed", f"{d.label} ({d.value}) removed", d.value, None, Source(old.file, d.line), None
        )
        for d in removed
    )
    changes.extend(
        Change("date_added", f"{d.label} added: {d.value}", None, d.value, None, Source(new.file, d.line))
        for d in added
    )
    return changes


def diff_guidance(old: GuidanceVersion, new: GuidanceVersion) -> VersionDiff:
    """What changed from ``old`` to ``new`` (two versions of one series): decisions, duties, registries, dates."""
    changes = [*_decisions(old, new), *_duties(old, new), *_registries(old, new), *_dates(old, new)]
    return VersionDiff(older=old.ref, newer=new.ref, changes=tuple(changes))


def consecutive_diffs(versions: Iterable[GuidanceVersion]) -> list[VersionDiff]:
    """Each version against the one before it in its series, newest change first."""
    diffs = [
        diff_guidance(older, newer)
        for found in series(versions).values()
        for older, newer in zip(found, found[1:], strict=False)
    ]
    return newest_first(diffs)


# --------------------------------------------------------------------------
# Editors' changes: the parser's reading against an editor's (issue 13)
# --------------------------------------------------------------------------


def day(on: dt.date) -> PartialDate:
    return PartialDate(on.isoformat(), "day")


def editorial_ref(file: str, retrieved_on: dt.date, on: dt.date) -> tuple[VersionRef, VersionRef]:
    """(the parser's reading of ``file``, dated by its retrieval; the editor's, dated ``on``)."""
    return (
        VersionRef(file=file, date=day(retrieved_on), dated_by=RETRIEVED, retrieved_on=retrieved_on),
        VersionRef(file=file, date=day(on), dated_by=EDITOR, retrieved_on=retrieved_on),
    )


@dataclass(frozen=True)
class EditorDecision:
    """A decision an editor set on a line of a document (``guidance.CuratedDecision``), beside what the parser read."""

    file: str
    retrieved_on: dt.date
    on: dt.date
    line: int
    level: str
    indication: str
    parser_level: str | None = None
    parser_indication: str | None = None


def editorial_diffs(decisions: Iterable[EditorDecision]) -> list[VersionDiff]:
    """Each day's decisions an editor set on one document, as a diff from the parser's reading; newest first."""
    grouped: dict[tuple[str, dt.date], list[EditorDecision]] = {}
    for decision in decisions:
        grouped.setdefault((decision.file, decision.on), []).append(decision)
    diffs = []
    for (file, on), found in grouped.items():
        changes = []
        for decision in sorted(found, key=lambda d: d.line):
            before = _level(decision.parser_level) if decision.parser_level else None
            after = _level(decision.level)
            about = f" for {quote(decision.indication, 60)}" if decision.indication else ""
            changes.append(
                Change(
                    "decision_set_by_editor",
                    f"Decision set by an editor{about}: {before or 'level not read'} → {after}",
                    before,
                    after,
                    Source(file, decision.line) if before else None,
                    Source(file, decision.line),
                )
            )
        older, newer = editorial_ref(file, found[0].retrieved_on, on)
        diffs.append(VersionDiff(older=older, newer=newer, changes=tuple(changes), editorial=True))
    return newest_first(diffs)


def newest_first(diffs: Iterable[VersionDiff]) -> list[VersionDiff]:
    """Diffs by the day they changed, newest first; of one day, an editor's after the capture's."""
    return sorted(
        diffs,
        key=lambda d: (d.newer.date.first_day, d.editorial, d.newer.retrieved_on, d.newer.file),
        reverse=True,
    )
