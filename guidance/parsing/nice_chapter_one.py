"""Chapter 1 of a NICE guidance document: the recommendations and what they oblige.

Input: chapter 1 as ``nice_layout`` reads it ("1 Guidance", "1 Recommendations",
"1 Provisional recommendations" or "1 Draft recommendations", or no heading at
all when the capture starts at "1.1"): numbered paragraphs with their list
items, sub-headings, and unnumbered prose. Final guidance and consultation
documents share this chapter's form, so both parsers read it here.

- Every numbered paragraph is a recommendation, numbered as printed (gaps kept),
  and so is an unnumbered one that decides a level (its number lost). When the
  capture lost the numbers (all of them, or all after "1.1"), every paragraph
  of the chapter is a recommendation in its order, with ``number`` None:
  nothing is numbered by the parser. Paragraphs under "Why the committee
  made these recommendations" and "What this means in practice" (and the
  sub-sections of the latter) explain the recommendations and are not any.
- Its level comes from its own wording (``levels``); paragraphs that decide
  nothing (duty lists, service requirements, research needs) have none. A
  paragraph whose list items each decide a level for their own indication
  ("... inadequate in quantity and quality:" / "- For people who ..., ... only
  in the context of research" / "- For people in whom ..., ... special
  arrangements") decides in its items.
- Decisions: one per deciding paragraph (or item), in order, with the number as
  printed (or None), its level or label, its indication and its line. A
  paragraph that only repeats the decision before it for the same indication
  ("This procedure should only be done as part of a formal research study ..."
  after "More research is needed on X before ...") is part of that decision.
  "[When ...,] more research is needed on X" with X the procedure's name decides
  research only.
- Indications: when chapter 1 groups its paragraphs under two or more
  sub-headings that head a decision or a duty list ("To treat intractable pain
  ..." / "To prevent intractable pain ..."; "When SAVR is not suitable ..."),
  every paragraph under such a heading carries it as printed. Otherwise, when the
  decisions' levels differ, each decision names its indication from its own
  words: an inline lead ("For people with mild or moderate tricuspid
  regurgitation, ..."; "When transvenous pacing is not an option, ..."), the
  target after the procedure's name ("... can be used as an option for right
  ventricular pacing"; "More research is needed on X for atrial pacing ..."),
  or a population ("... in children"). Groups that decide nothing ("What
  research is needed", "For everyone having X") give no indication; a
  document with one level and no such headings names none.
- Duty lists (``duties``), named registries (``registries``), service
  requirements and research needs (``further_recommendations``). A duty list
  outside the indication sub-headings is for the indication its lead-in names,
  when it names exactly one ("Clinicians wanting to do X for people with severe
  tricuspid regurgitation should:").
- The procedure's name, when the text gives it: "Evidence on the safety and
  efficacy of X is/appears/suggests/shows ...", "X can be used ...", "Use X as an
  option ...", "More research is needed on X before ...", "Clinicians wanting to
  use/do X should" (in that order of preference: the evidence sentence names
  the procedure alone, a lead-in may add the indication). When several
  decisions name it with their indications after it, the words they share are
  the name; an indication heading the name ends with is cut off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guidance.parsing.duties import duty_kinds, is_duty_lead_in, lead_in_audience
from guidance.parsing.further_recommendations import is_research_need, service_requirements
from guidance.parsing.levels import decision_label
from guidance.parsing.nice_layout import Chapter, Heading, Paragraph, Piece
from guidance.parsing.registries import named_registries
from sources.parsing.contract import (
    Decision,
    Duty,
    DutyList,
    Level,
    Recommendation,
    RegistryMention,
    ResearchNeed,
    ServiceRequirement,
)
from sources.parsing.text import ends_sentence, split_sentences

_RATIONALE_HEADING = re.compile(
    r"^Why the committee (?:made|has made) (?:these|the) recommendations?\b", re.IGNORECASE
)
# 2025 pages follow the recommendations with what they mean, sub-headed by indication again; a
# page can run on into its other sections. Nothing after these headings is a recommendation.
_IN_PRACTICE_HEADING = re.compile(
    r"^(?:What (?:this|these recommendations?) means? in practice|Your responsibility|Update information"
    r"|About this guidance|Information for the public|Tools and resources|Finding more information\b.*)$",
    re.IGNORECASE,
)
# Headings over paragraphs that apply to every indication, or to research.
_NOT_AN_INDICATION = re.compile(r"^(?:For (?:everyone|all)\b|.*\bresearch\b)", re.IGNORECASE)
_RESEARCH_HEADING = re.compile(r"^(?:What (?:further )?research is needed|Further research)\b", re.IGNORECASE)
_REPLACES_ONLY = re.compile(r"^(?:This|It)\b[^.]*\breplaces?\b", re.IGNORECASE)
MIN_PROSE_WORDS = 4

_VERB_AFTER_NAME = (
    r"(?:is|are|appears?|suggests?|shows?|raises?|indicates?|remains?|was|were|has|have|does|do)"
)
_LEAD_IN_NAME = re.compile(
    r"^(?:Clinicians|Healthcare professionals|Surgeons)\s+(?:wanting|wishing)\s+to\s+"
    r"(?:use|do|undertake|carry out|perform|offer)\s+(?P<name>.+?)\s+should\b",
    re.IGNORECASE,
)
_TITLE_PATTERNS = (
    re.compile(
        # "Evidence on the safety and efficacy of X is ...", "Current evidence on X suggests ...",
        # "The evidence on X shows ..."
        r"^(?:The\s+|Current\s+)?evidence\s+on\s+(?:(?:the\s+)?(?:long-term\s+)?(?:safety|efficacy)"
        rf"(?:\s+and\s+(?:safety|efficacy))?\s+of\s+)?(?P<name>.+?)\s+{_VERB_AFTER_NAME}\b",
        re.IGNORECASE,
    ),
    # "Current evidence suggests that X is efficacious ..."
    re.compile(
        r"^(?:The\s+|Current\s+)?evidence\s+(?:suggests|shows|indicates)\s+that\s+(?P<name>.+?)\s+(?:is|are)\b",
        re.IGNORECASE,
    ),
    # "X can be used in the NHS ...", "X can be used as an option for ..."
    re.compile(r"^(?!More research\b)(?P<name>.+?)\s+can be used\b"),
    # 2024: "Use X as an option to treat ..."
    re.compile(r"^Use\s+(?P<name>.+?)\s+as an option\b"),
    re.compile(r"^More research is needed on\s+(?P<name>.+?)(?:,?\s+before\b|$)", re.IGNORECASE),
    _LEAD_IN_NAME,
)
# "This procedure can be used in the NHS ..." names nothing.
_NOT_A_NAME = re.compile(
    r"^(?:(?:this|the|it|these|such)\b(?:\s+(?:procedure|technique|intervention))?|there)$", re.IGNORECASE
)
# Where a decision's indication starts after the procedure's name: "X | to treat ...", "X | for atrial pacing".
_INDICATION_AFTER_NAME = re.compile(r"^\s+(?:for|to|in|when|during|while|after)\b", re.IGNORECASE)
_CONNECTING_WORDS = {
    "for",
    "to",
    "in",
    "when",
    "during",
    "while",
    "after",
    "with",
    "of",
    "and",
    "the",
    "a",
    "an",
    "by",
}
# A clause the evidence sentence adds to the name: "HIFU, as measured by reduction in PSA, appears ..."
_NAME_CLAUSE = re.compile(
    r",\s+(?:as|which|when|where|including|particularly|especially)\b.*$", re.IGNORECASE
)
# "(SAVR; see sections 1.6 and 2.1.3)": a cross-reference, not part of an indication.
_CROSS_REFERENCE = re.compile(r"\s*\([^()]*\bsee\s+(?:sections?|recommendations?)\b[^()]*\)", re.IGNORECASE)
# "For people with aortic stenosis ..., the evidence ...", "When transvenous pacing is not an option, ..."
_INLINE_LEAD = re.compile(
    r"^(?P<lead>(?:For|In)\s+(?:people|patients|adults|children|young people|women|men|babies|infants|"
    r"neonates|those|treating|preventing|managing|the\s+(?:treatment|prevention|management)\s+of)\b[^,;:.]*?"
    r"|When\s+[^,;:.]+?)(?:,\s*|\s+(?=(?:the\s+)?(?:current\s+)?evidence\b))",
    re.IGNORECASE,
)
_CONDITION_LEAD = re.compile(r"^When\b", re.IGNORECASE)
# What a decision sentence says the procedure is used for, after its verb.
_TARGET_AFTER_USE = re.compile(
    r"\bcan be used\b(?:\s+in the NHS)?(?:\s+(?:during the evidence generation period|while more evidence is "
    r"generated))?,?(?:\s+as an option)?\s+(?!in the NHS\b)(?P<target>(?:for|to treat|to prevent|in)\s+.+?)"
    r"(?=\s+(?:with|if|provided|only)\b|[.,;]|$)",
    re.IGNORECASE,
)
_LEADING_PREPOSITION = re.compile(r"^(?:for|in)\s+", re.IGNORECASE)
_POPULATION = re.compile(
    r"(?:\b(?:in|for)\s+|\()(?P<population>(?:adults|children|young people|babies|infants|neonates)"
    r"(?:\s+and\s+(?:adults|children|young people))?(?:\s+(?:aged|under|over|older than|younger than)\s+[^,.;]+)?)",
    re.IGNORECASE,
)
# The subject of a sentence that repeats a decision: "This procedure should only be done ..."
_RESTATING_SUBJECT = re.compile(r"^(?:(?:So|Therefore),?\s+)?(?:this|the)\s+procedure\b|^It\b", re.IGNORECASE)
_MORE_RESEARCH_ON = re.compile(
    r"^more research is needed on\s+(?P<name>.+?)(?:,?\s+before\b|[.]?$)", re.IGNORECASE
)


@dataclass
class ChapterOne:
    recommendations: list[Recommendation] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    duty_lists: list[DutyList] = field(default_factory=list)
    registries: list[RegistryMention] = field(default_factory=list)
    service_requirements: list[ServiceRequirement] = field(default_factory=list)
    research_needs: list[ResearchNeed] = field(default_factory=list)
    rationale: str | None = None
    rationale_line: int | None = None
    title: str | None = None
    title_line: int | None = None


@dataclass
class _Reading:
    """What one recommendation paragraph decides, before indications are named."""

    paragraph: Paragraph
    label: str | None  # a Level value, a label outside the four, or None
    # (label, text, line) for each list item that decides (when the paragraph itself does not)
    item_decisions: list[tuple[str, str, int]] = field(default_factory=list)


def read_chapter_one(chapter: Chapter) -> ChapterOne:
    paragraphs = recommendation_paragraphs(chapter)
    readings = [_read(paragraph) for paragraph in paragraphs]
    title = procedure_name(paragraphs)
    _more_research_on_the_procedure(readings, title[0])
    result = ChapterOne(recommendations=[_recommendation(reading) for reading in readings])
    result.decisions = _decisions(readings, result.recommendations, title[0])
    indications = sorted({d.indication for d in result.decisions if d.indication}, key=len, reverse=True)
    for paragraph, recommendation in zip(paragraphs, result.recommendations, strict=True):
        if recommendation.indication is None and is_duty_lead_in(paragraph.text):
            recommendation.indication = _indication_named_in(paragraph.text, indications)
        duty_list = _duty_list(paragraph, recommendation, paragraphs)
        if duty_list is not None:
            result.duty_lists.append(duty_list)
        result.registries.extend(_registries(paragraph))
        result.service_requirements.extend(_service_requirements(paragraph))
        if recommendation.level is None and duty_list is None and paragraph not in _deciding(readings):
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
    result.research_needs.extend(_unnumbered_research_needs(chapter, paragraphs))
    result.research_needs.sort(key=lambda need: need.line)
    result.rationale, result.rationale_line = _rationale(chapter)
    result.title, result.title_line = title
    return result


def _indication_named_in(lead_in: str, indications: list[str]) -> str | None:
    """The one decision's indication a duty lead-in names ("Clinicians wanting to do X in children should:")."""
    words = f" {lead_in.lower()} "
    named = [text for text in indications if f" {text.lower()} " in words]
    return named[0] if len(named) == 1 else None


