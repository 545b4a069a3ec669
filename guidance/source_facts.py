"""What guidance read from each line of a NICE document: the source viewer's marks (a selector).

A fixed number of queries per document (one per kind of fact), whatever its size.
"""

from __future__ import annotations

from guidance.models import (
    Duty,
    DutyList,
    GuidanceDocument,
    Recommendation,
    RegistryMention,
    ResearchNeed,
    ServiceRequirement,
    TimelineEvent,
)
from sources.registry import FactLine


def _nice_document(document) -> GuidanceDocument | None:
    return GuidanceDocument.objects.select_related("procedure").filter(pk=document.pk).first()


def document_feeds(document) -> list[tuple[str, str]]:
    nice = _nice_document(document)
    if nice is None or nice.procedure is None:
        return []
    return [(f"Procedure: {nice.procedure.title}", nice.procedure.get_absolute_url())]


def document_fact_lines(document) -> list[FactLine]:
    nice = _nice_document(document)
    if nice is None or nice.procedure is None:
        return []
    page = nice.procedure.get_absolute_url()
    facts: list[FactLine] = []
    for number, level, line in Recommendation.objects.filter(document=nice).values_list(
        "number", "level", "line"
    ):
        label = f"Recommendation {number}" if number else "Recommendation (number not printed)"
        facts.append(
            FactLine(line, f"{label}: {level.replace('_', ' ')}" if level else label, f"{page}#printed")
        )
    for number, line in DutyList.objects.filter(document=nice).values_list("number", "line"):
        facts.append(FactLine(line, f"Duties of {number}" if number else "Duties", f"{page}#before"))
    for kind, line in Duty.objects.filter(duty_list__document=nice).values_list("primary_kind", "line"):
        facts.append(FactLine(line, f"Duty: {kind.replace('_', ' ')}", f"{page}#before"))
    for name, line in RegistryMention.objects.filter(document=nice).values_list("registry__name", "line"):
        facts.append(FactLine(line, f"Registry: {name}", f"{page}#recommends"))
    for kind, line in ServiceRequirement.objects.filter(document=nice).values_list("kind", "line"):
        facts.append(FactLine(line, f"Service requirement: {kind.replace('_', ' ')}", f"{page}#recommends"))
    for (line,) in ResearchNeed.objects.filter(document=nice).values_list("line"):
        facts.append(FactLine(line, "Research need", f"{page}#printed"))
    for label, line in TimelineEvent.objects.filter(document=nice).values_list("label", "line"):
        facts.append(FactLine(line, f"Date: {label}", f"{page}#timeline"))
    return facts
