"""Build the AND/OR tree of a policy's eligibility criteria.

Input: the lines of the criteria part, one at a time (``CriteriaBuilder.feed``),
until the caller meets a line that is not criteria (a heading, a metadata
field, a definition footnote) or ``feed`` itself says the list has ended.

How the layouts of ``shared/phrasing.md`` §5 map to the tree:

- **Lists and nesting.** Items are grouped by the *style* of their marker
  (see ``layout``), never by indentation. An item whose text ends with ":"
  or announces "the following" is a lead-in: the items after it, in a style
  of their own, are its group ("The patient:" then "– ..." items). An item
  followed by items in a new marker style is the lead-in of that sub-list
  ("1. ..." then "a) b) c)"). An item in a style already open returns to
  that list. Unmarked text cannot open a sub-list, so unmarked text after a
  marked list that started unmarked returns to the outer list, and after a
  list of marked items only, ends the criteria.
- **The first line** of the criteria, when it is an unmarked lead-in
  ("LLR ICB will only fund this procedure if the following criteria is
  met"), is the root's ``text``.
- **Connectors** between two items come from a line of their own, the end of
  the first item or the start of the second; they belong to the list of the
  item that follows them. Capitalised connectors inside one item split it
  ("moderate symptoms AND not responded to ..." is an ``all`` of two leaves).
  A "·"-separated table cell is a list of its own under the cell's label.
- **Which operator.** A quantifier in the lead-in decides: "all of the
  following" -> all; "any (one) of", "one of", "at least one of", "one or
  more of", "either of", "ONE of the following sections" -> any; "2 or more
  of the following", "at least two of" -> at_least k. Otherwise the stated
  connectors decide: all AND -> all, all OR (AND/OR included: an inclusive
  or) -> any. A connector printed once before the last item ("A; B; and
  C") stands for the whole list. When a quantifier and the connectors
  disagree, the quantifier is used and a warning is given.
- **Precedence.** "A AND B OR C" with no grouping is read with AND binding
  tighter than OR: any(all(A, B), C), with a warning that precedence was
  applied.
- **Refused, never guessed** (``ParseError``): a list of two or more items
  with no connector and no quantifier ("the following criteria:" then three
  bullets); a connector with no criterion after it (or before it); a lead-in
  or quantifier with no items; "at least 3 of" over two items; a list that
  mixes stated and missing connectors where both AND and OR appear.
- An item with stated connectors followed by an item with none ends the
  list: the second item is not a criterion (a note after the list), and the
  caller reports it as text that was not read.

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
from sources.parsing.contract import Warning
from sources.parsing.errors import ParseError

PLAIN = "plain"

COUNT = r"(?:\d+|" + "|".join(NUMBER_WORDS) + r")"
_WHAT = r"(?:of\s+)?(?:the\s+following|these|the\s+criteria|the\s+below|criteria)"

AT_LEAST = re.compile(
    rf"\b(?:at\s+least\s+(?P<a>{COUNT})|(?P<b>{COUNT})\s+or\s+more)\s+{_WHAT}", re.IGNORECASE
)
ANY = re.compile(rf"\b(?:any(?:\s+one)?|one|either)\s+{_WHAT}", re.IGNORECASE)
ALL = re.compile(rf"\b(?:all|both|each)\s+{_WHAT}", re.IGNORECASE)

# "… the following criteria is met", "… of the following:" — announces a list.
ANNOUNCES_LIST = re.compile(r"\bthe\s+following\b[^:]*$", re.IGNORECASE)


def count_value(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


@dataclass(frozen=True)
class Quantifier:
    op: Op
    k: int | None
    phrase: str


def quantifier(text: str | None) -> Quantifier | None:
    """The quantifier a lead-in states, or None when it states none."""
    if not text:
        return None
    match = AT_LEAST.search(text)
    if match:
        k = count_value(match.group("a") or match.group("b"))
        if k == 1:
            return Quantifier(Op.ANY, None, match.group(0))
        return Quantifier(Op.AT_LEAST, k, match.group(0))
    match = ANY.search(text)
    if match:
        return Quantifier(Op.ANY, None, match.group(0))
    match = ALL.search(text)
    if match:
        return Quantifier(Op.ALL, None, match.group(0))
    return None


def is_lead_in(text: str) -> bool:
    """Text that introduces a list rather than stating a criterion."""
    return text.endswith(":") or bool(ANNOUNCES_LIST.search(text))


def clean_item_text(text: str) -> str:
    """Item text without the "," or ";" that joined it to the next item."""
    return text.rstrip(" ,;")


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


def _table_row(text: str) -> str:
    """ "| Label | · a OR · b |" -> "Label: · a OR · b" (a table row holding a list)."""
    if not (text.startswith("|") and text.endswith("|")):
        return text
    cells = [cell.strip() for cell in text.strip("|").split("|") if cell.strip()]
    if len(cells) < 2:
        return " ".join(cells)
    label = cells[0] if cells[0].endswith(":") else cells[0] + ":"
    return " ".join([label, *cells[1:]])


def _token(text: str, line: int, style: str, number: str | None, leading: Connector | None) -> Token:
    text, trailing = split_trailing_connector(text.strip())
    text = clean_item_text(text)
    return Token(text, line, style, number, leading, trailing, lead_in=is_lead_in(text))


def tokenize(text: str, line: int) -> list[Token]:
    """The items a criteria line holds, in order."""
    text = _table_row(text)
    leading, text = split_leading_connector(text)
    marker, body = split_marker(text)
    if marker is not None and leading is None:
        leading, body = split_leading_connector(body)  # "– OR has pain"
    style = marker.style if marker else PLAIN
    number = marker.number if marker else None
    first, *cells = INLINE_DOT.split(body)
    tokens: list[Token] = []
    if first.strip():
        tokens.append(_token(first, line, style, number, leading))
        leading = None
        if cells:
            # The text before "·" items labels them: "Recurrent sore throat: · A OR · B".
            tokens[0].lead_in = True
            style = f"cell@{line}"
    for cell in cells:
        if cell.strip():
            tokens.append(_token(cell, line, style, None, leading))
            leading = None
    return tokens


@dataclass
class OpenGroup:
    """A group while its items are still being read."""

    text: str | None
    line: int | None
    number: str | None = None
    style: str | None = None  # the marker style of its items
    children: list[OpenGroup | Token] = field(default_factory=list)
    gaps: list[tuple[Connector | None, int]] = field(default_factory=list)  # before children[1:]

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


class CriteriaBuilder:
    """Reads criteria lines into a tree of ``OpenGroup`` groups (see module docstring)."""

    def __init__(self, filename: str):
        self.filename = filename
        self.root = OpenGroup(None, None)
        self.stack: list[OpenGroup] = [self.root]
        self.pending: tuple[Connector, int] | None = None
        self.awaiting: OpenGroup | None = self.root  # a lead-in whose items have not started

    @property
    def is_empty(self) -> bool:
        return not self.root.children

    @property
    def has_started(self) -> bool:
        """Whether any lead-in, item or connector has been read."""
        return bool(self.root.text is not None or self.root.children or self.pending)

    def feed(self, text: str, line: int) -> bool:
        """Take one line; False (nothing taken) when it is not part of this list."""
        connector = own_line_connector(text)
        if connector is not None:
            self._add_pending(connector, line)
            return True
        tokens = tokenize(text, line)
        if not tokens:
            return True
        first = tokens[0]
        if self._is_root_lead_in(first):
            self.root.text, self.root.line, self.root.number = first.text, first.line, first.number
            tokens = tokens[1:]
        elif self._target_for(first) is None:
            return False
        for token in tokens:
            self._place(token)
        return True

    def close(self, found: str) -> OpenGroup | None:
        """Finish the list; ``found`` says what ended it, for error messages."""
        if self.pending is not None:
            connector, line = self.pending
            raise ParseError(self.filename, line, f"a criterion after '{connector.value}', found {found}")
        if self.awaiting is not None and not (self.awaiting is self.root and self.root.text is None):
            raise ParseError(
                self.filename, self.awaiting.line or 1, f"items after '{self.awaiting.text}', found {found}"
            )
        return None if self.is_empty else self.root

    # ------------------------------------------------------------ internals

    def _is_root_lead_in(self, token: Token) -> bool:
        return (
            self.awaiting is self.root
            and self.root.text is None
            and token.lead_in
            and token.style == PLAIN
            and self.pending is None
        )

    def _add_pending(self, connector: Connector, line: int) -> None:
        if self.pending is not None and self.pending[0] is not connector:
            raise ParseError(
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

    def _target_for(self, token: Token) -> OpenGroup | str | None:
        """The open group ``token`` belongs to, "sublist", or None when the list has ended."""
        self._restyle_letter(token)
        if self.awaiting is not None:
            opened_above = [group.style for group in self.stack if group is not self.awaiting]
            if self.awaiting is self.root or token.style not in opened_above:
                return self.awaiting
            raise ParseError(
                self.filename,
                self.awaiting.line or token.line,
                f"items after '{self.awaiting.text}', found '{token.text}'",
            )
        for group in reversed(self.stack):
            if group.style == token.style:
                connected = self.pending is not None or token.leading is not None
                if group.has_stated_connector and not connected:
                    return None
                return group
        if token.style == PLAIN:
            return None
        return "sublist"

    def _place(self, token: Token) -> None:
        target = self._target_for(token)
        if target is None:
            raise ParseError(self.filename, token.line, f"a criterion in the list, found '{token.text}'")
        if target == "sublist":
            target = self._open_sublist(token)
        else:
            while self.stack[-1] is not target:
                self.stack.pop()
        connector = self._take_connector(token)
        if target.children:
            target.gaps.append((connector, token.line))
        elif connector is not None:
            raise ParseError(
                self.filename,
                token.line,
                f"a criterion before '{connector.value}', found '{token.text}' first in its list",
            )
        target.style = target.style or token.style
        if token.lead_in:
            group = OpenGroup(token.text, token.line, token.number)
            target.children.append(group)
            self.stack.append(group)
            self.awaiting = group
        else:
            target.children.append(token)
            self.awaiting = None
        self.pending = (token.trailing, token.line) if token.trailing else None

    def _open_sublist(self, token: Token) -> OpenGroup:
        """The last item becomes the lead-in of the sub-list ``token`` starts."""
        parent = self.stack[-1]
        last = parent.children[-1]
        if self.pending is not None:
            raise ParseError(
                self.filename,
                token.line,
                f"a criterion after '{self.pending[0].value}' at the level of '{last.text}', "
                f"found the sub-item '{token.text}'",
            )
        group = OpenGroup(last.text, last.line, last.number) if isinstance(last, Token) else last
        parent.children[-1] = group
        self.stack.append(group)
        return group

    def _take_connector(self, token: Token) -> Connector | None:
        if token.leading is not None:
            self._add_pending(token.leading, token.line)
        connector = self.pending[0] if self.pending else None
        self.pending = None
        return connector


# ------------------------------------------------------------------ resolving


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

    def group(self, open_group: OpenGroup) -> Group:
        children = [self._node(child) for child in open_group.children]
        line = open_group.line or children[0].line
        gaps = open_group.gaps
        stated = [connector.joins_as if connector else None for connector, _ in gaps]
        found = quantifier(open_group.text)
        if found is not None:
            return self._quantified(open_group, children, line, stated, found)
        if len(children) == 1:
            return Group(Op.ALL, children, line, open_group.text, number=open_group.number)
        kinds = {connector for connector in stated if connector}
        if not kinds:
            raise ParseError(
                self.filename,
                line,
                f"an AND/OR between the criteria {_describe(open_group)} or a quantifier such as "
                f"'all of the following', found neither",
            )
        if len(kinds) == 1:
            op = Op.ALL if kinds == {Connector.AND} else Op.ANY
            return Group(op, children, line, open_group.text, number=open_group.number)
        return self._by_precedence(open_group, children, line, stated)

    def _quantified(
        self,
        open_group: OpenGroup,
        children: list[Node],
        line: int,
        stated: list[Connector | None],
        found: Quantifier,
    ) -> Group:
        if found.op is Op.AT_LEAST and (found.k or 0) > len(children):  # quantifier() gives AT_LEAST a k
            raise ParseError(
                self.filename,
                line,
                f"at least {found.k} criteria after '{found.phrase}', found {len(children)}",
            )
        contradicting = Connector.OR if found.op is Op.ALL else Connector.AND
        if contradicting in stated:
            self.warnings.append(
                Warning(
                    line,
                    (
                        f"the lead-in says '{found.phrase}' but its items are joined by "
                        f"{contradicting.value}: "
                        f"read as the lead-in says"
                    ),
                )
            )
        return Group(found.op, children, line, open_group.text, k=found.k, number=open_group.number)

    def _by_precedence(
        self, open_group: OpenGroup, children: list[Node], line: int, stated: list[Connector | None]
    ) -> Group:
        if None in stated:
            missing_at = open_group.gaps[stated.index(None)][1]
            raise ParseError(
                self.filename,
                missing_at,
                "an AND/OR between every two criteria of a list that mixes AND and OR, found none",
            )
        runs: list[list[Node]] = [[children[0]]]
        for connector, child in zip(stated, children[1:], strict=True):
            if connector is Connector.OR:
                runs.append([child])
            else:
                runs[-1].append(child)
        branches: list[Node] = [run[0] if len(run) == 1 else Group(Op.ALL, run, run[0].line) for run in runs]
        self.warnings.append(
            Warning(
                line,
                (
                    "criteria joined by both AND and OR with no grouping: read with AND binding tighter "
                    "than OR "
                    "('A AND B OR C' as '(A AND B) OR C')"
                ),
            )
        )
        return Group(Op.ANY, branches, line, open_group.text, number=open_group.number)

    def _node(self, child: OpenGroup | Token) -> Node:
        if isinstance(child, OpenGroup):
            return self.group(child)
        return self._leaf(child)

    def _leaf(self, token: Token) -> Node:
        """A leaf, or a group when capitalised connectors join parts of one item."""
        parts = INLINE_CAPITAL_CONNECTOR.split(token.text)
        if len(parts) == 1:
            return Leaf(token.text, token.line, token.number)
        texts = [clean_item_text(part.strip()) for part in parts[0::2]]
        connectors = [connector_from(word) for word in parts[1::2]]
        for index, text in enumerate(texts):
            if not text:
                word, where = (connectors[index - 1], "after") if index else (connectors[0], "before")
                raise ParseError(
                    self.filename,
                    token.line,
                    f"a criterion {where} '{word.value}' in '{token.text}', found none",
                )
        inline = OpenGroup(None, token.line, token.number)
        inline.children = [Token(text, token.line, PLAIN) for text in texts]
        inline.gaps = [(connector, token.line) for connector in connectors]
        return self.group(inline)


def resolve(open_group: OpenGroup, filename: str) -> tuple[Group, list[Warning]]:
    """The model tree of a finished list, and the warnings reading it gave."""
    resolver = Resolver(filename)
    tree = resolver.group(open_group)
    # A root without a lead-in that holds one group is that group.
    if tree.text is None and len(tree.children) == 1 and isinstance(tree.children[0], Group):
        tree = tree.children[0]
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