def _unnumbered_research_needs(chapter: Chapter, recommendations: list[Paragraph]) -> list[ResearchNeed]:
    """Unnumbered paragraphs under "What research is needed" that are no recommendation of their own."""
    return [
        ResearchNeed(
            number=None,
            text=block.text,
            line=block.line,
            items=[item.text for item in block.items],
            item_lines=[item.line for item in block.items],
        )
        for block in _recommendation_blocks(chapter)
        if block.number is None
        and block not in recommendations
        and block.heading is not None
        and _RESEARCH_HEADING.match(block.heading.text)
        and (block.text or block.items)
    ]


def recommendation_paragraphs(chapter: Chapter) -> list[Paragraph]:
    """The chapter's recommendations in order (see the module docstring on lost numbers)."""
    numbered = chapter.numbered_paragraphs
    if len(numbered) > 1 or (numbered and not numbered[0].breaks and not _unnumbered_after(chapter)):
        # Numbers printed: an unnumbered paragraph is a recommendation only when it decides (its number lost).
        return [
            block
            for block in _recommendation_blocks(chapter)
            if block.number is not None or (reads_as_a_recommendation(block) and decision_label(block.text))
        ]
    paragraphs: list[Paragraph] = []
    for block in _recommendation_blocks(chapter):
        if block.number is not None:
            first, *rest = _split_at_breaks(block)
            paragraphs.extend([first, *(part for part in rest if reads_as_a_recommendation(part))])
        elif reads_as_a_recommendation(block):
            paragraphs.append(block)
    return paragraphs


