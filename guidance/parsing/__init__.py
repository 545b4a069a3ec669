"""Pure parsers for NICE documents (no Django import anywhere below).

``DOCUMENT_TYPES`` are the kinds this package reads, as ``sources.parsing``
registers them (``guidance.pipeline`` does so): final guidance, consultation
documents and in-progress pages, each with the markers that tell it apart.
"""

from guidance.parsing.detect import consultation_score, final_guidance_score, in_progress_score
from guidance.parsing.nice_consultation import parse_consultation
from guidance.parsing.nice_in_progress import parse_in_progress
from guidance.parsing.nice_recommendations import parse_final_guidance
from sources.parsing.contract import DocumentKind
from sources.parsing.registry import DocumentType

DOCUMENT_TYPES = (
    DocumentType(
        DocumentKind.IPG_RECOMMENDATIONS,
        "NICE guidance",
        final_guidance_score,
        parse_final_guidance,
        priority=1,
    ),
    DocumentType(
        DocumentKind.IP_CONSULTATION, "consultation", consultation_score, parse_consultation, priority=0
    ),
    DocumentType(
        DocumentKind.IP_IN_PROGRESS, "in-progress page", in_progress_score, parse_in_progress, priority=3
    ),
)
