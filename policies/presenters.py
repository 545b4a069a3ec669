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
from urllib.parse import urlencode

from policies.builders import EvaluationReport, Reason
from policies.review import review_due

OUTCOME_LABELS = {"met": "Met", "not_met": "Not met", "undetermined": "Undetermined"}
ANSWER_LABELS = {True: "Yes", False: "No", None: "Unknown"}
ANSWERS = (("yes", "Yes"), ("no", "No"), ("unknown", "Unknown"))
TRUTH_OF = {"yes": True, "no": False, "unknown": None}
COMPARATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", "==": "="}
# How a page says where a group's operator was read (``CriterionNode.connector``).
OPERATOR_SOURCES = {"stated": "connectors printed", "lead_in": "lead-in words"}


def group_label(kind: str, k: int | None) -> str:
    """What a group needs, in words: "All of these", "Any one of these is enough", "At least 2 of these"."""
    if kind == "all":
        return "All of these"
    if kind == "any":
        return "Any one of these is enough"
    return f"At least {k} of these"


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
    group: str = ""  # the group it belongs to when not the top one: its lead-in, "The patient:"
    group_need: str = ""  # what that group needs: "Any one of these is enough"
    group_start: bool = False  # the first question of its group: the page introduces the group here

    @property
    def prompt(self) -> str:
        """The question asked; the policy's own words are quoted beneath it, unchanged."""
        if self.is_exclusion:
            return "Does this apply to the patient?"
        return "Is this true of the patient?"


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

    def visit(node: Mapping[str, Any], group: tuple[str, str, str]) -> None:
        if node["kind"] != "leaf":
            # Leaves straight under the root belong to no group worth naming: the page says the root's need.
            inner = (
                ("", "", "")
                if node is tree
                else (node["id"], node["text"], group_label(node["kind"], node["k"]))
            )
            for child in node["children"]:
                visit(child, inner)
            return
        group_id, group_text, need = group
        starts = bool(group_id) and group_id not in started
        started.add(group_id)
        leaves.append(
            Question(
                key=node["key"],
                field_name=fact_field_name(node["key"]),
                text=node["text"],
                number=node["number"] or "",
                line=node["line"],
                answer=answers.get(node["key"], "unknown"),
                is_exclusion=False,
                group=group_text,
                group_need=need,
                group_start=starts,
            )
        )

    started: set[str] = set()
    visit(tree, ("", "", ""))
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
    line: int  # where the criterion or exclusion is printed in the source
    number: str = ""
    needs_yes: bool = False  # missing, and the criteria can only be met if it is answered Yes


@dataclass(frozen=True)
class AnswerLine:
    """One answer given, for the record: every question, in the order the checker asks them."""

    key: str
    prompt: str
    text: str
    number: str
    line: int
    answer: str  # "Yes" / "No" / "Unknown"
    is_exclusion: bool


@dataclass(frozen=True)
class VersionRecord:
    """Which version answered, and what can be said about it being in force on the referral date."""

    reference: str  # "ARP 55", or "None printed"
    document: str  # the source file: which version, exactly
    effective: str  # "1 April 2024", or why there is none
    in_force: str  # one sentence about the referral date
    dated: bool


NO_DATE_ONLY_VERSION = "No effective date printed: this is the only version held"
NO_DATE_UNTIL_REPLACED = "No effective date printed: taken to be in force until a dated version replaces it"


def version_record(version, held: int, referral_date: dt.date) -> VersionRecord:
    """What a record says of ``version`` (one of ``held`` versions), checked for ``referral_date``.

    An undated version is used because nothing dated replaces it, which says
    nothing about whether it was already in force on an early referral date:
    the record says so instead of calling it "in force".
    """
    when = f"{referral_date.day} {referral_date:%B %Y}"
    effective = version.effective
    if effective is not None:
        return VersionRecord(
            reference=version.reference or "None printed",
            document=version.document.filename,
            effective=f"In force from {effective}",
            in_force=f"This version was in force on the referral date, {when}.",
            dated=True,
        )
    return VersionRecord(
        reference=version.reference or "None printed",
        document=version.document.filename,
        effective=NO_DATE_ONLY_VERSION if held <= 1 else NO_DATE_UNTIL_REPLACED,
        in_force=(
            f"The policy prints no effective date, so it cannot be told whether this version applied "
            f"on the referral date, {when}. The answer uses this version"
            + (", the only one held." if held <= 1 else ", as no dated version had replaced it.")
        ),
        dated=False,
    )


def record_query(
    referral_date: dt.date, answers: Mapping[str, str], checked_on: dt.date, keys: Iterable[str]
) -> str:
    """The permalink's query string: the referral date, the date checked and every answer, in question order.

    Nothing is stored: opening the link asks the server to check the same answers again.
    """
    params = [("referral_date", referral_date.isoformat())]
    params += [(fact_field_name(key), answers.get(key, "unknown")) for key in keys]
    params.append(("checked", checked_on.isoformat()))
    return urlencode(params)