def _recommendation_blocks(chapter: Chapter) -> list[Paragraph]:
    """Paragraphs of chapter 1 that are not under an explanatory heading."""
    blocks: list[Paragraph] = []
    explaining = in_practice = False
    for block in chapter.blocks:
        if isinstance(block, Heading):
            in_practice = in_practice or bool(_IN_PRACTICE_HEADING.match(block.text))
            explaining = in_practice or bool(_RATIONALE_HEADING.match(block.text))
        elif block.number is not None or not explaining:
            blocks.append(block)
    return blocks


def _unnumbered_after(chapter: Chapter) -> bool:
    """An unnumbered paragraph after the only numbered one, outside explanations."""
    blocks = _recommendation_blocks(chapter)
    return any(block.number is None and reads_as_a_recommendation(block) for block in blocks[1:])


def reads_as_a_recommendation(paragraph: Paragraph) -> bool:
    """Unnumbered prose that could be a recommendation: a sentence of a few words, not a "replaces" note."""
    text = paragraph.text
    if paragraph.items and not text:
        return False  # a list with no lead sentence belongs to no recommendation of its own
    if paragraph.items and text[0].isalpha() and text.endswith(":"):
        return True  # a lead-in and its list: "Healthcare organisations should:"
    if len(text.split()) < MIN_PROSE_WORDS or not text[0].isalpha() or not ends_sentence(text):
        return False
    return not _REPLACES_ONLY.match(text)


