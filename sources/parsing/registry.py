"""Which parsers read which kind of document: filled in by the domain apps, read by ``source``.

Pure (no Django import). Each domain app registers one ``DocumentType`` per
kind it reads (``guidance`` and ``policies`` do it from ``AppConfig.ready``),
so this package never imports a domain parser.

A type's ``detect`` looks at a document's layout-free lines and answers how
strongly they carry its kind's markers: 0 for none; a count of markers; or
``DECISIVE`` for a marker only its kind prints (then no other type is asked).
It may raise ``ParseError`` for a document of its kind too damaged to read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sources.parsing.contract import DocumentKind, ParsedDocument
from sources.parsing.text import SourceLine

DECISIVE = 1_000_000


@dataclass(frozen=True)
class DocumentType:
    kind: DocumentKind
    description: str  # how a refusal names it: "a NICE guidance, ..., or ICB policy"
    detect: Callable[[list[SourceLine], str], int]  # (layout-free lines, filename)
    parse: Callable[[str, str], ParsedDocument]
    # Asked in this order; on equal marker counts the earlier wins.
    priority: int


_types: dict[DocumentKind, DocumentType] = {}


def register(document_type: DocumentType) -> None:
    """Add (or replace: registering twice is harmless) the parser of one kind."""
    _types[document_type.kind] = document_type


def registered() -> list[DocumentType]:
    """Every registered type, in the order they were first registered."""
    return list(_types.values())


def by_priority() -> list[DocumentType]:
    return sorted(_types.values(), key=lambda document_type: document_type.priority)
