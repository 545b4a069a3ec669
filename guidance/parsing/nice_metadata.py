"""What a NICE document says about itself: issuer, identifier, dates, predecessors, title.

Input: the source lines of any NICE document (final guidance, consultation,
in-development page) and, for guidance documents, its layout.

- Organisation: "NICE" when the text names NICE or the Institute under any of
  its names ("National Institute for Clinical Excellence" ≤2005, "... for
  Health and Clinical Excellence" 2005-2013, "... for Health and Care
  Excellence" 2013 onwards); the line of the first mention.
- Guidance identifier, as printed but upper-cased: "IPG722", "htg539" ->
  "HTG539", "GID-IPG10336"; "Interventional Procedure(s) Guidance (no.) 215" is
  the same identifier as "IPG215". Read from the front matter, footers and end
  matter only, and never from a sentence about guidance this one replaces: a
  chapter citing other guidance ("see IPG123") does not name this document.
- Dated fields, a label then a date, anywhere in the text:
  "Issued: January 2009" / "Published: 22 May 2024" -> published,
  "Closing date for comments: 27 May 2003" -> closing_date,
  "Target date for publication of guidance: June 2025" -> target_publication,
  "Expected publication 16 May 2024" -> expected_publication,
  "Consultation period: 3 January 2024 - 31 January 2024" -> consultation.
  The label starts its line, or follows a finished sentence or another date on
  it (table captures run the fields into one line); the date must follow the
  label ("Published evidence from 2019" is prose); the first of each name wins;
  an impossible date is a ParseError at its line.
- Replaced guidance: in a sentence that says "replace(s/d)": "It replaces the
  previous guidance on X (Interventional Procedures Guidance no. 215, March
  2007)" -> {"guidance_id": "IPG215", "date": 2007-03}.
- Printed title: the first heading-like line of the front matter that is not
  the Institute, the document type, a dated field, page furniture or an
  indication's sub-heading ("When open-heart surgery is unsuitable").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from guidance.parsing.nice_layout import INSTITUTE, GuidanceLayout, Heading, Piece, checked_date
from sources.parsing.contract import DatedValue, Replacement
from sources.parsing.dates import DAY_MONTH_YEAR, MONTH_YEAR, NUMERIC_DMY, PartialDate, date_or_range_on_line
from sources.parsing.text import SourceLine, looks_like_heading, split_sentences

ORGANISATION = "NICE"
# "NICE" in capitals: "www.nice.org.uk" is an address, not the issuer's name.
_NICE = re.compile(rf"\bNICE\b|(?i:{INSTITUTE.pattern})")

# "IPG722", "IPG 722", "HTG539", "GID-IPG10336"
_GUIDANCE_ID = re.compile(
    r"\b(?P<id>GID-[A-Z]+\d+|(?:IPG|HTG)\s?\d+)\b"
    r"|\bInterventional\s+procedures?\s+guidance\s*(?:no\.?|number)?\s*(?P<ipg>\d+)\b",
    re.IGNORECASE,
)
_DEVELOPMENT_ID = re.compile(r"\bGID-[A-Z]+\d+\b", re.IGNORECASE)
_REPLACES = re.compile(r"\breplac(?:es|ed|ing)\b|\bprevious guidance\b", re.IGNORECASE)

# A label starts its line, or follows a finished sentence or another field's date on it:
# "... is available from the Institute's website. Closing date for comments: 22 May 2007 |",
# "Closing date for comments: 27 January 2004 Target date for publication of guidance: April 2004".
_LABEL_START = r"(?:^|(?<=[.!?|])\s+|(?<=\d{4})\s+)"
DATE_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rf"{_LABEL_START}(?:{label})\b\s*(?:on|:|-)?\s*", re.IGNORECASE))
    for name, label in (
        ("published", r"Issued|Published|Date issued|Date of publication|Publication date"),
        ("closing_date", r"Closing date(?: for comments)?|Consultation closes"),
        ("target_publication", r"Target date for publication(?: of guidance)?|Target publication date"),
        ("expected_publication", r"Expected publication(?: date)?"),
        ("consultation", r"Consultation (?:period|dates?)"),
        ("last_updated", r"Last updated"),
    )
)

_DOCUMENT_TYPE = re.compile(
    r"^(?:NICE\s+)?(?:interventional procedures?|healthtech)\s+(?:consultation document|guidance|overview)\b",
    re.IGNORECASE,
)
# Page furniture of nice.org.uk guidance pages, never a procedure name.
_FURNITURE_HEADINGS = {
    "your responsibility",
    "overview",
    "contents",
    "information for the public",
    "update information",
    "guidance",
    "recommendations",
    "tools and resources",
    "history",
    # sub-sections of a recommendations chapter, printed first when a capture starts mid-chapter
    "what this means in practice",
    "why the committee made these recommendations",
    "enhanced informed consent",
    "auditing of outcomes",
    "who should be involved with the procedure",
    "what research is needed",
    # chapter 2 and 3 headings, printed first by a capture of one of those chapters' pages
    "indications and current treatment",
    "indications and current treatments",
    "current treatments",
    "the condition",
    "the procedure",
    "committee considerations",
    "the evidence",
    "efficacy",
    "safety",
    "other comments",
    "committee comments",
}


# "When open-heart surgery is unsuitable", "For people with ...": an indication's sub-heading, not a name.
_INDICATION_HEADING = re.compile(r"^(?:When|If|Where|For (?:people|patients|adults|children|everyone|all))\b")


def organisation(lines: Iterable[SourceLine]) -> tuple[str, int] | None:
    """("NICE", line of the first mention), or None when the text names neither NICE nor the Institute."""
    for line in lines:
        if _NICE.search(line.text):
            return ORGANISATION, line.number
    return None


def guidance_id(lines: Iterable[SourceLine]) -> tuple[str, int] | None:
    """The first identifier of this document printed on ``lines`` (see the module docstring)."""
    for line in lines:
        for _, sentence in split_sentences(line.text):
            if _REPLACES.search(sentence):
                continue
            match = _GUIDANCE_ID.search(sentence)
            if match:
                return normalise_guidance_id(match), line.number
    return None


def development_id(lines: Iterable[SourceLine]) -> tuple[str, int] | None:
    """An in-development page's own identifier ("GID-IPG10336"); IPG numbers there name other guidance."""
    for line in lines:
        match = _DEVELOPMENT_ID.search(line.text)
        if match:
            return match.group().upper(), line.number
    return None


