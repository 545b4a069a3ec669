"""A NICE guidance document (final guidance or consultation) read into a ``ParsedDocument``.

Final guidance and consultation documents share one form (see
``nice_layout``): front matter, "1 <recommendations>" with numbered
paragraphs, later chapters ("2 The condition ...", "3 Committee
considerations"), the chair's signature. The two parsers differ only in the
kind they report and the chapter-1 headings their era uses, so both call
``parse_guidance_document``.

What is read from where:

- recommendations, duty lists, registries, service requirements, research
  needs, rationale: chapter 1 (``nice_chapter_one``);
- sections: every numbered paragraph of chapters 2 onwards, with the
  sub-heading it sits under and its list items; evidence: the same paragraphs
  (``evidence``);
- title: the printed title line, else the procedure name from a recommendation;
- organisation, guidance id, dated fields, replaced guidance
  (``nice_metadata``); document date: the date under the chair's signature,
  else the running footer's date;
- warnings: a recommendation or section whose text stops mid-sentence;
  signature and footer dates that disagree; a last recommendation number the
  capture cut before its text ("1.2 |" ending the page: warned and left out);
  and a document in which no paragraph decides a level, naming chapter 1's line
  (or the first line when no chapter survived the capture). Nothing is filled
  in for it.

Refused (``ParseError``): no chapter 1 in a document that carries no other
sign of being guidance of its kind (a consultation's document line or comment
page, HealthTech recommendation sub-sections); a chapter 1 with nothing in it
that reads as a recommendation; a recommendation number with no text followed
by another one; an impossible date.
"""

from __future__ import annotations

from guidance.parsing.detect import guidance_without_chapter_one
from guidance.parsing.evidence import read_evidence
from guidance.parsing.nice_chapter_one import ChapterOne, read_chapter_one, reads_as_a_recommendation
from guidance.parsing.nice_layout import Block, Chapter, GuidanceLayout, Paragraph, read_layout
from guidance.parsing.nice_metadata import (
    dated_fields,
    guidance_id,
    identity_lines,
    organisation,
    printed_title,
    replaced_guidance,
)
from sources.parsing.contract import DatedValue, DocumentKind, ParsedDocument, Section, Warning
from sources.parsing.errors import ParseError
from sources.parsing.text import SourceLine, ends_sentence, first_text_line, quote_start, source_lines


def parse_guidance_document(
    text: str, filename: str, kind: DocumentKind, chapter_one_headings: str
) -> ParsedDocument:
    """Parse ``text`` as a NICE guidance document of ``kind``.

    ``chapter_one_headings`` describes the headings expected for chapter 1, for
    the error message when there is none (e.g. "'1 Recommendations' or '1 Guidance'").
    """
    lines = source_lines(text)
    first = first_text_line(lines)
    if first is None:
        raise ParseError(filename, 1, "a NICE guidance document, found an empty file")
    layout = read_layout(lines, filename)
    chapter = _chapter_one(layout, filename, chapter_one_headings, first, kind)
    warnings = _numbers_without_text(chapter, layout, filename) if chapter is not None else []
    chapter_one = read_chapter_one(chapter) if chapter is not None else ChapterOne()
    later = [p for chapter in layout.chapters if chapter.number > 1 for p in chapter.numbered_paragraphs]

    document = ParsedDocument(
        document_kind=kind,
        recommendations=chapter_one.recommendations,
        decisions=chapter_one.decisions,
        duty_lists=chapter_one.duty_lists,
        registries=chapter_one.registries,
        service_requirements=chapter_one.service_requirements,
        research_needs=chapter_one.research_needs,
        rationale=chapter_one.rationale,
        sections=[_section(paragraph) for paragraph in later],
        evidence=read_evidence(later),
        replaces=replaced_guidance(layout.pieces(), filename),
        dates=dated_fields(lines, filename),
    )
    _set_scalar(document, "organisation", organisation(lines))
    _set_scalar(document, "guidance_id", guidance_id(identity_lines(layout)))
    title = printed_title(layout)
    if title is None and chapter_one.title is not None:
        assert chapter_one.title_line is not None  # procedure_name() gives both or neither
        title = chapter_one.title, chapter_one.title_line
    _set_scalar(document, "title", title)
    if chapter_one.rationale_line is not None:
        document.lines["rationale"] = chapter_one.rationale_line
    _read_signature_and_footers(layout, document)
    document.warnings.extend(warnings)
    document.warnings.extend(_unfinished_sentences(_paragraphs(chapter_one, chapter) + later))
    if not document.decisions:
        undecided = _undecided(chapter, first)
        document.warnings.append(undecided)
        document.lines["level_not_read"] = undecided.line
    document.warnings.sort(key=lambda warning: warning.line)
    return document