def _split_at_breaks(paragraph: Paragraph) -> list[Paragraph]:
    """ "1.1" and the prose paragraphs after it (their numbers lost) as separate paragraphs."""
    if paragraph.lead is None or not paragraph.breaks:
        return [paragraph]
    fragments, items = paragraph.lead.fragments, paragraph.items
    bounds = [(0, 0), *paragraph.breaks, (len(fragments), len(items))]
    parts = []
    for (start, first_item), (end, end_item) in zip(bounds, bounds[1:], strict=False):
        part = Paragraph(
            number=paragraph.number if start == 0 else None,
            line=paragraph.line if start == 0 else fragments[start][0],
            lead=Piece(list(fragments[start:end])),
            items=items[first_item:end_item],
            heading=paragraph.heading,
        )
        parts.append(part)
    return parts


def _read(paragraph: Paragraph) -> _Reading:
    label = decision_label(paragraph.text)
    reading = _Reading(paragraph, label)
    # A duty list's items are duties, never decisions.
    if label is None and not is_duty_lead_in(paragraph.text):
        for item in paragraph.items:
            item_label = decision_label(item.text)
            if item_label is not None:
                reading.item_decisions.append((item_label, item.text, item.line))
    return reading


def _more_research_on_the_procedure(readings: list[_Reading], procedure: str | None) -> None:
    """ "When X is an option, more research is needed on <the procedure> for Y." decides research only."""
    if procedure is None:
        return
    for reading in readings:
        if reading.label is not None or not reading.paragraph.text:
            continue
        _, first = split_sentences(reading.paragraph.text)[0]
        match = _MORE_RESEARCH_ON.match(_without_lead(first))
        if match and match.group("name").lower().startswith(procedure.lower()):
            reading.label = Level.RESEARCH_ONLY.value


