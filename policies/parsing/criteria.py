"""Build the AND/OR tree of a policy's eligibility criteria, from what the text states.

Input: the logical lines (``units``) of the criteria part, one at a time
(``CriteriaBuilder.feed``), until the caller meets a line that is not
criteria (a heading, a metadata field, a definition footnote) or ``feed``
itself says the list has ended. Output (``resolve``): a tree, or a
``CriteriaUnreadable`` saying where and why the criteria cannot be read.

How the layouts of ``shared/phrasing.md`` §5 and §6.2 map to the tree:

- **Lists and nesting.** Items are grouped by the *style* of their marker
  (see ``layout``) and, where the capture kept it, their indentation. An item
  whose text ends with ":" or announces "the following" is a lead-in: the
  items after it are its group ("The patient:" then "– ..." items). An item
  followed by deeper-indented items, or by items in a subordinate numbering
  ("1." then "a) b) c)"), is the head of that sub-list. An item in a style
  already open returns to that list; an item in a new style after an item
  that announces nothing joins the same list (a capture that flattened its
  markers). Unmarked text returns to the unmarked list above, if any.
- **Which operator.** Each group's operator comes from what the text states,
  and the group records where (``connector``: ``"stated"`` or
  ``"lead_in"``, with the line):

  * connectors printed between its items: on a line of their own, at the end
    of an item ("... OR", "...; or", "... and;", "... and" ending a list
    item) or its start ("Or b) ...", "OR - ...", "• AND the patient ..."),
    capitals inside one item ("moderate symptoms AND not responded ...");
    "AND/OR" is an inclusive or, read as OR;
  * else the lead-in's words: "all of the following", "the following
    criteria are met / apply / must be met", "the referrer must confirm
    that:" -> all; "any of", "one of", "at least one of", "one or more of",
    "either:", "is commissioned for the following indications:", "will be
    funded for:", "Indications for referral include" -> any; "at least two
    of", "2 or more of the following" -> at least k. Words that leave it open
    ("in the following circumstances:", "the following:", "where:", "if:")
    decide nothing: a list of two or more items with neither connectors nor
    such words is not read, never given an operator by guess.
  * A lead-in may carry a criterion of its own before its list ("There is
    sufficient cataract ... and one or more of the following apply:", "...
    OME where the following criteria are met:", "Sore throats are due to
    acute tonsillitis where"): that criterion and the list are both required.
  * When connectors and lead-in disagree ("all the following criteria:"
    then items joined by OR) the connectors are read, with a warning.
- **Where connectors are missing between some items** of a list that states
  others, the lead-in's operator fills the gaps before the first stated
  connector ("one of the following: A B C D • AND E": any(A..D) and E; "meet
  all the following: A B OR C OR D": (A and B) or C or D); a gap between two
  stated connectors is filled only when the lead-in and both neighbours
  agree, else the list is not read. A connector printed once before the last
  item of a list with no lead-in operator ("A; B; and C") stands for the list.
- **Precedence.** Stated AND and OR mixed with no grouping ("A AND B AND C
  OR D OR E") are read as a list: each run of items joined by OR is one
  alternative group, and AND joins the runs (all(A, B, any(C, D, E))), with a
  warning naming that reading.
- **Labelled branches.** Short labels inside the criteria: population
  ("Children" / "Adults") and severity ("Moderate symptoms" / "Severe
  symptoms") sub-headings, "Section a", a numbered scenario heading ("1)
  Washout and debridement") and stage sections ("Pre-referral criteria" /
  "Referral criteria"). Their operator is the connector printed between them,
  else the lead-in's quantifier, else what the labels state: populations and
  severities are alternatives (any), stages are all required (all).
- **Blocks.** A second funding lead-in after a complete list joins it when
  the text says how: a connector line between them ("OR" then "The CCGs will
  fund ... when any of the following"), "also" ("... is also routinely
  commissioned under the following circumstances:") -> any, or a stage (a
  "before a referral is made" list first) -> all. Otherwise the criteria end
  there and the caller reports the rest as not read.
- **Details, not criteria.** Items after "... include:", "including",
  "such as:" (examples of what an item means), and sub-bullets under an item
  that announces nothing, with no connector between them, are kept as the
  details of that item's leaf (its text, with a warning), never as criteria.
- **A connector followed by a few words** ("... AND there have been", an
  own-line "AND THERE HAS BEEN") opens a group of the items that follow.

Leaf text is the item with its marker, its connectors and a trailing "," or
";" removed; everything else (an asterisk, a final full stop, a sentence cut
off mid-way) is kept as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policies.parsing.layout import (
    INLINE_CAPITAL_CONNECTOR,
    INLINE_DOT,
    Connector,
    connector_from,
    own_line_connector,
    split_leading_connector,
    split_marker,
    split_trailing_connector,
)
from policies.parsing.measures import NUMBER_WORDS
from policies.parsing.model import Group, Leaf, Node, Op
from policies.parsing.units import clip_parts
from sources.parsing.contract import Warning
from sources.parsing.errors import ParseError

PLAIN = "plain"

COUNT = r"(?:\d+|" + "|".join(NUMBER_WORDS) + r")"
_WHAT = r"(?:of\s+)?(?:(?:the\s+)?following|these|the\s+criteria|the\s+below|criteria|the\s+above)"

AT_LEAST = re.compile(
    rf"\b(?:at\s+least\s+(?P<a>{COUNT})|(?P<b>{COUNT})\s+or\s+more)\s*,?\s+{_WHAT}", re.IGNORECASE
)
ANY = re.compile(
    rf"\b(?:any(?:\s+one)?|one|either|one\s+or\s+more)\s+{_WHAT}|\beither\s*:\s*$|\bone\s+or\s+other\s+of\b",
    re.IGNORECASE,
)
ALL = re.compile(rf"\b(?:all|both|each)\s+(?:of\s+)?{_WHAT}", re.IGNORECASE)
# Lead-in words that imply all: "the following criteria are met", "meets the following criteria",
# "the following apply", "the referrer must confirm that:".
_IMPLIED_ALL = re.compile(
    r"\bthe\s+following\s+(?:\w+\s+){0,3}(?:is|are|has\s+been|have\s+been)\s+(?:met|fulfilled|satisfied)\b"
    r"|\bthe\s+following\s+(?:\w+\s+){0,3}(?:apply|applies|must\s+(?:be\s+)?(?:met|apply|present))\b"
    r"|\bmeets?\s+(?:the\s+|these\s+)?(?:following\s+)?(?:\w+\s+)?criteria(?:\s+below)?\b"
    r"|\bcriteria\s+(?:below|above)\s+(?:is|are|have\s+been)\s+met\b"
    r"|\bthe\s+below\s+criteria\s+are\s+met\b"
    r"|\bmust\s+(?:confirm|ensure|demonstrate|document)\s+that\s*:?\s*$"
    r"|\bwhen\s+all\s+(?:the\s+)?criteria\b",
    re.IGNORECASE,
)
# Lead-in words that imply any: the indications or conditions a procedure is funded for.
_IMPLIED_ANY = re.compile(
    r"\b(?:fund(?:ed|s)?|commission(?:ed|s)?|offered|approved|supported|indicated|available|referr(?:al|ed))\b"
    r"[^:]{0,120}?\bfor\s*(?:the\s+following(?:\s+(?:indications|conditions|reasons|scenarios|procedures|"
    r"three\s+scenarios|\w+\s+scenarios))?[^:]{0,80})?:\s*$"
    r"|\bthe\s+following\s+(?:\w+\s+)?indications\b|\bindications\s+(?:for\s+\w+\s+)?(?:include|are)\b"
    r"|\bfor\s+the\s+following\s+(?:\w+\s+)?scenarios\b",
    re.IGNORECASE,
)
# "… the following criteria is met", "… of the following:", "... specified below:" — announces a list.
ANNOUNCES_LIST = re.compile(
    r"\bthe\s+following\b[^:]*$|\b(?:criteria|conditions|listed|specified|set\s+out|outlined|shown)\s+below\s*:?\s*$"
    r"|\bas\s+follows\s*:?\s*$|\blisted\s+below\b",
    re.IGNORECASE,
)
# Examples of what an item means, not criteria: "These treatments include:", "including", "such as:".
_DETAILS = re.compile(r"\b(?:includes?|including|such\s+as|e\.g\.?|for\s+example)\s*:?\s*$", re.IGNORECASE)
# "There is sufficient cataract ... AND one or more of the following criteria apply:".
_OWN_AND = re.compile(
    r"^(?P<own>.{12,}?)(?:,\s*|\s+)(?:AND|and)\s+(?P<rest>(?:the\s+\w+\s+|patients?\s+|they\s+|there\s+)?"
    r"(?:\w+\s+){0,2}(?:one\s+or\s+more|at\s+least|all|any|one|either|two|both|the\s+following)\b.*|:?\s*)$"
)
# "Documented persistent bilateral OME where the following criteria are met:", "... tonsillitis where".
_OWN_WHERE = re.compile(r"^(?P<own>.{12,}?)\s+where\s*(?P<rest>(?:the\s+following\b.*)?:?)$", re.IGNORECASE)
_FUNDING_WORDS = re.compile(
    r"\b(?:fund|funds|funded|funding|commission|commissions|commissioned|approved|offered|refer|referred|"
    r"referral|considered|supported|eligible|criteria|policy|surgery|treatment|procedure|intervention)\b",
    re.IGNORECASE,
)


def count_value(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


@dataclass(frozen=True)
class Quantifier:
    op: Op
    k: int | None
    phrase: str
    explicit: bool = True  # a quantifier ("all of the following"), not implied words ("... are met")


def _normalised(text: str) -> str:
    """ "one, or more, of" -> "one or more of" (commas inside a quantifier)."""
    return re.sub(r"\b(one|two|three|\d+),\s*or\s+more,\s*of\b", r"\1 or more of", text, flags=re.IGNORECASE)


def quantifier(text: str | None) -> Quantifier | None:
    """The quantifier a lead-in states, or None when it states none."""
    if not text:
        return None
    text = _normalised(text)
    match = AT_LEAST.search(text)
    if match:
        k = count_value(match.group("a") or match.group("b"))
        if k == 1:
            return Quantifier(Op.ANY, None, match.group(0))
        return Quantifier(Op.AT_LEAST, k, match.group(0))
    match = ANY.search(text)
    if match:
        return Quantifier(Op.ANY, None, match.group(0).strip())
    match = ALL.search(text)
    if match:
        return Quantifier(Op.ALL, None, match.group(0))
    return None


def lead_in_operator(text: str | None) -> Quantifier | None:
    """The operator a lead-in's words state: a quantifier, or words that imply one; None: open."""
    found = quantifier(text)
    if found is not None or not text:
        return found
    match = _IMPLIED_ALL.search(text)
    if match:
        return Quantifier(Op.ALL, None, match.group(0).strip(), explicit=False)
    match = _IMPLIED_ANY.search(text)
    if match:
        return Quantifier(Op.ANY, None, match.group(0).strip(), explicit=False)
    return None


