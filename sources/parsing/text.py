"""Line-level clean-up shared by every parser.

Source documents are text captured from web pages and PDFs: non-breaking
spaces, curly quotes, markdown link markup ``[label](#)``, bullets ("•", "-",
"–"), indentation made of NBSPs. Parsers work on ``SourceLine`` objects so every
extracted item keeps the 1-based line number it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters that are layout, not words.
_SPACE_LIKE = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t"), " ")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

LINK_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)")
BULLET = re.compile(r"^\s*(?:[•●◦▪▫■□‣∙·*]|[-–—](?=\s))\s*")
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SourceLine:
    number: int  # 1-based line number in the source file
    raw: str  # as in the file, without the line ending
    text: str  # spaces normalised and stripped, link markup removed; bullets kept

    @property
    def is_blank(self) -> bool:
        return not self.text

    @property
    def has_bullet(self) -> bool:
        return bool(BULLET.match(self.text))

    @property
    def without_bullet(self) -> str:
        return BULLET.sub("", self.text, count=1).strip()


def normalise_spaces(text: str) -> str:
    """NBSPs and friends become spaces, invisible characters go, runs collapse."""
    text = unicodedata.normalize("NFC", text).translate(_SPACE_LIKE).translate(_INVISIBLE)
    return WHITESPACE.sub(" ", text).strip()


def strip_link_markup(text: str) -> str:
    """``[special arrangements](#)`` -> ``special arrangements``."""
    return LINK_MARKUP.sub(r"\1", text)


def clean(text: str) -> str:
    """A fragment of document text as the contract wants it: no links, one space."""
    return normalise_spaces(strip_link_markup(text))


def source_lines(text: str) -> list[SourceLine]:
    """Split a decoded document into numbered, cleaned lines (universal newlines)."""
    return [
        SourceLine(number=index, raw=raw, text=clean(raw))
        for index, raw in enumerate(text.splitlines(), start=1)
    ]


def join_text(parts: list[str]) -> str:
    """Join wrapped fragments of one paragraph with single spaces."""
    return normalise_spaces(" ".join(part for part in parts if part))


# A table row as a web-to-text capture leaves it: "| 1.1 | Evidence on ... |",
# "1.1 | Evidence on ... |", "1 | Provisional recommendations |"; the ruling row
# under a table header, "| --- | --- |"; and the end of a cell, "... in place. |".
_TABLE_ROW_START = re.compile(r"^\s*(?:\||\d{1,2}(?:\.\d{1,2})*\s*\|)")
_TABLE_RULING = re.compile(r"^[\s|:+-]*$")
_CELL_END = re.compile(r"\s+\|$")


def strip_table_residue(text: str) -> str:
    """``| 1.1 | Evidence on ... |`` -> ``1.1 Evidence on ...``; a ruling row -> ``""``.

    Only lines that start like a table row, or end a cell ("... 22 May 2007 |"),
    are touched: a "|" inside prose is left alone.
    """
    if "|" not in text:
        return text
    if not _TABLE_ROW_START.match(text):
        return _CELL_END.sub("", text)
    if _TABLE_RULING.match(text):
        return ""
    cells = (cell.strip() for cell in text.strip().strip("|").split("|"))
    return " ".join(cell for cell in cells if cell)


_TERMINAL_PUNCTUATION = ".:;!?"
_CLOSING_MARKS = "\"'’”)]"


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence or list punctuation (closing quotes/brackets allowed).

    "... (for use at local discretion)." ends; "It has" and "(neurolysis)" do not.
    """
    stripped = text.rstrip().rstrip(_CLOSING_MARKS)
    return bool(stripped) and stripped[-1] in _TERMINAL_PUNCTUATION


# A heading is short; the longest NICE sub-headings ("To prevent intractable
# pain from developing after limb amputation") are about ten words.
MAX_HEADING_WORDS = 15


def looks_like_heading(text: str) -> bool:
    """A short line that starts with a capital and ends without punctuation.

    "The condition", "To treat intractable pain that develops after limb
    amputation", "Why the committee made these recommendations". Prose ends
    with a full stop; a lead-in ends with a colon; a continuation starts in
    lower case.
    """
    if not text or not text[0].isupper() or BULLET.match(text):
        return False
    return text[-1] not in _TERMINAL_PUNCTUATION + "," and len(text.split()) <= MAX_HEADING_WORDS


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]*\s+(?=[\"'‘“(]?[A-Z0-9])")
# "Interventional Procedures Guidance no. 215", "e.g. TAVI": a full stop that ends no sentence.
_ABBREVIATION = re.compile(r"\b(?:no|nos|e\.g|i\.e|vol|fig|approx|et al|dr|prof|vs)\.$", re.IGNORECASE)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """``text`` cut into sentences, each with its offset in ``text``.

    A sentence ends at ".", "!" or "?" followed by a space and a capital or a
    digit, unless the full stop ends an abbreviation ("no. 215"); good enough
    for guidance prose.
    """
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[start : match.start()]):
            continue
        sentences.append((start, text[start : match.start()].strip()))
        start = match.end()
    if text[start:].strip():
        sentences.append((start, text[start:].strip()))
    return sentences


def first_text_line(lines: list[SourceLine]) -> SourceLine | None:
    """The first line with any words on it (None for an empty or all-blank document)."""
    return next((line for line in lines if not line.is_blank), None)


def quote_start(text: str, limit: int = 80) -> str:
    """``text`` quoted for an error message, cut to ``limit`` characters."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
