"""The parsed form of an ICB threshold policy: plain dataclasses, no Django.

``Policy.to_dict()`` is the ``policy`` object of ``shared/parse-contract.md``.
We add keys the contract leaves open (every item's source ``line``, leaf
``key``s, ``exclusion_details``, ``age_limits`` inclusivity, ``ifr``...) and
rename none.

Conventions fixed here (documented once, tested in ``tests/unit/policies``):

- ``age_limits`` keeps the bound as printed plus whether it is inclusive:
  "children under 12" is ``{"max": 12, "max_inclusive": false}`` (age < 12),
  "adults 18 years or older" is ``{"min": 18, "min_inclusive": true}``. No
  arithmetic turns "under 12" into 11: ages are not whole numbers.
- ``ifr`` is ``null`` or ``{"text", "line"}``: the sentence that names the
  Individual Funding Request route, so a reader sees what it says about it.
- A group node may carry the ``number`` of the item that introduced it
  ("1." with sub-items "a) b) c)"); the contract's NODE keys are all present.
  Each group says where its operator was read: ``connector`` is ``"stated"``
  (AND/OR printed between its items, or "also", "AND ... one or more of the
  following" in a lead-in) or ``"lead_in"`` (the lead-in's words: "all of
  the following", "the following criteria are met", "for the following
  indications"), and ``connector_line`` the line those words are on
  (``line`` is where the group starts).
- ``criteria`` is ``None`` when the page is a policy whose criteria could not
  be read into a tree; ``criteria_problem`` then says where and why
  (``{"line", "message"}``). Nothing else the page states is dropped.
- Every threshold, duration and age carries the ``line`` it was read from and
  ``words``: the exact words of that line it was read from (a substring of
  the line's text), so a reader can check each value against the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Op(str, Enum):
    ALL = "all"
    ANY = "any"
    AT_LEAST = "at_least"


# Where a group's operator was read (``Group.connector``).
STATED = "stated"
LEAD_IN = "lead_in"
OPERATOR_SOURCES = (STATED, LEAD_IN)


@dataclass
class Leaf:
    text: str
    line: int
    number: str | None = None
    key: str = ""
    definitions: list[str] = field(default_factory=list)  # terms of definitions it uses
    # Examples printed under the criterion ("... include: – tranexamic acid – NSAIDs"): part of its
    # meaning, never criteria of their own.
    details: list[str] = field(default_factory=list)
    # The source pieces its text (and details) were read from: (line, words of that line).
    parts: list[tuple[int, str]] = field(default_factory=list, repr=False, compare=False)

    def leaves(self) -> list[Leaf]:
        return [self]

    def to_dict(self) -> dict:
        result = {
            "leaf": self.text,
            "number": self.number,
            "key": self.key,
            "line": self.line,
            "definitions": list(self.definitions),
        }
        if self.details:
            result["details"] = list(self.details)
        return result


@dataclass
class Group:
    op: Op
    children: list[Node]
    line: int
    text: str | None = None  # the lead-in ("The patient:"), None when the list has none
    k: int | None = None  # at_least only
    number: str | None = None
    connector: str = STATED  # where the operator was read: one of ``OPERATOR_SOURCES``
    connector_line: int | None = None  # the line of the words that state it (default: ``line``)
    parts: list[tuple[int, str]] = field(default_factory=list, repr=False, compare=False)  # the lead-in's

    def leaves(self) -> list[Leaf]:
        return [leaf for child in self.children for leaf in child.leaves()]

    def to_dict(self) -> dict:
        result: dict = {"op": self.op.value}
        if self.op is Op.AT_LEAST:
            result["k"] = self.k
        result.update(
            {
                "text": self.text,
                "children": [child.to_dict() for child in self.children],
                "line": self.line,
                "number": self.number,
                "connector": self.connector,
                "connector_line": self.connector_line if self.connector_line is not None else self.line,
            }
        )
        return result


Node = Leaf | Group


@dataclass
class Definition:
    term: str
    text: str
    line: int
    marker: str | None = None  # "*" for a footnote definition
    items: list[str] = field(default_factory=list)
    criteria: Node | None = None  # only when the items are joined by stated connectors
    used_by: list[str] = field(default_factory=list)  # leaf keys

    def to_dict(self) -> dict:
        return {
            "term": self.term,
            "marker": self.marker,
            "text": self.text,
            "criteria": self.criteria.to_dict() if self.criteria is not None else None,
            "items": list(self.items),
            "line": self.line,
            "used_by": list(self.used_by),
        }


@dataclass
class Exclusion:
    key: str
    text: str
    line: int
    lead_in: str | None = None  # "This policy does not apply to:" for a listed item

    def to_dict(self) -> dict:
        return {"key": self.key, "text": self.text, "line": self.line, "lead_in": self.lead_in}


@dataclass
class Threshold:
    measure: str
    comparator: str  # "<" | "<=" | ">" | ">=" | "="
    value: float | int
    unit: str | None
    line: int
    text: str  # the phrase it was read from, exactly as printed on ``line`` (``words``)
    leaf: str | None = None

    def to_dict(self) -> dict:
        return {
            "measure": self.measure,
            "comparator": self.comparator,
            "value": self.value,
            "unit": self.unit,
            "leaf": self.leaf,
            "line": self.line,
            "text": self.text,
            "words": self.text,
        }


@dataclass
class Duration:
    comparator: str  # ">=" | "<=" | "=" | ">" | "<"
    value: float | int
    unit: str  # "day" | "week" | "month" | "year"
    context: str  # the criterion or definition text it belongs to
    line: int
    text: str  # the phrase it was read from, exactly as printed on ``line`` (``words``)
    leaf: str | None = None

    def to_dict(self) -> dict:
        return {
            "comparator": self.comparator,
            "value": self.value,
            "unit": self.unit,
            "context": self.context,
            "leaf": self.leaf,
            "line": self.line,
            "text": self.text,
            "words": self.text,
        }


@dataclass
class AgeLimits:
    line: int  # the line of the first bound read
    min: float | int | None = None
    max: float | int | None = None
    min_inclusive: bool | None = None
    max_inclusive: bool | None = None
    words: str = ""  # the words of the first bound read, exactly as printed on ``line``
    # Where each bound was read: {"min": (line, words), "max": (line, words)}.
    sources: dict[str, tuple[int, str]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "min": self.min,
            "max": self.max,
            "min_inclusive": self.min_inclusive,
            "max_inclusive": self.max_inclusive,
            "line": self.line,
            "words": self.words,
            "bounds": [
                {"side": side, "line": line, "words": words}
                for side, (line, words) in sorted(self.sources.items())
            ],
        }


@dataclass(frozen=True)
class CriteriaProblem:
    """Why a policy's criteria could not be read into a tree, and where."""

    line: int
    message: str

    def to_dict(self) -> dict:
        return {"line": self.line, "message": self.message}


