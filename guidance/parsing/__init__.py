"""Pure parsers for the source documents (no Django import anywhere below).

``parse_source(path)`` reads one file, decides what kind of document it is
and hands it to that kind's parser; ``parse_text(text, filename)`` does the
same for text already in memory. Both return a ``ParsedDocument`` or raise
``ParseError`` ("FILE:LINE: what was expected").
"""

from guidance.parsing.contract import DocumentKind, ParsedDocument
from guidance.parsing.errors import ParseError
from guidance.parsing.source import parse_source, parse_text, read_source_text

__all__ = [
    "DocumentKind",
    "ParseError",
    "ParsedDocument",
    "parse_source",
    "parse_text",
    "read_source_text",
]
