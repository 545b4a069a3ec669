"""Read a captured ICB threshold-policy page into a ``ParsedDocument``.

A policy page, once ``cleanup`` has removed the site furniture and ``units``
has rejoined and split its lines, reads top to bottom as (every part
optional, in varying order):

    <page heading / "Policy for <subject>">            -> title
    header fields ("Policy number:", "Status:", dates)  -> metadata
    "Category" / "Threshold Criteria"                   -> category
    description paragraphs, "Introduction", "Background", "Overview",
    scope lists ("This commissioning statement refers to: • ...")
                                                        -> description (never criteria)
    <criteria heading: "Eligibility", "Threshold", "Commissioning position",
     "Thresholds and eligibility", "Criteria for referral", "Referral criteria
     for ...", "When will it be funded">
    <lead-in: "... will only fund this procedure if the following criteria is met">
    <criteria: labels, items, connectors, sub-lists>    -> criteria tree
    <"*Term is defined as:" + items, "Definitions">     -> definitions
    <"Exclusions to policy", "This policy does not apply to:", "N.B. ...">  -> exclusions
    <"Cases for Individual Funding Consideration", IFR paragraphs>          -> ifr (not exclusions)
    trailer fields ("ARP 55 Review Date: 2026")          -> reference, dates

Without a criteria heading, the criteria start at the first lead-in that
states when the procedure is funded, commissioned, referred or approved
("... will be funded for:", "... is commissioned if:", "Surgical treatment
should only be offered when one of the following criteria are met:"), or
that states a quantifier ("if ALL of the following apply:"). Under a criteria
heading, prose that announces no list (background, advice, a classification
"... classified as mild, moderate and severe:") is description until a
lead-in or a list starts. Lead-ins that say what is *not* funded ("will not
be funded for:") give ``not_funded``, never criteria. The criteria end at a
heading, a field, a definition, an exclusion list, or where
``CriteriaBuilder`` says the list has ended; a later funding lead-in joins
them only as ``criteria`` allows (a connector line, "also", a stage), and is
otherwise reported as a further list not read. Text after the criteria that
is neither a definition, an exclusion nor a note is reported as a warning
("not read"), never silently turned into a criterion.

Not structured, never refused: when the criteria cannot be read (a list
whose operator the text does not state, a connector with nothing after it, a
lead-in whose list the capture lost, no criteria at all), ``policy.criteria``
is ``None`` and ``policy.criteria_problem`` names the line and the reason;
everything else the page states is still read. Refused with ``ParseError``
only: an impossible date, and a text with no policy markers at all.

Thresholds and durations are read from every criterion, lead-in and
definition (``leaf`` is set for a criterion's own), one source line at a
time, so each value's ``words`` are printed on its ``line``; age limits only
from the criteria: an age in an exclusion ("Children (<16) ... are referred
elsewhere") states who is out of scope, and is not turned into a limit by
inversion. A number in a note, an evidence statement or a measuring
instruction is never a value (``measures``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum

from policies.parsing import scope
from policies.parsing.cleanup import drop_cruft
from policies.parsing.criteria import (
    CriteriaBuilder,
    CriteriaUnreadable,
    OpenGroup,
    clean_item_text,
    ends_mid_sentence,
    is_lead_in,
    is_stage_lead_in,
    lead_sentence,
    prose_criteria,
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
from policies.parsing.detect import policy_score
from policies.parsing.keys import KeyMaker
from policies.parsing.layout import (
    LEADING_CAPITAL_CONNECTOR,
    Part,
    heading_part,
    is_stage_heading,
    own_line_connector,
    split_leading_connector,
    split_marker,
    split_trailing_connector,
)
from policies.parsing.measures import find_age_bounds, find_durations, find_thresholds, value_context
from policies.parsing.metadata import (
    Field,
    choose_organisation,
    find_organisations,
    is_funding_status,
    is_navigation,
    label_alone,
    page_heading,
    read_date,
    read_fields,
    title_from_line,
)
from policies.parsing.model import (
    AgeLimits,
    CriteriaProblem,
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
from policies.parsing.units import Unit, logical_lines
from sources.parsing.contract import DatedValue, DocumentKind, ParsedDocument, Warning
from sources.parsing.errors import ParseError
from sources.parsing.text import source_lines

# A lead-in opens the criteria when it says when the procedure is funded, commissioned, referred...
FUNDING_OR_CRITERIA = re.compile(
    r"\b(?:fund|commission|eligib|offer|approv|refer|provid|support|consider|indicat|criteri|circumstances"
    r"|scenarios|confirm)",
    re.IGNORECASE,
)
# ... but a lead-in that only says the criteria are described ("The following criteria should be used
# to establish if the condition is mild, moderate or severe:") is not one.
_CLASSIFIES = re.compile(
    r"\b(?:classif|establish\s+if|to\s+guide|reads\s+as\s+follows|as\s+follows|stag(?:e|ing)\s+of)\b",
    re.IGNORECASE,
)
_PROSE_MIN_WORDS = 10
_REFERRAL_CRITERIA = re.compile(r"^(?:\d+\.?\s+)?referral\s+criteria\b", re.IGNORECASE)
# Three blank lines or more end a list (a capture that lost the heading of the next one).
_LIST_BREAK_BLANKS = 3


class State(Enum):
    PREAMBLE = "preamble"
    SECTION = "section"  # under a criteria heading, before any lead-in or list
    CRITERIA = "criteria"
    AFTER = "after"  # after the criteria, outside any known section
    DEFINITIONS = "definitions"
    EXCLUSIONS = "exclusions"
    DESCRIPTION = "description"
    IFR = "ifr"
    SCOPE = "scope"  # the items of a scope lead-in
    NOT_FUNDED = "not_funded"  # the items of a "will not be funded for:" lead-in
    SKIP = "skip"  # a further list of criteria that is not read, or criteria that could not be read
    OTHER = "other"


# "Devon Cataract Referral Criteria (The policy will be implemented on ...):": a heading, not a lead-in.
_CRITERIA_TITLE = re.compile(r"^[A-Z][\w'’ -]{0,60}\bcriteria\s*(?:\([^)]*\))?\s*:?$", re.IGNORECASE)


_SENTENCE_WORDS = re.compile(
    r"\b(?:following|meets?|met|if|when|where|will|is|are|that|must|should|may|has|have|below)\b",
    re.IGNORECASE,
)


def is_criteria_title(text: str) -> bool:
    head = re.sub(r"\([^)]*\)", "", text)
    return bool(_CRITERIA_TITLE.match(text)) and not _SENTENCE_WORDS.search(head)


def is_criteria_lead_in(text: str) -> bool:
    """A lead-in that states when the procedure is funded, or a quantifier over a list."""
    if is_criteria_title(text):
        return False
    text = lead_sentence(text)
    if scope.is_advice(text):
        return False
    if scope.is_exclusion_lead_in(text) or scope.is_scope_lead_in(text) or scope.is_not_funded_lead_in(text):
        return False
    if not is_lead_in(text) or _CLASSIFIES.search(text):
        return False
    return quantifier(text) is not None or bool(FUNDING_OR_CRITERIA.search(text))


def is_prose(text: str) -> bool:
    return text.endswith((".", "!", "?")) or len(text.split()) >= _PROSE_MIN_WORDS


def is_list_line(text: str) -> bool:
    return own_line_connector(text) is not None or split_marker(text)[0] is not None


def _starts_with_connector(text: str) -> bool:
    return own_line_connector(text) is not None or split_leading_connector(text)[0] is not None


@dataclass
class _DefinitionBlock:
    start: DefinitionStart
    line: int
    builder: CriteriaBuilder
    return_to: State
    from_table: bool = False
    parts: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _ExclusionBlock:
    lead_in: str | None
    line: int
    from_heading: bool  # a heading's block runs to the next heading; a lead-in's to its last item
    return_to: State
    items: int = 0
    not_funded: bool = False  # a "will not be funded for:" list, kept apart from exclusions


@dataclass
class _Collecting:
    """A label printed alone ("Category"): its value is on the next line(s)."""

    name: str
    values: list[Unit] = field(default_factory=list)


class PolicyReader:
    """One parse of one policy page (see the module docstring for the layout)."""

    def __init__(self, filename: str):
        self.filename = filename
        self.state = State.PREAMBLE
        self.warnings: list[Warning] = []
        self.builder: CriteriaBuilder | None = None
        self.blocks: list[OpenGroup] | None = None
        self.problem: CriteriaProblem | None = None
        self.criteria_heading_line: int | None = None
        self.first_lead_in_line: int | None = None
        self.definition_block: _DefinitionBlock | None = None
        self.exclusion_block: _ExclusionBlock | None = None
        self.collecting: _Collecting | None = None
        self.definitions: list[Definition] = []
        self.definition_parts: dict[int, list[tuple[int, str]]] = {}
        self.exclusions: list[tuple[str, int, str | None]] = []
        self.not_funded: list[tuple[str, int, str | None]] = []
        self.description: list[Unit] = []
        self.organisations: list[tuple[str, int]] = []
        self.title: tuple[str, int] | None = None
        self.heading_title: tuple[str, int] | None = None
        self.late_heading: tuple[str, int] | None = None
        self.labels_seen = False  # a "Label: value" field or a label printed alone has been read
        self.first_label_line = 0
        self.seen_content = False
        self.dates: dict[str, DatedValue] = {}
        self.values: dict[str, tuple[str, int]] = {}  # reference, category, status...
        self.places: list[str] = []
        self.ifr: Mention | None = None
        self.blank_run = 0
        self.following: str | None = None
        self.stage_pending = False  # a "Pre-referral criteria" heading: the next block is a stage
        self.quoting = False  # under a criteria heading, after a lead-in that announces no criteria
        # Who the policy is for, as stated ("This guidance applies to adults aged 19yr and over"): ages.
        self.population: list[tuple[str, int]] = []
        # Under a criteria heading, a sentence that states the criteria ("Referral should only be made
        # when ..."): read when the section holds no list.
        self.prose: OpenGroup | None = None
        # Before any criteria, the last sentence stating when the procedure is funded ("... will ONLY
        # be considered where X."): its condition is the first criterion when a line then goes on
        # with a connector ("AND the patient suffers from:").
        self.funding_sentence: tuple[Unit, str] | None = None

    # ------------------------------------------------------------ reading

    def read(self, text: str) -> ParsedDocument:
        lines = drop_cruft(source_lines(text))
        units = logical_lines(lines)
        for index, unit in enumerate(units):
            if unit.text:
                self.organisations.extend((name, unit.number) for name in find_organisations(unit.text))
                not_routinely = scope.not_routinely_commissioned(unit.text)
                if not_routinely:
                    self._value("not_routinely", not_routinely, unit.number)
                population = scope.population_scope(unit.text)
                if population and len(unit.parts) == 1:
                    self.population.append((population, unit.number))
            self.following = next((u.text for u in units[index + 1 :] if u.text), None)
            self._dispatch(unit)
        self._end_blocks("the end of the document")
        if self.blocks is None and self.problem is None:
            if policy_score(lines, self.filename) == 0 and not self.values and not self.dates:
                first = next((line for line in lines if line.text), None)
                raise ParseError(
                    self.filename,
                    first.number if first else 1,
                    "an ICB policy (a statement of when a procedure is funded, commissioned or referred), "
                    "found none of its markers",
                )
            self.problem = CriteriaProblem(
                self.criteria_heading_line or self.first_lead_in_line or 1,
                "criteria not structured: no eligibility criteria (items joined by AND/OR, or a lead-in "
                "such as 'all of the following') found in the text",
            )
        return self._document()

    def _dispatch(self, line: Unit) -> None:
        text = line.text
        if not text:
            self.blank_run += 1
            if self.collecting and self.collecting.values:
                self._finish_collecting()
            if self.blank_run == _LIST_BREAK_BLANKS and self._list_is_complete():
                self._close_criteria("three blank lines")
            return
        self.blank_run = 0
        if self.collecting is not None:
            # A category's value often reads like a heading ("Threshold Criteria"); places do not.
            ends_places = self.collecting.name == "places_covered" and heading_part(text) is not None
            if read_fields(text) or label_alone(text) or ends_places:
                self._finish_collecting()
            else:
                self.collecting.values.append(line)
                if self.collecting.name in ("category", "review", "ratified", "effective", "library_field"):
                    self._finish_collecting()
                return
        fields = read_fields(text)
        if fields:
            self._fields(fields, line)
            return
        alone = label_alone(text)
        if alone:
            self._end_blocks(f"'{text}'")
            self._label_at(line.number)
            self.collecting = _Collecting(alone)
            return
        part = heading_part(text)
        if part is None and split_marker(text)[0] is None and is_criteria_title(text):
            part = Part.CRITERIA
        # Among criteria only an unmarked line is a heading: "– Exceptions" would be an item.
        if part is not None and (self.state is not State.CRITERIA or split_marker(text)[0] is None):
            self._heading(part, line)
            return
        if self._definition(line):
            return
        if self.definition_block is not None:
            if is_list_line(text) and self.definition_block.builder.feed(
                text, line.number, line.indent, line.parts
            ):
                self.definition_block.parts.extend(line.parts)
                return
            self._finish_definition(f"'{text}'")
        handler = {
            State.PREAMBLE: self._preamble,
            State.SECTION: self._section,
            State.CRITERIA: self._criteria,
            State.AFTER: self._after,
            State.DEFINITIONS: self._definitions_section,
            State.EXCLUSIONS: self._exclusions,
            State.DESCRIPTION: self._description,
            State.IFR: self._ifr_section,
            State.SCOPE: self._scope,
            State.NOT_FUNDED: self._exclusions,
            State.SKIP: self._skip,
            State.OTHER: lambda line: None,
        }[self.state]
        handler(line)

    # ------------------------------------------------------------ fields and headings

    def _list_is_complete(self) -> bool:
        """Criteria being read, with no connector or lead-in waiting for what follows."""
        builder = self.builder
        return (
            self.state is State.CRITERIA
            and builder is not None
            and builder.pending is None
            and builder.awaiting is None
        )

    def _fields(self, fields: list[Field], line: Unit) -> None:
        self._label_at(line.number)
        if not (self.builder is not None and not self.builder.has_started):
            self._end_blocks(f"'{line.text}'")
        for found in fields:
            if found.code:
                self._value("reference", found.code, line.number)
            if found.is_date:
                if found.value:
                    self._date(found, line.number)
                else:
                    self.collecting = _Collecting(found.name)
            elif found.name == "status":
                name = "funding_status" if is_funding_status(found.value) else "document_status"
                self._value(name, found.value, line.number)
            elif found.name == "policy_name":
                if found.value:
                    self.title = self.title or (found.value.rstrip("."), line.number)
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

    def _label_at(self, number: int) -> None:
        if not self.labels_seen:
            self.labels_seen, self.first_label_line = True, number

    def _finish_collecting(self) -> None:
        collecting, self.collecting = self.collecting, None
        assert collecting is not None  # called only while a label collects its value
        if not collecting.values:
            return
        if collecting.name == "places_covered":
            self.places.extend(split_marker(line.text)[1] for line in collecting.values)
            self.values.setdefault("places_covered", (self.places[0], collecting.values[0].number))
        elif collecting.name in ("review", "ratified", "effective", "published", "document", "created"):
            first = collecting.values[0]
            value = first.text.rstrip(" |")
            self._date(Field(collecting.name, collecting.name, value), first.number)
        else:
            first = collecting.values[0]
            self._value(collecting.name, first.text, first.number)

    def _heading(self, part: Part, line: Unit) -> None:
        if part is Part.CRITERIA:
            self._criteria_heading(line)
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
            Part.IFR: State.IFR,
            Part.OTHER: State.OTHER,
        }[part]

    def _criteria_heading(self, line: Unit) -> None:
        builder = self.builder
        if builder is not None and self.state is State.CRITERIA:
            if not builder.has_items:
                return  # "Commissioning position" then "Criteria", or a heading under the lead-in
            stage = is_stage_heading(line.text) or _REFERRAL_CRITERIA.match(line.text)
            if stage and builder.feed(line.text, line.number, line.indent, line.parts, self.following):
                return
        self._end_blocks(f"the heading '{line.text}'")
        if self.blocks is not None or self.problem is not None:
            if self._joins_stage(line):
                return
            self.warnings.append(
                Warning(
                    line.number, f"a further criteria heading after the criteria, not read: '{line.text}'"
                )
            )
            self.state = State.SKIP
            return
        self.criteria_heading_line = self.criteria_heading_line or line.number
        self.stage_pending = is_stage_heading(line.text)
        self.state = State.SECTION

    def _joins_stage(self, line: Unit) -> bool:
        """ "Referral Criteria" after a "Pre-referral criteria" section: its criteria are required too."""
        if self.builder is None or self.blocks is None:
            return False
        if not (self.stage_pending or any(is_stage_lead_in(b.text or "") for b in self.blocks)):
            return False
        self.state = State.CRITERIA
        self.builder.reopen_stage(line.number)
        self.blocks = None
        return True

    def _resting_state(self) -> State:
        return State.AFTER if self.blocks is not None or self.problem is not None else State.PREAMBLE

    def _end_blocks(self, found: str) -> None:
        """A field, heading or definition ends whatever list is open."""
        if (
            self.state is State.SECTION
            and self.prose is not None
            and self.blocks is None
            and self.problem is None
        ):
            # The section held no list: its criteria are the sentence that states them.
            self.builder = self.builder or CriteriaBuilder(self.filename)
            self.blocks = [self.prose]
        self.prose = None
        if self.definition_block is not None:
            self._finish_definition(found)
        if self.exclusion_block is not None:
            self._end_exclusion_list(self.exclusion_block)
        if self.state is State.CRITERIA and self.builder is not None:
            self._close_criteria(found)
        if self.state in (
            State.SECTION,
            State.DEFINITIONS,
            State.DESCRIPTION,
            State.OTHER,
            State.SCOPE,
            State.SKIP,
            State.IFR,
        ):
            self.state = self._resting_state()

    def _close_criteria(self, found: str) -> None:
        builder = self.builder
        assert builder is not None  # called only while criteria are being read
        try:
            self.blocks = builder.close(found)
        except CriteriaUnreadable as problem:
            self._unreadable(problem)
            return
        if not self.blocks:
            self.blocks = None
        self.state = self._resting_state()

    def _unreadable(self, problem: ParseError) -> None:
        if self.problem is None:
            self.problem = CriteriaProblem(problem.line, f"criteria not structured: {problem.message}")
        self.blocks = None
        self.state = State.SKIP

    # ------------------------------------------------------------ definitions

    def _definition(self, line: Unit) -> bool:
        if self.state in (State.OTHER, State.DESCRIPTION, State.SCOPE, State.IFR):
            return False
        in_section = self.state is State.DEFINITIONS
        if in_section and is_table_rule(line.text):
            self._drop_table_header()
            return True
        start = section_entry(line.text) if in_section else definition_start(line.text)
        marker, body = split_marker(line.text)
        if start is None and marker is not None and marker.number is None and body.startswith("*"):
            start = definition_start(body)  # "• *Significant functional impairment is defined as ..."
        if start is None and marker is not None and marker.number is None and body.endswith(":"):
            # "• Significant functional impairment is defined as:" among the bullets it explains
            start = definition_start(body)
        if start is None:
            return False
        return_to = State.DEFINITIONS if in_section else None
        if self.state is State.CRITERIA and self.builder is not None:
            self.builder.end_block(f"the definition '{line.text}'")
            self._close_criteria(f"the definition '{line.text}'")
        self._end_blocks(f"the definition '{line.text}'")
        self.definition_block = _DefinitionBlock(
            start,
            line.number,
            CriteriaBuilder(self.filename),
            return_to or self._resting_state(),
            from_table=line.text.startswith("|"),
            parts=list(line.parts),
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
        items: list[str] = []
        criteria: Node | None = None
        try:
            blocks = block.builder.close(found)
        except CriteriaUnreadable:
            blocks = []
        open_items = blocks[0] if blocks else None
        if open_items is not None:
            open_items.text, open_items.line = block.start.text, block.line
            items = [text for text in open_items.item_texts() if text]
            if open_items.has_logic():
                try:
                    criteria, warnings = resolve(open_items, self.filename)
                    self.warnings.extend(warnings)
                except CriteriaUnreadable:
                    criteria = None
        elif block.start.text.endswith(":"):
            self.warnings.append(
                Warning(block.line, f"a definition ending ':' with no items: '{block.start.text}'")
            )
        definition = Definition(
            term=block.start.term,
            text=block.start.text,
            line=block.line,
            marker=block.start.marker,
            items=items,
            criteria=criteria,
        )
        self.definition_parts[len(self.definitions)] = block.parts
        self.definitions.append(definition)

    def _definitions_section(self, line: Unit) -> None:
        self.warnings.append(
            Warning(
                line.number, f"a line among the definitions that defines no term, not read: '{line.text}'"
            )
        )

    # ------------------------------------------------------------ criteria

    def _start_criteria(self, line: Unit) -> None:
        self.builder = self.builder or CriteriaBuilder(self.filename)
        self.state = State.CRITERIA
        self.first_lead_in_line = self.first_lead_in_line or line.number
        if self.stage_pending:
            self.builder.root.label = "stage"
            self.stage_pending = False
        self._feed(line)

    def _feed(self, line: Unit) -> bool:
        assert self.builder is not None
        try:
            return self.builder.feed(line.text, line.number, line.indent, list(line.parts), self.following)
        except CriteriaUnreadable as problem:
            self._unreadable(problem)
            return True

    def _criteria(self, line: Unit) -> None:
        text = line.text
        assert self.builder is not None  # State.CRITERIA always has a builder
        if self._note(line):
            return
        if split_marker(text)[0] is None and scope.is_exclusion_lead_in(lead_sentence(text)):
            self._close_criteria(f"'{text}'")
            self.exclusion_block = _ExclusionBlock(text, line.number, False, self._resting_state())
            self.state = State.EXCLUSIONS
            return
        if self._feed(line):
            return
        self._close_criteria(f"'{text}'")
        self._dispatch(line)

    def _note(self, line: Unit) -> bool:
        """A note among the criteria: exclusions, the IFR route, advice, a footnote — never a criterion."""
        text = line.text
        marker, body = split_marker(text)
        footnote = text.startswith("*") and not definition_start(text)
        instruction = marker is not None and (
            scope.is_referral_instruction(body) or scope.is_advice_item(body)
        )
        if not (
            scope.is_aside(text) or footnote or instruction or (marker is None and scope.is_advice(text))
        ):
            return False
        if scope.NOT_ROUTINELY.search(text) and (quantifier(text) or is_criteria_lead_in(text)):
            return False  # "... NOT ROUTINELY FUNDED unless ALL of the following criteria are met."
        if scope.NOT_ROUTINELY.search(text) and scope.states_exception(text) and self._in_branch():
            return False  # "Unless there are documented mechanical features ..., X is not routinely funded."
        if marker is None and is_criteria_lead_in(text):
            return False
        if not self._prose_facts(line):
            self.warnings.append(
                Warning(line.number, f"a note among the criteria, not read as a criterion: '{text}'")
            )
        return True

    def _in_branch(self) -> bool:
        """Whether a labelled branch of the criteria is waiting for its content."""
        builder = self.builder
        return builder is not None and builder.awaiting is not None and builder.awaiting.kind == "label"

    def _prose_facts(self, line: Unit) -> bool:
        """Exclusions, IFR route and funding status stated in a prose line; whether any was."""
        found = False
        ifr = scope.ifr_sentence(line.text)
        if ifr:
            self.ifr = self.ifr or Mention(ifr, line.number)
            found = True
        for sentence in scope.exclusion_sentences(line.text):
            if scope.is_ifr(sentence):
                continue
            self.exclusions.append((sentence, line.number, None))
            found = True
        not_routinely = scope.not_routinely_commissioned(line.text)
        if not_routinely:
            self._value("not_routinely", not_routinely, line.number)
            found = True
        return found

    def _section(self, line: Unit) -> None:
        """Under a criteria heading, before the criteria start."""
        text = line.text
        marker = split_marker(text)[0]
        if self._scope_or_not_funded(line):
            return
        if marker is not None and self.quoting:
            self.description.append(line)  # the items of a quotation ("... which reads as follows:")
            return
        self.quoting = marker is None and text.endswith(":") and not is_criteria_lead_in(text)
        if is_criteria_lead_in(text) or (marker is not None and not scope.is_advice(text)):
            self._start_criteria(line)
            return
        following = self.following
        plain = marker is None and not scope.is_aside(text)
        if following is None:
            plain = False
            following = ""
        if (
            plain
            and is_lead_in(text)
            and not _CLASSIFIES.search(text)
            and split_marker(following)[0] is not None
        ):
            self._start_criteria(line)  # "Recurrent acute sore throat due to tonsillitis and:" then items
            return
        if plain and _starts_with_connector(following) and not scope.is_advice(text):
            self._start_criteria(line)  # "There must be a period of ... " then "AND the child ..."
            return
        if self.prose is None and marker is None:
            self.prose = prose_criteria(text, line.number, list(line.parts))
            if self.prose is not None:
                return
        self._prose_facts(line)
        if is_prose(text):
            self.description.append(line)

    # ------------------------------------------------------------ other parts

    def _scope_or_not_funded(self, line: Unit) -> bool:
        text = lead_sentence(line.text)
        if scope.is_exclusion_lead_in(text):
            self.exclusion_block = _ExclusionBlock(text, line.number, False, self.state)
            self.state = State.EXCLUSIONS
            return True
        if is_lead_in(text) and scope.is_scope_lead_in(text):
            self.description.append(line)
            self._scope_return = self.state
            self.state = State.SCOPE
            return True
        if text.endswith(":") and scope.is_not_funded_lead_in(text):
            self._prose_facts(line)
            self.exclusion_block = _ExclusionBlock(text, line.number, False, self.state, not_funded=True)
            self.state = State.NOT_FUNDED
            return True
        return False

    def _scope(self, line: Unit) -> None:
        """Items of a scope lead-in: what the policy covers, read as description."""
        if split_marker(line.text)[0] is not None:
            self.description.append(line)
            return
        self.state = getattr(self, "_scope_return", State.PREAMBLE)
        self._dispatch(line)

    def _continues_funding_sentence(self, line: Unit) -> bool:
        """ "AND the patient suffers from:" after "... will only be considered where X.": X, then this."""
        pending = self.funding_sentence
        if pending is None or self.blocks is not None or self.problem is not None:
            return False
        if not (LEADING_CAPITAL_CONNECTOR.match(line.text) and line.text.endswith(":")):
            return False
        sentence, condition = pending
        self.funding_sentence = None
        self._start_criteria(replace(sentence, text=condition, indent=line.indent))
        if self.state is State.CRITERIA:
            self._criteria(line)
        return True

    def _note_funding_sentence(self, line: Unit) -> None:
        prose = prose_criteria(line.text, line.number, list(line.parts))
        if prose is not None and len(prose.children) == 1 and prose.children[0].text:
            self.funding_sentence = (line, prose.children[0].text)

    def _preamble(self, line: Unit) -> None:
        text = line.text
        first_content = not self.seen_content
        if is_navigation(text):
            return  # "Referral", "Login": the site's navigation, not the page's heading
        self.seen_content = True
        if self._continues_funding_sentence(line):
            return
        if self._scope_or_not_funded(line):
            return
        if is_criteria_lead_in(text) and not scope.is_advice(text):
            self._start_criteria(line)
            return
        title = title_from_line(text)
        if title is not None:
            self.title = self.title or (title, line.number)
            return
        if first_content and page_heading(text):
            self.heading_title = (text, line.number)
            return
        late = not self.description and self.builder is None and self.labels_seen
        if late and page_heading(text) and text[-1] not in "!?":
            # Under a block of labels and values ("Document type" / "Clinical policy"), the last
            # heading before the first sentence: the page's heading when no title line says more.
            self.late_heading = (text, line.number)
            return
        self._note_funding_sentence(line)
        self._prose_facts(line)
        if is_prose(text):
            self.description.append(line)

    def _description(self, line: Unit) -> None:
        if self._scope_or_not_funded(line):
            return
        if self.blocks is None and self.problem is None and is_criteria_lead_in(line.text):
            self._start_criteria(line)  # "Summary of intervention" ... "should only commission ... when"
            return
        self.description.append(line)
        self._prose_facts(line)

    def _ifr_section(self, line: Unit) -> None:
        unread = self.blocks is None and self.problem is None
        if unread and is_criteria_lead_in(line.text) and not scope.is_ifr(line.text):
            self._start_criteria(line)  # a page titled "Individual Funding Requests" stating its criteria
            return
        ifr = scope.ifr_sentence(line.text) or line.text
        self.ifr = self.ifr or Mention(ifr, line.number)

    def _skip(self, line: Unit) -> None:
        """Lines of a list that is not read: until a heading, field or definition (handled before)."""
        if split_marker(line.text)[0] is None and not _starts_with_connector(line.text):
            if is_criteria_lead_in(line.text):
                return
            self._prose_facts(line)

    def _after(self, line: Unit) -> None:
        text = line.text
        if self._scope_or_not_funded(line):
            return
        if (
            self.builder is not None
            and self.blocks is not None
            and (is_criteria_lead_in(text) or _starts_with_connector(text))
        ):
            self.blocks = None
            self.state = State.CRITERIA
            if self._feed(line):
                return
            self._close_criteria(f"'{text}'")
        if is_criteria_lead_in(text) and not scope.is_advice(text):
            self.warnings.append(
                Warning(
                    line.number,
                    f"a further list of criteria after the criteria (another procedure or treatment?), "
                    f"not read: '{text}'",
                )
            )
            self.state = State.SKIP
            return
        if not self._prose_facts(line):
            self.warnings.append(
                Warning(line.number, f"text after the criteria, not read as a criterion: '{text}'")
            )

    def _exclusions(self, line: Unit) -> None:
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
        if body.endswith(":") and not block.not_funded:
            block.lead_in = body
            return
        if scope.is_ifr(body) and marker is None:
            ifr = scope.ifr_sentence(body)
            self.ifr = self.ifr or Mention(ifr or body, line.number)
            return
        texts = (
            [scope.without_note_prefix(body)] if marker else scope.sentences(scope.without_note_prefix(body))
        )
        target = self.not_funded if block.not_funded else self.exclusions
        for item in texts:
            if scope.is_ifr(item) or (marker is None and scope.is_advice(item)):
                if scope.is_ifr(item):
                    self.ifr = self.ifr or Mention(item, line.number)
                continue
            target.append((item, line.number, block.lead_in))
            block.items += 1

    def _end_exclusion_list(self, block: _ExclusionBlock) -> None:
        self.exclusion_block = None
        self.state = block.return_to
        if block.return_to in (State.EXCLUSIONS, State.NOT_FUNDED):
            self.state = self._resting_state()
        if not block.from_heading and not block.items:
            self.warnings.append(Warning(block.line, f"items after '{block.lead_in}', found none"))

    # ------------------------------------------------------------ the result

    def _document(self) -> ParsedDocument:
        tree: Group | None = None
        if self.blocks is not None and self.builder is not None:
            try:
                tree, warnings = resolve(self.blocks, self.filename, self.builder.joins)
                self.warnings.extend(warnings)
                self.warnings.extend(self.builder.warnings)
            except CriteriaUnreadable as problem:
                self.problem = CriteriaProblem(problem.line, f"criteria not structured: {problem.message}")
        leaf_keys = KeyMaker()
        leaves = tree.leaves() if tree is not None else []
        for leaf in leaves:
            leaf.key = leaf_keys.key_for(leaf.text)
            if ends_mid_sentence(leaf.text):
                message = f"a criterion that ends mid-sentence, kept as printed: '…{leaf.text[-40:]}'"
                self.warnings.append(Warning(leaf.line, message))
        for leaf in link_definitions(leaves, self.definitions):
            self.warnings.append(Warning(leaf.line, "a '*' marks a defined term, found no definition for it"))
        policy = Policy(criteria=tree, definitions=self.definitions)
        policy.criteria_problem = self.problem if tree is None else None
        self._policy_values(policy, leaf_keys.taken)
        self._policy_measures(policy, tree)
        organisation = choose_organisation(self.organisations)
        title = self.title or self.heading_title or self.late_heading
        if self.late_heading and self.heading_title and self.heading_title[1] < self.first_label_line:
            # "Tag" above "Document type" / "Clinical policy": the site's furniture, not the heading.
            title = self.title or self.late_heading
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
        not_funded = KeyMaker(prefix="not-funded-", fallback="item")
        policy.not_funded = [
            Exclusion(not_funded.key_for(text), text, line, lead_in)
            for text, line, lead_in in self.not_funded
        ]

    def _policy_measures(self, policy: Policy, tree: Group | None) -> None:
        """Thresholds, durations and ages of every criterion and definition, in document order.

        Each is read from one source line's words (``parts``), so ``words`` is printed on ``line``.
        """
        texts: list[tuple[str, int, Leaf | None]] = []
        if tree is not None:
            _collect_texts(tree, texts)
        criteria_texts = list(texts)
        for index, definition in enumerate(self.definitions):
            for line, part in self.definition_parts.get(index) or [(definition.line, definition.text)]:
                texts.append((part, line, None))
        seen: set[tuple[object, ...]] = set()
        for text, line, leaf in texts:
            key = leaf.key if leaf else None
            context = leaf.text if leaf else text
            if not value_context(text):
                continue
            for found in find_thresholds(text):
                signature: tuple[object, ...] = (
                    "t",
                    line,
                    found.text,
                    found.measure,
                    found.comparator,
                    found.value,
                )
                if signature in seen:
                    continue
                seen.add(signature)
                policy.thresholds.append(
                    Threshold(found.measure, found.comparator, found.value, found.unit, line, found.text, key)
                )
            for duration in find_durations(text):
                signature = ("d", line, duration.text, duration.comparator, duration.value)
                if signature in seen:
                    continue
                seen.add(signature)
                policy.durations.append(
                    Duration(
                        duration.comparator, duration.value, duration.unit, context, line, duration.text, key
                    )
                )
        policy.age_limits = self._age_limits(criteria_texts)

    def _age_limits(self, texts: list[tuple[str, int, Leaf | None]]) -> AgeLimits | None:
        """Ages the criteria state, then those of the population the policy says it applies to."""
        limits: AgeLimits | None = None
        for text, line, _ in [*texts, *((text, line, None) for text, line in self.population)]:
            if not value_context(text):
                continue
            for bound in find_age_bounds(text):
                if limits is None:
                    limits = AgeLimits(line, words=bound.text)
                current = getattr(limits, bound.side)
                if current is None:
                    setattr(limits, bound.side, bound.value)
                    setattr(limits, f"{bound.side}_inclusive", bound.inclusive)
                    limits.sources[bound.side] = (line, bound.text)
                elif (current, getattr(limits, f"{bound.side}_inclusive")) != (bound.value, bound.inclusive):
                    message = f"a second {bound.side} age ('{bound.text}') differs from the first: first kept"
                    self.warnings.append(Warning(line, message))
        return limits


def _collect_texts(node: Node, texts: list[tuple[str, int, Leaf | None]]) -> None:
    """(words, line, leaf) for every source piece of the tree: leaves, their details, lead-ins."""
    if isinstance(node, Leaf):
        for line, part in node.parts or [(node.line, node.text)]:
            texts.append((part, line, node))
        return
    if node.text:
        # A lead-in's own words (none for a prose criterion, whose words are its leaves').
        texts.extend((part, line, None) for line, part in node.parts)
    for child in node.children:
        _collect_texts(child, texts)


def parse_icb_policy(text: str, filename: str) -> ParsedDocument:
    """Parse one ICB threshold-policy page (``DocumentKind.ICB_POLICY``)."""
    return PolicyReader(filename).read(text)