def _deciding(readings: list[_Reading]) -> list[Paragraph]:
    return [r.paragraph for r in readings if r.label is not None or r.item_decisions]


def _recommendation(reading: _Reading) -> Recommendation:
    paragraph = reading.paragraph
    level = Level(reading.label) if reading.label in Level._value2member_map_ else None
    return Recommendation(
        number=paragraph.number,
        text=paragraph.text,
        line=paragraph.line,
        level=level,
        items=[item.text for item in paragraph.items],
        item_lines=[item.line for item in paragraph.items],
    )


def _decisions(
    readings: list[_Reading], recommendations: list[Recommendation], procedure: str | None
) -> list[Decision]:
    """One decision per deciding paragraph or item, with indications (see the module docstring)."""
    headings = _indication_headings(readings)
    decisions: list[tuple[Decision, Paragraph, str]] = []  # with the words each was read from
    restated: list[tuple[Recommendation, Decision]] = []
    for reading, recommendation in zip(readings, recommendations, strict=True):
        paragraph = reading.paragraph
        if paragraph.heading in headings:
            recommendation.indication = paragraph.heading.text
        if reading.label is not None:
            previous = decisions[-1] if decisions else None
            if previous is not None and _restates(reading, previous[0], previous[1]):
                restated.append((recommendation, previous[0]))
                continue
            decision = Decision(paragraph.number, reading.label, recommendation.indication, paragraph.line)
            decisions.append((decision, paragraph, paragraph.text))
        for label, text, line in reading.item_decisions:
            decisions.append((Decision(paragraph.number, label, None, line), paragraph, text))
    if len({decision.level for decision, _, _ in decisions}) > 1:
        for decision, _, text in decisions:
            if decision.indication is None:
                decision.indication = _indication_in_words(text, procedure)
        for reading, recommendation in zip(readings, recommendations, strict=True):
            if recommendation.indication is None and reading.label is not None:
                recommendation.indication = next(
                    (d.indication for d, p, _ in decisions if p is reading.paragraph and d.line == p.line),
                    None,
                )
    for recommendation, decision in restated:
        recommendation.indication = recommendation.indication or decision.indication
    return [decision for decision, _, _ in decisions]


def _indication_headings(readings: list[_Reading]) -> list[Heading]:
    """Sub-headings that head a decision or a duty list, when there are two or more and one decides."""
    headings: list[Heading] = []
    deciding = False
    for reading in readings:
        heading = reading.paragraph.heading
        if heading is None or _NOT_AN_INDICATION.match(heading.text):
            continue
        decides = reading.label is not None or bool(reading.item_decisions)
        if decides or is_duty_lead_in(reading.paragraph.text):
            if heading not in headings:
                headings.append(heading)
            deciding = deciding or decides
    return headings if len(headings) >= 2 and deciding else []


def _restates(reading: _Reading, previous: Decision, previous_paragraph: Paragraph) -> bool:
    """A paragraph that repeats the decision before it for the same indication."""
    paragraph = reading.paragraph
    if reading.label != previous.level or paragraph.heading is not previous_paragraph.heading:
        return False
    _, first = split_sentences(paragraph.text)[0]
    lead = _INLINE_LEAD.match(first)
    if lead and paragraph.heading is None:
        return False  # its own inline lead: a decision for another indication
    return decision_label(first) == reading.label and bool(_RESTATING_SUBJECT.match(_without_lead(first)))


