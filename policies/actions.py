"""Every write to policy data goes through here: clearing before a load, and editors' curated trees."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from policies import builders, curation, versions
from policies.models import (
    CommissioningBody,
    CriterionNode,
    CuratedTree,
    CurationStatus,
    Definition,
    Duration,
    Exclusion,
    Policy,
    PolicyVersion,
    Threshold,
)
from policies.parsing.definitions import mentions_term
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
def structure_criteria(
    *, version: PolicyVersion, tree: dict, marks: dict | None = None, editor=None, reason: str = ""
) -> CuratedTree:
    """Save an editor's criteria tree for ``version``'s policy and use it at once, and after every load.

    ``tree`` names source lines (``policies.curation.build``); its leaves are
    keyed on those lines' content. ``marks`` (definitions, exclusions,
    measures) replace the parser's for the version; None keeps the parser's.
    The tree it replaces, if any (or one in conflict), is kept as
    ``replaced``. Raises ``policies.curation.CurationError`` for a tree that
    cannot be saved; nothing is written then.
    """
    version = PolicyVersion.objects.select_related("document", "policy", "curated_tree").get(pk=version.pk)
    built, built_marks = curation.build(tree, version.document.text, marks)
    earlier = CuratedTree.objects.filter(policy_slug=version.policy.slug, anchor=version.document.source_url)
    earlier.exclude(status=CurationStatus.REPLACED).update(status=CurationStatus.REPLACED)
    curated = CuratedTree.objects.create(
        policy_slug=version.policy.slug,
        anchor=version.document.source_url,
        tree=built,
        marks=built_marks,
        reason=reason,
        editor=editor,
    )
    problem = _apply(curated, version)
    assert problem is None, problem  # built from this very text: every line is where it says
    _record_editorial_change(version, f"Criteria structured by an editor{f': {reason}' if reason else ''}")
    return curated


def replay_curated_trees() -> corrections.ReplayOutcome:
    """After a load (in its transaction): rebuild every curated tree on its policy's latest capture.

    A tree whose lines are all found again, in order, replaces the parser's
    reading of the latest capture of its document (and of earlier captures
    that still have them); otherwise it is a conflict, kept, and the parser's
    reading is served (ADR 0017). A tree in conflict is tried again at every
    load, so a capture that prints its lines again brings it back.
    """
    return corrections.replay_each(
        CuratedTree.objects.exclude(status=CurationStatus.REPLACED).order_by("pk"),
        _apply_to_captures,
        lambda curated: f"policies.curatedtree {curated.policy_slug!r} criteria",
    )


def _apply_to_captures(curated: CuratedTree) -> str | None:
    """``curated`` on every capture of its document that has its lines; why not, if the latest has not."""
    versions = list(
        PolicyVersion.objects.filter(policy__slug=curated.policy_slug, document__source_url=curated.anchor)
        .select_related("document", "curated_tree")
        .order_by("-document__retrieved_on", "-document__filename")
    )
    if not versions:
        return "the policy's document is no longer in the sources"
    latest, *earlier = versions
    problem = _apply(curated, latest)
    if problem is not None:
        return problem  # the latest capture is what readers are served: that is the conflict
    for version in earlier:
        # History (``?as_of``, the version diffs) reads the earlier captures as the editor did too.
        _apply(curated, version, latest=False)
    return None


def _apply(curated: CuratedTree, version: PolicyVersion, *, latest: bool = True) -> str | None:
    """Build ``version``'s criteria (and marks) from ``curated``; why not, when its lines are not found."""
    tree, marks, problem = curation.reanchor(curated.tree, version.document.text, curated.marks)
    if tree is None:
        return problem
    old = list(version.nodes.order_by("order").prefetch_related("definitions"))
    if latest:
        _keep_parser_reading(curated, version, old)
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
        if marks is None:
            node.definitions.set(definitions.get(node.key, []))
        created.append(node)
    by_key = {node.key: node for node in created if node.kind == "leaf"}
    if marks is None:
        for model, rows in measures.items():
            for pk, key in rows:
                if key in by_key:
                    model.objects.filter(pk=pk).update(node=by_key[key])
    else:
        _apply_marks(version, tree, marks, by_key)
    version.criteria_problem, version.criteria_problem_line = "", None
    version.curated_tree = curated
    version.save()
    if latest:
        curated.tree, curated.marks, curated.applied_to = tree, marks, version.document.filename
        curated.save()
    return None


