"""Logical lines of a captured policy page: one list item or paragraph each.

A capture does not keep one item to a line. Three repairs are made here,
before any structure is read, and each keeps the source line numbers:

- **Items run into one paragraph** are split apart: a lettered run "a. ...
  b. ... c. ..." (the letters in sequence from "a"), dash items after a
  lead-in ("... criteria are met. – Two treatments ... – A clear offer ..."),
  "o" or "•" sub-bullets after a colon ("are: o Distorted ... o Genital
  malignancy"), and a footnote glued after the last item ("... varicosity.
  *These criteria equate to ...").
- **A sentence wrapped onto the next line** is joined to it: an unmarked line
  starting in lower case (or with "(") right after a line of five words or
  more that ends without punctuation ("... reducing visual field to 120o" /
  "laterally and/or more than 40o reduction vertically").
- The **indentation** of each line is kept (``Unit.indent``): where a capture
  indents sub-bullets consistently ("  • Best corrected ..." then "    •
  Difficulty ..."), the deeper items are a sub-list of the item above.

Every ``Unit`` keeps ``parts``: the pieces of source lines it is made of, each
a substring of that line's text, so a value read from a unit can cite the
exact words of the one line it was printed on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policies.parsing.layout import own_line_connector, split_marker
from sources.parsing.text import SourceLine


@dataclass(frozen=True)
class Unit(SourceLine):
    indent: int = 0  # columns of leading white space in the raw line (a tab counts 4)
    parts: tuple[tuple[int, str], ...] = ()  # (line, text) pieces; " ".join(texts) == text


def unit_of(line: SourceLine, text: str | None = None) -> Unit:
    text = line.text if text is None else text
    return Unit(line.number, line.raw, text, indent_of(line.raw), ((line.number, text),) if text else ())


def indent_of(raw: str) -> int:
    columns = 0
    for char in raw:
        if char == "\t":
            columns += 4
        elif char.isspace():
            columns += 1
        else:
            break
    return columns


def clip_parts(parts: tuple[tuple[int, str], ...], text: str, piece: str) -> list[tuple[int, str]]:
    """The pieces of ``parts`` that make up ``piece``, a substring of ``text`` (their join)."""
    start = text.find(piece) if piece else -1
    if start < 0:
        return [(line, part) for line, part in parts if part]
    end = start + len(piece)
    clipped, offset = [], 0
    for line, part in parts:
        part_start, part_end = offset, offset + len(part)
        low, high = max(start, part_start), min(end, part_end)
        if low < high:
            clipped.append((line, part[low - part_start : high - part_start].strip()))
        offset = part_end + 1  # the joining space
    return [(line, part) for line, part in clipped if part]


# ------------------------------------------------------------------ splitting one line

# "a. Varicose eczema b. Lipodermatosclerosis": a letter, "." or ")", a space, then a word.
_LETTER = re.compile(r"(?:(?<=[\s:;*])|^)\(?([a-z])[.)]\s+(?=[A-Za-z0-9(])")
# " – " between items of a run-in list; " o " and " • " sub-bullets.
_DASH_ITEM = re.compile(r"\s[–—]\s+(?=\S)")
_O_ITEM = re.compile(r"\so\s+(?=[A-Za-z])")
_DOT_ITEM = re.compile(r"\s•\s*(?=\S)")
# "... varicosity. *These criteria equate ...": a footnote glued after a sentence.
_GLUED_FOOTNOTE = re.compile(r"(?<=[.;])\s+(?=\*\s?[A-Z])")
_ANNOUNCES = re.compile(r"\bfollowing\b|\bbelow\b|:\s*$|\b(?:all|any|one|either|both)\s+of\b", re.IGNORECASE)


def _letter_run(text: str) -> list[int]:
    """Start offsets of a run of lettered items a, b, c ... (at least two), else []."""
    starts: list[int] = []
    expected = "a"
    for match in _LETTER.finditer(text):
        letter = match.group(1)
        if letter == expected:
            starts.append(match.start())
            expected = chr(ord(expected) + 1)
        elif letter == "a" and len(starts) < 2:
            starts, expected = [match.start()], "b"
    return starts if len(starts) >= 2 else []


def _cut(text: str, starts: list[int]) -> list[str]:
    pieces = []
    bounds = [0, *starts, len(text)]
    for low, high in zip(bounds, bounds[1:], strict=False):
        piece = text[low:high].strip()
        if piece:
            pieces.append(piece)
    return pieces


def split_inline_items(text: str) -> list[str]:
    """The items a paragraph runs together, in order (``[text]`` when it holds one).

    A table row or a "·" cell list is left whole: its items are read by ``criteria.tokenize``.
    """
    if text.startswith("|") or " · " in f" {text} ":
        return [text]
    pieces: list[str] = []
    for chunk in _cut(text, [m.end() for m in _GLUED_FOOTNOTE.finditer(text)]):
        pieces.extend(_split_chunk(chunk))
    return pieces


def _split_chunk(text: str) -> list[str]:
    letters = _letter_run(text)
    if letters:
        return _cut(text, letters)
    for pattern, minimum in ((_DASH_ITEM, 2), (_O_ITEM, 2), (_DOT_ITEM, 1)):
        matches = list(pattern.finditer(text))
        if len(matches) < minimum:
            continue
        head = text[: matches[0].start()]
        # Only after a lead-in ("... are met.", "... include:"): a dash inside prose is punctuation.
        if pattern is _DASH_ITEM and not _ANNOUNCES.search(head):
            continue
        if pattern is not _DASH_ITEM and ":" not in head:
            continue
        return _cut(text, [match.start() + 1 for match in matches])
    return [text]


# ------------------------------------------------------------------ joining lines

_CONTINUATION_MIN_WORDS = 5
_ENDS_CLAUSE = re.compile(r"[.:;!?]$|\b(?:AND|OR|and|or)$")


def _continues(previous: Unit, line: SourceLine) -> bool:
    text = line.text
    if not (text[:1].islower() or text[:1] == "("):
        return False
    if own_line_connector(text) is not None or split_marker(text)[0] is not None:
        return False
    if re.match(r"^(?:and|or)\b", text, re.IGNORECASE):
        return False
    return len(previous.text.split()) >= _CONTINUATION_MIN_WORDS and not _ENDS_CLAUSE.search(previous.text)


def logical_lines(lines: list[SourceLine]) -> list[Unit]:
    """``lines`` as logical units (see the module docstring); blank lines are kept."""
    units: list[Unit] = []
    previous_line = 0
    for line in lines:
        if line.is_blank:
            units.append(unit_of(line))
            previous_line = line.number
            continue
        last = units[-1] if units else None
        adjacent = last is not None and not last.is_blank and line.number == previous_line + 1
        if adjacent and last is not None and _continues(last, line):
            units[-1] = Unit(
                last.number,
                last.raw,
                f"{last.text} {line.text}",
                last.indent,
                (*last.parts, (line.number, line.text)),
            )
        else:
            units.extend(unit_of(line, piece) for piece in split_inline_items(line.text))
        previous_line = line.number
    return units