def _without_lead(sentence: str) -> str:
    match = _INLINE_LEAD.match(sentence)
    return sentence[match.end() :] if match else sentence


def _indication_in_words(text: str, procedure: str | None) -> str | None:
    """The indication a decision names in its own words (see the module docstring)."""
    text = _CROSS_REFERENCE.sub("", text)
    deciding = next((sentence for _, sentence in split_sentences(text) if decision_label(sentence)), text)
    _, first = split_sentences(text)[0]
    lead_match = _INLINE_LEAD.match(first) or _INLINE_LEAD.match(deciding)
    lead = lead_match.group("lead").strip() if lead_match else None
    # The deciding sentence, else the evidence sentence it concludes ("Evidence on X for Y is ...").
    target = _target(_without_lead(deciding), procedure) or _target(_without_lead(first), procedure)
    if lead is not None and not _CONDITION_LEAD.match(lead):
        return _LEADING_PREPOSITION.sub("", lead)
    if lead is not None:
        return f"{target} {lead[0].lower()}{lead[1:]}" if target else lead
    if target:
        return target
    population = _POPULATION.search(deciding) or _POPULATION.search(first)
    return population.group("population") if population else None


def _target(sentence: str, procedure: str | None) -> str | None:
    """What the sentence says the procedure is for: "can be used as an option for Y", "on X for Y"."""
    match = _TARGET_AFTER_USE.search(sentence)
    if match:
        return _LEADING_PREPOSITION.sub("", match.group("target")).strip()
    if procedure is None:
        return None
    for pattern in _TITLE_PATTERNS:
        found = pattern.search(sentence)
        if found is None:
            continue
        name = found.group("name").rstrip(".,;:")
        if name.lower().startswith(procedure.lower()):
            rest = _LEADING_PREPOSITION.sub("", name[len(procedure) :].strip(" ,"))
            return rest or None
    return None


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
    if lead_in.number is None:
        return []
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
    names = _names(paragraphs)
    if not names:
        return None, None
    name, line, _ = names[0]
    # A lead-in ("Clinicians wanting to do X when ... should:") adds its own words: only decisions count.
    shared = _shared_name([found for found, _, pattern in names if pattern is not _LEAD_IN_NAME])
    if shared is not None and _INDICATION_AFTER_NAME.match(name[len(shared) :]):
        name = name[: len(shared)]
    return name, line


def _names(paragraphs: list[Paragraph]) -> list[tuple[str, int, re.Pattern[str]]]:
    """Every name the title patterns find, best pattern first, each cleaned of its indication."""
    found: list[tuple[str, int, re.Pattern[str]]] = []
    for pattern in _TITLE_PATTERNS:
        for paragraph in paragraphs:
            if paragraph.lead is None:
                continue
            for offset, sentence in split_sentences(paragraph.text):
                unled = _without_lead(sentence)
                match = pattern.search(unled)
                if match is None or _NOT_A_NAME.match(match.group("name")):
                    continue
                name = _NAME_CLAUSE.sub("", match.group("name")).strip().rstrip(".,;:")
                heading = paragraph.heading.text if paragraph.heading else None
                if heading and name.lower().endswith(f" {heading.lower()}"):
                    name = name[: -len(heading) - 1]
                start = offset + len(sentence) - len(unled) + match.start("name")
                found.append((name, paragraph.lead.line_at(start), pattern))
    return found


def _shared_name(names: list[str]) -> str | None:
    """The words every name starts with, when there are two or more and they share two words or more."""
    if len(names) < 2:
        return None
    word_lists = [name.split() for name in names]
    shared: list[str] = []
    for words in zip(*word_lists, strict=False):
        if len({word.lower() for word in words}) != 1:
            break
        shared.append(words[0])
    while shared and shared[-1].lower() in _CONNECTING_WORDS:
        shared.pop()  # "X in" adults / "X in" children: the name is X
    if len(shared) < 2 or not all(name.lower().startswith(" ".join(shared).lower()) for name in names):
        return None
    return " ".join(shared)