def is_lead_in(text: str) -> bool:
    """Text that introduces a list rather than stating a criterion."""
    return (
        text.endswith(":")
        or bool(ANNOUNCES_LIST.search(text))
        or bool(_DETAILS.search(text))
        or bool(re.search(r"\s(?:where|and)$", text))
        or bool(re.search(r"\bindications\s+for\s+\w+\s+include$", text, re.IGNORECASE))
    )


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# A pointer after a lead-in: "For a description of each grade, see Appendix 2 of the full statement."
_POINTER = re.compile(r"\bsee\b|\bappendix\b|\(link\b", re.IGNORECASE)


def lead_sentence(text: str) -> str:
    """The sentence of a lead-in that announces its list ("... in the following circumstances:").

    The announcing sentence ends the line, or is followed only by a pointer ("For classification
    ..., please see Appendix 1"): one in the middle of a paragraph announces nothing that follows.
    """
    from policies.parsing.scope import is_advice

    text = INLINE_DOT.split(text, maxsplit=1)[0]  # a "·" cell list: its label is the lead-in
    sentences = [part for part in _SENTENCE.split(text) if part.strip()]
    for index in range(len(sentences) - 1, -1, -1):
        sentence = sentences[index]
        if sentence.endswith(":") or ANNOUNCES_LIST.search(sentence) or quantifier(sentence):
            if all(_POINTER.search(after) or is_advice(after) for after in sentences[index + 1 :]):
                return sentence
            break
    return sentences[-1] if sentences else text


def is_details_lead_in(text: str) -> bool:
    """ "These pharmaceutical treatments include:": the items after it are examples."""
    if re.search(r"\bindications\b", text, re.IGNORECASE):
        return False
    return bool(_DETAILS.search(text)) and lead_in_operator(text) is None


@dataclass(frozen=True)
class OwnCriterion:
    text: str  # the criterion the lead-in states before its list
    rest: str  # the words announcing the list
    joiner: str  # "and" | "where"


def own_criterion(text: str) -> OwnCriterion | None:
    """The criterion a lead-in carries before its list, if any."""
    for pattern, joiner in ((_OWN_AND, "and"), (_OWN_WHERE, "where")):
        match = pattern.match(text)
        if not match:
            continue
        own = match.group("own").strip(" ,")
        # "The ICB will fund X where the following are met": the part before is the funding, not a criterion.
        if _FUNDING_OWN.search(own) or re.search(r"\b(?:will|shall|should|may|can|must|would)\b", own, re.I):
            continue
        if len(own.split()) < 3:
            continue
        return OwnCriterion(own, match.group("rest").strip(), joiner)
    return None


_FUNDING_OWN = re.compile(
    r"\b(?:will|shall|should|may|can|must)\s+(?:only\s+)?(?:be\s+)?(?:routinely\s+)?"
    r"(?:fund|funded|commission|commissioned|offered|approved|supported|considered|referred)\b"
    r"|\b(?:is|are)\s+(?:only\s+)?(?:routinely\s+)?(?:funded|commissioned)\b|\bfunding\s+will\b",
    re.IGNORECASE,
)


def clean_item_text(text: str) -> str:
    """Item text without the "," or ";" that joined it to the next item, nor a capital "EITHER"
    opening the first of alternatives ("• EITHER severe deformity" then "• OR severe pain")."""
    return re.sub(r"^EITHER\s+(?=\S)", "", text.rstrip(" ,;"))


# ------------------------------------------------------------------ labels

