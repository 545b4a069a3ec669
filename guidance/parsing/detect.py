"""The markers of NICE documents, for ``sources.parsing`` to tell kinds apart.

Each function scores layout-free lines for one kind (``sources.parsing.registry``):

- ip_consultation: a document-type line "Interventional procedures consultation
  document" (alone, or as the running footer "NICE interventional procedures
  consultation document, January 2025"), or the chapter heading
  "1 Draft recommendations" / "1 Provisional recommendations": decisive.
- ipg_recommendations: the chapter heading "1 Recommendations" / "1 Guidance"
  followed by numbered paragraphs "1.1", "1.2" ...; or, with no heading,
  numbered "1.1" paragraphs that decide a recommendation level: decisive. A
  heading with no numbered paragraph under it is a damaged document and is
  refused.
- ip_in_progress: the fields "Status", "Process", "ID number", "Technology
  type", "Decision", "Key events", the "Date Update" table header; at least two,
  scored by their count (an ICB page can print "Status:", so the kind with more
  markers wins).
"""

from __future__ import annotations

import re

from guidance.parsing.levels import recommendation_level
from guidance.parsing.nice_layout import NUMBERED
from sources.parsing.errors import ParseError
from sources.parsing.registry import DECISIVE
from sources.parsing.text import SourceLine

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


def consultation_score(lines: list[SourceLine], filename: str) -> int:
    if any(
        _CONSULTATION_DOCUMENT.match(line.text) or _CONSULTATION_CHAPTER.match(line.text) for line in lines
    ):
        return DECISIVE
    return 0


def final_guidance_score(lines: list[SourceLine], filename: str) -> int:
    return DECISIVE if _has_final_recommendations(lines, filename) else 0


def in_progress_score(lines: list[SourceLine], filename: str) -> int:
    score = sum(any(pattern.match(line.text) for line in lines) for pattern in _IN_PROGRESS_MARKERS.values())
    return score if score >= MIN_IN_PROGRESS_MARKERS else 0


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
    return match is not None and match.group("number").split(".")[0] == "1"
