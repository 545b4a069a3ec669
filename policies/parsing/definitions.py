"""Defined terms of a policy and the criteria that use them.

Layouts read (``shared/phrasing.md`` §5, Definitions):

- asterisk footnotes after the criteria: "*Significant functional impairment
  is defined as:", "*Conservative treatment ... must include", "* Activities
  of daily living include" — the term is the text before the defining verb
  (defined as / include(s) / means / refers to / consists of / comprises),
  the marker is "*";
- an unmarked "X is defined as ..." line anywhere outside a criterion, and an
  unmarked lead-in that says what a term includes ("A clinically significant
  episode of tonsillitis ... usually includes at least one of the
  following:");
- a "Definitions" (or "Severity", "Glossary", "Classification") section
  whose lines read "Term: text", "Term – text" or "| Term | text |" (a
  severity table: Mild / Moderate / Severe); a table's header row (followed
  by a "|---|" rule) is skipped.

A definition's list items ("– Symptoms preventing ...") are kept in ``items``.
They become a ``criteria`` tree only when the text states how they combine
(connectors between them, or a quantifier such as "all of the following");
"X is defined as: – A – B" states neither, so ``criteria`` stays null.

Linking: a leaf uses a definition when it mentions the term (whole words,
any case, optional plural "s"), or, for a footnote definition, when the words
just before a "*" in the leaf are the first words of the term ("conservative
treatment*" uses "*Conservative treatment for 6 months must include").
Grades and classes ("Grade III", "Class 3–6", "CEAP C4") are kept as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policies.parsing.model import Definition, Leaf

MARKER = "*"

_DEFINING_VERB = (
    r"(?:(?:is|are)\s+(?:defined|considered)\s+as|(?:must|should|will|may)\s+include|includes?|means"
    r"|refers?\s+to|consists?\s+of|comprises?)"
)
_FOOTNOTE_TERM = re.compile(rf"^(?P<term>[^:]+?)\s+{_DEFINING_VERB}\b", re.IGNORECASE)
# ("is considered as" only before a colon: "Surgery is considered as a last resort" is a criterion.)
_DEFINED_AS = re.compile(
    r"^(?P<term>[A-Z][^:]{0,80}?)\s+(?:is|are)\s+(?:defined\s+as\b|considered\s+as\s*:$)"
)
# "A clinically significant episode of tonsillitis, should be documented ... and usually includes ...:"
_INCLUDES_LEAD_IN = re.compile(
    r"^(?:An?\s+|The\s+)?(?P<term>[A-Za-z][\w\s-]{2,60}?)(?:,|\s+(?=should\b|usually\b|normally\b|includes\b))"
    r"\s*(?:[^:]{0,80}?\s+and\s+)?(?:usually\s+|normally\s+)?(?:includes|comprises|consists\s+of|means)\b[^:]*:$"
)
_FUNDING = re.compile(r"\b(?:fund|commission|refer|eligib|criteria|approv)", re.IGNORECASE)
_TERM_LINE = re.compile(r"^(?P<term>[A-Z][^:|]{0,60}?)\s*(?::|\s[–—-])\s+(?P<rest>\S.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")
_TERM_MAX_WORDS = 8


@dataclass(frozen=True)
class DefinitionStart:
    term: str
    text: str  # the line without its marker
    marker: str | None


def _clean_term(term: str) -> str:
    term = term.strip().strip("\"'“”‘’").rstrip(MARKER).strip()
    return re.sub(r"^the\s+term\s+", "", term, flags=re.IGNORECASE)


def definition_start(text: str) -> DefinitionStart | None:
    """A footnote ("*Term is defined as:") or "Term is defined as" line, else None."""
    if text.startswith(MARKER):
        body = text[len(MARKER) :].strip()
        match = _FOOTNOTE_TERM.match(body)
        if match:
            return DefinitionStart(_clean_term(match.group("term")), body, MARKER)
        return None
    match = _DEFINED_AS.match(text)
    if match:
        return DefinitionStart(_clean_term(match.group("term")), text, None)
    match = _INCLUDES_LEAD_IN.match(text)
    if match and not _FUNDING.search(text):
        return DefinitionStart(_clean_term(match.group("term")), text, None)
    return None


def is_table_rule(text: str) -> bool:
    return bool(_TABLE_RULE.match(text))


def section_entry(text: str) -> DefinitionStart | None:
    """One entry of a Definitions section: a footnote or "Term: text" / "| Term | text |"."""
    start = definition_start(text)
    if start is not None:
        return start
    if text.startswith("|"):
        cells = [cell.strip() for cell in text.strip("|").split("|") if cell.strip()]
        if len(cells) >= 2 and len(cells[0].split()) <= _TERM_MAX_WORDS:
            return DefinitionStart(_clean_term(cells[0]), " – ".join(cells), None)
        return None
    match = _TERM_LINE.match(text)
    if match and len(match.group("term").split()) <= _TERM_MAX_WORDS:
        return DefinitionStart(_clean_term(match.group("term")), text, None)
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower())


def mentions_term(leaf_text: str, term: str) -> bool:
    pattern = r"(?<![\w-])" + r"\s+".join(map(re.escape, term.split())) + r"s?(?![\w-])"
    return bool(re.search(pattern, leaf_text, re.IGNORECASE))


def _marks_term(leaf_text: str, term: str) -> bool:
    """Whether a "*" in the leaf follows the first words of ``term``."""
    term_words = _words(term)
    if not term_words:
        return False
    shortest = min(2, len(term_words))
    for star in re.finditer(re.escape(MARKER), leaf_text):
        before = _words(leaf_text[: star.start()])
        for count in range(len(term_words), shortest - 1, -1):
            if before[-count:] == term_words[:count]:
                return True
    return False


def uses_definition(leaf_text: str, definition: Definition) -> bool:
    if mentions_term(leaf_text, definition.term):
        return True
    return definition.marker == MARKER and _marks_term(leaf_text, definition.term)


def link_definitions(leaves: list[Leaf], definitions: list[Definition]) -> list[Leaf]:
    """Fill ``Leaf.definitions`` and ``Definition.used_by``; return leaves with an unexplained "*"."""
    unexplained: list[Leaf] = []
    for leaf in leaves:
        for definition in definitions:
            if uses_definition(leaf.text, definition):
                leaf.definitions.append(definition.term)
                definition.used_by.append(leaf.key)
        marked = [d for d in definitions if d.marker == MARKER and d.term in leaf.definitions]
        if MARKER in leaf.text and not marked:
            unexplained.append(leaf)
    return unexplained