_POPULATION = re.compile(
    r"^(?:for\s+)?(?:children|adults|adult\s+patients|young\s+people|women|men|paediatrics?|"
    r"(?:children|patients|people)\s+(?:aged\s+)?(?:under|over|below|above)\s+\d+(?:\s+years)?|"
    r"adults\s+and\s+children|children\s+and\s+young\s+people|under\s+\d+s?|over\s+\d+s?)"
    r"(?:\s*\(.*\))?\s*:?$",
    re.IGNORECASE,
)
_SEVERITY = re.compile(
    r"^(?:mild|moderate|severe|significant|mild\s+to\s+moderate|moderate\s+to\s+severe)\s+"
    r"(?:symptoms|disease|cases|condition|pain|[A-Z][\w\s]{0,40})\s*:?$",
    re.IGNORECASE,
)
_STAGE = re.compile(
    r"^(?:pre[- ]?referral(?:\s+criteria)?|referral\s+criteria|prior\s+to\s+referral|before\s+referral|"
    r"at\s+referral|treatment\s+criteria|surgical\s+criteria)\b[^.;]{0,60}:?$",
    re.IGNORECASE,
)
_SECTION = re.compile(
    r"^(?:(?:section|part|route|option|scenario|category|group)\s+[A-Za-z0-9]{1,3}"
    r"|criteri(?:a|on)\s+(?:\d{1,2}|(?-i:[A-Z]))(?![\w'’]))\b[^.]{0,60}$",  # "Criteria 1", not "Criteria for"
    re.I,
)
_LABEL_MAX_WORDS = 10


def label_kind(text: str) -> str | None:
    """ "population" | "severity" | "stage" | "section" for a label line, else None."""
    if len(text.split()) > _LABEL_MAX_WORDS or text.endswith((".", ";", ",")):
        return None
    for kind, pattern in (
        ("population", _POPULATION),
        ("stage", _STAGE),
        ("severity", _SEVERITY),
        ("section", _SECTION),
    ):
        if pattern.match(text):
            return kind
    return None


def is_stage_lead_in(text: str) -> bool:
    """ "Before a referral is made, the referrer must confirm that:": a pre-referral stage."""
    return bool(
        re.search(
            r"\b(?:before|prior\s+to)\s+(?:a\s+)?referral\b|\bpre[- ]?referral\b|\breferrer\s+must\b",
            text,
            re.I,
        )
    )


# ------------------------------------------------------------------ tokens


class CriteriaUnreadable(ParseError):
    """The criteria cannot be read into a tree: where and why (the page is still a policy)."""


@dataclass
class Token:
    """One list item as printed on a line (a "·" table cell gives several)."""

    text: str
    line: int
    style: str
    number: str | None = None
    leading: Connector | None = None
    trailing: Connector | None = None
    lead_in: bool = False
    indent: int = 0
    parts: list[tuple[int, str]] = field(default_factory=list)
    details: list[Token] = field(default_factory=list)
    label: str | None = None  # the label kind when the item is a branch label


def _table_row(text: str) -> str:
    """ "| Label | · a OR · b |" -> "Label: · a OR · b" (a table row holding a list)."""
    if not (text.startswith("|") and text.endswith("|")):
        return text
    cells = [cell.strip() for cell in text.strip("|").split("|") if cell.strip()]
    if len(cells) < 2:
        return " ".join(cells)
    label = cells[0] if cells[0].endswith(":") else cells[0] + ":"
    return " ".join([label, *cells[1:]])


# Form residue after an item: "... (corrected) / Yes* / No", "Meets criteria: Yes*/No".
_FORM_RESIDUE = re.compile(r"\s*/?\s*(?:Yes\*?\s*/\s*No\*?|Yes\s*☐\s*No\s*☐)\s*$", re.IGNORECASE)


def _parts_for(parts: list[tuple[int, str]], full: str, piece: str, line: int) -> list[tuple[int, str]]:
    if not parts:
        return [(line, piece)]
    return clip_parts(tuple(parts), full, piece)


def _token(text: str, line: int, style: str, number: str | None, leading: Connector | None, **extra) -> Token:
    list_item = style != PLAIN and not style.startswith("cell@")
    text, trailing = split_trailing_connector(text.strip(), list_item=list_item or style.startswith("cell@"))
    text = clean_item_text(_FORM_RESIDUE.sub("", text))
    lead_in = is_lead_in(text)
    if list_item and lead_in and not text.endswith(":"):
        # A marked item announces a list only at its end ("... one or more of the following"),
        # not when "the following" is its subject ("The following treatments have failed ...").
        lead_in = bool(_ENDS_ANNOUNCING.search(text)) or bool(_DETAILS.search(text))
    return Token(text, line, style, number, leading, trailing, lead_in=lead_in, **extra)


_ENDS_ANNOUNCING = re.compile(
    r"\bthe\s+following(?:\s+[\w-]+){0,3}\s*$|\b(?:criteria|conditions|listed)\s+below\s*$|\s(?:where|and)$",
    re.IGNORECASE,
)


def tokenize(
    text: str, line: int, indent: int = 0, parts: list[tuple[int, str]] | None = None
) -> list[Token]:
    """The items a criteria line holds, in order."""
    full = text
    text = _table_row(text)
    leading, text = split_leading_connector(text)
    marker, body = split_marker(text)
    if marker is not None and leading is None:
        leading, body = split_leading_connector(body)  # "– OR has pain"
    tokens: list[Token] = []
    if marker is not None and marker.style.startswith(("decimal", "multilevel")):
        inner, inner_body = split_marker(body)  # "1. a) There has been ...": item 1 opens with its a)
        if inner is not None and inner.number is not None and inner.style.startswith("alpha"):
            head = Token("", line, marker.style, marker.number, leading, None, lead_in=True, indent=indent)
            tokens.append(head)
            leading = None
            marker, body = inner, inner_body
    style = marker.style if marker else PLAIN
    number = marker.number if marker else None
    # ". X-ray showing ..." after a connector in a "·" cell: a "·" the capture printed as ".".
    body = re.sub(r"\b(AND|OR)\s+\.\s+(?=[A-Z])", r"\1 · ", body)
    first, *cells = INLINE_DOT.split(body)
    source_parts = list(parts or [])
    if first.strip():
        token = _token(first, line, style, number, leading, indent=indent)
        token.parts = _parts_for(source_parts, full, token.text, line)
        tokens.append(token)
        leading = None
        if cells:
            # The text before "·" items labels them: "Recurrent sore throat: · A OR · B".
            token.lead_in = True
            style = f"cell@{line}"
    for cell in cells:
        if cell.strip():
            token = _token(cell, line, style, None, leading, indent=indent)
            token.parts = _parts_for(source_parts, full, token.text, line)
            tokens.append(token)
            leading = None
    return tokens


# A connector followed by a few words that open a group: "AND there have been", "AND THERE HAS BEEN".
_CONNECTOR_FRAGMENT = re.compile(
    r"^(?P<connector>AND|OR)\s+(?P<words>(?:there\s+(?:has|have)\s+been|the\s+patient\s+(?:has|must\s+have)"
    r"(?:\s+had)?|(?:one\s+or\s+more|at\s+least\s+one|any|all)\s+of(?:\s+the\s+following)?)\s*:?)$",
    re.IGNORECASE,
)
_TRAILING_FRAGMENT = re.compile(
    r"^(?P<text>.+?)\s+(?P<connector>AND|OR)\s+(?P<words>there\s+(?:has|have)\s+been)\s*:?$", re.IGNORECASE
)