def _undecided(chapter: Chapter | None, first: SourceLine) -> Warning:
    """What a reader must know of guidance in which nothing decides: the level is not read."""
    if chapter is None:
        return Warning(
            first.number, "no chapter 1 in the capture: no recommendation level is read from the text"
        )
    return Warning(
        chapter.line,
        "no paragraph of chapter 1 decides a recommendation level: the level is not read from the text",
    )


def _paragraphs(chapter_one: ChapterOne, chapter: Chapter | None) -> list[Paragraph]:
    """The recommendation paragraphs, as the layout read them (for warnings)."""
    if chapter is None:
        return []
    lines = {r.line for r in chapter_one.recommendations}
    paragraphs = [p for p in chapter.blocks if isinstance(p, Paragraph) and p.line in lines]
    return paragraphs or chapter.numbered_paragraphs


def _chapter_one(
    layout: GuidanceLayout, filename: str, expected: str, first: SourceLine, kind: DocumentKind
) -> Chapter | None:
    """Chapter 1; None for guidance whose capture kept no chapter 1 (see the module docstring)."""
    chapter = layout.chapter(1)
    if chapter is None:
        if guidance_without_chapter_one(layout.lines, kind):
            return None
        raise ParseError(
            filename,
            1,
            f"a chapter 1 heading ({expected}) with numbered paragraphs; found none "
            f"(first line: {quote_start(first.text)})",
        )
    if not any(_could_be_a_recommendation(block) for block in chapter.blocks):
        heading = f"1 {chapter.title}" if chapter.title else "1"
        raise ParseError(
            filename, chapter.line, f"numbered recommendations (1.1, 1.2, ...) under {heading!r}; found none"
        )
    return chapter


def _could_be_a_recommendation(block: Block) -> bool:
    if not isinstance(block, Paragraph):
        return False
    if block.number is not None:
        return bool(block.text or block.items)
    return reads_as_a_recommendation(block)


def _numbers_without_text(chapter: Chapter, layout: GuidanceLayout, filename: str) -> list[Warning]:
    """A number with nothing after it: the end of a capture (warned, dropped), else damage (refused)."""
    warnings = []
    paragraphs = chapter.numbered_paragraphs
    for index, paragraph in enumerate(paragraphs):
        if paragraph.text or paragraph.items:
            continue
        if index == len(paragraphs) - 1 and _nothing_after(paragraph, layout):
            chapter.blocks.remove(paragraph)
            warnings.append(
                Warning(
                    paragraph.line,
                    f"recommendation {paragraph.number} has no text: the capture ends at its number",
                )
            )
            continue
        # A number with neither words nor items under it is a damaged document, not a recommendation.
        raise ParseError(
            filename,
            paragraph.line,
            f"the text of recommendation {paragraph.number}; found nothing after the number",
        )
    return warnings


def _nothing_after(paragraph: Paragraph, layout: GuidanceLayout) -> bool:
    """Whether the capture has no more words after ``paragraph``'s number."""
    footer_lines = {footer.line for footer in layout.footers}
    return all(
        line.is_blank or line.number in footer_lines
        for line in layout.lines
        if paragraph.line < line.number < layout.body_end
    )


def _set_scalar(document: ParsedDocument, name: str, found: tuple[str, int] | None) -> None:
    if found is not None:
        setattr(document, name, found[0])
        document.lines[name] = found[1]


def _section(paragraph: Paragraph) -> Section:
    assert paragraph.number is not None  # only numbered paragraphs are sections
    return Section(
        number=paragraph.number,
        text=paragraph.text,
        line=paragraph.line,
        heading=paragraph.heading.text if paragraph.heading else None,
        items=[item.text for item in paragraph.items],
        item_lines=[item.line for item in paragraph.items],
    )


def _read_signature_and_footers(layout: GuidanceLayout, document: ParsedDocument) -> None:
    signature = layout.signature
    footer_dates = [footer for footer in layout.footers if footer.date is not None]
    if signature is not None and signature.name is not None:
        assert signature.name_line is not None  # a name is always read with its line
        _set_scalar(document, "committee_chair", (signature.name, signature.name_line))
    if signature is not None and signature.date is not None:
        assert signature.date_line is not None  # a date is always read with its line
        document.dates.setdefault("document", DatedValue(signature.date, signature.date_line))
    elif footer_dates:
        assert footer_dates[0].date is not None  # footer_dates holds dated footers only
        document.dates.setdefault("document", DatedValue(footer_dates[0].date, footer_dates[0].line))
    document_date = document.dates.get("document")
    for footer in footer_dates:
        if document_date is not None and footer.date != document_date.value:
            document.warnings.append(
                Warning(footer.line, f"page footer dated {footer.date}, the document {document_date.value}")
            )


def _unfinished_sentences(paragraphs: list[Paragraph]) -> list[Warning]:
    """A paragraph (with no list) that stops mid-sentence: the source lost the rest."""
    return [
        Warning(p.line, f"paragraph {p.number} ends mid-sentence: {quote_start(p.text[-60:])}")
        for p in paragraphs
        if p.text and not p.items and not ends_sentence(p.text)
    ]
