"""Reads of policy data, shared by pages, the API and commands: fixed query counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from guidance.search import ranked_match
from policies import builders, versions
from policies.evaluation import CriteriaTree, Evaluation, compile_tree, evaluate
from policies.models import CommissioningBody, CriterionNode, Policy, PolicyVersion


class PolicyNotInForce(Exception):
    """No version of the policy was in force on the date asked about."""


class CriteriaNotStructured(Exception):
    """The version in force has no criteria tree to check facts against (``builders.criteria_notice``)."""

    def __init__(self, notice: builders.CriteriaNotice):
        super().__init__(notice.message)
        self.notice = notice


def policy_list() -> QuerySet[Policy]:
    return Policy.objects.select_related("body", "procedure").prefetch_related(
        Prefetch(
            "versions", queryset=PolicyVersion.objects.select_related("document").order_by("effective_from")
        )
    )


def _versions_with_tree() -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.select_related(
        "document", "policy__body", "policy__procedure", "curated_tree"
    ).prefetch_related(
        Prefetch("nodes", queryset=CriterionNode.objects.order_by("order").prefetch_related("definitions")),
        "definitions",
        "exclusions",
        "thresholds__node",
        "durations__node",
    )


def version_in_force(policy: Policy, as_of: dt.date) -> PolicyVersion:
    """The version of ``policy`` in force on ``as_of`` (``policies.builders.version_in_force``), tree and all.

    Raises ``PolicyNotInForce`` when no version was.
    """
    version = builders.version_in_force(_versions_with_tree().filter(policy=policy), as_of)
    if version is None:
        raise PolicyNotInForce(f"no version of {policy.slug} was in force on {as_of.isoformat()}")
    return version


def policy_by_slug(slug: str) -> Policy:
    return Policy.objects.select_related("body", "procedure").get(slug=slug)


def compiled_tree(version: PolicyVersion) -> CriteriaTree:
    """The evaluation engine's compiled criteria of a version (``nodes`` prefetched).

    Raises ``CriteriaNotStructured`` for a version whose criteria were not read into a tree.
    """
    notice = builders.criteria_notice(version)
    tree = builders.criteria_tree(version.nodes.all())
    if notice is not None or tree is None:
        raise CriteriaNotStructured(notice or _no_tree(version))
    return compile_tree(builders.engine_tree(tree))


def _no_tree(version: PolicyVersion) -> builders.CriteriaNotice:
    file = version.document.filename
    return builders.CriteriaNotice(
        message=f"{builders.NOT_STRUCTURED}: read the source ({file})",
        reason="no criteria were read",
        file=file,
        line=None,
        source_url=version.document.source_url,
    )


@dataclass(frozen=True)
class PolicyCheck:
    version: PolicyVersion
    as_of: dt.date
    evaluation: Evaluation


def check_policy(slug: str, facts: dict[str, bool | None], as_of: dt.date) -> PolicyCheck:
    """Evaluate facts against the version of policy ``slug`` in force on ``as_of``.

    Raises ``Policy.DoesNotExist``, ``PolicyNotInForce``, ``CriteriaNotStructured``
    (the version in force has no criteria tree), or ``ValueError`` for a fact key
    the policy does not have.
    """
    return check_version(version_in_force(policy_by_slug(slug), as_of), facts, as_of)


def check_version(version: PolicyVersion, facts: dict[str, bool | None], as_of: dt.date) -> PolicyCheck:
    """Evaluate facts against a version already fetched (tree and all): as ``check_policy``, no query."""
    evaluation = evaluate(compiled_tree(version), facts, builders.exclusion_items(version))
    return PolicyCheck(version=version, as_of=as_of, evaluation=evaluation)


def policy_versions(slug: str) -> tuple[Policy, list[PolicyVersion]]:
    """A policy and every version of it, tree and all (the page picks the one in force and compares
    them; ``policies.versions``). Raises ``Policy.DoesNotExist``."""
    policy = policy_by_slug(slug)
    return policy, list(_versions_with_tree().filter(policy=policy))


def versioned_policies() -> list[PolicyVersion]:
    """Every version of each policy that has more than one, tree and all (``policy`` too): what the
    change feed compares. One query when no policy has two versions."""
    with_versions = Policy.objects.annotate(version_count=Count("versions")).filter(version_count__gt=1)
    return list(_versions_with_tree().filter(policy__in=with_versions))


def editor_readings(found: list[PolicyVersion]) -> list[versions.EditorReading]:
    """Of versions fetched with their tree, each an editor structured, beside the parser's reading of it.

    A curated tree is the editor's change on the capture it was last applied to (an earlier capture
    that shares its lines is read the same way, but is not a change of its own).
    """
    return [
        versions.EditorReading(
            parser=versions.reading_from_dict(version.curated_tree.parser_reading),
            editor=versions.version_from_row(version),
            on=timezone.localdate(version.curated_tree.created_at),
        )
        for version in found
        if version.curated_tree is not None
        and version.curated_tree.parser_reading
        and version.curated_tree.applied_to == version.document.filename
    ]


def in_force_among(policy: Policy, versions: list[PolicyVersion], as_of: dt.date) -> PolicyVersion:
    """Of versions already fetched, the one in force on ``as_of``. Raises ``PolicyNotInForce``."""
    version = builders.version_in_force(versions, as_of)
    if version is None:
        raise PolicyNotInForce(f"no version of {policy.slug} was in force on {as_of.isoformat()}")
    return version


def policies(
    *,
    today: dt.date,
    body: str | None = None,
    procedure: str | None = None,
    review_due: bool | None = None,
    q: str | None = None,
) -> QuerySet[Policy]:
    """Policies for lists: filtered by body, linked procedure, review status (any version) and text.

    The linked procedures are fetched for the page's policies only (a join would read every
    procedure before the page is cut: 40,000 at national scale).
    """
    # A list never shows a version's captured text (2-3 KB each, 150 versions a page at 10,000x).
    versions = (
        PolicyVersion.objects.select_related("document").defer("document__text").order_by("effective_from")
    )
    queryset = Policy.objects.select_related("body").prefetch_related(
        Prefetch("versions", queryset=versions), "procedure"
    )
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


def policy_with_version(slug: str, as_of: dt.date) -> tuple[Policy, PolicyVersion]:
    """A policy with every version (``versions`` prefetched, each with its document) and the one in
    force on ``as_of``, tree and all. Raises ``Policy.DoesNotExist`` or ``PolicyNotInForce``."""
    policy = policy_list().get(slug=slug)
    return policy, version_in_force(policy, as_of)