def connector_fragment(text: str) -> tuple[Connector, str] | None:
    match = _CONNECTOR_FRAGMENT.match(text)
    if match:
        return connector_from(match.group("connector")), match.group("words")
    return None


@dataclass
class OpenGroup:
    """A group while its items are still being read."""

    text: str | None
    line: int | None
    number: str | None = None
    style: str | None = None  # the marker style of its items
    indent: int | None = None  # the indentation of its items
    children: list[OpenGroup | Token] = field(default_factory=list)
    gaps: list[tuple[Connector | None, int]] = field(default_factory=list)  # before children[1:]
    kind: str = "list"  # "list" | "block" | "label" | "item" (a sub-list under an item) | "fragment"
    label: str | None = None  # the label kind of a "label" group (population, stage...)
    details: bool = False  # the items are examples of the lead-in ("... include:")
    parts: list[tuple[int, str]] = field(default_factory=list)  # the lead-in's source pieces

    @property
    def has_stated_connector(self) -> bool:
        return any(connector for connector, _ in self.gaps)

    def has_logic(self) -> bool:
        """Whether it or a group inside it states a connector or quantifier."""
        return (
            self.has_stated_connector
            or quantifier(self.text) is not None
            or any(isinstance(child, OpenGroup) and child.has_logic() for child in self.children)
        )

    def item_texts(self) -> list[str]:
        texts: list[str] = []
        for child in self.children:
            if isinstance(child, OpenGroup):
                texts.append(child.text or "")
                texts.extend(child.item_texts())
            else:
                texts.append(child.text)
        return texts

    def is_empty(self) -> bool:
        return not self.children


_SUBORDINATE = {"decimal": 1, "multilevel": 0, "alpha": 2, "ALPHA": 2, "roman": 3}


def _rank(style: str) -> int | None:
    for prefix, rank in _SUBORDINATE.items():
        if style.startswith(prefix):
            if prefix == "multilevel":
                return int(style.rsplit("-", 1)[1]) - 1
            return rank
    return None


@dataclass
class Join:
    how: str  # "and" | "or" | "also" | "stage"
    line: int


