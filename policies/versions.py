"""What changed between two versions of a commissioning policy, from their parsed rows. Pure (ADR 0014).

Versions of a policy (same body and subject) are ordered as
``policies.builders.version_in_force`` reads them: undated versions first (by
filename), then by effective date and filename. The diff compares the rows of
two versions, never their text:

- **criteria** (leaves) are matched by wording (case, punctuation and
  spacing ignored), then by wording with numbers masked ("BMI <40" is
  "BMI <35" with its threshold moved), then by position among the leaves;
  what is left was added or removed. A matched criterion whose wording
  differs is "reworded", unless the only difference is a number a threshold
  or duration change already reports;
- **groups** are matched by their lead-in, then by position, and report an
  operator change (ALL / ANY / AT LEAST k);
- **thresholds** by measure and unit, **durations** by their context with
  numbers masked (then by position), **ages** by bound: a value, comparator
  or unit that moved is one change ("BMI threshold 40 → 35");
- **definitions** by term and **exclusions** by wording: added, removed,
  (definitions) reworded;
- the **reference** and **review date**.

``version_from_row`` reads a ``PolicyVersion`` as ``policies.selectors``
fetches it (``document``, ``nodes``, ``definitions``, ``exclusions``,
``thresholds__node``, ``durations``): attributes and prefetched relations only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from guidance.versions import (
    Change,
    Source,
    VersionDiff,
    VersionRef,
    dated,
    editorial_ref,
    match,
    newest_first,
    normalise,
    quote,
    removed_and_added,
    without_numbers,
)
from sources.parsing.dates import PartialDate

COMPARATOR_WORDS = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than", "=": "exactly"}
EFFECTIVE = "effective"


@dataclass(frozen=True)
class Leaf:
    key: str
    text: str
    line: int


@dataclass(frozen=True)
class Group:
    text: str
    kind: str  # "all", "any", "at_least"
    k: int | None
    line: int


@dataclass(frozen=True)
class Measure:
    """A threshold (``name`` its measure) or a duration (``name`` its context)."""

    name: str
    comparator: str
    value: str
    unit: str
    line: int
    leaf: str | None = None


@dataclass(frozen=True)
class Worded:
    """A definition (``term`` its term) or an exclusion (``term`` blank)."""

    term: str
    text: str
    line: int


@dataclass(frozen=True)
class PolicyVersionData:
    file: str
    retrieved_on: dt.date
    effective: PartialDate | None
    reference: str = ""
    review: PartialDate | None = None
    review_line: int | None = None
    age_min: str | None = None
    age_max: str | None = None
    leaves: tuple[Leaf, ...] = ()
    groups: tuple[Group, ...] = ()
    definitions: tuple[Worded, ...] = ()
    exclusions: tuple[Worded, ...] = ()
    thresholds: tuple[Measure, ...] = ()
    durations: tuple[Measure, ...] = ()

    @property
    def ref(self) -> VersionRef:
        date, dated_by = dated(self.effective, EFFECTIVE, self.retrieved_on)
        return VersionRef(file=self.file, date=date, dated_by=dated_by, retrieved_on=self.retrieved_on)

    @property
    def order_key(self) -> tuple:
        # As version_in_force reads them: an undated version is in force until a dated one begins.
        if self.effective is None:
            return (0, dt.date.min, self.file)
        return (1, self.effective.first_day, self.file)


def number_text(value: Any) -> str | None:
    """A stored number as printed: Decimal("40.0000") -> "40", 8.5 -> "8.5"."""
    if value is None:
        return None
    number = Decimal(str(value))
    return str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")


def version_from_row(version: Any) -> PolicyVersionData:
    """A ``PolicyVersionData`` from a ``PolicyVersion`` with its tree and measures prefetched."""
    nodes = sorted(version.nodes.all(), key=lambda n: n.order)
    keys = {node.pk: node.key for node in nodes}
    return PolicyVersionData(
        file=version.document.filename,
        retrieved_on=version.document.retrieved_on,
        effective=PartialDate(version.effective_value, version.effective_precision)
        if version.effective_value
        else None,
        reference=version.reference,
        review=PartialDate(version.review_value, version.review_precision) if version.review_value else None,
        review_line=version.review_line,
        age_min=number_text(version.age_min),
        age_max=number_text(version.age_max),
        leaves=tuple(Leaf(key=n.key, text=n.text, line=n.line) for n in nodes if n.kind == "leaf"),
        groups=tuple(Group(text=n.text, kind=n.kind, k=n.k, line=n.line) for n in nodes if n.kind != "leaf"),
        definitions=tuple(
            Worded(term=d.term, text=d.text, line=d.line)
            for d in sorted(version.definitions.all(), key=lambda d: d.order)
        ),
        exclusions=tuple(
            Worded(term="", text=e.text, line=e.line)
            for e in sorted(version.exclusions.all(), key=lambda e: e.order)
        ),
        thresholds=tuple(
            Measure(
                name=t.measure,
                comparator=t.comparator,
                value=number_text(t.value) or "",
                unit=t.unit,
                line=t.line,
                leaf=keys.get(t.node_id),
            )
            for t in sorted(version.thresholds.all(), key=lambda t: t.order)
        ),
        durations=tuple(
            Measure(
                name=d.context,
                comparator=d.comparator,
                value=number_text(d.value) or "",
                unit=d.unit,
                line=d.line,
                leaf=keys.get(d.node_id),
            )
            for d in sorted(version.durations.all(), key=lambda d: d.order)
        ),
    )


def reading_to_dict(version: PolicyVersionData) -> dict[str, Any]:
    """A version's reading as JSON (``CuratedTree.parser_reading``): the inverse of ``reading_from_dict``."""
    data = asdict(version)
    data["retrieved_on"] = version.retrieved_on.isoformat()
    for name in ("effective", "review"):
        printed = getattr(version, name)
        data[name] = printed.value if printed else None
    return data


