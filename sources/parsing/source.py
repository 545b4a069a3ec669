"""Reading a source file, telling its kind and sending it to that kind's parser.

The parsers are registered by the domain apps (``sources.parsing.registry``);
this module only decodes, asks each registered type how strongly the text
carries its markers, and dispatches.
"""

from __future__ import annotations

from pathlib import Path

from sources.parsing import registry
from sources.parsing.contract import DocumentKind, ParsedDocument
from sources.parsing.errors import ParseError
from sources.parsing.text import (
    BULLET,
    SourceLine,
    first_text_line,
    quote_start,
    source_lines,
    strip_table_residue,
)

# A real source document is a few pages of text; anything far larger is not
# one of ours and would only make the parsers slow.
MAX_SOURCE_BYTES = 2 * 1024 * 1024


def read_source_text(data: bytes, filename: str) -> str:
    """Decode a source file strictly as UTF-8, refusing what is not text."""
    if len(data) > MAX_SOURCE_BYTES:
        raise ParseError(
            filename, 1, f"a source document of at most {MAX_SOURCE_BYTES} bytes, found {len(data)} bytes"
        )
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ParseError(filename, line, "text, found a NUL byte (a binary file)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ParseError(
            filename, line, f"UTF-8 text, found byte 0x{data[error.start]:02x} that is not UTF-8"
        ) from None
    if not text.strip():
        raise ParseError(filename, 1, "a guidance or policy document, found an empty file")
    return text


def layout_free(line: SourceLine) -> SourceLine:
    """The line without table pipes or a bullet: "- 1.1 ...", "| 1.1 | ... |", "- Status: ..." """
    text = BULLET.sub("", strip_table_residue(line.text), count=1)
    return SourceLine(line.number, line.raw, text)


def _expected() -> str:
    """What a refusal says it expected: every registered kind, e.g. "a A, B or C"."""
    names = [document_type.description for document_type in registry.registered()]
    listed = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)
    return f"a {listed}"


def detect_type(text: str, filename: str) -> registry.DocumentType:
    """The registered type whose markers ``text`` carries most strongly; ``ParseError`` when none."""
    lines = [layout_free(line) for line in source_lines(text)]
    first = first_text_line(lines)
    if first is None:
        raise ParseError(filename, 1, f"{_expected()}; found an empty file")
    best, best_score = None, 0
    for document_type in registry.by_priority():
        score = document_type.detect(lines, filename)
        if score >= registry.DECISIVE:
            return document_type
        if score > best_score:
            best, best_score = document_type, score
    if best is None:
        raise ParseError(
            filename,
            first.number,
            f"{_expected()}; found none of their markers (first line: {quote_start(first.text)})",
        )
    return best


def detect_kind(text: str, filename: str) -> DocumentKind:
    """The kind of document ``text`` is; ``ParseError`` when it is none of ours."""
    return detect_type(text, filename).kind


def parse_text(text: str, filename: str) -> ParsedDocument:
    """Detect the kind of ``text`` and parse it with that kind's parser."""
    return detect_type(text, filename).parse(text, filename)


def parse_source(path: str | Path, display_name: str | None = None) -> ParsedDocument:
    """Parse the file at ``path``; errors name it as ``display_name`` (default: the path)."""
    path = Path(path)
    filename = display_name or str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(filename, 1, f"a readable file, found {error.strerror or error}") from None
    return parse_text(read_source_text(data, filename), filename)
