"""The markers of NICE documents, for ``sources.parsing`` to tell kinds apart.

Each function scores layout-free lines for one kind (``sources.parsing.registry``):

- ip_consultation: a document-type line "Interventional procedures consultation
  document" (alone, or as the running footer "NICE interventional procedures
  consultation document, January 2025"), or the chapter heading "1 Draft
  recommendations" / "1 Provisional recommendations": decisive. A 2003 page
  title "Interventional procedures consultation document - <procedure>" is a
  marker of one (other pages link to consultations by that name: an
  in-progress page's fields outweigh it). Also
  decisive: a consultation web page, which prints its draft recommendations
  under a plain "1 Recommendations" (or from a bare "1.1") with a tell of the
  consultation around them: "for the purposes of the consultation process", or
  its comments form ("How are you taking part in this consultation?", "Closed
  for comments ..."). So is a page of one of its later chapters (a capture
  takes one chapter a page) with that tell and a heading or sentence only an
  interventional procedures consultation prints ("Indications and current
  treatment", "Committee considerations", "the efficacy and safety of this
  procedure"): guideline consultations have the tell but none of these.
- ipg_recommendations: the chapter heading "1 Recommendations" / "1 Guidance"
  followed by numbered paragraphs "1.1", "1.2" ... that decide a level or speak
  of the procedure (a technology appraisal's "1.1 X is recommended as an
  option" is none of ours), or by an unnumbered
  paragraph (a capture that lost the numbers) that decides a level or speaks of
  the procedure; or, with no heading, a "1.1" paragraph (its text on the same
  line or the next) that decides a recommendation level; or, with neither, the
  sub-sections HealthTech recommendation chapters print ("Enhanced informed
  consent", "Auditing of outcomes", "Who should be involved with the
  procedure"; two or more): decisive. A heading with nothing under it that reads
  as a recommendation (a site menu, a damaged capture) is refused.
- ip_in_progress: the fields "Status", "Process", "ID number", "Technology
  type", "Decision", "Key events", the "Date Update" table header; at least two,
  scored by their count (an ICB page can print "Status:", so the kind with more
  markers wins). NICE's other programmes print the same fields on their own
  in-development pages, with their programme instead of IP: "Developed As CG"
  (guidelines), "Process DT" (diagnostics), "Process QSD" (quality standards).
  Such a page, with nothing of an interventional procedure on it ("Process IP",
  "Technology type Procedure", a GID-IPG number, "interventional procedure"),
  is refused at its programme's line.
"""

from __future__ import annotations

import re

from guidance.parsing.levels import decision_label
from guidance.parsing.nice_layout import CHAPTER_HEADING, NUMBERED
from sources.parsing.contract import DocumentKind
from sources.parsing.errors import ParseError
from sources.parsing.registry import DECISIVE
from sources.parsing.text import BULLET, SourceLine, ends_sentence, quote_start, strip_table_residue

_CONSULTATION_DOCUMENT = re.compile(
    r"^(?:NICE\s+)?interventional\s+procedures?\s+consultation\s+document\b(?:\s*,.*)?$", re.IGNORECASE
)
# 2003: "Interventional procedures consultation document - <procedure> (first consultation)": a
# page title, but also how other pages link to one, so a marker, not decisive.
_CONSULTATION_TITLE = re.compile(
    r"^(?:NICE\s+)?interventional\s+procedures?\s+consultation\s+document\s*[–—-]\s*\S", re.IGNORECASE
)
_CONSULTATION_CHAPTER = re.compile(r"^1\.?\s+(?:Draft|Provisional)\s+recommendations$", re.IGNORECASE)
_CONSULTATION_TELL = re.compile(
    r"\bfor the purposes of the consultation process\b|^How are you taking part in this consultation\b"
    r"|^Closed for comments\b|^Request commenting lead permission\b",
    re.IGNORECASE,
)
# What only an interventional procedures consultation's chapters 2 and 3 print: NICE's captures
# split a consultation into one page per chapter, and a chapter 2 or 3 page has no recommendations.
_IP_CONSULTATION_CHAPTER = re.compile(
    r"^(?:2\.?\s+)?Indications and current treatments?$|^(?:3\.?\s+)?Committee considerations$"
    r"|\bthe efficacy and safety of this procedure\b",
    re.IGNORECASE,
)
_FINAL_CHAPTER = re.compile(r"^1\.?\s+(?:Recommendations|Guidance)$", re.IGNORECASE)
_HEALTHTECH_SUBSECTION = re.compile(
    r"^(?:Enhanced informed consent|Auditing of outcomes|Who should be involved with the procedure)$",
    re.IGNORECASE,
)
MIN_HEALTHTECH_SUBSECTIONS = 2
_PROCEDURE = re.compile(r"\bprocedures?\b", re.IGNORECASE)
MIN_SENTENCE_WORDS = 4

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
# The programme an in-development page belongs to: "Process IP", "Process DT", "Developed As CG",
# or the label alone with the value on the next line ("Developed as:" / "CG").
_PROGRAMME = re.compile(
    r"^(?P<label>Process|Developed as)(?::\s*|\s+|$)(?P<value>[A-Z]{1,5})?$", re.IGNORECASE
)
_PROGRAMME_VALUE = re.compile(r"^[A-Z]{1,5}$")
_INTERVENTIONAL_PROGRAMME = "IP"
_INTERVENTIONAL_PAGE = re.compile(
    r"^Technology type:?\s+Procedure\b|\bGID-IPG\d+|\binterventional\s+procedures?\b", re.IGNORECASE
)