def reading_from_dict(data: dict[str, Any]) -> PolicyVersionData:
    rows = {"leaves": Leaf, "groups": Group, "definitions": Worded, "exclusions": Worded}
    return PolicyVersionData(
        **{
            **data,
            "retrieved_on": dt.date.fromisoformat(data["retrieved_on"]),
            "effective": PartialDate.from_value(data["effective"]) if data.get("effective") else None,
            "review": PartialDate.from_value(data["review"]) if data.get("review") else None,
            **{name: tuple(row(**item) for item in data.get(name, ())) for name, row in rows.items()},
            **{
                name: tuple(Measure(**item) for item in data.get(name, ()))
                for name in ("thresholds", "durations")
            },
        }
    )


@dataclass(frozen=True)
class EditorReading:
    """An editor's reading of a version (its rows as served) beside the parser's (``CuratedTree``)."""

    parser: PolicyVersionData
    editor: PolicyVersionData
    on: dt.date  # the day the editor saved it


def editorial_diff(reading: EditorReading) -> VersionDiff:
    """What the editor changed of the parser's reading of one version (issue 13): criteria, marks, measures."""
    changes = diff_policy(reading.parser, reading.editor, every_measure=True).changes
    older, newer = editorial_ref(reading.editor.file, reading.editor.retrieved_on, reading.on)
    return VersionDiff(older=older, newer=newer, changes=changes, editorial=True)


def history(
    versions: Iterable[PolicyVersionData], readings: Iterable[EditorReading] = ()
) -> list[VersionDiff]:
    """Each version against the one before it, and each editor's reading against the parser's; newest first."""
    return newest_first([*consecutive_diffs(versions), *(editorial_diff(r) for r in readings)])


def editorial_between(
    versions: Iterable[PolicyVersionData],
    readings: Iterable[EditorReading],
    older_file: str | None,
    newer_file: str | None,
) -> list[VersionDiff]:
    """What editors changed of the versions from ``older_file`` to ``newer_file`` (None: the oldest, the
    newest), newest first: the editorial diffs ``diff_between`` leaves out."""
    ordered = [version.file for version in in_order(versions)]
    first = ordered.index(older_file) if older_file else 0
    last = ordered.index(newer_file) if newer_file else len(ordered) - 1
    within = set(ordered[first : last + 1])
    return newest_first(editorial_diff(r) for r in readings if r.editor.file in within)


