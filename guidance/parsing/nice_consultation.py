"""NICE interventional procedures consultation documents.

Input: the text of a consultation document (2003 onwards)::

    NATIONAL INSTITUTE FOR HEALTH AND CARE EXCELLENCE
    Interventional procedures consultation document
    <procedure name>                                     the printed title
    <preamble: what the document is, how to comment>     not guidance
    Closing date for comments: 21 February 2025          dates.closing_date
    Target date for publication of guidance: June 2025   dates.target_publication
    1 Draft recommendations                              ("1 Provisional recommendations" in the 2000s)
    To treat ...                                         indication sub-headings
    - 1.1 ...                                            numbered paragraphs and their lists
    What research is needed / Why the committee made these recommendations
    2 The condition, current treatments, unmet need and procedure
    3 Committee considerations                           the evidence, committee comments
    <chair's name> / Chair, interventional procedures advisory committee / January 2025
    NICE interventional procedures consultation document, January 2025   running footer, anywhere

Its chapter 1 has the same form as final guidance, so it is read by the same
code (``nice_guidance_document``, ``nice_chapter_one``).
"""

from __future__ import annotations

from guidance.parsing.nice_guidance_document import parse_guidance_document
from sources.parsing.contract import DocumentKind, ParsedDocument

CHAPTER_ONE_HEADINGS = "'1 Draft recommendations' or '1 Provisional recommendations'"


def parse_consultation(text: str, filename: str) -> ParsedDocument:
    """Parse a NICE consultation document; ``ParseError`` when it has no numbered chapter 1."""
    return parse_guidance_document(text, filename, DocumentKind.IP_CONSULTATION, CHAPTER_ONE_HEADINGS)
