"""One builder per concept that the policy pages, the API and ``evaluate_policy`` all show. Pure.

Each builder takes rows a selector has already fetched and returns plain data
(dicts, tuples, frozen dataclasses). It reads attributes and prefetched
relations (``.all()``) only: no query, no request, no Django import. Pages,
API and command render what it returns, each in their own way.

- ``version_in_force``: which of a policy's versions applies on a day.
- ``criteria_tree``: a version's stored criterion nodes as one nested tree,
  the shape the API serves and ``policies.fhir`` reads; ``engine_tree`` gives
  the same tree in the evaluation engine's ``NODE`` shape.
- ``criteria_notice``: for a version whose criteria are not structured, what
  pages, the API, FHIR export and ``evaluate_policy`` all say instead
  ("criteria not structured: read the source", with the file and line).
- ``evaluation_report``: an ``Evaluation`` with the words and lines behind it:
  the result, a one-sentence explanation, every node's result and the
  deciding, missing and exclusion facts as reasons.
- ``questionnaire``: the inputs ``policies.fhir`` turns into a FHIR resource.

A version passed in has ``document``, ``nodes`` (in ``order``, each with
``definitions``), ``definitions`` and ``exclusions`` fetched, as
``policies.selectors`` fetches them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from policies import fhir
from policies.evaluation import Evaluation
from policies.explanations import explain
from sources.clock import london_date

LEAF = "leaf"


class _Related(Protocol):
    def all(self) -> Iterable[Any]: ...


class _Document(Protocol):
    filename: str


class _DatedVersion(Protocol):
    @property
    def effective_from(self) -> dt.date | None: ...

    @property
    def document(self) -> _Document: ...


V = TypeVar("V", bound=_DatedVersion)


# --------------------------------------------------------------------------
# The version in force
# --------------------------------------------------------------------------


def version_in_force(versions: Iterable[V], as_of: dt.date) -> V | None:
    """Of a policy's ``versions``, the one in force on ``as_of``; None when none is.

    The latest version whose effective date has begun (of two on the same day,
    the later filename). A version whose text states no effective date is in
    force until a dated version has begun: the policy page is the current one
    (of several undated, the later filename).
    """
    versions = list(versions)
    started = sorted(
        (v for v in versions if v.effective_from is not None and v.effective_from <= as_of),
        key=lambda v: (v.effective_from, v.document.filename),
    )
    if started:
        return started[-1]
    undated = sorted((v for v in versions if v.effective_from is None), key=lambda v: v.document.filename)
    return undated[-1] if undated else None


# --------------------------------------------------------------------------
# The criteria tree
# --------------------------------------------------------------------------


def criteria_tree(nodes: Iterable[Any]) -> dict[str, Any] | None:
    """A version's criterion nodes (``version.nodes.all()``) as one nested tree of plain dicts.

    Groups: ``{"id", "kind", "text", "number", "line", "k", "connector",
    "connector_line", "children"}`` (``connector``: where the operator was
    read, "stated" or "lead_in"); leaves: ``{"id", "kind": "leaf", "text",
    "number", "line", "key", "definitions": [term, ...]}``. ``id`` is the node
    id evaluation results use (a leaf's key, a group's path: "root",
    "root.2"); ``number`` is None when none is printed. Children keep the
    nodes' order. None for a version with no nodes (criteria not structured).
    """
    children: dict[int | None, list[Any]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    if None not in children:
        return None

    def build(node: Any) -> dict[str, Any]:
        common = {
            "id": node.key,
            "kind": node.kind,
            "text": node.text,
            "number": node.number or None,
            "line": node.line,
        }
        if node.kind == LEAF:
            return {**common, "key": node.key, "definitions": [d.term for d in node.definitions.all()]}
        return {
            **common,
            "k": node.k,
            "connector": node.connector or None,
            "connector_line": node.connector_line,
            "children": [build(child) for child in children.get(node.pk, [])],
        }

    (root,) = children[None]
    return build(root)


def engine_tree(tree: Mapping[str, Any]) -> dict[str, Any]:
    """A ``criteria_tree`` in the ``NODE`` shape ``policies.evaluation.compile_tree`` takes."""
    if tree["kind"] == LEAF:
        return {"leaf": tree["text"], "key": tree["key"], "number": tree["number"], "line": tree["line"]}
    node: dict[str, Any] = {
        "op": tree["kind"],
        "text": tree["text"] or None,
        "children": [engine_tree(child) for child in tree["children"]],
        "line": tree["line"],
    }
    if tree["kind"] == "at_least":
        node["k"] = tree["k"]
    return node


@dataclass(frozen=True)
class CriteriaNotice:
    """Why a version's criteria cannot be checked: they were not read into a tree."""

    message: str  # "criteria not structured: read the source (FILE, line N): REASON"
    reason: str  # what the parser found, without the prefix
    file: str
    line: int | None
    source_url: str


NOT_STRUCTURED = "criteria not structured"


