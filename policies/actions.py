"""Every write to policy data goes through here: clearing before a load, and editors' curated trees."""

from __future__ import annotations

from django.db import transaction

from policies import builders, curation
from policies.models import (
    CommissioningBody,
    CriterionNode,
    CuratedTree,
    CurationStatus,
    Duration,
    Policy,
    PolicyVersion,
    Threshold,
)
from sources import actions as source_actions
from sources import corrections
from sources.models import ChangeKind
from sources.natural_keys import stable_pk
from sources.rendering import render_text


def delete_all_policies() -> None:
    """Remove every policy row (before fixtures are loaded again); versions, trees and all cascade."""
    Policy.objects.all().delete()
    CommissioningBody.objects.all().delete()


@transaction.atomic
def structure_criteria(*, version: PolicyVersion, tree: dict, editor=None, reason: str = "") -> CuratedTree:
    """Save an editor's criteria tree for ``version``'s policy and use it at once, and after every load.

    ``tree`` names source lines (``policies.curation.build``); its leaves are
    keyed on those lines' content. The tree it replaces, if any, is kept as
    ``replaced``. Raises ``policies.curation.CurationError`` for a tree that
    cannot be saved; nothing is written then.
    """
    version = PolicyVersion.objects.select_related("document", "policy", "curated_tree").get(pk=version.pk)
    built = curation.build(tree, version.document.text)
    earlier = CuratedTree.objects.filter(
        policy_slug=version.policy.slug, anchor=version.document.source_url, status=CurationStatus.ACTIVE
    )
    earlier.update(status=CurationStatus.REPLACED)
    curated = CuratedTree.objects.create(
        policy_slug=version.policy.slug,
        anchor=version.document.source_url,
        tree=built,
        reason=reason,
        editor=editor,
    )
    problem = _apply(curated, version)
    assert problem is None, problem  # built from this very text: every line is where it says
    _record_editorial_change(version, f"Criteria structured by an editor{f': {reason}' if reason else ''}")
    return curated


def replay_curated_trees() -> corrections.ReplayOutcome:
    """After a load (in its transaction): rebuild every active curated tree on its policy's version.

    A tree whose lines are all found again, in order, replaces the parser's
    reading of the latest capture of its document; otherwise it becomes a
    conflict, is kept, and the parser's reading is served (ADR 0009).
    """
    return corrections.replay_each(
        CuratedTree.objects.filter(status=CurationStatus.ACTIVE).order_by("pk"),
        _apply_to_latest_capture,
        lambda curated: f"policies.curatedtree {curated.policy_slug!r} criteria",
    )


def _apply_to_latest_capture(curated: CuratedTree) -> str | None:
    """``curated`` on the latest capture of its document whose lines it finds; why not, if none."""
    versions = PolicyVersion.objects.filter(
        policy__slug=curated.policy_slug, document__source_url=curated.anchor
    ).select_related("document", "curated_tree")
    problem = "the policy's document is no longer in the sources"
    for version in versions.order_by("-document__retrieved_on", "-document__filename"):
        problem = _apply(curated, version)
        if problem is None:
            return None
    return problem


def _apply(curated: CuratedTree, version: PolicyVersion) -> str | None:
    """Build ``version``'s criterion nodes from ``curated``; why not, when its lines are not found."""
    tree, problem = curation.reanchor(curated.tree, version.document.text)
    if tree is None:
        return problem
    old = list(version.nodes.order_by("order").prefetch_related("definitions"))
    if version.curated_tree_id and version.curated_tree_id != curated.pk:
        # Replacing an earlier curated tree: the parser's reading is the one that tree kept.
        curated.parser_tree = version.curated_tree.parser_tree
        curated.parser_problem = version.curated_tree.parser_problem
    elif not any(node.curated for node in old):
        curated.parser_tree = builders.criteria_tree(old)
        curated.parser_problem = version.criteria_problem
    definitions = {node.key: [d.pk for d in node.definitions.all()] for node in old}
    # Measures read from a parser's leaf follow the curated leaf of the same key; the others stay on the version.
    measures = {
        model: list(model.objects.filter(node__version=version).values_list("pk", "node__key"))
        for model in (Threshold, Duration)
    }
    for model in measures:
        model.objects.filter(node__version=version).update(node=None)
    version.nodes.all().delete()
    created: list[CriterionNode] = []
    for row in curation.node_rows(tree):
        parent_index = row.pop("parent")
        parent = created[parent_index] if parent_index is not None else None
        node = CriterionNode.objects.create(
            pk=stable_pk("policies.criterionnode", version.document.filename, "curated", row["key"]),
            version=version,
            parent=parent,
            text_html=render_text(row["text"]),
            curated=True,
            **row,
        )
        node.definitions.set(definitions.get(node.key, []))
        created.append(node)
    by_key = {node.key: node.pk for node in created if node.kind == "leaf"}
    for model, rows in measures.items():
        for pk, key in rows:
            if key in by_key:
                model.objects.filter(pk=pk).update(node=by_key[key])
    version.criteria_problem, version.criteria_problem_line = "", None
    version.curated_tree = curated
    version.save(update_fields=["criteria_problem", "criteria_problem_line", "curated_tree"])
    curated.tree, curated.applied_to = tree, version.document.filename
    curated.save()
    return None


def _record_editorial_change(version: PolicyVersion, summary: str) -> None:
    """The change feed's entry for an editor's change, on the policy version it changed."""
    source_actions.record_editorial_change(
        kind=ChangeKind.POLICY,
        key=version.policy.slug,
        version=version.document.filename,
        title=str(version.policy),
        summary=summary,
        what=f"{summary} {version.document.filename}",
    )


# Replayed by ``sources.actions.load_fixtures`` after the editorial corrections.
corrections.register_replayer(replay_curated_trees)