class CriteriaBuilder:
    """Reads criteria lines into blocks of ``OpenGroup`` groups (see module docstring)."""

    def __init__(self, filename: str):
        self.filename = filename
        self.blocks: list[OpenGroup] = [OpenGroup(None, None, kind="block")]
        self.joins: list[Join] = []
        self.stack: list[OpenGroup] = [self.root]
        self.pending: tuple[Connector, int] | None = None
        self.pending_fragment: tuple[str, int] | None = None
        self.awaiting: OpenGroup | None = self.root  # a lead-in whose items have not started
        self.details_of: Token | None = None  # the item whose examples are being read
        self.details_explicit = False
        self.last_token: Token | None = None
        self.warnings: list[Warning] = []

    @property
    def root(self) -> OpenGroup:
        return self.blocks[-1]

    @property
    def is_empty(self) -> bool:
        return all(block.is_empty() for block in self.blocks)

    @property
    def has_started(self) -> bool:
        """Whether any lead-in, item or connector has been read."""
        return bool(self.root.text is not None or not self.is_empty or self.pending)

    @property
    def has_items(self) -> bool:
        return not self.root.is_empty()

    # ------------------------------------------------------------ feeding

    def feed(self, text: str, line: int, indent: int = 0, parts=None, following: str | None = None) -> bool:
        """Take one line; False (nothing taken) when it is not part of this list."""
        connector = own_line_connector(text)
        if connector is not None:
            self._end_details()
            self._add_pending(connector, line)
            return True
        fragment = connector_fragment(text)
        if fragment is not None and not self.is_empty:
            self._end_details()
            self._add_pending(fragment[0], line)
            self.pending_fragment = (fragment[1], line)
            return True
        trailing_fragment = _TRAILING_FRAGMENT.match(text)
        tokens = tokenize(trailing_fragment.group("text") if trailing_fragment else text, line, indent, parts)
        if not tokens:
            return True
        first = tokens[0]
        if self._is_root_lead_in(first):
            self._set_lead_in(self.root, first)
            tokens = tokens[1:]
        elif first.style == PLAIN and first.lead_in and self._starts_block(first):
            if not self._join_block(first):
                return False
            tokens = tokens[1:]
        elif first.style == PLAIN and label_kind(first.text) and self._place_label(first, following):
            tokens = tokens[1:]
        elif self._is_numbered_label(first, following):
            first.label = "scenario"
            self._place_label(first, following, force=True)
            tokens = tokens[1:]
        elif self._details_take(first):
            tokens = tokens[1:]
        elif self._target_for(first) is None:
            return False
        for token in tokens:
            self._place(token)
        if trailing_fragment:
            self._add_pending(connector_from(trailing_fragment.group("connector")), line)
            self.pending_fragment = (trailing_fragment.group("words"), line)
        return True

    def close(self, found: str) -> list[OpenGroup]:
        """Finish the list; ``found`` says what ended it, for messages. The blocks read."""
        if self.pending is not None:
            connector, line = self.pending
            raise CriteriaUnreadable(
                self.filename, line, f"a criterion after '{connector.value}', found {found}"
            )
        awaiting = self.awaiting
        if awaiting is not None and not (awaiting is self.root and awaiting.text is None):
            raise CriteriaUnreadable(
                self.filename, awaiting.line or 1, f"items after '{awaiting.text}', found {found}"
            )
        if self.root.is_empty() and len(self.blocks) > 1:
            self.blocks.pop()
            self.joins.pop()
        return [block for block in self.blocks if not block.is_empty()]

    def reopen_stage(self, line: int) -> None:
        """A stage heading after a closed list ("Referral Criteria"): a new block, all required."""
        self._new_block(Join("stage", line))
        self.root.label = "stage"

    def end_block(self, found: str) -> None:
        """A line that is not criteria ended the current list; a later funding lead-in may add a block."""
        self._end_details()

    # ------------------------------------------------------------ internals

    def _is_root_lead_in(self, token: Token) -> bool:
        return (
            self.awaiting is self.root
            and self.root.text is None
            and token.lead_in
            and token.style == PLAIN
            and self.pending is None
            and label_kind(token.text) is None
        )

    def _set_lead_in(self, group: OpenGroup, token: Token) -> None:
        group.text, group.line, group.number, group.parts = token.text, token.line, token.number, token.parts
        group.details = is_details_lead_in(token.text)

    def _starts_block(self, token: Token) -> bool:
        """An unmarked funding lead-in at the level of the blocks, after a complete list."""
        if not self.has_items or self.awaiting is not None:
            return False
        if any(group.style == PLAIN for group in self.stack[1:]):
            return False  # an unmarked nested list is open: "The patient:" then "– ..." items
        return bool(_FUNDING_WORDS.search(token.text)) or is_stage_lead_in(token.text)

    def _join_block(self, token: Token) -> bool:
        """Start a new block with ``token`` as its lead-in, when the text says how it joins."""
        if self.pending is not None:
            connector, line = self.pending
            how = "or" if connector.joins_as is Connector.OR else "and"
            self.pending = None
        elif re.search(r"\balso\b", token.text, re.IGNORECASE):
            how, line = "also", token.line
        elif is_stage_lead_in(self.root.text or "") or self.root.label == "stage":
            how, line = "stage", token.line
        else:
            return False
        self._new_block(Join(how, line))
        self._set_lead_in(self.root, token)
        return True

    def _new_block(self, join: Join) -> None:
        self._end_details()
        self.joins.append(join)
        self.blocks.append(OpenGroup(None, None, kind="block"))
        self.stack = [self.root]
        self.awaiting = self.root

    def _is_numbered_label(self, token: Token, following: str | None) -> bool:
        """ "1) Washout and debridement in Osteoarthritis" followed by unmarked text: a scenario heading."""
        if token.style == PLAIN or token.number is None or token.lead_in or following is None:
            return False
        if len(token.text.split()) > 8 or token.text.endswith((".", ";", ",", ":")):
            return False
        if split_marker(following)[0] is not None or own_line_connector(following):
            return False
        if self.awaiting is not None and self.awaiting.text is not None:
            return True
        return any(
            any(isinstance(c, OpenGroup) and c.kind == "label" for c in group.children)
            for group in self.stack
        )

    def _label_groups(self) -> list[OpenGroup]:
        return [
            child for child in self.root.children if isinstance(child, OpenGroup) and child.kind == "label"
        ]

    def _place_label(self, token: Token, following: str | None, force: bool = False) -> bool:
        """A branch label: a group of its own at the level of the labels (see the module docstring)."""
        kind = token.label or label_kind(token.text)
        if following is None:
            return False
        if not force and own_line_connector(following):
            return False
        target: OpenGroup | None = None
        if self.awaiting is not None and (self.awaiting.text is not None or self.awaiting.kind == "label"):
            target = self.awaiting if self.awaiting.kind != "label" else None
        if target is None:
            for group in reversed(self.stack):
                if any(isinstance(c, OpenGroup) and c.kind == "label" for c in group.children):
                    target = group
                    break
        if target is None:
            if self.root.is_empty() and self.root.text is None and self.pending is None and kind != "stage":
                # A label before the lead-in ("Children", "Inguinal Hernia Repair"): the block's label.
                self.root.label = kind
                self._end_details()
                return True
            if kind == "stage" and self.has_items:
                # "Referral Criteria" after the pre-referral list: a new block, all required.
                self._new_block(Join("stage", token.line))
                self.root.label = "stage"
                return True
            return False
        self._end_details()
        while self.stack[-1] is not target:
            self.stack.pop()
        connector, gap_line = self._take_connector(token)
        group = OpenGroup(token.text, token.line, token.number, kind="label", label=kind, parts=token.parts)
        if target.children:
            target.gaps.append((connector, gap_line))
        target.children.append(group)
        target.style = target.style or "label"
        self.stack.append(group)
        self.awaiting = group
        return True

    def _add_pending(self, connector: Connector, line: int) -> None:
        if self.pending is not None and self.pending[0] is not connector:
            raise CriteriaUnreadable(
                self.filename,
                line,
                f"one connector between two criteria, found '{self.pending[0].value}' "
                f"and then '{connector.value}'",
            )
        self.pending = (connector, line)

    def _restyle_letter(self, token: Token) -> None:
        """ "i)" after "h)" is the ninth letter, not roman one (likewise "v)" after "u)", "x)" after "w)")."""
        if not token.style.startswith("roman") or token.number is None:
            return
        letter = re.sub(r"[().]", "", token.number)
        alpha_style = token.style.replace("roman", "alpha")
        for group in self.stack:
            if group.style == alpha_style and group.children:
                last = re.sub(r"[().]", "", group.children[-1].number or "")
                if len(letter) == 1 and len(last) == 1 and ord(letter) == ord(last) + 1:
                    token.style = alpha_style

    @staticmethod
    def _same_level(group: OpenGroup, token: Token) -> bool:
        if group.style != token.style:
            return False
        if token.style == PLAIN or group.indent is None:
            return True
        return abs(group.indent - token.indent) <= 1

    def _details_take(self, token: Token) -> bool:
        """An example under the item being detailed ("include:" then items, or deeper sub-bullets)."""
        owner = self.details_of
        if owner is None or self.pending is not None or token.leading is not None:
            return False
        if token.style == PLAIN:
            self._end_details()
            return False
        deeper = token.indent > owner.indent + 1 or (
            token.style != owner.style and _rank(token.style) is None
        )
        if owner.details and owner.details[0].indent > owner.indent + 1 and token.indent <= owner.indent + 1:
            self._end_details()  # back at the level of the item whose details were indented
            return False
        if not (deeper or (self.details_explicit and token.style == owner.style)):
            self._end_details()
            return False
        owner.details.append(token)
        if token.trailing is not None:
            self._end_details()
            self.pending = (token.trailing, token.line)
        return True

    def _end_details(self) -> None:
        self.details_of = None
        self.details_explicit = False

    def _target_for(self, token: Token) -> OpenGroup | str | None:
        """The open group ``token`` belongs to, "sublist", "sibling", or None when the list has ended."""
        self._restyle_letter(token)
        if self.awaiting is not None:
            opened_above = [
                group for group in self.stack if group is not self.awaiting and group.kind != "label"
            ]
            if self.awaiting is self.root or not any(self._same_level(g, token) for g in opened_above):
                return self.awaiting
            if self.awaiting.kind == "label":
                return self.awaiting
            if self.awaiting.style is None and (token.lead_in or token.style != PLAIN):
                return self.awaiting  # "There is sufficient cataract ... and one or more of the following:"
            raise CriteriaUnreadable(
                self.filename,
                self.awaiting.line or token.line,
                f"items after '{self.awaiting.text}', found '{token.text}'",
            )
        connected = self.pending is not None or token.leading is not None
        for group in reversed(self.stack):
            if self._same_level(group, token):
                if group.has_stated_connector and not connected and token.style == PLAIN:
                    return None
                if token.style == PLAIN and not connected and not self._continues_plain(group, token):
                    return None
                return group
        last = self.last_token
        current = self.stack[-1]
        if token.style == PLAIN:
            return None
        if last is None or not current.children:
            return current
        deeper = token.indent > last.indent + 1 and last.style != PLAIN
        last_rank, rank = _rank(last.style), _rank(token.style)
        subordinate = rank is not None and last_rank is not None and rank > last_rank
        if self.pending is None and token.leading is None and (deeper or subordinate):
            return "sublist"
        unconnected = self.pending is None and token.leading is None
        after_lead_in = last.style == PLAIN and last.lead_in and current.children[-1] is last
        if unconnected and current.style == PLAIN and after_lead_in:
            return "sublist"
        return current

    @staticmethod
    def _continues_plain(group: OpenGroup, token: Token) -> bool:
        """Whether an unmarked line with no connector is one more item of an unmarked list.

        It is when it reads like the items before it: a fragment after fragments, or a sentence
        after sentences that is not an explanation; a line after a complete sub-list, or a
        sentence after fragments ("If MRI does not suggest ... options."), ends the list.
        """
        if token.lead_in:
            return True
        if group.kind == "label" and group.children:
            return False  # a label's content is one paragraph or one list
        previous = [child for child in group.children if isinstance(child, Token) and child.style == PLAIN]
        last = group.children[-1] if group.children else None
        if isinstance(last, OpenGroup) and not (last.style or "").startswith("cell@"):
            found = lead_in_operator(_lead_words(group.text))
            if found is None or not found.explicit:
                return False  # a line after a complete sub-list, under a lead-in that names no quantifier
        if not previous:
            return True
        sentence = token.text.endswith((".", "!", "?"))
        if all(not child.text.endswith((".", "!", "?")) for child in previous):
            return not sentence
        return sentence and not _EXPLAINS.search(token.text)

    def _place(self, token: Token) -> None:
        awaiting = self.awaiting
        if (
            awaiting is not None
            and awaiting.text
            and awaiting.text.endswith(":")
            and awaiting.kind in ("list", "block")
            and token.style == PLAIN
            and token.lead_in
            and _FUNDING_OWN.search(token.text)
        ):
            # "... when ALL of the following conditions are satisfied:" then, with nothing between,
            # "The CCGs will fund ... when any of the following": the capture lost the first list.
            raise CriteriaUnreadable(
                self.filename,
                awaiting.line or token.line,
                f"items after '{awaiting.text}', found '{token.text}'",
            )
        target = self._target_for(token)
        if target is None:
            raise CriteriaUnreadable(
                self.filename, token.line, f"a criterion in the list, found '{token.text}'"
            )
        if target == "sublist":
            target = self._open_sublist(token)
        else:
            assert isinstance(target, OpenGroup)
            while self.stack[-1] is not target:
                self.stack.pop()
        connector, gap_line = self._take_connector(token)
        if target.children:
            target.gaps.append((connector, gap_line))
        elif connector is not None and target.kind != "fragment":
            raise CriteriaUnreadable(
                self.filename,
                token.line,
                f"a criterion before '{connector.value}', found '{token.text}' first in its list",
            )
        if target.style is None:
            target.style, target.indent = token.style, token.indent
        self.last_token = token
        if self.pending_fragment is not None:
            words, line = self.pending_fragment
            self.pending_fragment = None
            fragment = OpenGroup(words, line, kind="fragment", style=token.style, indent=token.indent)
            target.children.append(fragment)
            self.stack.append(fragment)
            target = fragment
        if token.lead_in and is_details_lead_in(token.text) and token.style != PLAIN:
            target.children.append(token)
            self.awaiting = None
            self.details_of, self.details_explicit = token, True
        elif token.lead_in:
            group = OpenGroup(token.text or None, token.line, token.number, parts=token.parts)
            group.details = is_details_lead_in(token.text)
            target.children.append(group)
            self.stack.append(group)
            self.awaiting = group
        else:
            target.children.append(token)
            self.awaiting = None
            if re.search(r"\b(?:including|includes?|such\s+as)\s*$", token.text):
                self.details_of, self.details_explicit = token, True
        self.pending = (token.trailing, token.line) if token.trailing else None

    def _open_sublist(self, token: Token) -> OpenGroup:
        """The last item becomes the head of the sub-list ``token`` starts."""
        parent = self.stack[-1]
        last = parent.children[-1]
        group = (
            OpenGroup(last.text, last.line, last.number, kind="item", parts=last.parts)
            if isinstance(last, Token)
            else last
        )
        parent.children[-1] = group
        self.stack.append(group)
        return group

    def _take_connector(self, token: Token) -> tuple[Connector | None, int]:
        """The connector before ``token`` and the line it is printed on (``token``'s line when none is)."""
        if token.leading is not None:
            self._add_pending(token.leading, token.line)
        connector, line = self.pending if self.pending else (None, token.line)
        self.pending = None
        return connector, line


