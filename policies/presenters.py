"""Page shaping for the policy pages: what ``policies.builders`` built in, plain data for templates out.

Plain functions, no queries: they render the criteria tree
(``builders.criteria_tree``) and the evaluation report
(``builders.evaluation_report``), reading from the ``PolicyVersion`` only what
a page adds to them (measures to highlight, definitions to link), with its
``nodes`` (with ``definitions``), ``definitions``, ``exclusions``,
``durations`` and ``thresholds`` prefetched (``policies.selectors``).

Leaf text reaches templates as *segments* (plain text, a highlighted
duration or threshold, a link to a definition) that templates escape one by
one, so highlighting never means marking document text safe.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from policies.builders import EvaluationReport, Reason
from policies.review import review_due

OUTCOME_LABELS = {"met": "Met", "not_met": "Not met", "undetermined": "Undetermined"}
ANSWER_LABELS = {True: "Yes", False: "No", None: "Unknown"}
ANSWERS = (("yes", "Yes"), ("no", "No"), ("unknown", "Unknown"))
COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", "==": "="}
# How a page says where a group's operator was read (``CriterionNode.connector``).
OPERATOR_SOURCES = {"stated": "connectors printed", "lead_in": "lead-in words"}


def group_label(kind: str, k: int | None) -> str:
    """How a group reads: "ALL of", "ANY of", "AT LEAST 2 of"."""
    if kind == "all":
        return "ALL of"
    if kind == "any":
        return "ANY of"
    return f"AT LEAST {k} of"


def definition_anchor(definition) -> str:
    return f"definition-{definition.order + 1}"


def criterion_anchor(key: str) -> str:
    return f"criterion-{key}"


def _number(value: Decimal) -> str:
    """A stored decimal as printed: 6.00 -> "6", 40.5000 -> "40.5"."""
    return format(Decimal(value).normalize(), "f")


def duration_label(duration) -> str:
    value = _number(duration.value)
    unit = duration.unit if value == "1" else f"{duration.unit}s"
    return f"{COMPARATORS.get(duration.comparator, duration.comparator)} {value} {unit}"


def threshold_label(threshold) -> str:
    unit = f" {threshold.unit}" if threshold.unit else ""
    return f"{threshold.measure} {COMPARATORS.get(threshold.comparator, threshold.comparator)} {_number(threshold.value)}{unit}"


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str = (
        "text"  # "text", "measure" (duration or threshold: highlighted), "term" (links to a definition)
    )
    href: str = ""


def segments(text: str, marks: Iterable[tuple[str, str, str]]) -> list[Segment]:
    """Split ``text`` into segments, marking the first match of each ``(pattern, kind, href)``.

    Patterns are regular expressions matched case-insensitively; a match that
    overlaps an earlier one is skipped.
    """
    found: list[tuple[int, int, str, str]] = []
    for pattern, kind, href in marks:
        match = re.search(pattern, text, re.IGNORECASE)
        if (
            match
            and match.end() > match.start()
            and all(match.end() <= start or match.start() >= end for start, end, _, _ in found)
        ):
            found.append((match.start(), match.end(), kind, href))
    result, position = [], 0
    for start, end, kind, href in sorted(found):
        if start > position:
            result.append(Segment(text[position:start]))
        result.append(Segment(text[start:end], kind, href))
        position = end
    if position < len(text):
        result.append(Segment(text[position:]))
    return result


@dataclass(frozen=True)
class TermLink:
    term: str
    href: str
    in_text: bool  # the leaf's own words link to it; otherwise shown as "see definition"


@dataclass(frozen=True)
class CriterionView:
    key: str
    anchor: str
    kind: str  # "leaf", "all", "any", "at_least"
    label: str  # group label ("ALL of") or "" for a leaf
    text: str  # as printed: a group's lead-in ("The patient:") or a leaf's words
    number: str
    line: int
    segments: tuple[Segment, ...]
    terms: tuple[TermLink, ...]
    measures: tuple[str, ...]  # "≥ 6 months", "BMI < 45"
    children: tuple[CriterionView, ...]
    result: str  # "" when not evaluated; else "met" / "not_met" / "undetermined"
    result_label: str
    answer: str  # leaves: "Yes" / "No" / "Unknown" once evaluated
    operator_source: str = ""  # groups: "connectors printed" / "lead-in words", where the operator was read
    operator_line: int | None = None

    @property
    def is_leaf(self) -> bool:
        return self.kind == "leaf"


def criteria_view(
    version,
    tree: Mapping[str, Any],
    report: EvaluationReport | None = None,
    facts: Mapping[str, bool | None] | None = None,
) -> CriterionView:
    """The criteria ``tree`` of ``version`` as nested views, with each node's result when ``report`` is given."""
    keys = {node.pk: node.key for node in version.nodes.all()}
    definitions = {node.key: list(node.definitions.all()) for node in version.nodes.all()}
    measures: dict[str, list[tuple[str, str]]] = {}
    for duration in version.durations.all():
        if duration.node_id:
            measures.setdefault(keys[duration.node_id], []).append((duration.text, duration_label(duration)))
    for threshold in version.thresholds.all():
        if threshold.node_id:
            measures.setdefault(keys[threshold.node_id], []).append(
                (threshold.text, threshold_label(threshold))
            )
    results = {node.id: node.result for node in report.nodes} if report is not None else {}
    facts = facts or {}

    def build(node: Mapping[str, Any]) -> CriterionView:
        key = node["id"]
        kids = tuple(build(child) for child in node.get("children", ()))
        marks, terms = [], []
        for printed, _label in measures.get(key, []):
            if printed:
                marks.append((re.escape(printed), "measure", ""))
        for definition in definitions.get(key, []):
            pattern = re.escape(definition.term) + (
                re.escape(definition.marker) + "?" if definition.marker else ""
            )
            href = "#" + definition_anchor(definition)
            in_text = bool(re.search(pattern, node["text"], re.IGNORECASE))
            marks.append((pattern, "term", href))
            terms.append(TermLink(term=definition.term, href=href, in_text=in_text))
        result = results.get(key, "")
        is_leaf = node["kind"] == "leaf"
        return CriterionView(
            key=key,
            anchor=criterion_anchor(key),
            kind=node["kind"],
            label="" if is_leaf else group_label(node["kind"], node["k"]),
            text=node["text"],
            number=node["number"] or "",
            line=node["line"],
            segments=tuple(segments(node["text"], marks)),
            terms=tuple(terms),
            measures=tuple(label for _printed, label in measures.get(key, [])),
            children=kids,
            result=result,
            result_label=OUTCOME_LABELS[result] if result else "",
            answer=ANSWER_LABELS[facts.get(key)] if report is not None and is_leaf else "",
            operator_source=OPERATOR_SOURCES.get(node.get("connector") or "", "") if not is_leaf else "",
            operator_line=(node.get("connector_line") or node["line"]) if not is_leaf else None,
        )

    return build(tree)