def criteria_notice(version: Any) -> CriteriaNotice | None:
    """None when ``version``'s criteria are structured; else what to say instead of a tree or an answer."""
    problem = version.criteria_problem
    if not problem:
        return None
    reason = problem.removeprefix(f"{NOT_STRUCTURED}:").strip()
    file, line = version.document.filename, version.criteria_problem_line
    where = f"{file}, line {line}" if line else file
    return CriteriaNotice(
        message=f"{NOT_STRUCTURED}: read the source ({where}): {reason}",
        reason=reason,
        file=file,
        line=line,
        source_url=version.document.source_url,
    )


def exclusion_items(version: Any) -> list[dict[str, str]]:
    """A version's exclusions as the evaluation engine and ``policies.fhir`` take them."""
    return [{"key": exclusion.key, "text": exclusion.text} for exclusion in version.exclusions.all()]


# --------------------------------------------------------------------------
# The evaluation report
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    file: str
    line: int
    url: str  # where the document was published


@dataclass(frozen=True)
class Reason:
    """A fact an answer turned on: a criterion (leaf) or an exclusion, in its words."""

    key: str
    kind: str  # "criterion" or "exclusion"
    number: str | None
    text: str
    source: Source


@dataclass(frozen=True)
class NodeOutcome:
    """One node of the criteria tree (tree order) with its result."""

    id: str
    kind: str  # "all", "any", "at_least", "leaf"
    k: int | None
    number: str | None
    text: str
    depth: int  # 0 for the root
    result: str  # "met", "not_met", "undetermined"
    source: Source


@dataclass(frozen=True)
class EvaluationReport:
    """What an evaluation says and why, ready for a page, the API or a terminal to show."""

    result: str
    criteria_result: str  # the criteria tree alone, exclusions aside
    explanation: str  # one sentence (``policies.explanations``)
    nodes: tuple[NodeOutcome, ...]
    deciding_facts: tuple[Reason, ...]
    missing_facts: tuple[Reason, ...]
    missing_for_met: tuple[Reason, ...]
    applied_exclusions: tuple[Reason, ...]
    unanswered_exclusions: tuple[Reason, ...]
    evaluation: Evaluation  # the engine's answer, keys only (``Evaluation.to_dict`` is its JSON)


def evaluation_report(version: Any, evaluation: Evaluation) -> EvaluationReport:
    """The report of ``evaluation``, which was made against ``version``'s criteria and exclusions."""
    file, url = version.document.filename, version.document.source_url
    nodes = list(version.nodes.all())
    reasons: dict[str, Reason] = {
        node.key: Reason(node.key, "criterion", node.number or None, node.text, Source(file, node.line, url))
        for node in nodes
        if node.kind == LEAF
    }
    for exclusion in version.exclusions.all():
        reasons[exclusion.key] = Reason(
            exclusion.key, "exclusion", None, exclusion.text, Source(file, exclusion.line, url)
        )

    def listed(keys: Sequence[str]) -> tuple[Reason, ...]:
        return tuple(reasons[key] for key in keys)

    return EvaluationReport(
        result=evaluation.result,
        criteria_result=evaluation.criteria_result,
        explanation=explain(evaluation, {key: reason.text for key, reason in reasons.items()}),
        nodes=tuple(
            NodeOutcome(
                id=node.key,
                kind=node.kind,
                k=node.k,
                number=node.number or None,
                text=node.text,
                depth=node.depth,
                result=evaluation.nodes[node.key].result,
                source=Source(file, node.line, url),
            )
            for node in nodes
        ),
        deciding_facts=listed(evaluation.deciding_facts),
        missing_facts=listed(evaluation.missing_facts),
        missing_for_met=listed(evaluation.missing_for_met),
        applied_exclusions=listed(evaluation.applied_exclusions),
        unanswered_exclusions=listed(evaluation.unanswered_exclusions),
        evaluation=evaluation,
    )


# --------------------------------------------------------------------------
# The FHIR Questionnaire
# --------------------------------------------------------------------------


def questionnaire(policy: Any, version: Any, *, url: str) -> dict[str, Any]:
    """The FHIR R4 Questionnaire of ``policy``'s ``version`` (``policies.fhir``), served at ``url``.

    A version whose criteria are not structured has no questions to ask: the caller checks
    ``criteria_notice`` first, and this raises ``ValueError`` if it did not.
    """
    criteria = criteria_tree(version.nodes.all())
    if criteria is None:
        raise ValueError(f"{NOT_STRUCTURED}: {version.document.filename} has no criteria tree")
    return fhir.questionnaire(
        slug=policy.slug,
        url=url,
        title=str(policy),
        publisher=policy.body.name or policy.body.short_name,
        version=version.reference or version.document.filename,
        description=version.description,
        criteria=criteria,
        definitions=[{"term": d.term, "text": d.text, "items": d.items} for d in version.definitions.all()],
        exclusions=exclusion_items(version),
        effective=version.effective.to_dict() if version.effective else None,
        review=version.review.to_dict() if version.review else None,
        source_url=version.document.source_url,
        curated_on=london_date(version.curated_tree.created_at).isoformat()
        if version.curated_tree_id
        else None,
    )
