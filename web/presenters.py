"""Page shaping for the search page: results in, plain data (and escaped snippets) for the template out.

No queries: each result comes from ``web.selectors.search`` with the texts a
snippet can come from prefetched. A snippet is built from plain text
(``web.snippets``); ``snippet_html`` escapes every segment and then wraps the
marked ones in ``<mark>``, so document text never reaches the page unescaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from guidance.presenters import IndicationView, indication_views
from guidance.selectors import procedure_stage
from guidance.stages import StageReport
from policies.presenters import ReviewStatus, review_status
from web.snippets import Segment, Snippet, SnippetSource, best_snippet


def snippet_html(segments: Iterable[Segment]) -> SafeString:
    """The segments as HTML: each escaped, the marked ones then wrapped in ``<mark>``."""
    parts = [
        format_html("<mark>{}</mark>", segment.text) if segment.marked else conditional_escape(segment.text)
        for segment in segments
    ]
    return mark_safe("".join(parts))  # every part was escaped above


@dataclass(frozen=True)
class SnippetView:
    html: SafeString
    where: str
    filename: str
    line: int | None


def _snippet_view(snippet: Snippet | None) -> SnippetView | None:
    if snippet is None:
        return None
    return SnippetView(
        html=snippet_html(snippet.segments), where=snippet.where, filename=snippet.filename, line=snippet.line
    )


def procedure_snippet_sources(procedure) -> list[SnippetSource]:
    """A procedure's texts, in the order a tie between equally good sentences is decided."""
    sources = [
        SnippetSource(
            text=r.text,
            where=f"Recommendation {r.number}" if r.number else "Recommendation (number not printed)",
            filename=r.document.filename,
            line=r.line,
        )
        for r in procedure.recommendations.all()
    ]
    for document in procedure.documents.all():
        sources += [
            SnippetSource(
                text=f"{s.heading}. {s.text}" if s.heading and s.heading not in s.text else s.text,
                where=f"Section {s.number}",
                filename=document.filename,
                line=s.line,
            )
            for s in document.sections.all()
        ]
    for duty_list in procedure.duty_lists.all():
        sources += [
            SnippetSource(text=d.text, where="Duty", filename=duty_list.document.filename, line=d.line)
            for d in duty_list.duties.all()
        ]
    sources += [
        SnippetSource(text=document.description, where="Description", filename=document.filename)
        for document in procedure.documents.all()
        if document.description
    ]
    sources.append(SnippetSource(text=procedure.title, where="Title"))
    return sources


@dataclass(frozen=True)
class ProcedureResult:
    procedure: object
    indications: list[IndicationView]
    stage: StageReport
    snippet: SnippetView | None


def procedure_results(
    procedures: Iterable, *, today: dt.date, words: Sequence[str], phrases: Sequence[str] = ()
) -> list[ProcedureResult]:
    return [
        ProcedureResult(
            procedure=procedure,
            indications=indication_views(procedure.indications.all()),
            stage=procedure_stage(procedure, today),
            snippet=_snippet_view(best_snippet(procedure_snippet_sources(procedure), words, phrases)),
        )
        for procedure in procedures
    ]


def policy_snippet_sources(policy) -> list[SnippetSource]:
    sources: list[SnippetSource] = []
    for version in policy.versions.all():
        filename = version.document.filename
        if version.reference:
            sources.append(
                SnippetSource(text=f"Reference {version.reference}", where="Reference", filename=filename)
            )
        sources += [
            SnippetSource(text=n.text, where="Criterion", filename=filename, line=n.line)
            for n in version.nodes.all()
        ]
        sources += [
            SnippetSource(text=f"{d.term}: {d.text}", where="Definition", filename=filename, line=d.line)
            for d in version.definitions.all()
        ]
        sources += [
            SnippetSource(text=e.text, where="Exclusion", filename=filename, line=e.line)
            for e in version.exclusions.all()
        ]
        if version.description:
            sources.append(SnippetSource(text=version.description, where="Description", filename=filename))
    sources.append(SnippetSource(text=policy.title, where="Title"))
    return sources


@dataclass(frozen=True)
class PolicyResult:
    policy: object
    reference: str
    funding_status: str
    criteria_structured: bool
    review: ReviewStatus | None
    snippet: SnippetView | None


def policy_results(
    policies: Iterable, *, today: dt.date, words: Sequence[str], phrases: Sequence[str] = ()
) -> list[PolicyResult]:
    """Each policy with the status of its latest version (reference, funding, review, criteria read)."""
    results = []
    for policy in policies:
        versions = list(policy.versions.all())
        latest = versions[-1] if versions else None
        results.append(
            PolicyResult(
                policy=policy,
                reference=latest.reference if latest else "",
                funding_status=latest.funding_status if latest else "",
                criteria_structured=latest.criteria_structured if latest else False,
                review=review_status(latest, today) if latest else None,
                snippet=_snippet_view(best_snippet(policy_snippet_sources(policy), words, phrases)),
            )
        )
    return results