def normalise_guidance_id(match: re.Match[str]) -> str:
    if match.group("ipg"):
        return f"IPG{int(match.group('ipg'))}"
    return re.sub(r"\s+", "", match.group("id")).upper()


def identity_lines(layout: GuidanceLayout) -> list[SourceLine]:
    """Where a guidance document prints its own identifier: front matter, footers, end matter."""
    first_chapter_line = layout.chapters[0].line if layout.chapters else layout.body_end
    footer_lines = {footer.line for footer in layout.footers}
    return [
        line
        for line in layout.lines
        if line.number < first_chapter_line or line.number >= layout.body_end or line.number in footer_lines
    ]


def dated_fields(lines: Iterable[SourceLine], filename: str) -> dict[str, DatedValue]:
    """Every labelled date (see ``DATE_LABELS``), first of each name, with its line."""
    dates: dict[str, DatedValue] = {}
    for line in lines:
        for name, label in DATE_LABELS:
            match = label.search(line.text)
            if match is None or name in dates:
                continue
            found = date_or_range_on_line(line.text[match.end() :], filename, line.number)
            # The date follows the label: "Published evidence from 2019 ..." is prose.
            if found is not None and found[1] == 0:
                dates[name] = DatedValue(found[0], line.number)
    return dates


def replaced_guidance(pieces: Iterable[Piece], filename: str) -> list[Replacement]:
    """The guidance this document replaces, from sentences that say "replaces"."""
    replacements: list[Replacement] = []
    for piece in pieces:
        for offset, sentence in split_sentences(piece.text):
            if not _REPLACES.search(sentence):
                continue
            for match in _GUIDANCE_ID.finditer(sentence):
                line = piece.line_at(offset + match.start())
                date = _date_after(sentence[match.end() :], filename, line)
                replacements.append(Replacement(normalise_guidance_id(match), line, date))
    return replacements


def _date_after(text: str, filename: str, line: int) -> PartialDate | None:
    """The date printed with an identifier: "(Interventional Procedures Guidance no. 215, March 2007)"."""
    inside = re.match(r"^[\s,]*([^()]*?)\)", text)
    if inside is None:
        return None
    value = checked_date(inside.group(1), filename, line)
    return value if isinstance(value, PartialDate) else None


def printed_title(layout: GuidanceLayout) -> tuple[str, int] | None:
    """The procedure name as the front matter prints it, with its line."""
    for block in layout.front_matter:
        if isinstance(block, Heading) and _could_be_title(block.text):
            return block.text, block.line
    return None


def _could_be_title(text: str) -> bool:
    if not looks_like_heading(text) or len(text.split()) < 2 or text.lower() in _FURNITURE_HEADINGS:
        return False
    if _INDICATION_HEADING.match(text):
        return False
    if INSTITUTE.search(text) or _DOCUMENT_TYPE.match(text) or ":" in text or _GUIDANCE_ID.search(text):
        return False
    # A line with a date is a dated field or a page footer, not a procedure name.
    return not any(pattern.search(text) for pattern in (DAY_MONTH_YEAR, MONTH_YEAR, NUMERIC_DMY))
