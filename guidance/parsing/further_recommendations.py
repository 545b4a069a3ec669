"""Further recommendations: service requirements and research needs.

Input: one numbered paragraph of chapter 1 (its text, its list items and the
sub-heading it sits under), layout removed.

Service requirements restrict who may do the procedure and where (domain.md):

- specialist centres: "should only be done in specialist centres", "specialised
  centres", "tertiary centres", "centres with expertise in ...";
- surgeon training: "surgeons with specific training and experience in ...",
  "clinicians with specialist training", "appropriately trained";
- multidisciplinary selection: "Patient selection should be done by a
  multidisciplinary team ..." (a "multidisciplinary approach" to doing the
  procedure is not patient selection).

A research need says what further research should do or report: "Further
research ... should report ...", "More research, preferably randomised
controlled trials, is needed on:" + items, "NICE encourages further research
...", or any paragraph under a "What research is needed" / "Further research"
heading. A paragraph that decides a level ("More research is needed on X
before it can be used in the NHS") is a decision, not a research need: the
caller passes only paragraphs without a level.
"""

from __future__ import annotations

import re

from sources.parsing.contract import ServiceRequirementKind
from sources.parsing.text import split_sentences

_SERVICE_REQUIREMENTS: tuple[tuple[ServiceRequirementKind, re.Pattern[str]], ...] = (
    (
        ServiceRequirementKind.SPECIALIST_CENTRES,
        re.compile(
            r"\bspeciali(?:st|sed|zed)\s+(?:centres?|centers?|units?)\b|\btertiary\s+(?:care\s+)?centres?\b|"
            r"\bcentres?\s+with\s+(?:specialist\s+|particular\s+)?(?:expertise|experience)\b",
            re.IGNORECASE,
        ),
    ),
    (
        ServiceRequirementKind.SURGEON_TRAINING,
        re.compile(
            r"\b(?:specific|specialist|special|appropriate|adequate|particular|relevant)\s+training\b|"
            r"\btraining and experience\b|\b(?:specially|appropriately|adequately|specifically)\s+trained\b",
            re.IGNORECASE,
        ),
    ),
    (
        ServiceRequirementKind.MULTIDISCIPLINARY_SELECTION,
        re.compile(
            r"\bselect\w*\b[^.]*?\bmulti-?disciplinary\b|\bmulti-?disciplinary\b[^.]*?\bselect\w*\b",
            re.IGNORECASE,
        ),
    ),
)

_RESEARCH_NEED = re.compile(
    r"^(?:Further|More|Future)\s+research\b|\bencourages?\s+(?:further\s+)?research\b|"
    r"\bresearch\b[^.]*?\b(?:should\s+(?:report|include|address|be\s+done|investigate|examine)|"
    r"(?:is|are)\s+needed\s+(?:on|into|to)\b)",
    re.IGNORECASE,
)
_RESEARCH_HEADING = re.compile(r"\bresearch\b", re.IGNORECASE)


def service_requirements(text: str) -> list[tuple[ServiceRequirementKind, int, str]]:
    """``(kind, offset, sentence)`` for each kind of requirement ``text`` states, once per kind."""
    found = []
    for kind, pattern in _SERVICE_REQUIREMENTS:
        for offset, sentence in split_sentences(text):
            if pattern.search(sentence):
                found.append((kind, offset, sentence))
                break
    return found


def is_research_need(text: str, heading: str | None) -> bool:
    """True when a paragraph (with no level) says what further research should do."""
    if heading is not None and _RESEARCH_HEADING.search(heading):
        return True
    return bool(_RESEARCH_NEED.search(text))
