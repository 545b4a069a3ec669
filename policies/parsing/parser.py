"""Read a captured ICB threshold-policy page into a ``ParsedDocument``.

A policy page, once ``cleanup`` has removed the site furniture, reads top to
bottom as (every part optional except the criteria, in varying order):

    <page heading / "Policy for <subject>">            -> title
    header fields ("Policy number:", "Status:", dates)  -> metadata
    "Category" / "Threshold Criteria"                   -> category
    description paragraphs ("In hip resurfacing, ...")  -> description (+ contraindications)
    <criteria heading: "Eligibility", "Threshold", "Commissioning position", "2. Criteria"...>
    <lead-in: "... will only fund this procedure if the following criteria is met">
    <criteria: items, connectors, sub-lists>            -> criteria tree
    <"*Term is defined as:" + items, "Definitions">     -> definitions
    <"Exclusions to policy", "This policy does not apply to:", "N.B. ...">  -> exclusions
    trailer fields ("ARP 55 Review Date: 2026")          -> reference, dates

Without a criteria heading, the criteria start at the first lead-in that
speaks of funding or criteria, or that states a quantifier ("if ALL of the
following apply:"). The criteria end at a heading, a field, a definition, an
exclusion list, or where ``CriteriaBuilder`` says the list has ended. Text
after the criteria that is neither a definition, an exclusion nor a note is
reported as a warning ("not read"), never silently turned into a criterion.

Thresholds and durations are read from every criterion, lead-in and
definition (``leaf`` is set for a criterion's own); age limits only from the
criteria: an age in an exclusion ("Children (<16) ... are referred elsewhere")
states who is out of scope, and is not turned into a limit by inversion.

Refused with ``ParseError``: a page with no criteria; a second criteria
heading after a complete list (two trees cannot be joined without a stated
connector); an impossible date; and what ``criteria`` refuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from policies.parsing import scope
from policies.parsing.cleanup import drop_cruft
from policies.parsing.criteria import (
    CriteriaBuilder,
    OpenGroup,
    clean_item_text,
    ends_mid_sentence,
    is_lead_in,
    quantifier,
    resolve,
)
from policies.parsing.definitions import (
    DefinitionStart,
    definition_start,
    is_table_rule,
    link_definitions,
    section_entry,
)
from policies.parsing.keys import KeyMaker
from policies.parsing.layout import (
    Part,
    heading_part,
    own_line_connector,
    split_marker,
    split_trailing_connector,
)
from policies.parsing.measures import find_age_bounds, find_durations, find_thresholds
from policies.parsing.metadata import (
    Field,
    choose_organisation,
    find_organisations,
    is_funding_status,
    label_alone,
    page_heading,
    read_date,
    read_fields,
    title_from_line,
)
from policies.parsing.model import (
    AgeLimits,
    Definition,
    Duration,
    Exclusion,
    Group,
    Leaf,
    Mention,
    Node,
    Policy,
    Threshold,
)
from sources.parsing.contract import DatedValue, DocumentKind, ParsedDocument, Warning
from sources.parsing.errors import ParseError
from sources.parsing.text import SourceLine, source_lines

# A preamble lead-in opens the criteria when it speaks of funding or criteria.
FUNDING_OR_CRITERIA = re.compile(
    r"\b(?:fund|commission|eligib|criteri|offer|approv|refer|provid)", re.IGNORECASE
)
_PROSE_MIN_WORDS = 10


class State(Enum):
    PREAMBLE = "preamble"
    CRITERIA = "criteria"
    AFTER = "after"  # after the criteria, outside any known section
    DEFINITIONS = "definitions"
    EXCLUSIONS = "exclusions"
    DESCRIPTION = "description"
    OTHER = "other"


def is_criteria_lead_in(text: str) -> bool:
    if scope.is_exclusion_lead_in(text):
        return False
    return quantifier(text) is not None or (is_lead_in(text) and bool(FUNDING_OR_CRITERIA.search(text)))


def is_prose(text: str) -> bool:
    return text.endswith((".", "!", "?")) or len(text.split()) >= _PROSE_MIN_WORDS


def is_list_line(text: str) -> bool:
    return own_line_connector(text) is not None or split_marker(text)[0] is not None


@dataclass
class _DefinitionBlock:
    start: DefinitionStart
    line: int
    builder: CriteriaBuilder
    return_to: State
    from_table: bool = False


@dataclass
class _ExclusionBlock:
    lead_in: str | None
    line: int
    from_heading: bool  # a heading's block runs to the next heading; a lead-in's to its last item
    return_to: State
    items: int = 0


@dataclass
class _Collecting:
    """A label printed alone ("Category"): its value is on the next line(s)."""

    name: str
    values: list[SourceLine] = field(default_factory=list)


class PolicyReader:
    """One parse of one policy page (see the module docstring for the layout)."""

    def __init__(self, filename: str):
        self.filename = filename
        self.state = State.PREAMBLE
        self.warnings: list[Warning] = []
        self.builder: CriteriaBuilder | None = None
        self.criteria_open: OpenGroup | None = None
        self.criteria_heading_line: int | None = None
        self.definition_block: _DefinitionBlock | None = None
        self.exclusion_block: _ExclusionBlock | None = None
        self.collecting: _Collecting | None = None
        self.definitions: list[Definition] = []
        self.exclusions: list[tuple[str, int, str | None]] = []
        self.description: list[SourceLine] = []
        self.organisations: list[tuple[str, int]] = []
        self.title: tuple[str, int] | None = None
        self.heading_title: tuple[str, int] | None = None
        self.seen_content = False
        self.dates: dict[str, DatedValue] = {}
        self.values: dict[str, tuple[str, int]] = {}  # reference, category, status...
        self.places: list[str] = []
        self.ifr: Mention | None = None

    # ------------------------------------------------------------ reading

    def read(self, text: str) -> ParsedDocument:
        for line in drop_cruft(source_lines(text)):
            if line.text:
                self.organisations.extend((name, line.number) for name in find_organisations(line.text))
            self._dispatch(line)
        self._end_blocks("the end of the document")
        if self.criteria_open is None:
            raise ParseError(
                self.filename,
                self.criteria_heading_line or 1,
                "eligibility criteria (items joined by AND/OR or introduced by a quantifier such "
                "as 'all of the following'), found none",
            )
        return self._document()

    def _dispatch(self, line: SourceLine) -> None:
        text = line.text
        if not text:
            if self.collecting and self.collecting.values:
                self._finish_collecting()
            return
        if self.collecting is not None:
            # A category's value often reads like a heading ("Threshold Criteria"); places do not.
            ends_places = self.collecting.name == "places_covered" and heading_part(text) is not None
            if read_fields(text) or label_alone(text) or ends_places:
                self._finish_collecting()
            else:
                self.collecting.values.append(line)
                if self.collecting.name == "category":
                    self._finish_collecting()
                return
        fields = read_fields(text)
        if fields:
            self._fields(fields, line)
            return
        alone = label_alone(text)
        if alone:
            self._end_blocks(f"'{text}'")
            self.collecting = _Collecting(alone)
            return
        part = heading_part(text)
        # Among criteria only an unmarked line is a heading: "– Exceptions" would be an item.
        if part is not None and (self.state is not State.CRITERIA or split_marker(text)[0] is None):
            self._heading(part, line)
            return
        if self._definition(line):
            return
        if self.definition_block is not None:
            if is_list_line(text) and self.definition_block.builder.feed(text, line.number):
                return
            self._finish_definition(f"'{text}'")
        handler = {
            State.PREAMBLE: self._preamble,
            State.CRITERIA: self._criteria,
            State.AFTER: self._after,
            State.DEFINITIONS: self._definitions_section,
            State.EXCLUSIONS: self._exclusions,
            State.DESCRIPTION: self._description,
            State.OTHER: lambda line: None,
        }[self.state]
        handler(line)

    # ------------------------------------------------------------ fields and headings

    def _fields(self, fields: list[Field], line: SourceLine) -> None:
        if not (self.builder is not None and not self.builder.has_started):
            self._end_blocks(f"'{line.text}'")
        for found in fields:
            if found.code:
                self._value("reference", found.code, line.number)
            if found.is_date:
                self._date(found, line.number)
            elif found.name == "status":
                name = "funding_status" if is_funding_status(found.value) else "document_status"
                self._value(name, found.value, line.number)
            elif found.name == "places_covered":
                self.places.append(found.value)
                self.values.setdefault("places_covered", (found.value, line.number))
            elif found.value:
                self._value(found.name, found.value.rstrip("."), line.number)
            else:
                self.collecting = _Collecting(found.name)

    def _date(self, found: Field, line: int) -> None:
        try:
            value = read_date(found.value)
        except ValueError:
            raise ParseError(
                self.filename, line, f"a real date after '{found.label}:', found '{found.value}'"
            ) from None
        if value is None:
            self.warnings.append(Warning(line, f"a date after '{found.label}:', found '{found.value}'"))
            return
        existing = self.dates.get(found.name)
        if existing is None:
            self.dates[found.name] = DatedValue(value, line)
        elif existing.value != value:
            self.warnings.append(
                Warning(
                    line,
                    (
                        f"a second {found.name} date ({value}) differs from the one on line {existing.line} "
                        f"({existing.value}): the first is kept"
                    ),
                )
            )

    def _value(self, name: str, value: str, line: int) -> None:
        self.values.setdefault(name, (value, line))

    def _finish_collecting(self) -> None:
        collecting, self.collecting = self.collecting, None
        assert collecting is not None  # called only while a label collects its value
        if not collecting.values:
            return
        if collecting.name == "places_covered":
            self.places.extend(split_marker(line.text)[1] for line in collecting.values)
            self.values.setdefault("places_covered", (self.places[0], collecting.values[0].number))
        else:
            first = collecting.values[0]
            self._value(collecting.name, first.text, first.number)

    def _heading(self, part: Part, line: SourceLine) -> None:
        if part is Part.CRITERIA:
            if self.builder is not None and not self.builder.has_started:
                self.state = State.CRITERIA  # "Commissioning position" then "Criteria": still waiting
                return
            self._end_blocks(f"the heading '{line.text}'")
            if self.criteria_open is not None:
                raise ParseError(
                    self.filename,
                    line.number,
                    "one list of criteria (further lists joined to it by AND/OR or introduced by "
                    f"'one of the following'), found a second one under '{line.text}'",
                )
            self.builder = CriteriaBuilder(self.filename)
            self.criteria_heading_line = line.number
            self.state = State.CRITERIA
            return
        self._end_blocks(f"the heading '{line.text}'")
        if part is Part.EXCLUSIONS:
            self.exclusion_block = _ExclusionBlock(
                line.text.rstrip(":"), line.number, True, self._resting_state()
            )
        self.state = {
            Part.DEFINITIONS: State.DEFINITIONS,
            Part.EXCLUSIONS: State.EXCLUSIONS,
            Part.DESCRIPTION: State.DESCRIPTION,
            Part.OTHER: State.OTHER,
        }[part]

    def _resting_state(self) -> State:
        return State.AFTER if self.criteria_open is not None else State.PREAMBLE

    def _end_blocks(self, found: str) -> None:
        """A field, heading or definition ends whatever list is open."""
        if self.definition_block is not None:
            self._finish_definition(found)
        if self.exclusion_block is not None:
            self._end_exclusion_list(self.exclusion_block)
        if self.builder is not None and self.builder.has_started:
            self._close_criteria(found)
        else:
            # A criteria heading with nothing under it: the page has no criteria there.
            self.builder = None
            if self.state in (State.CRITERIA, State.DEFINITIONS, State.DESCRIPTION, State.OTHER):
                self.state = self._resting_state()

    def _close_criteria(self, found: str) -> None:
        builder, self.builder = self.builder, None
        assert builder is not None  # called only while criteria are being read
        self.criteria_open = builder.close(found)
        self.state = self._resting_state()

    # ------------------------------------------------------------ definitions

    def _definition(self, line: SourceLine) -> bool:
        if self.state is State.OTHER or self.state is State.DESCRIPTION:
            return False
        in_section = self.state is State.DEFINITIONS
        if in_section and is_table_rule(line.text):
            self._drop_table_header()
            return True
        start = section_entry(line.text) if in_section else definition_start(line.text)
        if start is None:
            return False
        return_to = State.DEFINITIONS if in_section else None
        self._end_blocks(f"the definition '{line.text}'")
        self.definition_block = _DefinitionBlock(
            start,
            line.number,
            CriteriaBuilder(self.filename),
            return_to or self._resting_state(),
            from_table=line.text.startswith("|"),
        )
        self.state = self.definition_block.return_to
        return True

    def _drop_table_header(self) -> None:
        """A "|---|" rule: the row before it was the table's header, not a definition."""
        block = self.definition_block
        if block is not None and block.from_table and block.builder.is_empty:
            self.definition_block = None

    def _finish_definition(self, found: str) -> None:
        block, self.definition_block = self.definition_block, None
        assert block is not None  # called only while a definition is open
        open_items = block.builder.close(found)
        items: list[str] = []
        criteria: Node | None = None
        if open_items is not None:
            open_items.text, open_items.line = block.start.text, block.line
            items = [text for text in open_items.item_texts() if text]
            if open_items.has_logic():
                criteria, warnings = resolve(open_items, self.filename)
                self.warnings.extend(warnings)
        elif block.start.text.endswith(":"):
            self.warnings.append(
                Warning(block.line, f"a definition ending ':' with no items: '{block.start.text}'")
            )
        self.definitions.append(
            Definition(
                term=block.start.term,
                text=block.start.text,
                line=block.line,
                marker=block.start.marker,
                items=items,
                criteria=criteria,
            )
        )

    def _definitions_section(self, line: SourceLine) -> None:
        self.warnings.append(
            Warning(
                line.number, f"a line among the definitions that defines no term, not read: '{line.text}'"
            )
        )

    # ------------------------------------------------------------ criteria

    def _criteria(self, line: SourceLine) -> None:
        text = line.text
        if scope.is_aside(text):
            self._aside(line)
            return
        if scope.is_exclusion_lead_in(text):
            self._close_criteria(f"'{text}'")
            self.exclusion_block = _ExclusionBlock(text, line.number, False, self._resting_state())
            self.state = State.EXCLUSIONS
            return
        assert self.builder is not None  # State.CRITERIA always has a builder
        if self.builder.feed(text, line.number):
            return
        self._close_criteria(f"'{text}'")
        self._dispatch(line)

    def _aside(self, line: SourceLine) -> None:
        """A note among the criteria: exclusions, the IFR route, funding status — never a criterion."""
        if not self._prose_facts(line):
            self.warnings.append(
                Warning(line.number, f"a note among the criteria, not read as a criterion: '{line.text}'")
            )

    def _prose_facts(self, line: SourceLine) -> bool:
        """Exclusions, IFR route and funding status stated in a prose line; whether any was."""
        found = False
        for sentence in scope.exclusion_sentences(line.text):
            self.exclusions.append((sentence, line.number, None))
            found = True
        ifr = scope.ifr_sentence(line.text)
        if ifr:
            self.ifr = self.ifr or Mention(ifr, line.number)
            found = True
        not_routinely = scope.not_routinely_commissioned(line.text)
        if not_routinely:
            self._value("not_routinely", not_routinely, line.number)
            found = True
        return found

    # ------------------------------------------------------------ other parts

    def _preamble(self, line: SourceLine) -> None:
        text = line.text
        first_content = not self.seen_content
        self.seen_content = True
        if scope.is_exclusion_lead_in(text):
            self.exclusion_block = _ExclusionBlock(text, line.number, False, State.PREAMBLE)
            self.state = State.EXCLUSIONS
            return
        if is_criteria_lead_in(text):
            self.builder = CriteriaBuilder(self.filename)
            self.state = State.CRITERIA
            self.builder.feed(text, line.number)
            return
        title = title_from_line(text)
        if title is not None:
            self.title = self.title or (title, line.number)
            return
        if first_content and page_heading(text):
            self.heading_title = (text, line.number)
            return
        self._prose_facts(line)
        if is_prose(text):
            self.description.append(line)

    def _description(self, line: SourceLine) -> None:
        self.description.append(line)
        self._prose_facts(line)

    def _after(self, line: SourceLine) -> None:
        text = line.text
        if scope.is_exclusion_lead_in(text):
            self.exclusion_block = _ExclusionBlock(text, line.number, False, State.AFTER)
            self.state = State.EXCLUSIONS
            return
        if not self._prose_facts(line):
            self.warnings.append(
                Warning(line.number, f"text after the criteria, not read as a criterion: '{text}'")
            )

    def _exclusions(self, line: SourceLine) -> None:
        block = self.exclusion_block
        assert block is not None  # State.EXCLUSIONS always has a block
        text = line.text
        if own_line_connector(text):
            return
        marker, body = split_marker(text)
        if marker is None and not block.from_heading:
            # A lead-in's list ends at the first unmarked line.
            self._end_exclusion_list(block)
            self._dispatch(line)
            return
        body = clean_item_text(split_trailing_connector(body)[0])
        if body.endswith(":"):
            block.lead_in = body
            return
        texts = (
            [scope.without_note_prefix(body)] if marker else scope.sentences(scope.without_note_prefix(body))
        )
        for item in texts:
            self.exclusions.append((item, line.number, block.lead_in))
            block.items += 1
        ifr = scope.ifr_sentence(body)
        if ifr:
            self.ifr = self.ifr or Mention(ifr, line.number)

    def _end_exclusion_list(self, block: _ExclusionBlock) -> None:
        self.exclusion_block = None
        self.state = block.return_to
        if not block.from_heading and not block.items:
            self.warnings.append(Warning(block.line, f"items after '{block.lead_in}', found none"))

    # ------------------------------------------------------------ the result

    def _document(self) -> ParsedDocument:
        assert self.criteria_open is not None  # read() refuses a page without criteria first
        tree, warnings = resolve(self.criteria_open, self.filename)
        self.warnings.extend(warnings)
        leaves = tree.leaves()
        leaf_keys = KeyMaker()
        for leaf in leaves:
            leaf.key = leaf_keys.key_for(leaf.text)
            if ends_mid_sentence(leaf.text):
                message = f"a criterion that ends mid-sentence, kept as printed: '…{leaf.text[-40:]}'"
                self.warnings.append(Warning(leaf.line, message))
        for leaf in link_definitions(leaves, self.definitions):
            self.warnings.append(Warning(leaf.line, "a '*' marks a defined term, found no definition for it"))
        policy = Policy(criteria=tree, definitions=self.definitions)
        self._policy_values(policy, leaf_keys.taken)
        self._policy_measures(policy, tree)
        organisation = choose_organisation(self.organisations)
        title = self.title or self.heading_title
        document = ParsedDocument(
            document_kind=DocumentKind.ICB_POLICY,
            organisation=organisation[0] if organisation else None,
            title=title[0] if title else None,
            dates=dict(self.dates),
            policy=policy,
            warnings=sorted(self.warnings, key=lambda w: w.line),
        )
        if organisation:
            document.lines["organisation"] = organisation[1]
        if title:
            document.lines["title"] = title[1]
        return document

    def _policy_values(self, policy: Policy, taken_keys: set[str]) -> None:
        for name in ("reference", "category", "funding_status", "document_status"):
            if name in self.values:
                value, line = self.values[name]
                setattr(policy, name, value)
                policy.lines[name] = line
        if policy.funding_status is None and "not_routinely" in self.values:
            policy.funding_status, policy.lines["funding_status"] = self.values["not_routinely"]
        if self.description:
            policy.description = " ".join(line.text for line in self.description)
            policy.lines["description"] = self.description[0].number
        if self.places:
            policy.places_covered = list(self.places)
            policy.lines["places_covered"] = self.values["places_covered"][1]
        policy.ifr = self.ifr
        keys = KeyMaker(prefix="exclusion-", fallback="item", taken=taken_keys)
        policy.exclusions = [
            Exclusion(keys.key_for(text), text, line, lead_in) for text, line, lead_in in self.exclusions
        ]

    def _policy_measures(self, policy: Policy, tree: Group) -> None:
        """Thresholds, durations and ages of every criterion and definition, in document order."""
        texts: list[tuple[str, int, Leaf | None]] = []
        _collect_texts(tree, texts)
        criteria_texts = list(texts)
        for definition in self.definitions:
            texts.append((definition.text, definition.line, None))
            texts.extend((item, definition.line, None) for item in definition.items)
        for text, line, leaf in texts:
            key = leaf.key if leaf else None
            for found in find_thresholds(text):
                policy.thresholds.append(
                    Threshold(found.measure, found.comparator, found.value, found.unit, line, found.text, key)
                )
            for duration in find_durations(text):
                policy.durations.append(
                    Duration(
                        duration.comparator, duration.value, duration.unit, text, line, duration.text, key
                    )
                )
        policy.age_limits = self._age_limits(criteria_texts)

    def _age_limits(self, texts: list[tuple[str, int, Leaf | None]]) -> AgeLimits | None:
        limits: AgeLimits | None = None
        for text, line, _ in texts:
            for bound in find_age_bounds(text):
                limits = limits or AgeLimits(line)
                current = getattr(limits, bound.side)
                if current is None:
                    setattr(limits, bound.side, bound.value)
                    setattr(limits, f"{bound.side}_inclusive", bound.inclusive)
                elif (current, getattr(limits, f"{bound.side}_inclusive")) != (bound.value, bound.inclusive):
                    message = f"a second {bound.side} age ('{bound.text}') differs from the first: first kept"
                    self.warnings.append(Warning(line, message))
        return limits


def _collect_texts(node: Node, texts: list[tuple[str, int, Leaf | None]]) -> None:
    if isinstance(node, Leaf):
        texts.append((node.text, node.line, node))
        return
    if node.text:
        texts.append((node.text, node.line, None))
    for child in node.children:
        _collect_texts(child, texts)


def parse_icb_policy(text: str, filename: str) -> ParsedDocument:
    """Parse one ICB threshold-policy page (``DocumentKind.ICB_POLICY``)."""
    return PolicyReader(filename).read(text)