def in_order(versions: Iterable[PolicyVersionData]) -> list[PolicyVersionData]:
    """Oldest first."""
    return sorted(versions, key=lambda v: v.order_key)


# --------------------------------------------------------------------------
# The diff
# --------------------------------------------------------------------------


def _operator(kind: str, k: int | None) -> str:
    return {"all": "ALL", "any": "ANY"}.get(kind, f"AT LEAST {k}" if kind == "at_least" else kind.upper())


def _amount(measure: Measure, with_comparator: bool) -> str:
    unit = measure.unit
    if unit and measure.value != "1" and not unit.endswith("s") and unit.isalpha() and len(unit) > 2:
        unit += "s"  # "6 months", "1 month"; symbols ("%", "kg/m2") stay as printed
    amount = f"{measure.value} {unit}".strip()
    return (
        f"{COMPARATOR_WORDS.get(measure.comparator, measure.comparator)} {amount}"
        if with_comparator
        else amount
    )


def _measure_changes(
    old: PolicyVersionData,
    new: PolicyVersionData,
    before: Sequence[Measure],
    after: Sequence[Measure],
    what: str,
    keys: list,
    new_leaves: set[str],
    old_leaves: set[str],
) -> list[Change]:
    pairs, removed, added = match(before, after, keys, by_position=True)
    changes: list[Change] = []
    for b, a in pairs:
        if (b.comparator, b.value, b.unit) == (a.comparator, a.value, a.unit):
            continue
        same_comparator = b.comparator == a.comparator
        old_text, new_text = _amount(b, not same_comparator), _amount(a, not same_comparator)
        label = f"{a.name} threshold" if what == "threshold" else f"Duration {quote(a.name, 60)}"
        changes.append(
            Change(
                f"{what}_changed",
                f"{label} {old_text} → {new_text}",
                _amount(b, True),
                _amount(a, True),
                Source(old.file, b.line),
                Source(new.file, a.line),
            )
        )
    # A measure of a criterion added or removed is part of that change, not one of its own.
    changes.extend(
        removed_and_added(
            what,
            [m for m in removed if m.leaf is None or m.leaf not in old_leaves],
            [m for m in added if m.leaf is None or m.leaf not in new_leaves],
            old.file,
            new.file,
            sentence=lambda m, action: f"{what.capitalize()} {action}: {m.name} {_amount(m, True)}",
            value=lambda m: _amount(m, True),
        )
    )
    return changes


