"""The markers of an ICB threshold-criteria policy, for ``sources.parsing`` to tell kinds apart.

A commissioner ("ICB", "CCG", "Integrated Care Board", "Clinical Commissioning
Group") and at least two policy markers ("will only fund", "Threshold
Criteria", "Policy for", "Policy number", "Review Date", "Eligibility", "prior
approval", "Individual Funding Request", "criteria" ...), scored by the count
of distinct markers (a NICE in-progress page can name an ICB, so the kind with
more markers wins).
"""

from __future__ import annotations

import re

from sources.parsing.text import SourceLine

_COMMISSIONER = re.compile(
    r"\b(?:ICBs?|CCGs?|Integrated Care Boards?|Clinical Commissioning Groups?)\b", re.IGNORECASE
)
_POLICY_MARKERS = {
    name: re.compile(rf"\b{name}\b", re.IGNORECASE)
    for name in (
        "will only fund",
        "will fund",
        "threshold",
        "polic(?:y|ies) for",
        "policy number",
        "review date",
        "date of review",
        "eligibility",
        "prior approval",
        "individual funding request",
        "commissioning position",
        "not routinely commissioned",
        "criteria",
    )
}
MIN_POLICY_MARKERS = 2


def policy_score(lines: list[SourceLine], filename: str) -> int:
    """Distinct policy markers, counted only on a page that names a commissioner."""
    text = "\n".join(line.text for line in lines)
    if not _COMMISSIONER.search(text):
        return 0
    score = sum(bool(pattern.search(text)) for pattern in _POLICY_MARKERS.values())
    return score if score >= MIN_POLICY_MARKERS else 0
