"""Reads of policy data, shared by pages, the API and commands: fixed query counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from guidance.search import ranked_match
from policies.evaluation import CriteriaTree, Evaluation, compile_tree, evaluate
from policies.models import CommissioningBody, CriterionNode, Policy, PolicyVersion


class PolicyNotInForce(Exception):
    """No version of the policy was in force on the date asked about."""


def policy_list() -> QuerySet[Policy]:
    return Policy.objects.select_related("body", "procedure").prefetch_related(
        Prefetch(
            "versions", queryset=PolicyVersion.objects.select_related("document").order_by("effective_from")
        )
    )


def _versions_with_tree() -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.select_related(
        "document", "policy__body", "policy__procedure"
    ).prefetch_related(
        Prefetch("nodes", queryset=CriterionNode.objects.order_by("order").prefetch_related("definitions")),
        "definitions",
        "exclusions",
        "thresholds__node",
        "durations__node",
    )


def version_in_force(policy: Policy, as_of: dt.date) -> PolicyVersion:
    """The version in force on ``as_of``: the latest one whose effective date has begun.

    A version whose text states no effective date is taken to be in force
    until a dated version supersedes it (the policy page is the current one).
    """
    versions = list(
        _versions_with_tree().filter(policy=policy).order_by("effective_from", "document__filename")
    )
    undated = [v for v in versions if v.effective_from is None]
    started = [v for v in versions if v.effective_from is not None and v.effective_from <= as_of]
    if started:
        return started[-1]
    if undated:
        return undated[-1]
    raise PolicyNotInForce(f"no version of {policy.slug} was in force on {as_of.isoformat()}")


def policy_by_slug(slug: str) -> Policy:
    return Policy.objects.select_related("body", "procedure").get(slug=slug)


def criteria_dict(version: PolicyVersion) -> dict:
    """The criteria tree of a version (``nodes`` prefetched) as the parser's NODE dicts."""
    nodes = list(version.nodes.all())
    children: dict[int | None, list[CriterionNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def build(node: CriterionNode) -> dict:
        if node.kind == "leaf":
            return {"leaf": node.text, "key": node.key, "number": node.number or None, "line": node.line}
        built = {
            "op": node.kind,
            "text": node.text or None,
            "children": [build(child) for child in children.get(node.pk, [])],
            "line": node.line,
        }
        if node.kind == "at_least":
            built["k"] = node.k
        return built

    (root,) = children[None]
    return build(root)


def compiled_tree(version: PolicyVersion) -> CriteriaTree:
    return compile_tree(criteria_dict(version))


@dataclass(frozen=True)
class PolicyCheck:
    version: PolicyVersion
    as_of: dt.date
    evaluation: Evaluation


def check_policy(slug: str, facts: dict[str, bool | None], as_of: dt.date) -> PolicyCheck:
    """Evaluate facts against the version of policy ``slug`` in force on ``as_of``.

    Raises ``Policy.DoesNotExist``, ``PolicyNotInForce``, or ``ValueError`` for
    a fact key the policy does not have.
    """
    version = version_in_force(policy_by_slug(slug), as_of)
    exclusions = [{"key": e.key, "text": e.text} for e in version.exclusions.all()]
    evaluation = evaluate(compiled_tree(version), facts, exclusions)
    return PolicyCheck(version=version, as_of=as_of, evaluation=evaluation)


def policies(
    *,
    today: dt.date,
    body: str | None = None,
    procedure: str | None = None,
    review_due: bool | None = None,
    q: str | None = None,
) -> QuerySet[Policy]:
    """Policies for lists: filtered by body, linked procedure, review status (any version) and text."""
    queryset = policy_list()
    if body:
        queryset = queryset.filter(body__slug=body)
    if procedure:
        queryset = queryset.filter(procedure__slug=procedure)
    if review_due is not None:
        due = Exists(PolicyVersion.objects.filter(policy=OuterRef("pk"), review_from__lte=today))
        queryset = queryset.filter(due if review_due else ~due)
    if q:
        # PostgreSQL: stemmed, weighted full-text search; elsewhere plain matching (guidance.search).
        matching_nodes = CriterionNode.objects.filter(version__policy=OuterRef("pk"), text__icontains=q)
        matching_reference = PolicyVersion.objects.filter(policy=OuterRef("pk"), reference__iexact=q)
        fallback = (
            Q(title__icontains=q)
            | Q(body__short_name__icontains=q)
            | Q(Exists(matching_reference))
            | Q(Exists(matching_nodes))
        )
        return ranked_match(queryset, q, fallback=fallback).order_by(
            "-search_rank", "body__short_name", "title", "slug"
        )
    return queryset.order_by("body__short_name", "title", "slug")


def policy_detail(slug: str, as_of: dt.date) -> tuple[Policy, PolicyVersion]:
    """A policy and its version in force on ``as_of``, tree and all. Raises ``Policy.DoesNotExist``."""
    policy = policy_by_slug(slug)
    return policy, version_in_force(policy, as_of)


# --- Reads for the web pages (policies/views.py) -------------------------------------------


def commissioning_bodies() -> QuerySet[CommissioningBody]:
    """Every commissioning body, for filter choices."""
    return CommissioningBody.objects.order_by("short_name", "slug")


def policy_counts() -> dict[str, int]:
    return {"policies": Policy.objects.count(), "bodies": CommissioningBody.objects.count()}


# --- Reads for the API (policies/api) -------------------------------------------------------


def version_on(versions: list[PolicyVersion], as_of: dt.date) -> PolicyVersion | None:
    """Of already fetched ``versions``, the one in force on ``as_of`` (the rule of ``version_in_force``), or None."""
    dated = sorted(
        (v for v in versions if v.effective_from is not None),
        key=lambda v: (v.effective_from, v.document.filename),
    )
    started = [v for v in dated if v.effective_from <= as_of]
    if started:
        return started[-1]
    undated = sorted((v for v in versions if v.effective_from is None), key=lambda v: v.document.filename)
    return undated[-1] if undated else None


def policy_with_version(slug: str, as_of: dt.date) -> tuple[Policy, PolicyVersion]:
    """A policy with every version (``versions`` prefetched, each with its document) and the one in
    force on ``as_of``, tree and all. Raises ``Policy.DoesNotExist`` or ``PolicyNotInForce``."""
    policy = policy_list().get(slug=slug)
    return policy, version_in_force(policy, as_of)


def criteria_tree(version: PolicyVersion) -> dict:
    """The criteria tree of a version (``nodes`` and their ``definitions`` prefetched) as plain data.

    Groups: ``{"id", "kind", "k", "text", "number", "line", "children"}``; leaves:
    ``{"id", "key", "kind": "leaf", "text", "number", "line", "definitions": [term, ...]}``.
    ``id`` is the node id evaluation results use (a leaf's key, a group's path).
    """
    nodes = list(version.nodes.all())
    children: dict[int | None, list[CriterionNode]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def build(node: CriterionNode) -> dict:
        common = {
            "id": node.key,
            "kind": node.kind,
            "text": node.text,
            "number": node.number or None,
            "line": node.line,
        }
        if node.kind == "leaf":
            return {**common, "key": node.key, "definitions": [d.term for d in node.definitions.all()]}
        return {**common, "k": node.k, "children": [build(child) for child in children.get(node.pk, [])]}

    (root,) = children[None]
    return build(root)
