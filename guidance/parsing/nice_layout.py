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
  belong to the current chapter, so "2.5 mm" inside chapter 1 is not a paragraph,
  and a wrapped line that happens to start with a number ("(see sections" /
  "1.5 and 2.1.2) the evidence ...") continues its sentence.
- List items: a line behind a bullet ("•", "-", "–", indented or not) belongs to
  the paragraph above it, however many footers or blank lines come between.
- Wrapped lines (no blank line between) join their paragraph or item when the
  text before them stops mid-sentence (or they start in lower case). A line
  after a finished sentence starts something new: web captures print one
  paragraph per line with no blank lines at all.
- A bullet printed alone on its line ("-" then the item on the next line) is the
  bullet of the next line.
- Lists whose bullets the capture lost: after a lead-in that ends "... should:"
  (or "... take the following actions."), each line starting with a capital is
  an item; a line that continues a wrapped item (no blank line before it) stays
  with it. A heading-like line ends the list, unless nothing follows it, and so
  does a statement rather than a duty ("Patient selection should be done ...",
  the next "Healthcare organisations should:").
- A sentence printed twice on consecutive lines (web captures repeat the first
  recommendation) is kept once.
- Running footers ("NICE interventional procedures consultation document,
  January 2025", "Page 3 of 8", "© NICE 2024 ...", a repeated "Title (IPG722)"
  or "Title NICE interventional procedure guidance 998")
  are dropped wherever they fall; their dates are kept. So is page furniture
  that is no part of the document: the page-end "• National Institute for
  Health and Care Excellence (NICE)" (also cut short, "• National Institut",
  on the last line), consultation comment forms ("How are you taking part in
  this consultation?", "You must be signed in to answer questions", "Closed for
  comments ..."), document-sharing sites ("Download as pdf or txt", "You are on
  page 1 of 10", "Untitled Document", a document name printed three times in a
  row), site menus ("Skip to content", links "Overview (/guidance/ipg756)"). A sentence a page break
  cut ("... It has" / footer / "been hypothesised ...") is joined again: the text
  before the break ends without punctuation and the text after starts in lower
  case.
