"""Which kind of source document a text is, from the markers its kind always prints.

Input: any decoded text. Markers, strongest first:

- ip_consultation: a document-type line "Interventional procedures consultation
  document" (alone, or as the running footer "NICE interventional procedures
  consultation document, January 2025"), or the chapter heading
  "1 Draft recommendations" / "1 Provisional recommendations".
- ipg_recommendations: the chapter heading "1 Recommendations" / "1 Guidance"
  followed by numbered paragraphs "1.1", "1.2" ...; or, with no heading,
  numbered "1.1" paragraphs that decide a recommendation level. A heading with
  no numbered paragraph under it is a damaged document and is refused.
- ip_in_progress and icb_policy are told apart by counting markers:
  in progress: the fields "Status", "Process", "ID number", "Technology type",
  "Decision", "Key events", the "Date Update" table header; at least two.
  ICB policy: a commissioner ("ICB", "CCG", "Integrated Care Board", "Clinical
  Commissioning Group") and at least two policy markers ("will only fund",
  "Threshold Criteria", "Policy for", "Policy number", "Review Date",
  "Eligibility", "prior approval", "Individual Funding Request", "criteria" ...).
  An ICB page can print "Status:" and a NICE page can name an ICB, so the kind
  with more markers wins.

Anything else (a news page, a "Page not found" page, prose) raises
``ParseError`` naming the first line, so an editor sees what was read.
"""

from __future__ import annotations

import re

from guidance.parsing.contract import DocumentKind
from guidance.parsing.errors import ParseError
from guidance.parsing.levels import recommendation_level
from guidance.parsing.nice_layout import NUMBERED
from guidance.parsing.text import (
    BULLET,
    SourceLine,
    first_text_line,
    quote_start,
    source_lines,
    strip_table_residue,
)

_CONSULTATION_DOCUMENT = re.compile(
    r"^(?:NICE\s+)?interventional\s+procedures?\s+consultation\s+document\b(?:\s*,.*)?$", re.IGNORECASE
)
_CONSULTATION_CHAPTER = re.compile(r"^1\.?\s+(?:Draft|Provisional)\s+recommendations$", re.IGNORECASE)
_FINAL_CHAPTER = re.compile(r"^1\.?\s+(?:Recommendations|Guidance)$", re.IGNORECASE)

_IN_PROGRESS_MARKERS = {
    "status": re.compile(r"^Status(?::|\s|$)"),
    # "Process IP", or "Process:" with the value on the next line
    "process": re.compile(r"^Process(?::\s*[A-Z]{0,5}|\s+[A-Z]{1,5})$"),
    "id number": re.compile(r"^ID number(?::\s*|\s+)\d*$"),
    "technology type": re.compile(r"^Technology type\b"),
    "decision": re.compile(r"^Decision:?\s+(?:Selected|Not selected)\b"),
    "key events": re.compile(r"^Key events\b", re.IGNORECASE),
    "date update": re.compile(r"^Date\s+Update$", re.IGNORECASE),
}
MIN_IN_PROGRESS_MARKERS = 2

_COMMISSIONER = re.compile(
    r"\b(?:ICBs?|CCGs?|Integrated Care Boards?|Clinical Commissioning Groups?)\b", re.IGNORECASE
)
_POLICY_MARKERS = {
    name: re.compile(rf"\b{name}\b", re.IGNORECASE)
    for name in (
        "will only fund",
        "will fund",
        "threshold",
        "polic(?:y|ies) for",
        "policy number",
        "review date",
        "date of review",
        "eligibility",
        "prior approval",
        "individual funding request",
        "commissioning position",
        "not routinely commissioned",
        "criteria",
    )
}
MIN_POLICY_MARKERS = 2

_EXPECTED = "a NICE guidance, consultation, in-progress page or ICB policy"


def detect_kind(text: str, filename: str) -> DocumentKind:
    """The kind of document ``text`` is; ``ParseError`` when it is none of ours."""
    lines = [_layout_free(line) for line in source_lines(text)]
    first = first_text_line(lines)
    if first is None:
        raise ParseError(filename, 1, f"{_EXPECTED}; found an empty file")
    if any(
        _CONSULTATION_DOCUMENT.match(line.text) or _CONSULTATION_CHAPTER.match(line.text) for line in lines
    ):
        return DocumentKind.IP_CONSULTATION
    if _has_final_recommendations(lines, filename):
        return DocumentKind.IPG_RECOMMENDATIONS
    in_progress = _in_progress_score(lines)
    policy = _policy_score(lines)
    if policy >= MIN_POLICY_MARKERS and policy >= in_progress:
        return DocumentKind.ICB_POLICY
    if in_progress >= MIN_IN_PROGRESS_MARKERS:
        return DocumentKind.IP_IN_PROGRESS
    raise ParseError(
        filename,
        first.number,
        f"{_EXPECTED}; found none of their markers (first line: {quote_start(first.text)})",
    )


def _layout_free(line: SourceLine) -> SourceLine:
    """The line without table pipes or a bullet: "- 1.1 ...", "| 1.1 | ... |", "- Status: ..." """
    text = BULLET.sub("", strip_table_residue(line.text), count=1)
    return SourceLine(line.number, line.raw, text)


def _has_final_recommendations(lines: list[SourceLine], filename: str) -> bool:
    heading = next((line for line in lines if _FINAL_CHAPTER.match(line.text)), None)
    chapter_one_paragraphs = [line for line in lines if _is_chapter_one_paragraph(line.text)]
    if heading is not None:
        if any(line.number > heading.number for line in chapter_one_paragraphs):
            return True
        raise ParseError(
            filename,
            heading.number,
            f"numbered recommendations (1.1, 1.2, ...) under {heading.text!r}; found none",
        )
    # No heading survived the capture: numbered paragraphs that decide a level still say "final guidance".
    return any(recommendation_level(line.text) is not None for line in chapter_one_paragraphs)


def _is_chapter_one_paragraph(text: str) -> bool:
    match = NUMBERED.match(text)
    return bool(match) and match.group("number").split(".")[0] == "1"


def _in_progress_score(lines: list[SourceLine]) -> int:
    return sum(any(pattern.match(line.text) for line in lines) for pattern in _IN_PROGRESS_MARKERS.values())


def _policy_score(lines: list[SourceLine]) -> int:
    """Distinct policy markers, counted only on a page that names a commissioner."""
    text = "\n".join(line.text for line in lines)
    if not _COMMISSIONER.search(text):
        return 0
    return sum(bool(pattern.search(text)) for pattern in _POLICY_MARKERS.values())
