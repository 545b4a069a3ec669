"""NICE final interventional procedures guidance: the recommendations chapter and what surrounds it.

Input: the text of a published guidance page or PDF, any era::

    1 Recommendations                  ("1 Guidance" up to about 2009; printed twice on web captures)
    1.1                                (number alone, or "1.1 text", "| 1.1 | text |", "- 1.1 text")
    Evidence on the safety and efficacy of X is inadequate ... special arrangements ...
    1.2
    Clinicians wanting to use X should:
      • Inform the clinical governance leads in their healthcare organisation.
      ...
    1.3
    Healthcare organisations should:
    ...
    1.6                                (gaps in numbering kept)
    Further research ... should report ...

Older documents add front matter (the Institute's name, "Interventional
procedures guidance 283", "Issued: January 2009", "It replaces the previous
guidance on ..."), later chapters ("2 The procedure", "3 Committee
considerations" on HealthTech "HTG" pages) and the chair's signature. The
layout rules are in ``nice_layout``, the chapter-1 reading in
``nice_chapter_one``.
"""

from __future__ import annotations

from guidance.parsing.nice_guidance_document import parse_guidance_document
from sources.parsing.contract import DocumentKind, ParsedDocument

CHAPTER_ONE_HEADINGS = "'1 Recommendations' or '1 Guidance'"


def parse_final_guidance(text: str, filename: str) -> ParsedDocument:
    """Parse a NICE final guidance document; ``ParseError`` when it has no numbered chapter 1."""
    return parse_guidance_document(text, filename, DocumentKind.IPG_RECOMMENDATIONS, CHAPTER_ONE_HEADINGS)