def consultation_score(lines: list[SourceLine], filename: str) -> int:
    if any(
        _CONSULTATION_DOCUMENT.match(line.text) or _CONSULTATION_CHAPTER.match(line.text) for line in lines
    ):
        return DECISIVE
    if _consultation_tell(lines) and (
        _has_final_recommendations(lines, filename, refuse=False)
        or _healthtech_subsections(lines)
        or any(_IP_CONSULTATION_CHAPTER.search(line.text) for line in lines)
    ):
        return DECISIVE
    return 1 if any(_CONSULTATION_TITLE.match(line.text) for line in lines) else 0


def final_guidance_score(lines: list[SourceLine], filename: str) -> int:
    if _has_final_recommendations(lines, filename, refuse=True) or _healthtech_subsections(lines):
        return DECISIVE
    return 0


def in_progress_score(lines: list[SourceLine], filename: str) -> int:
    score = sum(any(pattern.match(line.text) for line in lines) for pattern in _IN_PROGRESS_MARKERS.values())
    if score < MIN_IN_PROGRESS_MARKERS:
        return 0
    other = _other_programme(lines)
    if other is not None:
        raise ParseError(
            filename,
            other.number,
            "an in-development page of NICE interventional procedures guidance (Process IP); found one of "
            f"another NICE programme ({quote_start(other.text)})",
        )
    return score


def _other_programme(lines: list[SourceLine]) -> SourceLine | None:
    """The line naming a programme other than IP, on a page with nothing of an interventional procedure."""
    text_lines = [line for line in lines if not line.is_blank]
    if any(_INTERVENTIONAL_PAGE.search(line.text) for line in text_lines):
        return None
    found = None
    for index, line in enumerate(text_lines):
        match = _PROGRAMME.match(line.text)
        if match is None:
            continue
        value = match.group("value")
        if (
            value is None
            and index + 1 < len(text_lines)
            and _PROGRAMME_VALUE.match(text_lines[index + 1].text)
        ):
            value = text_lines[index + 1].text
        if value is None:
            continue
        if match.group("label").lower() == "process" and value == _INTERVENTIONAL_PROGRAMME:
            return None
        found = found or line
    return found


def guidance_without_chapter_one(lines: list[SourceLine], kind: DocumentKind) -> bool:
    """Whether a document whose capture kept no chapter 1 still shows it is guidance of ``kind``."""
    lines = [_layout_free(line) for line in lines]
    if kind is DocumentKind.IP_CONSULTATION:
        return _consultation_tell(lines) or any(
            _CONSULTATION_DOCUMENT.match(line.text) or _CONSULTATION_TITLE.match(line.text) for line in lines
        )
    return _healthtech_subsections(lines)


def _layout_free(line: SourceLine) -> SourceLine:
    return SourceLine(line.number, line.raw, BULLET.sub("", strip_table_residue(line.text), count=1))


def _consultation_tell(lines: list[SourceLine]) -> bool:
    return any(_CONSULTATION_TELL.search(line.text) for line in lines)


def _healthtech_subsections(lines: list[SourceLine]) -> bool:
    found = {line.text.lower() for line in lines if _HEALTHTECH_SUBSECTION.match(line.text)}
    return len(found) >= MIN_HEALTHTECH_SUBSECTIONS


def _has_final_recommendations(lines: list[SourceLine], filename: str, refuse: bool) -> bool:
    text_lines = [line for line in lines if not line.is_blank]
    headings = [index for index, line in enumerate(text_lines) if _FINAL_CHAPTER.match(line.text)]
    paragraphs = [index for index, line in enumerate(text_lines) if _is_chapter_one_paragraph(line.text)]
    if headings:
        first = headings[0]
        if any(index > first for index in paragraphs):
            # A technology appraisal or guideline prints "1 Recommendations" and "1.1" too.
            return _interventional(text_lines[first:])
        if any(_reads_as_a_recommendation(line.text) for line in _chapter_one_prose(text_lines, first)):
            return True
        if not refuse:
            return False
        heading = text_lines[first]
        raise ParseError(
            filename,
            heading.number,
            f"numbered recommendations (1.1, 1.2, ...) under {heading.text!r}; found none",
        )
    # No heading survived the capture: a "1.1" paragraph that decides a level still says "guidance".
    return any(decision_label(_paragraph_text(text_lines, index)) is not None for index in paragraphs)


def _interventional(text_lines: list[SourceLine]) -> bool:
    """Whether the text speaks as interventional procedures guidance: a level decided, or "procedure"."""
    return any(decision_label(line.text) is not None or _PROCEDURE.search(line.text) for line in text_lines)


def _chapter_one_prose(text_lines: list[SourceLine], heading: int) -> list[SourceLine]:
    """The lines after chapter 1's heading, up to the next chapter heading."""
    prose = []
    for line in text_lines[heading + 1 :]:
        if CHAPTER_HEADING.match(line.text) and not _FINAL_CHAPTER.match(line.text):
            break
        prose.append(line)
    return prose


def _reads_as_a_recommendation(text: str) -> bool:
    """An unnumbered sentence of chapter 1 that decides a level or speaks of the procedure."""
    if len(text.split()) < MIN_SENTENCE_WORDS or not text[0].isalpha() or not ends_sentence(text):
        return False
    return decision_label(text) is not None or bool(_PROCEDURE.search(text))


def _paragraph_text(text_lines: list[SourceLine], index: int) -> str:
    """The text of the numbered paragraph at ``index``: on its line, or the next line for a bare number."""
    match = NUMBERED.match(text_lines[index].text)
    rest = match.group("rest") if match else None
    if rest:
        return rest
    following = text_lines[index + 1].text if index + 1 < len(text_lines) else ""
    return "" if NUMBERED.match(following) else following


def _is_chapter_one_paragraph(text: str) -> bool:
    match = NUMBERED.match(text)
    return match is not None and match.group("number").split(".")[0] == "1"