- Sub-headings: a short line that starts with a capital and ends without
  punctuation ("The condition", "To treat intractable pain ...", "Why the
  committee made these recommendations"), unless the next line continues it in
  lower case (a wrapped line of prose) or nothing follows it (a line the capture
  cut); in chapters after the first, also a numbered heading with numbered
  paragraphs under it ("2.1 Indications", "2.1.1 ..."). A heading broken over
  lines ("Transcatheter aortic valve" / "implantation for aortic" / "stenosis")
  is joined again.
- Chapter headings before the real text (a contents list, or a site menu that
  prints "1 Recommendations", "2 The condition ..." with links) are dropped
  when the chapter starts again and nothing but headings and links came before.
- Unnumbered prose after a numbered paragraph (and no sub-heading between) is
  more of that paragraph (``Paragraph.breaks`` remembers where each such
  paragraph starts, for a capture that lost the numbers after "1.1"); after a
  sub-heading it is a paragraph of its own.
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
    MAX_HEADING_WORDS,
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
_TITLE_FOOTER = re.compile(
    # "Intramedullary distraction for upper limb lengthening (IPG722)"; a PDF's running header
    # "Example valve implantation for aortic NICE interventional procedure guidance 998"
    r"\((?:IPG|HTG)\s?\d+\)$|\bNICE\s+interventional\s+procedures?\s+guidance\s+\d+$",
    re.IGNORECASE,
)
# Lines of the web page or the sharing site around the document, never its words.
_FURNITURE = re.compile(
    r"^(?:How are you taking part in this consultation\??"
    r"|You will not be able to change how you comment later\.?"
    r"|You must be signed in to answer questions"
    r"|Closed for comments\b.*|Request commenting lead permission"
    # document-sharing sites
    r"|Download as pdf or txt|Download as PDF, TXT or read online\b.*|Download now|You are on page \d+\s*of\s*\d+"
    r"|Untitled Document|Jump to Page|Search inside document|Flag for inappropriate content"
    r"|Report this document|Did you find this document useful\??|Is this content inappropriate\??"
    r"|Uploaded by\b.*|Copyright:? © All Rights Reserved|Available Formats|Original Title\b.*"
    r"|Share this document|Sharing options|Share on \w+.*|Open navigation menu|Close suggestions"
    # site menus and page ends
    r"|Skip to (?:main )?content|Skip navigation|Accessibility help|Sign in|Back to top"
    r"|ISBN:?\s*[\d-]*|Information Standard|This page was last updated\b.*"
    r"|.{0,80}\(/[^()\s]*\)?)$",
    re.IGNORECASE,
)
# The nice.org.uk page-end line, as a bullet: "• National Institute for Health and Care Excellence (NICE)".
_INSTITUTE_FOOTER = re.compile(rf"^(?:{INSTITUTE.pattern})(?:\s*\(NICE\))?$", re.IGNORECASE)
_INSTITUTE_NAMES = (
    "National Institute for Health and Care Excellence (NICE)",
    "National Institute for Health and Clinical Excellence (NICE)",
    "National Institute for Clinical Excellence (NICE)",
)
# A document-sharing site prints the document's name again and again before it.
MIN_REPEATED_FURNITURE = 3
# A lead-in whose list may have lost its bullets: "... should:", "... take the following actions."
_LIST_LEAD_IN = re.compile(r"(?::|\bthe following(?:\s+actions)?\.)$", re.IGNORECASE)
# A duty is an imperative ("Inform ...", "Audit and review ..."); a line whose verb is a modal
# ("Patient selection should be done ...", "Healthcare organisations should:") is no item of it.
_STATEMENT = re.compile(
    r"^(?:[\w'’()-]+[\s,]+){0,6}?(?:should|must|can|could|may|might|will|would)\b", re.IGNORECASE
)
_LONE_BULLET = re.compile(r"^(?:[•●◦▪▫■□‣∙·*]|[-–—])$")
# Lines that stand on their own in front matter and never continue a sentence before them.
_STANDALONE = re.compile(
    rf"^(?:{INSTITUTE.pattern}$|(?:NICE\s+)?interventional\s+procedures?\s+(?:consultation\s+document|guidance)\b"
    r"|(?:Issued|Published|Closing date|Target date)\b)",
    re.IGNORECASE,
)

_CHAIR_ROLE = re.compile(r"^Chair(?:man|woman|person)?\b[,:]?\s+.*\bcommittee\b", re.IGNORECASE)
MAX_NAME_WORDS = 8


# "(https://www.nice.org.uk/guidance/IPG756/InformationForPublic)": a link a PDF export printed.
_PRINTED_LINK = re.compile(r"\s*\(https?://[^()]*\)")


@dataclass
class Piece:
    """Text gathered from one or more source lines, remembering each line."""

    fragments: list[tuple[int, str]]

    @property
    def line(self) -> int:
        return self.fragments[0][0]

    @property
    def text(self) -> str:
        return self._joined()[0]

    def append(self, line: int, text: str) -> None:
        self.fragments.append((line, text))

    def line_at(self, offset: int) -> int:
        """The source line of the character at ``offset`` in ``text``."""
        _, lines = self._joined()
        return lines[min(offset, len(lines) - 1)] if lines else self.fragments[-1][0]

    def _joined(self) -> tuple[str, list[int]]:
        """The fragments joined with one space, printed links removed, and each character's line."""
        raw = join_text([fragment for _, fragment in self.fragments])
        if not _PRINTED_LINK.search(raw):
            return raw, _character_lines(self.fragments, raw)
        chars: list[str] = []
        lines: list[int] = []
        kept = _character_lines(self.fragments, raw)
        removed = {i for match in _PRINTED_LINK.finditer(raw) for i in range(match.start(), match.end())}
        for index, (char, line) in enumerate(zip(raw, kept, strict=True)):
            if index in removed or (char == " " and (not chars or chars[-1] == " ")):
                continue
            chars.append(char)
            lines.append(line)
        while chars and chars[-1] == " ":
            chars.pop()
            lines.pop()
        return "".join(chars), lines


def _character_lines(fragments: list[tuple[int, str]], joined: str) -> list[int]:
    """The line of each character of ``joined`` (the fragments' words, one space between)."""
    lines: list[int] = []
    for line, fragment in fragments:
        words = fragment.split()
        if not words:
            continue
        if lines:
            lines.append(line)  # the space before this fragment
        lines.extend([line] * len(" ".join(words)))
    return lines[: len(joined)] + [fragments[-1][0]] * (len(joined) - len(lines))


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
    # Where each further prose paragraph starts in ``lead``: (fragment index, items before it).
    breaks: list[tuple[int, int]] = field(default_factory=list)

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
    footer_lines = {footer.line for footer in footers}
    body = [
        (line.number, strip_table_residue(line.text))
        for line in lines[: body_end - 1]
        if line.number not in footer_lines
    ]
    builder = _LayoutBuilder()
    text_indexes = [index for index, (_, text) in enumerate(body) if text]
    for position, index in enumerate(text_indexes):
        number, text = body[index]
        following = body[index + 1][1] if index + 1 < len(body) else ""
        later = body[text_indexes[position + 1]][1] if position + 1 < len(text_indexes) else None
        builder.feed(number, text, next_text=following or None, next_words=later)
        if index + 1 < len(body) and not body[index + 1][1]:
            builder.feed(body[index + 1][0], "")
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
    furniture = _repeated_furniture(lines) | _page_end_footer(lines)
    footers = []
    for line in lines:
        text = line.text
        date_text = _trailing_date_text(text)
        if date_text and _RUNNING_FOOTER.match(text):
            footers.append(Footer(text, line.number, checked_date(date_text, filename, line.number)))
        elif (
            _PAGE_NUMBER.match(text)
            or _COPYRIGHT.match(text)
            or repeated.get(text, 0) >= 2
            or line.number in furniture
            or (text and _FURNITURE.match(line.without_bullet))
            or (_INSTITUTE_FOOTER.match(line.without_bullet) and (line.has_bullet or text.endswith("(NICE)")))
        ):
            footers.append(Footer(text, line.number))
    return footers


def _repeated_furniture(lines: list[SourceLine]) -> set[int]:
    """Lines of a heading printed three times or more in a row: a sharing site's document name."""
    found: set[int] = set()
    run: list[SourceLine] = []
    for line in [line for line in lines if not line.is_blank] + [SourceLine(0, "", "")]:
        if run and line.text == run[0].text:
            run.append(line)
            continue
        heading = looks_like_heading(run[0].text) and not CHAPTER_HEADING.match(run[0].text) if run else False
        if len(run) >= MIN_REPEATED_FURNITURE and heading:
            found.update(repeated.number for repeated in run)
        run = [line]
    return found


def _page_end_footer(lines: list[SourceLine]) -> set[int]:
    """The last line when it is the page-end institute line cut short ("• National Institut")."""
    last = _nearest_text_line(reversed(lines))
    if last is None:
        return set()
    text = last.without_bullet
    minimum = len("National")
    if len(text) >= minimum and any(name.startswith(text) for name in _INSTITUTE_NAMES):
        return {last.number}
    return set()


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

    def __init__(self) -> None:
        self.front_matter: list[Block] = []
        self.chapters: list[Chapter] = []
        self.after_blank = True
        self.paragraph: Paragraph | None = None  # where list items and more prose go
        self.piece: Piece | None = None  # what a wrapped line continues
        self.heading: Heading | None = None  # the sub-heading in force
        self.bullet_pending = False  # a bullet printed alone: the next line is an item
        self.unbulleted_items = False  # reading a list whose bullets the capture lost
        self.last_text: str | None = None

    @property
    def blocks(self) -> list[Block]:
        return self.chapters[-1].blocks if self.chapters else self.front_matter

    @property
    def chapter_number(self) -> int:
        return self.chapters[-1].number if self.chapters else 0

    def feed(self, line: int, text: str, next_text: str | None = None, next_words: str | None = None) -> None:
        """Read one body line.

        ``next_text`` is the line right after it (None when that is blank or there
        is none); ``next_words`` the next line with words on it, however many blank
        lines come between (None at the end of the body).
        """
        is_last = next_words is None
        if not text:
            self.after_blank = True
            return
        if _LONE_BULLET.match(text):
            self.bullet_pending = True
            return
        if self.bullet_pending:
            self.bullet_pending = False
            text = f"• {text}"
        elif text == self.last_text and ends_sentence(text) and not BULLET.match(text):
            return  # the capture printed the same sentence twice
        self.last_text = text
        handled = (
            self._chapter_heading(text, line)
            or self._numbered_paragraph(text, line)
            or self._list_item(text, line)
            or self._heading_continued(text)
            or self._continuation(text, line)
            or self._unbulleted_item(text, line, is_last, next_words)
            or self._sub_heading(text, line, next_text, is_last)
        )
        if not handled:
            self._prose(text, line)
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
            if any(_has_text(chapter) for chapter in self.chapters):
                return False
            self.chapters.clear()  # what came before was a contents list or a site menu
        elif chapter_number > self.chapter_number + 2:
            return False
        self._open_chapter(chapter_number, title, line)
        return True

    def _open_chapter(self, chapter_number: int, title: str | None, line: int) -> None:
        self.chapters.append(Chapter(chapter_number, title, line))
        self.paragraph = self.piece = self.heading = None
        self.unbulleted_items = False

    def _numbered_paragraph(self, text: str, line: int) -> bool:
        match = NUMBERED.match(BULLET.sub("", text, count=1))
        if not match:
            return False
        number, rest = match.group("number"), match.group("rest")
        if rest and rest[0].islower() and self._in_unfinished_sentence():
            return False  # "(see sections" / "1.5 and 2.1.2) the evidence ...": a wrapped line
        chapter_number, sub_number = (int(part) for part in number.split(".")[:2])
        if chapter_number != self.chapter_number:
            # "2.1" with no "2 ..." heading opens chapter 2 (headings get lost in captures).
            if not (chapter_number == self.chapter_number + 1 and sub_number == 1):
                return False
            self._open_chapter(chapter_number, None, line)
        self._numbered_heading_above(number)
        paragraph = Paragraph(number=number, line=line, heading=self.heading)
        if rest:
            paragraph.lead = Piece([(line, rest)])
        self.blocks.append(paragraph)
        self.paragraph, self.piece = paragraph, paragraph.lead
        self.unbulleted_items = False
        return True

    def _in_unfinished_sentence(self) -> bool:
        """Whether the line before (no blank line between) stopped mid-sentence."""
        return self.piece is not None and not self.after_blank and not ends_sentence(self.piece.text)

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
        self.unbulleted_items = False
        return True

    def _heading_continued(self, text: str) -> bool:
        """A heading the capture broke over lines: "Transcatheter aortic valve" / "implantation for ..."."""
        heading = self.blocks[-1] if self.blocks else None
        if not isinstance(heading, Heading) or self.paragraph is not None or not text[0].islower():
            return False
        joined = f"{heading.text} {text}"
        if ends_sentence(text) or text[-1] == "," or len(joined.split()) > MAX_HEADING_WORDS:
            return False
        heading.text = joined
        return True

    def _continuation(self, text: str, line: int) -> bool:
        if self.paragraph is not None and self.paragraph.awaiting_text:
            self.paragraph.lead = self.piece = Piece([(line, text)])
            return True
        if self.piece is None or _STANDALONE.match(text):
            return False
        finished = ends_sentence(self.piece.text)
        lower_case = text[0].islower()
        wrapped = not self.after_blank and (not finished or lower_case)
        cut_by_page_break = not finished and lower_case
        if wrapped or cut_by_page_break:
            self.piece.append(line, text)
            return True
        return False

    def _unbulleted_item(self, text: str, line: int, is_last: bool, next_words: str | None) -> bool:
        """A line of a list whose bullets the capture lost (see the module docstring)."""
        paragraph, piece = self.paragraph, self.piece
        if paragraph is None or piece is None or not text[0].isupper():
            return False
        cut_short = is_last or (next_words is not None and _continues(next_words))
        if (looks_like_heading(text) and not cut_short) or _STATEMENT.match(text):
            return False
        if piece is paragraph.lead and not paragraph.items:
            if not _LIST_LEAD_IN.search(piece.text):
                return False
            self.unbulleted_items = True
        elif not self.unbulleted_items or piece is not paragraph.items[-1]:
            return False
        elif not self.after_blank and len(piece.fragments) > 1:
            piece.append(line, text)  # the next sentence of a wrapped item
            return True
        item = Piece([(line, text)])
        paragraph.items.append(item)
        self.piece = item
        return True

    def _sub_heading(self, text: str, line: int, next_text: str | None, is_last: bool) -> bool:
        if not looks_like_heading(text) or is_last:
            return False
        if next_text is not None and _continues(next_text):
            return False  # a wrapped line of prose that happens to end without punctuation
        self.heading = Heading(text, line)
        self.blocks.append(self.heading)
        self.paragraph = self.piece = None
        self.unbulleted_items = False
        return True

    def _prose(self, text: str, line: int) -> None:
        piece = Piece([(line, text)])
        current = self.paragraph
        self.unbulleted_items = False
        if current is not None and current.number is not None and current.lead is not None:
            # A further paragraph of the same recommendation.
            current.breaks.append((len(current.lead.fragments), len(current.items)))
            current.lead.append(line, text)
            self.piece = current.lead
            return
        self.paragraph = Paragraph(number=None, line=line, lead=piece, heading=self.heading)
        self.blocks.append(self.paragraph)
        self.piece = piece


def _continues(text: str) -> bool:
    """Whether a line continues the sentence before it: lower case, or a printed link."""
    return text[0].islower() or text.startswith("(http")


def _has_text(chapter: Chapter) -> bool:
    """Whether a chapter holds any of the document's words (a contents list holds only headings and links)."""
    return any(
        isinstance(block, Paragraph) and (block.number is not None or ends_sentence(block.text))
        for block in chapter.blocks
    )