def _keep_parser_reading(curated: CuratedTree, version: PolicyVersion, nodes: list[CriterionNode]) -> None:
    """What the parser read of ``version``, kept on ``curated`` before the editor's reading replaces it."""
    if version.curated_tree_id and version.curated_tree_id != curated.pk:
        # Replacing an earlier curated tree: the parser's reading is the one that tree kept.
        curated.parser_tree = version.curated_tree.parser_tree
        curated.parser_problem = version.curated_tree.parser_problem
        curated.parser_reading = version.curated_tree.parser_reading
    elif not any(node.curated for node in nodes):
        curated.parser_tree = builders.criteria_tree(nodes)
        curated.parser_problem = version.criteria_problem
        fetched = PolicyVersion.objects.select_related("document").prefetch_related(
            "nodes", "definitions", "exclusions", "thresholds", "durations"
        )
        curated.parser_reading = versions.reading_to_dict(
            versions.version_from_row(fetched.get(pk=version.pk))
        )


def _apply_marks(version: PolicyVersion, tree: dict, marks: dict, leaves: dict[str, CriterionNode]) -> None:
    """The editor's definitions, exclusions and measures in place of the parser's, on ``version``."""
    file = version.document.filename
    # A term the editor kept where the parser read it keeps the parser's items and sub-criteria.
    parsed = {(d.line, d.term.casefold()): d for d in version.definitions.all()}
    version.definitions.all().delete()
    version.exclusions.all().delete()
    version.thresholds.all().delete()
    version.durations.all().delete()
    for order, mark in enumerate(marks["definitions"]):
        same = parsed.get((mark["line"], mark["term"].casefold()))
        definition = Definition.objects.create(
            pk=stable_pk("policies.definition", file, "curated", mark["term"]),
            version=version,
            term=mark["term"],
            marker=same.marker if same else "",
            text=same.text if same else mark["text"],
            text_html=same.text_html if same else render_text(mark["text"]),
            items=same.items if same else [],
            criteria=same.criteria if same else None,
            line=mark["line"],
            order=order,
        )
        definition.used_by.set([leaf for leaf in leaves.values() if mentions_term(leaf.text, mark["term"])])
    for order, mark in enumerate(marks["exclusions"]):
        Exclusion.objects.create(
            pk=stable_pk("policies.exclusion", file, "curated", mark["key"]),
            version=version,
            key=mark["key"],
            text=mark["text"],
            text_html=render_text(mark["text"]),
            line=mark["line"],
            order=order,
        )
    version.age_min = version.age_max = version.age_line = None
    version.age_words = ""
    owners = curation.measures_by_leaf(tree, marks["measures"])
    for order, (mark, owner) in enumerate(zip(marks["measures"], owners, strict=True)):
        common = {
            "line": mark["line"],
            "order": order,
            "value": Decimal(mark["value"]),
            "text": mark["words"],
        }
        if mark["kind"] == "threshold":
            Threshold.objects.create(
                pk=stable_pk("policies.threshold", file, "curated", order),
                version=version,
                node=leaves.get(owner) if owner else None,
                measure=mark["name"],
                comparator=mark["comparator"],
                unit=mark["unit"],
                **common,
            )
        elif mark["kind"] == "duration":
            Duration.objects.create(
                pk=stable_pk("policies.duration", file, "curated", order),
                version=version,
                node=leaves.get(owner) if owner else None,
                comparator=mark["comparator"],
                unit=mark["unit"],
                context=mark["name"],
                **common,
            )
        else:
            setattr(version, mark["kind"], Decimal(mark["value"]))
            if version.age_line is None:
                version.age_line, version.age_words = mark["line"], mark["words"][:300]


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