# ------------------------------------------------------------------ prose criteria

# "Referral should only be made when ...", "Surgery is only commissioned if ...",
# "... is not routinely commissioned, with the exception of ...": a criterion stated as a sentence.
_PROSE_FUNDING = re.compile(
    r"\b(?:(?:should|will|may|can|must)\s+only\s+be\s+(?:made|funded|commissioned|offered|considered|referred"
    r"|approved|supported|performed)|(?:is|are)\s+only\s+(?:funded|commissioned|offered|supported)"
    r"|(?:will|should|may)\s+be\s+(?:funded|commissioned|offered|considered)\s+only)\s+"
    r"(?:when|if|where)\s+(?P<cond>.+?)\.?$"
    r"|\bnot\s+routinely\s+(?:commissioned|funded)\b[^.]*?,?\s+(?:with\s+the\s+exception\s+of|except\s+"
    r"(?:for|when|where|if))\s+(?P<exception>.+?)\.?$",
    re.IGNORECASE,
)
# A condition that points elsewhere ("as identified within table 1.0", "see section 3") is not read.
_POINTS_ELSEWHERE = re.compile(r"\b(?:table|section|appendix)\s+\d|\bsee\b|\bbelow\b|\bfollowing\b", re.I)
_PROSE_AND = re.compile(r",\s+and,?\s+|;\s+and\s+|\s+AND\s+")
_PROSE_OR = re.compile(r",\s+or\s+|;\s+or\s+|\s+OR\s+")
_EXCEPT_FOR = re.compile(
    r"^(?:except|save)\s+(?:for|in)\s+(?P<exception>[^,]+),\s+(?P<rest>.+)$", re.IGNORECASE
)
_UNLESS_CLAUSE = re.compile(r"^(?P<rest>.+?),?\s+unless\s+(?P<exception>.+)$", re.IGNORECASE)


def prose_criteria(text: str, line: int, parts: list[tuple[int, str]] | None = None) -> OpenGroup | None:
    """The criteria a sentence states, or None: "X should only be made when A, and, except for B, C".

    Read as printed: ", and" (or "; and", "AND") joins required parts; "except for B, C" and
    "C unless B" are alternatives (B, or else C); ", or" joins alternatives. Words joined by a
    plain "and" stay one criterion ("pain and stiffness"): nothing is split that the text does not.
    """
    match = _PROSE_FUNDING.search(text)
    if match is None:
        return None
    condition = (match.group("cond") or match.group("exception") or "").strip().rstrip(".")
    if len(condition.split()) < 2 or _POINTS_ELSEWHERE.search(condition):
        return None
    source = list(parts or [(line, text)])

    def token(words: str) -> Token:
        words = clean_item_text(words.strip())
        return Token(words, line, PLAIN, parts=_parts_for(source, text, words, line))

    def alternatives(words: list[str]) -> OpenGroup:
        group = OpenGroup(None, line)
        group.children = [token(word) for word in words]
        group.gaps = [(Connector.OR, line) for _ in words[1:]]
        return group

    root = OpenGroup(text, line, kind="block")
    for part in _PROSE_AND.split(condition):
        if not part.strip():
            return None
        excepted = _EXCEPT_FOR.match(part.strip()) or _UNLESS_CLAUSE.match(part.strip())
        ors = [piece for piece in _PROSE_OR.split(part) if piece.strip()]
        child: OpenGroup | Token
        if excepted:
            child = alternatives([excepted.group("exception"), excepted.group("rest")])
        elif len(ors) > 1:
            child = alternatives(ors)
        else:
            child = token(part)
        if root.children:
            root.gaps.append((Connector.AND, line))
        root.children.append(child)
    return root


# ------------------------------------------------------------------ resolving


# An explanation, not a criterion: "... is important and has the benefit of ...", "... because ...".
_EXPLAINS = re.compile(
    r"\b(?:is\s+important|has\s+the\s+benefit|because|will\s+be\s+counselled|is\s+recommended|"
    r"we\s+recommend|evidence|studies)\b",
    re.IGNORECASE,
)


