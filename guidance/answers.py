"""The answer a procedure page leads with: for each indication, may it be offered, and on whose word.

Plain functions over what ``selectors.procedure_detail`` fetched (decisions with
their document, the procedure's dated events, its documents) and today's
``StageReport``: no query, unit-tested without a database. Apart from
``guidance.presenters`` because it reads the guidance number the way the
governance register does (``guidance.register.guidance_number``), and the
register is itself shaped from the presenters.

For each decision: the level in words and what it means, final guidance or a
consultation's draft, the guidance number (as printed, else read from the
published address), the date that dates the document (its publication date;
a consultation document's own date), and the line it was read from. When a
consultation's target publication has passed, the page says that final
guidance may have been published since and links NICE's page for the
procedure: nothing is fetched to find out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from guidance.models import DecisionLevel, EventKind
from guidance.presenters import NICE_IP_GUIDANCE_URL, LevelView, level_view
from guidance.register import guidance_number
from guidance.timeline import span_from_event
from sources.models import DocumentKind

# Levels whose recommendation puts arrangements on clinicians: NICE's page explains them.
_ARRANGEMENT_LEVELS = {DecisionLevel.SPECIAL, DecisionLevel.EVIDENCE_GENERATION}
_NICE_GUIDANCE_URL = "https://www.nice.org.uk/guidance/{}"


@dataclass(frozen=True)
class AnswerView:
    text: str  # the indication; "" when one decision covers every use
    level: LevelView
    final: bool
    guidance_number: str  # "IPG722"; "" when neither the text nor its address gives one
    date_label: str  # "Published", "Consultation document dated"
    date: str  # as printed ("January 2025"); "" when the document prints none
    date_filename: str
    date_line: int | None
    retrieved_on: object  # the day the document was captured, said when it prints no date
    recommendation_number: str  # "" when the capture lost it
    filename: str
    line: int
    explanation_url: str  # NICE's explanation of the arrangements this level asks for; "" for none
    curated_on: object = None  # the day an editor set this decision; None when read from the source

    @property
    def status(self) -> str:
        if self.final:
            return "Final guidance"
        return "Draft: from a consultation document, so it may change before final guidance"


def _document_date(document, events: list) -> tuple[str, object | None]:
    """What dates a document, in words, and the event that says it (None when it prints no date)."""
    of_document = [event for event in events if event.document_id == document.pk]

    def first(kind: str):
        return next((event for event in of_document if event.kind == kind), None)

    consultation = document.kind == DocumentKind.IP_CONSULTATION
    published = None if consultation else first(EventKind.PUBLISHED)
    if published:
        return "Published", published
    dated = first(EventKind.DOCUMENT)
    if dated:
        return ("Consultation document dated" if consultation else "Document dated"), dated
    return ("Dated" if consultation else "Published"), None


def procedure_answer(decisions: Iterable, events: Iterable) -> list[AnswerView]:
    """One answer per decision (``Indication`` rows, ``document`` fetched), in the order printed."""
    events = list(events)
    answers = []
    for decision in decisions:
        document = decision.document
        date_label, dated_by = _document_date(document, events)
        level = DecisionLevel(decision.level)
        answers.append(
            AnswerView(
                text=decision.text,
                level=level_view(decision.level, decision.is_draft),
                final=not decision.is_draft,
                guidance_number=guidance_number(document),
                date_label=date_label,
                date=span_from_event(dated_by).when if dated_by else "",
                date_filename=document.filename,
                date_line=dated_by.line if dated_by else None,
                retrieved_on=document.retrieved_on,
                recommendation_number=decision.recommendation_number,
                filename=document.filename,
                line=decision.line,
                explanation_url=NICE_IP_GUIDANCE_URL if level in _ARRANGEMENT_LEVELS else "",
                curated_on=decision.curated_on if getattr(decision, "curated", False) else None,
            )
        )
    return answers


@dataclass(frozen=True)
class NicePage:
    url: str
    label: str  # what the link is, in words


def nice_page(documents: Iterable) -> NicePage | None:
    """NICE's page for a procedure, from the addresses in the manifest (no fetch).

    The work programme's page when the procedure has one (it follows the procedure to final
    guidance), else the guidance page its guidance number names, else the NICE page a document of
    it was captured from (a consultation's own page). The documents that speak for the procedure
    are asked first; a superseded version's address only when none of them gives one.
    """
    documents = list(documents)
    current = [d for d in documents if not getattr(d, "superseded", False)]
    return _nice_page_of(current) or _nice_page_of(documents)


def _nice_page_of(documents: list) -> NicePage | None:
    for document in documents:
        if document.kind == DocumentKind.IP_IN_PROGRESS and document.source_url:
            return NicePage(document.source_url, "NICE's page for this procedure")
    for document in documents:
        number = guidance_number(document)
        if number:
            return NicePage(_NICE_GUIDANCE_URL.format(number.lower()), f"NICE's page for {number}")
    for document in documents:
        host = urlsplit(document.source_url or "").hostname or ""
        if host == "nice.org.uk" or host.endswith(".nice.org.uk"):
            return NicePage(document.source_url, "NICE's page for this consultation")
    return None


@dataclass(frozen=True)
class OverdueNotice:
    expected: str  # the target publication as printed: "June 2025"
    page: NicePage | None


def overdue_notice(report, documents: Iterable) -> OverdueNotice | None:
    """Said when a target publication has passed without final guidance here (``publication_overdue``)."""
    if not report.publication_overdue:
        return None
    return OverdueNotice(expected=str(report.expected_publication), page=nice_page(documents))