@dataclass(frozen=True)
class DefinitionView:
    anchor: str
    term: str
    marker: str
    text: str
    text_html: str
    items: tuple[str, ...]
    line: int
    used_by: tuple[tuple[str, str], ...]  # (anchor, leaf text) of the criteria that use it


def definition_views(version) -> list[DefinitionView]:
    used_by: dict[int, list[tuple[str, str]]] = {}
    for node in version.nodes.all():
        for definition in node.definitions.all():
            used_by.setdefault(definition.pk, []).append((criterion_anchor(node.key), node.text))
    return [
        DefinitionView(
            anchor=definition_anchor(definition),
            term=definition.term,
            marker=definition.marker,
            text=definition.text,
            text_html=definition.text_html,
            items=tuple(definition.items),
            line=definition.line,
            used_by=tuple(used_by.get(definition.pk, [])),
        )
        for definition in version.definitions.all()
    ]


@dataclass(frozen=True)
class Question:
    """One yes / no / unknown question of the eligibility checker."""

    key: str
    field_name: str
    text: str
    number: str
    line: int
    answer: str  # "yes", "no" or "unknown": what the form shows selected
    is_exclusion: bool
    group: str = ""  # the group it belongs to when not the top one: "ANY of: The patient:"


def fact_field_name(key: str) -> str:
    return f"fact-{key}"