def _describe(open_group: OpenGroup) -> str:
    if open_group.text:
        return f"under '{open_group.text}'"
    first = open_group.children[0]
    return f"starting '{first.text}'" if first.text else "of the list"


@dataclass
class Resolver:
    """Turns ``OpenGroup`` groups into model nodes, choosing each group's operator."""

    filename: str
    warnings: list[Warning] = field(default_factory=list)

    def group(self, open_group: OpenGroup) -> Node:
        if (
            open_group.kind == "item"
            and not open_group.has_stated_connector
            and lead_in_operator(open_group.text) is None
        ):
            return self._as_details(open_group)
        lead = lead_in_operator(_lead_words(open_group.text))
        own = own_criterion(open_group.text) if open_group.text else None
        if own is not None:
            lead = lead_in_operator(own.rest)
        children = [self._node(child) for child in open_group.children]
        line = open_group.line or children[0].line
        node = self._combine(open_group, children, line, lead)
        if not node.parts:
            node.parts = list(open_group.parts)
        if own is not None:
            own_leaf = Leaf(own.text, line, open_group.number)
            own_leaf.parts = _own_parts(open_group, own.text)
            node.parts, node.text = [], None
            return Group(
                Op.ALL,
                [own_leaf, node],
                line,
                open_group.text,
                number=open_group.number,
                connector="stated",
            )
        return node

    def _combine(
        self, open_group: OpenGroup, children: list[Node], line: int, lead: Quantifier | None
    ) -> Group:
        gaps = open_group.gaps
        stated = [connector.joins_as if connector else None for connector, _ in gaps]
        lines = [gap_line for _, gap_line in gaps]
        text, number = open_group.text, open_group.number
        if lead is not None and lead.op is Op.AT_LEAST and (lead.k or 0) > len(children):
            raise CriteriaUnreadable(
                self.filename,
                line,
                f"at least {lead.k} criteria after '{lead.phrase}', found {len(children)}",
            )
        if len(children) == 1:
            op = lead.op if lead is not None and lead.op is not Op.AT_LEAST else Op.ALL
            return Group(
                op, children, line, text, number=number, connector="lead_in", parts=list(open_group.parts)
            )
        labels = [c for c in open_group.children if isinstance(c, OpenGroup) and c.kind == "label"]
        if not any(stated):
            if lead is None or (labels and not lead.explicit):
                label_op = _label_operator(labels)
                if label_op is not None and len(labels) == len(children):
                    return Group(
                        label_op,
                        children,
                        line,
                        text,
                        number=number,
                        connector="lead_in",
                        connector_line=labels[0].line,
                    )
            if lead is None:
                raise CriteriaUnreadable(
                    self.filename,
                    line,
                    f"an AND/OR between the {len(children)} criteria {_describe(open_group)}, or lead-in words "
                    "that say how they combine ('all of the following', 'one of the following'), found neither",
                )
            return Group(
                lead.op, _flat(children, lead.op), line, text, k=lead.k, number=number, connector="lead_in"
            )
        kinds = {connector for connector in stated if connector}
        if lead is not None and lead.op is Op.AT_LEAST:
            if kinds == {Connector.OR}:
                self._warn(
                    line,
                    f"the lead-in says '{lead.phrase}' but its items are joined by OR: read as the lead-in says",
                )
            return Group(lead.op, children, line, text, k=lead.k, number=number, connector="lead_in")
        filled = self._fill(open_group, stated, lead, line)
        filled_kinds = {connector for connector in filled if connector}
        # "A B C D • AND the patient ...": one connector before the last item, after items with none.
        binds_last = len(stated) >= 2 and all(connector is None for connector in stated[:-1])
        if lead is not None and lead.op in (Op.ALL, Op.ANY) and not binds_last:
            contradicting = Connector.OR if lead.op is Op.ALL else Connector.AND
            if contradicting in kinds and kinds == {contradicting}:
                self._warn(
                    line,
                    f"the lead-in says '{lead.phrase}' but its items are joined by {contradicting.value}: "
                    "read as the connectors state",
                )
        first_stated = next(gap_line for connector, gap_line in zip(stated, lines, strict=True) if connector)
        if len(filled_kinds) == 1 and all(
            connector is not None and not isinstance(connector, _Implied) for connector in filled
        ):
            op = Op.ALL if filled_kinds == {Connector.AND} else Op.ANY
            return Group(op, _flat(children, op), line, text, number=number, connector_line=first_stated)
        return self._by_precedence(children, line, text, number, filled, first_stated)

    def _fill(
        self, open_group: OpenGroup, stated: list[Connector | None], lead: Quantifier | None, line: int
    ) -> list[Connector | _Implied]:
        """Every gap's connector: stated, or filled from the lead-in where the text allows it."""
        first = next(index for index, connector in enumerate(stated) if connector)
        last = max(index for index, connector in enumerate(stated) if connector)
        lead_connector = None if lead is None else (Connector.AND if lead.op is Op.ALL else Connector.OR)
        kinds = {connector for connector in stated if connector}
        filled: list[Connector | _Implied] = []
        for index, connector in enumerate(stated):
            if connector is not None:
                filled.append(connector)
                continue
            gap_line = open_group.gaps[index][1]
            if index < first and lead_connector is not None:
                filled.append(_Implied(lead_connector))
            elif lead_connector is None and len(kinds) == 1 and index < first:
                # "A; B; and C": a connector printed once before the last item stands for the list.
                (only,) = kinds
                filled.append(_Implied(only))
            elif (
                index > last
                and lead_connector is not None
                and stated[last] is lead_connector
                or (
                    first < index < last
                    and lead_connector is not None
                    and _neighbours(stated, index) == {lead_connector}
                )
            ):
                filled.append(lead_connector)
            else:
                raise CriteriaUnreadable(
                    self.filename,
                    gap_line,
                    f"an AND/OR between two criteria of the list {_describe(open_group)}, where the list "
                    "states other connectors, found none",
                )
        return filled

    def _by_precedence(
        self,
        children: list[Node],
        line: int,
        text: str | None,
        number: str | None,
        filled: list[Connector | _Implied],
        first_stated: int,
    ) -> Group:
        # Tightest first: the lead-in's implied joins, then runs joined by OR, then AND.
        runs: list[list[Node]] = [[children[0]]]
        run_ops: list[Op | None] = [None]
        for connector, child in zip(filled, children[1:], strict=True):
            if isinstance(connector, _Implied):
                runs[-1].append(child)
                run_ops[-1] = Op.ALL if connector.connector is Connector.AND else Op.ANY
            else:
                runs.append([child])
                run_ops.append(None)
        units: list[Node] = [
            run[0] if len(run) == 1 else Group(op or Op.ALL, run, run[0].line, connector="lead_in")
            for run, op in zip(runs, run_ops, strict=True)
        ]
        explicit = [c for c in filled if not isinstance(c, _Implied)]
        if {c.joins_as for c in explicit} == {Connector.OR}:
            return Group(Op.ANY, _flat(units, Op.ANY), line, text, number=number, connector_line=first_stated)
        if {c.joins_as for c in explicit} == {Connector.AND}:
            return Group(Op.ALL, _flat(units, Op.ALL), line, text, number=number, connector_line=first_stated)
        branches: list[list[Node]] = [[units[0]]]
        for connector, unit in zip(explicit, units[1:], strict=True):
            if connector.joins_as is Connector.AND:
                branches.append([unit])
            else:
                branches[-1].append(unit)
        grouped: list[Node] = [
            branch[0] if len(branch) == 1 else Group(Op.ANY, branch, branch[0].line) for branch in branches
        ]
        self._warn(
            line,
            "criteria joined by both AND and OR with no grouping: read as a list, each run of items joined "
            "by OR one alternative ('A AND B OR C' as 'A AND (B OR C)')",
        )
        return Group(Op.ALL, _flat(grouped, Op.ALL), line, text, number=number, connector_line=first_stated)

    def _as_details(self, open_group: OpenGroup) -> Leaf:
        """Sub-items with no connector under an item that announces no list: details of that item."""
        leaf = Leaf(open_group.text or "", open_group.line or 1, open_group.number)
        leaf.parts = list(open_group.parts)
        for child in open_group.children:
            for token in _tokens(child):
                leaf.details.append(token.text)
                leaf.parts.extend(token.parts)
        self._warn(
            leaf.line,
            f"sub-items under '{_short(leaf.text)}' state no AND/OR: kept as details of that criterion",
        )
        return leaf

    def _node(self, child: OpenGroup | Token) -> Node:
        if isinstance(child, OpenGroup):
            return self.group(child)
        return self._leaf(child)

    def _leaf(self, token: Token) -> Node:
        """A leaf, or a group when capitalised connectors join parts of one item."""
        parts = INLINE_CAPITAL_CONNECTOR.split(token.text)
        if len(parts) == 1:
            leaf = Leaf(token.text, token.line, token.number)
            leaf.parts = list(token.parts)
            for detail in token.details:
                leaf.details.append(detail.text)
                leaf.parts.extend(detail.parts)
            return leaf
        texts = [clean_item_text(part.strip()) for part in parts[0::2]]
        connectors = [connector_from(word) for word in parts[1::2]]
        for index, text in enumerate(texts):
            if not text:
                word, where = (connectors[index - 1], "after") if index else (connectors[0], "before")
                raise CriteriaUnreadable(
                    self.filename,
                    token.line,
                    f"a criterion {where} '{word.value}' in '{token.text}', found none",
                )
        inline = OpenGroup(None, token.line, token.number)
        joined = " ".join(part for _, part in token.parts)
        inline.children = [
            Token(
                text,
                token.line,
                PLAIN,
                parts=clip_parts(tuple(token.parts), joined, text) or [(token.line, text)],
            )
            for text in texts
        ]
        if token.details:
            inline.children[-1].details = token.details
        inline.gaps = [(connector, token.line) for connector in connectors]
        node = self.group(inline)
        return node

    def _warn(self, line: int, message: str) -> None:
        self.warnings.append(Warning(line, message))


