"""Chapter 1 of a NICE guidance document: the recommendations and what they oblige.

Input: chapter 1 as ``nice_layout`` reads it ("1 Guidance", "1 Recommendations",
"1 Provisional recommendations" or "1 Draft recommendations"): numbered
paragraphs with their list items, sub-headings, and unnumbered prose.
Final guidance and consultation documents share this chapter's form, so both
parsers read it here.

- Every numbered paragraph is a recommendation, numbered as printed (gaps kept).
  Its level comes from its own wording (``levels``); paragraphs that decide
  nothing (duty lists, service requirements, research needs) have none.
- Indications: when chapter 1 groups its paragraphs under sub-headings and two
  or more of those groups decide a level ("To treat intractable pain ..." /
  "To prevent intractable pain ..."), each recommendation in such a group
  carries the heading as printed as its indication. Groups that decide nothing
  ("What research is needed") give no indication; a document with one
  decision has no indications.
- "Why the committee made these recommendations" and the prose under it is the
  committee's rationale, not a recommendation.
- Duty lists (``duties``), named registries (``registries``), service
  requirements and research needs (``further_recommendations``).
- The procedure's name, when the text gives it: "Evidence on the safety and
  efficacy of X is/appears/suggests/shows ...", "More research is needed on X
  before ...", "X can be used in the NHS ...", "Clinicians wanting to use/do X
  should" (in that order of preference: the evidence sentence names the
  procedure alone, a lead-in may add the indication).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guidance.parsing.duties import duty_kinds, is_duty_lead_in, lead_in_audience
from guidance.parsing.further_recommendations import is_research_need, service_requirements
from guidance.parsing.levels import recommendation_level
from guidance.parsing.nice_layout import Chapter, Heading, Paragraph, Piece
from guidance.parsing.registries import named_registries
from sources.parsing.contract import (
    Duty,
    DutyList,
    Recommendation,
    RegistryMention,
    ResearchNeed,
    ServiceRequirement,
)
from sources.parsing.text import split_sentences

_RATIONALE_HEADING = re.compile(
    r"^Why the committee (?:made|has made) (?:these|the) recommendations?\b", re.IGNORECASE
)

_VERB_AFTER_NAME = (
    r"(?:is|are|appears?|suggests?|shows?|raises?|indicates?|remains?|was|were|has|have|does|do)"
)
_TITLE_PATTERNS = (
    re.compile(
        # "Evidence on the safety and efficacy of X is ...", "Current evidence on X suggests ..."
        r"^(?:Current\s+)?evidence\s+on\s+(?:(?:the\s+)?(?:long-term\s+)?(?:safety|efficacy)"
        rf"(?:\s+and\s+(?:safety|efficacy))?\s+of\s+)?(?P<name>.+?)\s+{_VERB_AFTER_NAME}\b",
        re.IGNORECASE,
    ),
    # Before "X can be used in the NHS": "More research is needed on X before it can be used in the NHS".
    re.compile(r"^More research is needed on\s+(?P<name>.+?)\s+before\b", re.IGNORECASE),
    re.compile(r"^(?P<name>.+?)\s+can be used in the NHS\b"),
    re.compile(
        r"^(?:Clinicians|Healthcare professionals|Surgeons)\s+(?:wanting|wishing)\s+to\s+"
        r"(?:use|do|undertake|carry out|perform|offer)\s+(?P<name>.+?)\s+should\b",
        re.IGNORECASE,
    ),
)
# "This procedure can be used in the NHS ..." names nothing.
_NOT_A_NAME = re.compile(
    r"^(?:this|the|it|these|such)\b(?:\s+(?:procedure|technique|intervention))?$", re.IGNORECASE
)


@dataclass
class ChapterOne:
    recommendations: list[Recommendation] = field(default_factory=list)
    duty_lists: list[DutyList] = field(default_factory=list)
    registries: list[RegistryMention] = field(default_factory=list)
    service_requirements: list[ServiceRequirement] = field(default_factory=list)
    research_needs: list[ResearchNeed] = field(default_factory=list)
    rationale: str | None = None
    rationale_line: int | None = None
    title: str | None = None
    title_line: int | None = None


def read_chapter_one(chapter: Chapter) -> ChapterOne:
    paragraphs = chapter.numbered_paragraphs
    result = ChapterOne(recommendations=[_recommendation(paragraph) for paragraph in paragraphs])
    _set_indications(paragraphs, result.recommendations)
    for paragraph, recommendation in zip(paragraphs, result.recommendations, strict=True):
        duty_list = _duty_list(paragraph, recommendation, paragraphs)
        if duty_list is not None:
            result.duty_lists.append(duty_list)
        result.registries.extend(_registries(paragraph))
        result.service_requirements.extend(_service_requirements(paragraph))
        if recommendation.level is None and duty_list is None:
            heading = paragraph.heading.text if paragraph.heading else None
            if is_research_need(paragraph.text, heading):
                result.research_needs.append(
                    ResearchNeed(
                        number=paragraph.number,
                        text=paragraph.text,
                        line=paragraph.line,
                        items=[item.text for item in paragraph.items],
                        item_lines=[item.line for item in paragraph.items],
                    )
                )
    result.rationale, result.rationale_line = _rationale(chapter)
    result.title, result.title_line = procedure_name(paragraphs)
    return result


def _recommendation(paragraph: Paragraph) -> Recommendation:
    assert paragraph.number is not None  # read from chapter.numbered_paragraphs
    return Recommendation(
        number=paragraph.number,
        text=paragraph.text,
        line=paragraph.line,
        level=recommendation_level(paragraph.text),
        items=[item.text for item in paragraph.items],
        item_lines=[item.line for item in paragraph.items],
    )


def _set_indications(paragraphs: list[Paragraph], recommendations: list[Recommendation]) -> None:
    """Headings are indications when two or more of them head a decision."""
    deciding: list[Heading] = []
    for paragraph, recommendation in zip(paragraphs, recommendations, strict=True):
        heading = paragraph.heading
        if heading is not None and recommendation.level is not None and heading not in deciding:
            deciding.append(heading)
    if len(deciding) < 2:
        return
    for paragraph, recommendation in zip(paragraphs, recommendations, strict=True):
        if paragraph.heading in deciding:
            recommendation.indication = paragraph.heading.text


def _duty_list(
    paragraph: Paragraph, recommendation: Recommendation, paragraphs: list[Paragraph]
) -> DutyList | None:
    if not is_duty_lead_in(paragraph.text):
        return None
    items = [(item.text, item.line) for item in paragraph.items] or _sub_numbered_items(paragraph, paragraphs)
    if not items:
        return None
    return DutyList(
        number=paragraph.number,
        audience=lead_in_audience(paragraph.text),
        lead_in=paragraph.text,
        line=paragraph.line,
        duties=[Duty(text=text, line=line, kinds=duty_kinds(text)) for text, line in items],
        indication=recommendation.indication,
    )


def _sub_numbered_items(lead_in: Paragraph, paragraphs: list[Paragraph]) -> list[tuple[str, int]]:
    """Older guidance numbers the duties under a lead-in: "1.2" then "1.2.1", "1.2.2"."""
    prefix = f"{lead_in.number}."
    return [(p.text, p.line) for p in paragraphs if (p.number or "").startswith(prefix) and p.text]


def _pieces(paragraph: Paragraph) -> list[Piece]:
    return ([paragraph.lead] if paragraph.lead else []) + paragraph.items


def _registries(paragraph: Paragraph) -> list[RegistryMention]:
    return [
        RegistryMention(name=name, line=piece.line_at(offset), number=paragraph.number)
        for piece in _pieces(paragraph)
        for offset, name in named_registries(piece.text)
    ]


def _service_requirements(paragraph: Paragraph) -> list[ServiceRequirement]:
    if paragraph.lead is None:
        return []
    return [
        ServiceRequirement(
            kind=kind, text=sentence, line=paragraph.lead.line_at(offset), number=paragraph.number
        )
        for kind, offset, sentence in service_requirements(paragraph.text)
    ]


def _rationale(chapter: Chapter) -> tuple[str | None, int | None]:
    texts, first_line = [], None
    for block in chapter.blocks:
        if (
            isinstance(block, Paragraph)
            and block.number is None
            and block.heading is not None
            and _RATIONALE_HEADING.match(block.heading.text)
        ):
            texts.append(block.text)
            first_line = first_line or block.line
    # Paragraph breaks are kept: the rationale is several paragraphs of prose.
    return ("\n\n".join(texts), first_line) if texts else (None, None)


def procedure_name(paragraphs: list[Paragraph]) -> tuple[str | None, int | None]:
    """The procedure's name as a recommendation sentence prints it (see the module docstring)."""
    for pattern in _TITLE_PATTERNS:
        for paragraph in paragraphs:
            if paragraph.lead is None:
                continue
            for offset, sentence in split_sentences(paragraph.text):
                match = pattern.search(sentence)
                if match and not _NOT_A_NAME.match(match.group("name")):
                    return match.group("name"), paragraph.lead.line_at(offset + match.start("name"))
    return None, None