@dataclass
class Mention:
    """A sentence the policy states about funding (the IFR route), with its line."""

    text: str
    line: int

    def to_dict(self) -> dict:
        return {"text": self.text, "line": self.line}


@dataclass
class Policy:
    criteria: Group | None  # None: a policy whose criteria could not be read (``criteria_problem``)
    reference: str | None = None
    category: str | None = None
    funding_status: str | None = None
    document_status: str | None = None  # a "Status:" that is not about funding ("Approved")
    description: str | None = None
    definitions: list[Definition] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    thresholds: list[Threshold] = field(default_factory=list)
    durations: list[Duration] = field(default_factory=list)
    age_limits: AgeLimits | None = None
    ifr: Mention | None = None
    places_covered: list[str] = field(default_factory=list)
    # Lines of the scalar values: "reference", "category", "funding_status", "description"...
    lines: dict[str, int] = field(default_factory=dict)
    criteria_problem: CriteriaProblem | None = None
    not_funded: list[Exclusion] = field(default_factory=list)  # "will not be funded for:" items

    def leaves(self) -> list[Leaf]:
        return self.criteria.leaves() if self.criteria is not None else []

    def to_dict(self) -> dict:
        return {
            "reference": self.reference,
            "category": self.category,
            "funding_status": self.funding_status,
            "criteria": self.criteria.to_dict() if self.criteria is not None else None,
            "definitions": [d.to_dict() for d in self.definitions],
            "exclusions": [e.text for e in self.exclusions],
            "thresholds": [t.to_dict() for t in self.thresholds],
            "durations": [d.to_dict() for d in self.durations],
            "age_limits": self.age_limits.to_dict() if self.age_limits else None,
            "criteria_problem": self.criteria_problem.to_dict() if self.criteria_problem else None,
            # Our additions.
            "exclusion_details": [e.to_dict() for e in self.exclusions],
            "description": self.description,
            "document_status": self.document_status,
            "ifr": self.ifr.to_dict() if self.ifr else None,
            "places_covered": list(self.places_covered),
            "not_funded": [item.to_dict() for item in self.not_funded],
            "lines": dict(self.lines),
        }
