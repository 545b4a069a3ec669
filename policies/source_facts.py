"""What policies read from each line of a policy page: the source viewer's marks (a selector).

A fixed number of queries per document (one per kind of fact), whatever its size.
"""

from __future__ import annotations

from policies.models import CriterionNode, Definition, Duration, Exclusion, NodeKind, PolicyVersion, Threshold
from policies.presenters import criterion_anchor, definition_anchor
from sources.registry import FactLine


def _version(document) -> PolicyVersion | None:
    return PolicyVersion.objects.select_related("policy__body").filter(document_id=document.pk).first()


def document_feeds(document) -> list[tuple[str, str]]:
    version = _version(document)
    if version is None:
        return []
    return [
        (
            f"Policy: {version.policy.body.short_name}: {version.policy.title}",
            version.policy.get_absolute_url(),
        )
    ]


def document_fact_lines(document) -> list[FactLine]:
    version = _version(document)
    if version is None:
        return []
    page = version.policy.get_absolute_url()
    facts: list[FactLine] = []
    if version.review_line:
        facts.append(FactLine(version.review_line, "Review date", page))
    for kind, key, line in CriterionNode.objects.filter(version=version).values_list("kind", "key", "line"):
        label = "Criterion" if kind == NodeKind.LEAF else f"Group: {NodeKind(kind).label.lower()}"
        facts.append(FactLine(line, label, f"{page}#{criterion_anchor(key)}"))
    for definition in Definition.objects.filter(version=version).only("term", "line", "order"):
        facts.append(
            FactLine(
                definition.line, f"Definition: {definition.term}", f"{page}#{definition_anchor(definition)}"
            )
        )
    for (line,) in Exclusion.objects.filter(version=version).values_list("line"):
        facts.append(FactLine(line, "Exclusion", f"{page}#exclusions"))
    for measure, line in Threshold.objects.filter(version=version).values_list("measure", "line"):
        facts.append(FactLine(line, f"Threshold: {measure}", f"{page}#criteria"))
    for (line,) in Duration.objects.filter(version=version).values_list("line"):
        facts.append(FactLine(line, "Duration", f"{page}#criteria"))
    return facts