@dataclass(frozen=True)
class _Implied:
    connector: Connector

    @property
    def joins_as(self) -> Connector:
        return self.connector


def _flat(children: list[Node], op: Op) -> list[Node]:
    """Children with unlabelled groups of the same operator spliced in ("A; B; and C" is all(A, B, C))."""
    flat: list[Node] = []
    for child in children:
        if isinstance(child, Group) and child.op is op and child.text is None and op is not Op.AT_LEAST:
            flat.extend(child.children)
        else:
            flat.append(child)
    return flat


def _neighbours(stated: list[Connector | None], index: int) -> set[Connector]:
    left = next((c for c in reversed(stated[:index]) if c), None)
    right = next((c for c in stated[index + 1 :] if c), None)
    return {c for c in (left, right) if c}


def _label_operator(labels: list[OpenGroup]) -> Op | None:
    kinds = {label.label for label in labels}
    if kinds <= {"population", "severity"} and kinds:
        return Op.ANY
    if kinds == {"stage"}:
        return Op.ALL
    return None


def _lead_words(text: str | None) -> str | None:
    return lead_sentence(text) if text else text


def _own_parts(open_group: OpenGroup, own: str) -> list[tuple[int, str]]:
    parts = tuple(open_group.parts)
    return clip_parts(parts, " ".join(part for _, part in parts), own) if parts else []


def _tokens(child: OpenGroup | Token) -> list[Token]:
    if isinstance(child, Token):
        return [child, *child.details]
    tokens = [Token(child.text or "", child.line or 1, PLAIN, parts=list(child.parts))] if child.text else []
    for grandchild in child.children:
        tokens.extend(_tokens(grandchild))
    return tokens


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _join_blocks(blocks: list[Group], joins: list[Join]) -> Group:
    """Blocks joined as the text says: "or" and "also" bind tighter than "and" and stages."""
    runs: list[list[Group]] = [[blocks[0]]]
    run_lines: list[int | None] = [None]
    for join, block in zip(joins, blocks[1:], strict=True):
        if join.how in ("or", "also"):
            runs[-1].append(block)
            run_lines[-1] = run_lines[-1] or join.line
        else:
            runs.append([block])
            run_lines.append(None)
    units: list[Node] = []
    for run, run_line in zip(runs, run_lines, strict=True):
        if len(run) == 1:
            units.append(run[0])
        else:
            units.append(Group(Op.ANY, list(run), run[0].line, connector="stated", connector_line=run_line))
    if len(units) == 1:
        only = units[0]
        assert isinstance(only, Group)
        return only
    and_line = next(join.line for join in joins if join.how in ("and", "stage"))
    how = {join.how for join in joins if join.how in ("and", "stage")}
    return Group(
        Op.ALL,
        units,
        units[0].line,
        connector="stated" if "and" in how else "lead_in",
        connector_line=and_line,
    )


def resolve(open_group: OpenGroup | list[OpenGroup], filename: str, joins: list[Join] | None = None):
    """The model tree of a finished list, and the warnings reading it gave.

    Raises ``CriteriaUnreadable`` when the text does not say how its criteria combine.
    """
    resolver = Resolver(filename)
    blocks = open_group if isinstance(open_group, list) else [open_group]
    trees: list[Group] = []
    for block in blocks:
        tree = resolver.group(block)
        if isinstance(tree, Leaf):
            tree = Group(Op.ALL, [tree], tree.line, connector="lead_in")
        # A root without a lead-in that holds one group is that group.
        if tree.text is None and len(tree.children) == 1 and isinstance(tree.children[0], Group):
            tree = tree.children[0]
        trees.append(tree)
    tree = trees[0] if len(trees) == 1 else _join_blocks(trees, joins or [])
    return tree, resolver.warnings


# Words a complete sentence does not end on: "… and is suffering from."
DANGLING_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "from",
        "with",
        "by",
        "for",
        "than",
        "as",
        "at",
        "into",
        "onto",
        "upon",
        "via",
        "whose",
        "their",
        "its",
        "his",
        "her",
        "our",
        "your",
        "such",
        "is",
        "are",
        "was",
        "were",
        "be",
    ]
)
_LAST_WORD = re.compile(r"([A-Za-z]+)[\s.,;:*]*$")


def ends_mid_sentence(text: str) -> bool:
    """Whether ``text`` stops on a word no sentence ends with (a cut-off sentence).

    Only texts of three words or more: a one-word item ("A", "Or") is a label, not a sentence.
    """
    match = _LAST_WORD.search(text)
    return len(text.split()) >= 3 and match is not None and match.group(1).lower() in DANGLING_WORDS
