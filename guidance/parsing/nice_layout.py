"""The layout of a NICE guidance document: front matter, chapters, numbered paragraphs.

Input: the text of a NICE interventional procedures final guidance or
consultation document as captured from its web page or PDF::

    NATIONAL INSTITUTE FOR HEALTH AND CARE EXCELLENCE      front matter: institute,
    Interventional procedures consultation document        document type, title,
    Targeted muscle reinnervation for ...                  preamble prose and bullets,
    Closing date for comments: 21 February 2025            dated fields
    1 Draft recommendations                                chapter heading
    To treat intractable pain that develops after ...      sub-heading
    - 1.1 Targeted muscle reinnervation can be used ...    numbered paragraph
    - 1.2 Healthcare professionals wanting to do X should:
    - Inform the clinical governance leads ...             its list items
     - Ensure that people ...
    NICE interventional procedures consultation document, January 2025   running footer
    2 The condition, current treatments, unmet need and procedure
    ...
    Tom Clutton-Brock                                      signature: name,
    Chair, interventional procedures advisory committee    role,
    January 2025                                           date
    ISBN:                                                  end matter

What varies, and how it is read:

- Chapter headings "1 Guidance", "1 Recommendations", "1 Provisional
  recommendations", "1 Draft recommendations", "2 The procedure", "3 Committee
  considerations": a number and a short title. A heading printed twice in a row
  (web captures repeat "1 Recommendations") is one heading; a contents list of
  empty chapters before the text is dropped.
- Numbered paragraphs: "1.1" alone on its line with the text on the next
  non-blank line; "1.1 text" on one line; "1.1 | text |" table residue; behind a
  bullet ("- 1.1 text"). Numbers are kept as printed (gaps too); a number must
  belong to the current chapter, so "2.5 mm" inside chapter 1 is not a paragraph.
- List items: a line behind a bullet ("•", "-", "–", indented or not) belongs to
  the paragraph above it, however many footers or blank lines come between.
- Wrapped lines (no blank line between) join their paragraph or item.
- Running footers ("NICE interventional procedures consultation document,
  January 2025", "Page 3 of 8", "© NICE 2024 ...", a repeated "Title (IPG722)")
  are dropped wherever they fall; their dates are kept. A sentence a page break
  cut ("... It has" / footer / "been hypothesised ...") is joined again: the text
  before the break ends without punctuation and the text after starts in lower
  case.
- Sub-headings: a short line after a blank line that starts with a capital and
  ends without punctuation ("The condition", "To treat intractable pain ...",
  "Why the committee made these recommendations"); in chapters after the first,
  also a numbered heading with numbered paragraphs under it ("2.1 Indications",
  "2.1.1 ...").
- Unnumbered prose after a numbered paragraph (and no sub-heading between) is
  more of that paragraph; after a sub-heading it is a paragraph of its own.
- Signature: a "Chair, ... committee" line (any era: "Chairman, Interventional
  Procedures Advisory Committee"), the name on the line before it and a date on
  the line after. Everything after it (ISBN, ...) is end matter.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sources.parsing.dates import DAY_MONTH_YEAR, MONTH_YEAR, DateRange, PartialDate, date_or_range_on_line
from sources.parsing.text import (
    BULLET,
    SourceLine,
    ends_sentence,
    join_text,
    looks_like_heading,
    strip_table_residue,
)

# Every name the Institute has had: 1999-2005, 2005-2013, 2013 onwards.
INSTITUTE = re.compile(
    r"\bNational Institute for (?:Clinical|Health and Clinical|Health and Care) Excellence\b", re.IGNORECASE
)

CHAPTER_HEADING = re.compile(r"^(?P<number>\d{1,2})\.?\s+(?P<title>[A-Z].*)$")
MAX_CHAPTER_TITLE_WORDS = 12
NUMBERED = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,3}){1,2})\.?(?:\s+(?P<rest>.*))?$")

_RUNNING_FOOTER = re.compile(
    rf"^(?:NICE|{INSTITUTE.pattern})\b.{{0,120}}?\b(?:document|guidance|overview)\s*,?\s+", re.IGNORECASE
)
_PAGE_NUMBER = re.compile(r"^Page\s+\d+\s+of\s+\d+$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|Copyright\b)", re.IGNORECASE)
# "Intramedullary distraction for upper limb lengthening (IPG722)" on every page.
_TITLE_FOOTER = re.compile(r"\((?:IPG|HTG)\s?\d+\)$", re.IGNORECASE)

_CHAIR_ROLE = re.compile(r"^Chair(?:man|woman|person)?\b[,:]?\s+.*\bcommittee\b", re.IGNORECASE)
MAX_NAME_WORDS = 8


@dataclass
class Piece:
    """Text gathered from one or more source lines, remembering each line."""

    fragments: list[tuple[int, str]]

    @property
    def line(self) -> int:
        return self.fragments[0][0]

    @property
    def text(self) -> str:
        return join_text([fragment for _, fragment in self.fragments])

    def append(self, line: int, text: str) -> None:
        self.fragments.append((line, text))

    def line_at(self, offset: int) -> int:
        """The source line of the character at ``offset`` in ``text``."""
        end = 0
        for line, fragment in self.fragments:
            end += len(fragment) + 1  # fragments are joined with one space
            if offset < end:
                return line
        return self.fragments[-1][0]


@dataclass
class Heading:
    text: str
    line: int


@dataclass
class Paragraph:
    """A numbered paragraph ("1.2"), or unnumbered prose; with its list items."""

    number: str | None
    line: int
    lead: Piece | None = None
    items: list[Piece] = field(default_factory=list)
    heading: Heading | None = None  # the sub-heading it sits under

    @property
    def text(self) -> str:
        return self.lead.text if self.lead else ""

    @property
    def awaiting_text(self) -> bool:
        """A number printed alone on its line, its text still to come."""
        return self.number is not None and self.lead is None


Block = Heading | Paragraph


@dataclass
class Chapter:
    number: int
    title: str | None
    line: int
    blocks: list[Block] = field(default_factory=list)

    @property
    def numbered_paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph) and b.number is not None]


@dataclass
class Footer:
    text: str
    line: int
    date: PartialDate | DateRange | None = None


@dataclass
class Signature:
    name: str | None
    name_line: int | None
    role_line: int
    date: PartialDate | DateRange | None = None
    date_line: int | None = None


@dataclass
class GuidanceLayout:
    lines: list[SourceLine]
    front_matter: list[Block]
    chapters: list[Chapter]
    footers: list[Footer]
    signature: Signature | None
    body_end: int  # first line (1-based) of the signature and end matter; len(lines) + 1 if none

    def chapter(self, number: int) -> Chapter | None:
        return next((chapter for chapter in self.chapters if chapter.number == number), None)

    def pieces(self) -> list[Piece]:
        """Every paragraph text and list item of the body, in document order."""
        blocks = [*self.front_matter, *(block for chapter in self.chapters for block in chapter.blocks)]
        return [
            piece
            for block in blocks
            if isinstance(block, Paragraph)
            for piece in ([block.lead] if block.lead else []) + block.items
        ]


def read_layout(lines: list[SourceLine], filename: str) -> GuidanceLayout:
    """Cut a NICE guidance document into front matter, chapters and signature."""
    signature, body_end = _find_signature(lines, filename)
    footers = _find_footers(lines[: body_end - 1], filename)
    builder = _LayoutBuilder(footer_lines={footer.line for footer in footers})
    for line in lines[: body_end - 1]:
        builder.feed(line)
    return GuidanceLayout(
        lines=lines,
        front_matter=builder.front_matter,
        chapters=builder.chapters,
        footers=footers,
        signature=signature,
        body_end=body_end,
    )


def _trailing_date_text(text: str) -> str | None:
    """The date ``text`` ends with, as printed ("..., January 2025" -> "January 2025")."""
    end = len(text.rstrip())
    for pattern in (DAY_MONTH_YEAR, MONTH_YEAR):
        for match in pattern.finditer(text):
            if match.end() == end:
                return match.group()
    return None


def checked_date(text: str, filename: str, line: int) -> PartialDate | DateRange | None:
    """The first date or range in ``text``; a ParseError (at ``line``) for "31 February 2025"."""
    found = date_or_range_on_line(text, filename, line)
    return found[0] if found else None


def _find_footers(lines: list[SourceLine], filename: str) -> list[Footer]:
    repeated = Counter(line.text for line in lines if _TITLE_FOOTER.search(line.text))
    footers = []
    for line in lines:
        text = line.text
        date_text = _trailing_date_text(text)
        if date_text and _RUNNING_FOOTER.match(text):
            footers.append(Footer(text, line.number, checked_date(date_text, filename, line.number)))
        elif _PAGE_NUMBER.match(text) or _COPYRIGHT.match(text) or repeated.get(text, 0) >= 2:
            footers.append(Footer(text, line.number))
    return footers


def _find_signature(lines: list[SourceLine], filename: str) -> tuple[Signature | None, int]:
    """The chair's signature, and the line where the body of the document ends."""
    for index, line in enumerate(lines):
        if not (_CHAIR_ROLE.match(line.text) and looks_like_heading(line.text)):
            continue
        signature = Signature(name=None, name_line=None, role_line=line.number)
        body_end = line.number
        before = _nearest_text_line(reversed(lines[:index]))
        if (
            before is not None
            and looks_like_heading(before.text)
            and len(before.text.split()) <= MAX_NAME_WORDS
        ):
            signature.name, signature.name_line = before.text, before.number
            body_end = before.number
        after = _nearest_text_line(lines[index + 1 :])
        if after is not None and (DAY_MONTH_YEAR.fullmatch(after.text) or MONTH_YEAR.fullmatch(after.text)):
            signature.date = checked_date(after.text, filename, after.number)
            signature.date_line = after.number
        return signature, body_end
    return None, len(lines) + 1