def diff_policy(
    old: PolicyVersionData, new: PolicyVersionData, *, every_measure: bool = False
) -> VersionDiff:
    """What changed from ``old`` to ``new``, two versions of one policy.

    A threshold or duration of a criterion added or removed is part of that
    change, unless ``every_measure`` (an editor's reading: each measure the
    editor attached is a fact of its own).
    """
    changes: list[Change] = []

    # Criteria.
    leaf_pairs, removed, added = match(
        old.leaves,
        new.leaves,
        [lambda leaf: normalise(leaf.text), lambda leaf: without_numbers(leaf.text)],
        by_position=True,
    )
    measured_lines = {
        (b.line, a.line)
        for before, after in ((old.thresholds, new.thresholds), (old.durations, new.durations))
        for b in before
        for a in after
        if (b.comparator, b.value, b.unit) != (a.comparator, a.value, a.unit)
    }
    for b, a in leaf_pairs:
        if normalise(b.text) == normalise(a.text):
            continue
        if without_numbers(b.text) == without_numbers(a.text) and (b.line, a.line) in measured_lines:
            continue  # only a number moved, and the threshold or duration change says so
        changes.append(
            Change(
                "criterion_reworded",
                f"Criterion reworded: {quote(b.text)} → {quote(a.text)}",
                b.text,
                a.text,
                Source(old.file, b.line),
                Source(new.file, a.line),
            )
        )
    changes.extend(
        removed_and_added(
            "criterion",
            removed,
            added,
            old.file,
            new.file,
            sentence=lambda leaf, action: f"Criterion {action}: {quote(leaf.text)}",
            value=lambda leaf: leaf.text,
        )
    )

    # Operators.
    group_pairs, _gone, _new = match(old.groups, new.groups, [lambda g: normalise(g.text)], by_position=True)
    for old_group, new_group in group_pairs:
        before, after = _operator(old_group.kind, old_group.k), _operator(new_group.kind, new_group.k)
        if before != after:
            changes.append(
                Change(
                    "operator_changed",
                    f"Operator of {quote(new_group.text or 'the criteria')} {before} → {after}",
                    before,
                    after,
                    Source(old.file, old_group.line),
                    Source(new.file, new_group.line),
                )
            )

    # Thresholds, durations, ages.
    old_leaves, new_leaves = {leaf.key for leaf in removed}, {leaf.key for leaf in added}
    if every_measure:
        old_leaves, new_leaves = set(), set()
    changes.extend(
        _measure_changes(
            old,
            new,
            old.thresholds,
            new.thresholds,
            "threshold",
            [lambda m: (normalise(m.name), m.unit)],
            new_leaves,
            old_leaves,
        )
    )
    changes.extend(
        _measure_changes(
            old,
            new,
            old.durations,
            new.durations,
            "duration",
            [lambda m: without_numbers(m.name)],
            new_leaves,
            old_leaves,
        )
    )
    for bound, before_age, after_age in (
        ("Minimum age", old.age_min, new.age_min),
        ("Maximum age", old.age_max, new.age_max),
    ):
        if before_age != after_age:
            changes.append(
                Change(
                    "age_changed",
                    f"{bound} {before_age or 'none'} → {after_age or 'none'}",
                    before_age,
                    after_age,
                    Source(old.file, None),
                    Source(new.file, None),
                )
            )

    # Definitions and exclusions.
    definition_pairs, gone, came = match(old.definitions, new.definitions, [lambda d: normalise(d.term)])
    for old_term, new_term in definition_pairs:
        if normalise(old_term.text) != normalise(new_term.text):
            changes.append(
                Change(
                    "definition_reworded",
                    f"Definition of {quote(new_term.term, 60)} reworded",
                    old_term.text,
                    new_term.text,
                    Source(old.file, old_term.line),
                    Source(new.file, new_term.line),
                )
            )
    changes.extend(
        removed_and_added(
            "definition",
            gone,
            came,
            old.file,
            new.file,
            sentence=lambda d, action: f"Definition {action}: {quote(d.term, 60)}",
            value=lambda d: d.text,
        )
    )
    _pairs, gone, came = match(old.exclusions, new.exclusions, [lambda e: normalise(e.text)])
    changes.extend(
        removed_and_added(
            "exclusion",
            gone,
            came,
            old.file,
            new.file,
            sentence=lambda e, action: f"Exclusion {action}: {quote(e.text)}",
            value=lambda e: e.text,
        )
    )

    # Reference and review date.
    if old.reference != new.reference:
        changes.append(
            Change(
                "reference_changed",
                f"Reference {old.reference or 'none'} → {new.reference or 'none'}",
                old.reference or None,
                new.reference or None,
                Source(old.file, None),
                Source(new.file, None),
            )
        )
    if old.review != new.review:
        before_review = str(old.review) if old.review else None
        after_review = str(new.review) if new.review else None
        changes.append(
            Change(
                "review_date_changed",
                f"Review date {before_review or 'none'} → {after_review or 'none'}",
                before_review,
                after_review,
                Source(old.file, old.review_line),
                Source(new.file, new.review_line),
            )
        )
    return VersionDiff(older=old.ref, newer=new.ref, changes=tuple(changes))


def consecutive_diffs(versions: Iterable[PolicyVersionData]) -> list[VersionDiff]:
    """Each version against the one before it, newest change first."""
    ordered = in_order(versions)
    return [diff_policy(older, newer) for older, newer in zip(ordered, ordered[1:], strict=False)][::-1]


def diff_between(
    versions: Iterable[PolicyVersionData], older_file: str | None, newer_file: str | None
) -> VersionDiff | None:
    """The diff between two versions named by file (None: the oldest, the newest); None when there is one version."""
    ordered = in_order(versions)
    if not ordered:
        return None
    by_file = {v.file: v for v in ordered}
    older = by_file[older_file] if older_file else ordered[0]
    newer = by_file[newer_file] if newer_file else ordered[-1]
    return diff_policy(older, newer)