@dataclass(frozen=True)
class CheckView:
    result: str
    label: str
    criteria_label: str
    as_of: dt.date
    deciding: tuple[FactLine, ...]
    missing: tuple[FactLine, ...]  # each once; ``needs_yes`` marks those the criteria need as Yes
    applied_exclusions: tuple[FactLine, ...]
    unanswered_exclusions: tuple[FactLine, ...]
    # The record: which policy and version, when it was checked, every answer, how to get it again.
    policy_title: str = ""
    body: str = ""
    version: VersionRecord | None = None
    checked_on: dt.date | None = None
    answers: tuple[AnswerLine, ...] = ()
    permalink: str = ""

    @property
    def provisional(self) -> bool:
        """Met, but only if nobody later answers an exclusion yes."""
        return self.result == "met" and bool(self.unanswered_exclusions)

    @property
    def missing_needs_yes(self) -> bool:
        return any(fact.needs_yes for fact in self.missing)


def check_view(
    report: EvaluationReport,
    facts: Mapping[str, bool | None],
    as_of: dt.date,
    *,
    policy=None,
    version: VersionRecord | None = None,
    questions: Iterable[Question] = (),
    checked_on: dt.date | None = None,
    permalink: str = "",
) -> CheckView:
    """What the checker says, in words, as a record: the result, which answers decided it, what is still
    missing (each criterion once), the version and dates, and every answer given."""
    shown: set[str] = set()

    def lines(
        reasons: Iterable[Reason], needs_yes: Iterable[Reason] = (), *, once: bool = True
    ) -> tuple[FactLine, ...]:
        needed = {reason.key for reason in needs_yes}
        found = []
        for reason in reasons:
            if once and reason.key in shown:
                continue  # a fact is listed once, where it first matters
            if once:
                shown.add(reason.key)
            found.append(
                FactLine(
                    key=reason.key,
                    anchor=criterion_anchor(reason.key),
                    text=reason.text,
                    answer=ANSWER_LABELS[facts.get(reason.key)],
                    line=reason.source.line,
                    number=reason.number or "",
                    needs_yes=reason.key in needed,
                )
            )
        return tuple(found)

    deciding = lines(report.deciding_facts)
    applied = lines(report.applied_exclusions, once=False)  # says why; listed under "Decided by"
    missing = lines((*report.missing_facts, *report.missing_for_met), report.missing_for_met)
    unanswered = lines(report.unanswered_exclusions)
    return CheckView(
        result=report.result,
        label=OUTCOME_LABELS[report.result],
        criteria_label=OUTCOME_LABELS[report.criteria_result],
        as_of=as_of,
        deciding=deciding,
        missing=missing,
        applied_exclusions=applied,
        unanswered_exclusions=unanswered,
        policy_title=policy.title if policy is not None else "",
        body=(policy.body.name or policy.body.short_name) if policy is not None else "",
        version=version,
        checked_on=checked_on,
        answers=tuple(
            AnswerLine(
                key=question.key,
                prompt=question.prompt,
                text=question.text,
                number=question.number,
                line=question.line,
                answer=ANSWER_LABELS[TRUTH_OF[question.answer]],
                is_exclusion=question.is_exclusion,
            )
            for question in questions
        ),
        permalink=permalink,
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


# --------------------------------------------------------------------------
# Cross-links read from the policy's own lines
# --------------------------------------------------------------------------

# NICE's own explanation of special arrangements and of its outcomes audit tool (linked, never fetched).
NICE_IP_EXPLANATION_URL = "https://www.nice.org.uk/about/what-we-do/our-programmes/nice-guidance/nice-interventional-procedures-guidance"
MENTIONS = (
    # (kind, pattern): matched line by line, so each mention keeps its line.
    ("ifr", re.compile(r"individual\s+funding\s+requests?|\bIFRs?\b", re.IGNORECASE)),
    ("special_arrangements", re.compile(r"special\s+arrangements", re.IGNORECASE)),
    ("audit_tool", re.compile(r"outcomes?\s+audit\s+tool", re.IGNORECASE)),
)


@dataclass(frozen=True)
class Mention:
    kind: str  # "ifr", "special_arrangements", "audit_tool"
    line: int
    words: str  # the line as printed, stripped


@dataclass(frozen=True)
class CrossLinks:
    ifr: tuple[Mention, ...]  # where the policy states an individual funding request route
    special_arrangements: tuple[Mention, ...]
    audit_tool: tuple[Mention, ...]
    explanation_url: str = NICE_IP_EXPLANATION_URL

    @property
    def nice_mentions(self) -> tuple[Mention, ...]:
        return self.special_arrangements + self.audit_tool


def cross_links(text: str) -> CrossLinks:
    """What a policy's text (as captured) says that the page links out from, each with its line.

    Only what the text states: no line naming an individual funding request
    means no route is shown, never one assumed.
    """
    found: dict[str, list[Mention]] = {kind: [] for kind, _pattern in MENTIONS}
    for number, line in enumerate(text.splitlines(), start=1):
        for kind, pattern in MENTIONS:
            if pattern.search(line):
                found[kind].append(Mention(kind=kind, line=number, words=" ".join(line.split())))
    return CrossLinks(
        ifr=tuple(found["ifr"]),
        special_arrangements=tuple(found["special_arrangements"]),
        audit_tool=tuple(found["audit_tool"]),
    )