def _nearest_text_line(lines) -> SourceLine | None:
    return next((line for line in lines if not line.is_blank), None)


class _LayoutBuilder:
    """Reads the body line by line (footers excluded) into blocks and chapters."""

    def __init__(self, footer_lines: set[int]):
        self.footer_lines = footer_lines
        self.front_matter: list[Block] = []
        self.chapters: list[Chapter] = []
        self.after_blank = True
        self.paragraph: Paragraph | None = None  # where list items and more prose go
        self.piece: Piece | None = None  # what a wrapped line continues
        self.heading: Heading | None = None  # the sub-heading in force

    @property
    def blocks(self) -> list[Block]:
        return self.chapters[-1].blocks if self.chapters else self.front_matter

    @property
    def chapter_number(self) -> int:
        return self.chapters[-1].number if self.chapters else 0

    def feed(self, line: SourceLine) -> None:
        if line.number in self.footer_lines:
            return  # a page break: what follows may continue the sentence before it
        text = strip_table_residue(line.text)
        if not text:
            self.after_blank = True
            return
        handled = (
            self._chapter_heading(text, line.number)
            or self._numbered_paragraph(text, line.number)
            or self._list_item(text, line.number)
            or self._continuation(text, line.number)
            or self._sub_heading(text, line.number)
        )
        if not handled:
            self._prose(text, line.number)
        self.after_blank = False

    def _chapter_heading(self, text: str, line: int) -> bool:
        match = CHAPTER_HEADING.match(text)
        if not match or not looks_like_heading(match.group("title")) or DAY_MONTH_YEAR.fullmatch(text):
            return False
        if len(match.group("title").split()) > MAX_CHAPTER_TITLE_WORDS:
            return False
        chapter_number, title = int(match.group("number")), match.group("title")
        current = self.chapters[-1] if self.chapters else None
        if current and chapter_number == current.number and title.lower() == (current.title or "").lower():
            return True  # the same heading printed twice: keep the first
        if chapter_number <= self.chapter_number:
            if any(chapter.blocks for chapter in self.chapters):
                return False
            self.chapters.clear()  # what came before was a contents list
        elif chapter_number > self.chapter_number + 2:
            return False
        self._open_chapter(chapter_number, title, line)
        return True

    def _open_chapter(self, chapter_number: int, title: str | None, line: int) -> None:
        self.chapters.append(Chapter(chapter_number, title, line))
        self.paragraph = self.piece = self.heading = None

    def _numbered_paragraph(self, text: str, line: int) -> bool:
        match = NUMBERED.match(BULLET.sub("", text, count=1))
        if not match:
            return False
        number = match.group("number")
        chapter_number, sub_number = (int(part) for part in number.split(".")[:2])
        if chapter_number != self.chapter_number:
            # "2.1" with no "2 ..." heading opens chapter 2 (headings get lost in captures).
            if not (chapter_number == self.chapter_number + 1 and sub_number == 1):
                return False
            self._open_chapter(chapter_number, None, line)
        self._numbered_heading_above(number)
        paragraph = Paragraph(number=number, line=line, heading=self.heading)
        rest = match.group("rest")
        if rest:
            paragraph.lead = Piece([(line, rest)])
        self.blocks.append(paragraph)
        self.paragraph, self.piece = paragraph, paragraph.lead
        return True

    def _numbered_heading_above(self, number: str) -> None:
        """Older chapters number their sub-headings: "2.1 Indications" then "2.1.1 ...".

        A numbered paragraph whose whole text is a heading, directly followed by
        its own sub-paragraph, is that sub-paragraph's heading. Chapter 1 keeps
        every numbered paragraph as a recommendation.
        """
        previous = self.blocks[-1] if self.blocks else None
        if (
            self.chapter_number > 1
            and isinstance(previous, Paragraph)
            and previous.number is not None
            and number.startswith(f"{previous.number}.")
            and not previous.items
            and looks_like_heading(previous.text)
        ):
            self.heading = Heading(previous.text, previous.line)
            self.blocks[-1] = self.heading

    def _list_item(self, text: str, line: int) -> bool:
        if not BULLET.match(text):
            return False
        item = Piece([(line, BULLET.sub("", text, count=1).strip())])
        if self.paragraph is None:
            # Items with no paragraph above them (right after a heading) form one.
            self.paragraph = Paragraph(number=None, line=line, heading=self.heading)
            self.blocks.append(self.paragraph)
        self.paragraph.items.append(item)
        self.piece = item
        return True

    def _continuation(self, text: str, line: int) -> bool:
        if self.paragraph is not None and self.paragraph.awaiting_text:
            self.paragraph.lead = self.piece = Piece([(line, text)])
            return True
        if self.piece is None:
            return False
        wrapped = not self.after_blank
        cut_by_page_break = not ends_sentence(self.piece.text) and text[0].islower()
        if wrapped or cut_by_page_break:
            self.piece.append(line, text)
            return True
        return False

    def _sub_heading(self, text: str, line: int) -> bool:
        if not looks_like_heading(text):
            return False
        self.heading = Heading(text, line)
        self.blocks.append(self.heading)
        self.paragraph = self.piece = None
        return True

    def _prose(self, text: str, line: int) -> None:
        piece = Piece([(line, text)])
        current = self.paragraph
        if current is not None and current.number is not None and current.lead is not None:
            current.lead.append(line, text)  # a further paragraph of the same recommendation
            self.piece = current.lead
            return
        self.paragraph = Paragraph(number=None, line=line, lead=piece, heading=self.heading)
        self.blocks.append(self.paragraph)
        self.piece = piece
