"""How a line of a policy is laid out: list markers, connectors, headings.

Policies print the same logic in many layouts (``shared/phrasing.md`` §5):

- list markers: bullets ("•", "–", "-", "o", "▪", "·"), numbers "1." / "1)" /
  "(1)", letters "a)" / "(a)" / "a.", roman "i)" / "(ii)", multi-level
  numbers "2.1" / "2.1.1". The *style* of a marker (not its indentation:
  captured web text indents at random, the seed's connectors wander between
  13 and 15 NBSPs) tells which list an item belongs to.
- connectors: a line of its own ("AND", "OR", "And/Or", indented or not);
  the end of an item ("... OR", "...; or"); the start of an item before its
  marker ("Or c) ..."); inside one line in capitals ("A AND B OR C"), also
  between "·" items of a table cell. "AND/OR" and "AND/ OR" are an inclusive
  or, read as OR.
- headings: short lines naming a part of the policy ("Eligibility",
  "Threshold", "Exclusions to policy", "Definitions"), possibly numbered
  ("2. Criteria") or ending with ":"; criteria headings come in many forms
  ("Thresholds and eligibility", "Criteria for referral", "Referral criteria
  for possible tonsillectomy", "When will it be funded?").
- markers damaged by capture: a bullet glyph the capture turned into a
  private-use character (read as "•"); an "o" sub-bullet glued to its text
  ("oMRI is contraindicated"); two markers on one item ("- a) There is ...",
  "1. a) ..."), where the inner one is the item's.

"*" at the start of a line is a defined-term footnote ("*Significant
functional impairment is defined as:"), handled by ``definitions``; it is a
bullet only when the line defines nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Connector(str, Enum):
    AND = "AND"
    OR = "OR"
    AND_OR = "AND/OR"  # inclusive or: read as OR

    @property
    def joins_as(self) -> Connector:
        return Connector.OR if self is Connector.AND_OR else self


def connector_from(word: str) -> Connector:
    word = re.sub(r"\s+", "", word).upper()
    return Connector(word)


_CONNECTOR_WORD = r"AND\s*/\s*OR|AND|OR"

# A connector alone on its line, possibly in brackets, between dashes or after a bullet ("• OR:").
OWN_LINE_CONNECTOR = re.compile(rf"^[\s(\[–—•▪◦·*-]*({_CONNECTOR_WORD})[\s)\]–—:-]*$", re.IGNORECASE)
# "... OR" (capitals: a lower-case "or" ending a line without punctuation is prose).
TRAILING_CAPITAL_CONNECTOR = re.compile(rf"\s+({_CONNECTOR_WORD})$")
# "...; or", "..., and", "..., OR", "... and;" (the semicolon after the word)
TRAILING_PUNCTUATED_CONNECTOR = re.compile(
    rf"\s*[,;]\s*({_CONNECTOR_WORD})[;,]?$|\s+({_CONNECTOR_WORD});$", re.IGNORECASE
)
# "... wrist splints and": a list item ending with a lower-case connector (an item never ends on "and").
TRAILING_WORD_CONNECTOR = re.compile(rf"\s+({_CONNECTOR_WORD})$", re.IGNORECASE)
# "Or c) ...", "AND the patient ..." (before a marker any case; before text only capitals)
LEADING_CONNECTOR = re.compile(rf"^({_CONNECTOR_WORD})\s+(?=\S)", re.IGNORECASE)
LEADING_CAPITAL_CONNECTOR = re.compile(rf"^({_CONNECTOR_WORD})\s+(?=\S)")
# Capitals inside a line: "moderate symptoms AND not responded to ..."
# (Lookarounds, so "A AND OR B" leaves an empty part between the two connectors.)
INLINE_CAPITAL_CONNECTOR = re.compile(rf"(?:(?<=\s)|^)({_CONNECTOR_WORD})(?=\s|$)")

# "·" used as a bullet inside one line (a table cell holding a list).
INLINE_DOT = re.compile(r"(?:^|\s)·\s+")


@dataclass(frozen=True)
class Marker:
    style: str  # "bullet-dash", "decimal.", "alpha)", "roman()", "multilevel-3"...
    number: str | None  # as printed, without the full stop of "1." (None for bullets)


_BULLETS = {
    "•": "bullet-dot",
    "●": "bullet-dot",
    "‣": "bullet-dot",
    "∙": "bullet-dot",
    "–": "bullet-dash",
    "—": "bullet-dash",
    "-": "bullet-dash",
    "◦": "bullet-circle",
    "o": "bullet-circle",
    "▪": "bullet-square",
    "■": "bullet-square",
    "□": "bullet-square",
    "▫": "bullet-square",
    "·": "bullet-middot",
    "*": "bullet-star",
    "➢": "bullet-arrow",
    "→": "bullet-arrow",
}

_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|x)"

_MARKER_PATTERNS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^(\d+(?:\.\d+)+)\.?\s+(?=\S)"), "multilevel"),
    (re.compile(r"^(\d{1,2})([.)])\s+(?=\S)"), "decimal"),
    (re.compile(r"^\((\d{1,2})\)\s+(?=\S)"), "decimal()"),
    (re.compile(rf"^\(({_ROMAN})\)\s+(?=\S)"), "roman()"),
    (re.compile(rf"^({_ROMAN})([.)])\s+(?=\S)"), "roman"),
    (re.compile(r"^\(([a-z])\)\s+(?=\S)"), "alpha()"),
    (re.compile(r"^([a-z])([.)])\s+(?=\S)"), "alpha"),
    (re.compile(r"^([A-Z])([.)])\s+(?=\S)"), "ALPHA"),
]

# A bullet glyph the capture turned into a private-use character ("\uf0b7", "\uf0a7", "\uf0d8"...).
PRIVATE_USE = "\ue000-\uf8ff"
_BULLET_PATTERN = re.compile(
    rf"^([•●‣∙–—\-◦▪■□▫·*➢→{PRIVATE_USE}])\s*(?=\S)|^(o)\s+(?=[A-Za-z(])|^(o)(?=[A-Z]{{2}}|[A-Z][a-z])"
)


def split_marker(text: str) -> tuple[Marker | None, str]:
    """The list marker that opens ``text`` (if any) and the text after it.

    Of two markers on one item ("- a) There is ...") the inner one is the item's:
    the dash is the capture's rendering of a lettered list.
    """
    marker, rest = _split_one_marker(text)
    if marker is not None and marker.number is None:
        inner, inner_rest = _split_one_marker(rest)
        if inner is not None and inner.number is not None and inner.style.startswith(("alpha", "roman")):
            return inner, inner_rest
    return marker, rest


def _split_one_marker(text: str) -> tuple[Marker | None, str]:
    bullet = _BULLET_PATTERN.match(text)
    if bullet:
        char = bullet.group(1) or bullet.group(2) or bullet.group(3)
        # "-5 degrees" is a number, not a bullet; a bullet is followed by a space or a letter.
        if not (char == "-" and text[1:2].isdigit()):
            style = _BULLETS.get(char, "bullet-dot")  # a private-use glyph was a bullet
            return Marker(style, None), text[bullet.end() :].strip()
    for pattern, kind in _MARKER_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        printed = match.group(1)
        if kind == "multilevel":
            return Marker(f"multilevel-{printed.count('.') + 1}", printed), text[match.end() :].strip()
        if kind.endswith("()"):
            return Marker(kind, f"({printed})"), text[match.end() :].strip()
        punctuation = match.group(2)
        number = printed if punctuation == "." else printed + punctuation
        return Marker(f"{kind}{punctuation}", number), text[match.end() :].strip()
    return None, text


def own_line_connector(text: str) -> Connector | None:
    match = OWN_LINE_CONNECTOR.match(text)
    return connector_from(match.group(1)) if match else None


def split_trailing_connector(text: str, *, list_item: bool = False) -> tuple[str, Connector | None]:
    """ "pain OR" -> ("pain", OR); a lower-case "pain or" only for a list item (``list_item``)."""
    patterns = [TRAILING_PUNCTUATED_CONNECTOR, TRAILING_CAPITAL_CONNECTOR]
    if list_item:
        patterns.append(TRAILING_WORD_CONNECTOR)
    for pattern in patterns:
        match = pattern.search(text)
        if match and match.start() > 0:
            word = next(group for group in match.groups() if group)
            return text[: match.start()].rstrip(), connector_from(word)
    return text, None


def split_leading_connector(text: str) -> tuple[Connector | None, str]:
    """ "Or c) text" -> (OR, "c) text"); "AND text" -> (AND, "text"); "And so" stays prose."""
    match = LEADING_CONNECTOR.match(text)
    if not match:
        return None, text
    rest = text[match.end() :]
    marker, _ = split_marker(rest)
    if marker is not None or LEADING_CAPITAL_CONNECTOR.match(text):
        return connector_from(match.group(1)), rest
    return None, text


# ---------------------------------------------------------------- headings


class Part(str, Enum):
    """The part of a policy a heading opens."""

    CRITERIA = "criteria"
    DEFINITIONS = "definitions"
    EXCLUSIONS = "exclusions"
    DESCRIPTION = "description"
    IFR = "ifr"  # the individual funding request route: never criteria, never exclusions
    OTHER = "other"  # references, evidence, document history: not read


_HEADINGS: dict[Part, set[str]] = {
    Part.CRITERIA: {
        "eligibility",
        "eligibility criteria",
        "threshold",
        "thresholds",
        "threshold criteria",
        "criteria",
        "clinical criteria",
        "commissioning criteria",
        "policy criteria",
        "funding criteria",
        "access criteria",
        "referral criteria",
        "commissioning position",
        "policy statement",
        "clinical threshold",
        "clinical thresholds",
        "criteria for funding",
        "criteria for treatment",
        "criteria for referral",
        "criteria for surgery",
        "thresholds and eligibility",
        "threshold and eligibility",
        "thresholds & eligibility",
        "eligibility and thresholds",
        "patient eligibility criteria",
        "patient eligibility",
        "inclusion criteria",
        "inclusions",
        "pre-referral criteria",
        "pre referral criteria",
        "prior to referral",
        "commissioning statement",
        "commissioning decision",
        "referral criteria / commissioning position",
        "when will it be funded",
        "when will this be funded",
        "when is it funded",
        "when will the icb fund this",
        "recommendation",
        "recommendations",
        "funding criteria (for adults only)",
    },
    Part.DEFINITIONS: {
        "definitions",
        "definition",
        "definition of terms",
        "glossary",
        "severity",
        "severity definitions",
        "definitions of severity",
        "severity scale",
        "grading",
        "classification",
    },
    Part.EXCLUSIONS: {
        "exclusions",
        "exclusion",
        "exclusion criteria",
        "exclusions to policy",
        "exclusions from policy",
        "policy exceptions",
        "policy exclusions",
        "exceptions",
        "contraindications",
        "red flags",
        "red flag symptoms",
        "out of scope",
        "not in scope",
        "exception to policy",
        "exceptions to policy",
        "exceptions to this policy",
    },
    Part.IFR: {
        "individual funding requests",
        "individual funding request",
        "individual funding request (ifr)",
        "cases for individual funding consideration",
        "cases for individual consideration",
        "exceptional funding",
        "exceptional /individual funding requests (ifr)",
        "exceptional/individual funding requests (ifr)",
        "exceptional cases",
        "referral instructions",
    },
    Part.DESCRIPTION: {
        "description",
        "background",
        "introduction",
        "overview",
        "summary",
        "about the procedure",
        "the procedure",
        "procedure description",
        "rationale",
        "aim",
        "purpose",
        "scope",
        "summary of intervention",
        "for the treatment of",
        "policy summary",
    },
    Part.OTHER: {
        "references",
        "evidence",
        "evidence base",
        "further information",
        "related documents",
        "document history",
        "version control",
        "contact us",
        "contact",
        "useful links",
        "supporting information",
        "patient information",
        "associated documents",
        "equality impact",
        "summary of rationale",
        "supporting referral guideline",
        "supporting referral guidelines",
        "information to include in referral letter",
        "references and additional information",
        "opcs codes",
        "lifestyle factors - best practice",
        "advice and further guidance",
        "plain english summary",
        "patient info leaflet",
    },
}

_HEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
# "Referral criteria for possible tonsillectomy", "Pre-referral Criteria for Adult Cataract
# Surgery", "Funding criteria (for adults only):": a criteria heading naming its subject.
_CRITERIA_HEADING_PREFIX = re.compile(
    r"^(?:pre[- ]?referral\s+criteria|referral\s+criteria|eligibility\s+criteria|funding\s+criteria"
    r"|criteria\s+for\s+(?:funding|referral|treatment|surgery)|clinical\s+criteria|inclusion\s+criteria"
    r"|commissioning\s+position|thresholds?\s+(?:and|&)\s+eligibility)"
    r"(?:\s+(?:for|of|–|-)\s+[^.;]{1,60}|\s*\([^)]{1,40}\))?$",
    re.IGNORECASE,
)
# "What is a tonsillectomy?", "What are non-cancerous skin lesions?": a description heading.
_QUESTION_HEADING = re.compile(r"^what\s+(?:is|are)\s+[^.]{1,60}\??$", re.IGNORECASE)
_STAGE_HEADING = re.compile(r"^(?:pre[- ]?referral|prior\s+to\s+referral|before\s+referral)\b", re.IGNORECASE)


def heading_part(text: str) -> Part | None:
    """The part a heading line opens, or None when ``text`` is not such a heading."""
    name = _HEADING_NUMBER.sub("", text).rstrip(":").strip().rstrip("?").strip().lower()
    for part, names in _HEADINGS.items():
        if name in names:
            return part
    if len(name.split()) <= 12 and _CRITERIA_HEADING_PREFIX.match(name):
        return Part.CRITERIA
    if _QUESTION_HEADING.match(text.strip()) and len(text.split()) <= 8:
        return Part.DESCRIPTION
    return None


def is_stage_heading(text: str) -> bool:
    """ "Pre-referral Criteria ...", "Prior to referral": the first stage of a staged policy."""
    return bool(_STAGE_HEADING.match(_HEADING_NUMBER.sub("", text).strip()))