def questions(
    version, tree: Mapping[str, Any] | None, answers: Mapping[str, str] | None = None
) -> tuple[list[Question], list[Question]]:
    """The checker's questions: one per leaf of ``tree`` (tree order) and one per exclusion of ``version``.

    No tree (criteria not structured): no questions at all, the checker is not offered.
    """
    answers = answers or {}
    leaves: list[Question] = []
    if tree is None:
        return [], []

    def visit(node: Mapping[str, Any], group: str) -> None:
        if node["kind"] != "leaf":
            label = group_label(node["kind"], node["k"])
            # Leaves straight under the root belong to no group worth naming.
            inner = "" if node is tree else (f"{label}: {node['text']}" if node["text"] else label)
            for child in node["children"]:
                visit(child, inner)
            return
        leaves.append(
            Question(
                key=node["key"],
                field_name=fact_field_name(node["key"]),
                text=node["text"],
                number=node["number"] or "",
                line=node["line"],
                answer=answers.get(node["key"], "unknown"),
                is_exclusion=False,
                group=group,
            )
        )

    visit(tree, "")
    exclusions = [
        Question(
            key=exclusion.key,
            field_name=fact_field_name(exclusion.key),
            text=exclusion.text,
            number="",
            line=exclusion.line,
            answer=answers.get(exclusion.key, "unknown"),
            is_exclusion=True,
        )
        for exclusion in version.exclusions.all()
    ]
    return leaves, exclusions


@dataclass(frozen=True)
class FactLine:
    key: str
    anchor: str
    text: str
    answer: str  # "Yes" / "No" / "Unknown"


@dataclass(frozen=True)
class CheckView:
    result: str
    label: str
    criteria_label: str
    as_of: dt.date
    deciding: tuple[FactLine, ...]
    missing: tuple[FactLine, ...]
    missing_for_met: tuple[FactLine, ...]
    applied_exclusions: tuple[FactLine, ...]
    unanswered_exclusions: tuple[FactLine, ...]

    @property
    def provisional(self) -> bool:
        """Met, but only if nobody later answers an exclusion yes."""
        return self.result == "met" and bool(self.unanswered_exclusions)


def check_view(report: EvaluationReport, facts: Mapping[str, bool | None], as_of: dt.date) -> CheckView:
    """What the checker says, in words: the result, which answers decided it, what is still missing."""

    def lines(reasons: Iterable[Reason]) -> tuple[FactLine, ...]:
        return tuple(
            FactLine(
                key=reason.key,
                anchor=criterion_anchor(reason.key),
                text=reason.text,
                answer=ANSWER_LABELS[facts.get(reason.key)],
            )
            for reason in reasons
        )

    return CheckView(
        result=report.result,
        label=OUTCOME_LABELS[report.result],
        criteria_label=OUTCOME_LABELS[report.criteria_result],
        as_of=as_of,
        deciding=lines(report.deciding_facts),
        missing=lines(report.missing_facts),
        missing_for_met=lines(report.missing_for_met),
        applied_exclusions=lines(report.applied_exclusions),
        unanswered_exclusions=lines(report.unanswered_exclusions),
    )


@dataclass(frozen=True)
class ReviewStatus:
    due: bool
    label: str  # "Review due", "In date", "No review date"
    detail: str  # "review date 2026"


def review_status(version, today: dt.date) -> ReviewStatus:
    """Review status by ``policies.review``: due once the period the review date names has begun."""
    review = version.review
    if review is None:
        return ReviewStatus(due=False, label="No review date", detail="the policy states no review date")
    if review_due(review, today):
        return ReviewStatus(due=True, label="Review due", detail=f"review date {review}")
    return ReviewStatus(due=False, label="In date", detail=f"next review {review}")
