"""The parsing primitives every parser shares (no Django import anywhere below).

- ``text``: source lines, bullets, sentences; ``dates``: dates with their
  precision; ``errors``: ``ParseError`` ("FILE:LINE: what was expected");
- ``contract``: ``ParsedDocument``, the public JSON of ``parse_source``;
- ``registry``: which parser reads which kind (filled in by the domain apps);
- ``source``: ``parse_source(path)`` and ``parse_text(text, filename)`` decode,
  detect the kind and dispatch.
"""
