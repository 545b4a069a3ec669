"""Reading a source file and sending it to the parser for its kind."""

from __future__ import annotations

from pathlib import Path

from guidance.parsing.contract import DocumentKind, ParsedDocument
from guidance.parsing.errors import ParseError

# A real source document is a few pages of text; anything far larger is not
# one of ours and would only make the parsers slow.
MAX_SOURCE_BYTES = 2 * 1024 * 1024


def read_source_text(data: bytes, filename: str) -> str:
    """Decode a source file strictly as UTF-8, refusing what is not text."""
    if len(data) > MAX_SOURCE_BYTES:
        raise ParseError(filename, 1, f"a source document of at most {MAX_SOURCE_BYTES} bytes, found {len(data)} bytes")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ParseError(filename, line, "text, found a NUL byte (a binary file)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ParseError(filename, line, f"UTF-8 text, found byte 0x{data[error.start]:02x} that is not UTF-8") from None
    if not text.strip():
        raise ParseError(filename, 1, "a guidance or policy document, found an empty file")
    return text


def parse_text(text: str, filename: str) -> ParsedDocument:
    """Detect the kind of ``text`` and parse it with that kind's parser."""
    # Imported here: the kind parsers import this package's modules, and the
    # ICB parser lives in the policies app.
    from guidance.parsing.detect import detect_kind
    from guidance.parsing.nice_consultation import parse_consultation
    from guidance.parsing.nice_in_progress import parse_in_progress
    from guidance.parsing.nice_recommendations import parse_final_guidance
    from policies.parsing import parse_icb_policy

    parsers = {
        DocumentKind.IPG_RECOMMENDATIONS: parse_final_guidance,
        DocumentKind.IP_IN_PROGRESS: parse_in_progress,
        DocumentKind.IP_CONSULTATION: parse_consultation,
        DocumentKind.ICB_POLICY: parse_icb_policy,
    }
    kind = detect_kind(text, filename)
    return parsers[kind](text, filename)


def parse_source(path: str | Path, display_name: str | None = None) -> ParsedDocument:
    """Parse the file at ``path``; errors name it as ``display_name`` (default: the path)."""
    path = Path(path)
    filename = display_name or str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ParseError(filename, 1, f"a readable file, found {error.strerror or error}") from None
    return parse_text(read_source_text(data, filename), filename)
