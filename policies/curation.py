"""Curated criteria: an editor's tree of source lines, with what the lines define, exclude and measure. Pure.

The tree an editor submits (``policies.admin_views``) and the one stored in
``CuratedTree.tree`` have the same shape: groups ``{"op": "all" | "any" |
"at_least", "k", "text", "children"}``, leaves ``{"leaf": words, "key",
"hash", "line"}``. A leaf is one source line, or words of it (``"part":
true``): its words are the line's, without the bullet, or the words the
editor chose, and its hash is ``sources.corrections.line_hash`` of the line,
so a re-capture that moves the line still finds it.

Beside the tree an editor may mark, on the same keys (``CuratedTree.marks``):

- **definitions** ``{"term", "text", "hash", "line"}``: a line that defines a
  term the criteria use;
- **exclusions** ``{"key", "text", "hash", "line"}``: a line (or words of it)
  that takes patients out of the policy;
- **measures** ``{"kind", "name", "comparator", "value", "unit", "words",
  "hash", "line"}``: a threshold, duration or age bound with the exact words
  of its line it is read from. A measure on a leaf's line belongs to that leaf.

Marks replace the parser's definitions, exclusions and measures for the
version they are applied to; the parser's reading is kept beside them.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from policies.parsing.definitions import section_entry
from policies.parsing.keys import KeyMaker
from policies.parsing.layout import split_marker, split_trailing_connector
from sources.corrections import find_lines, line_hash, normalise_line

OPERATORS = ("all", "any", "at_least")
MEASURE_KINDS = ("threshold", "duration", "age_min", "age_max")
COMPARATORS = (">=", ">", "<=", "<", "=")
DURATION_UNITS = ("day", "week", "month", "year")


class CurationError(ValueError):
    """A tree that cannot be saved: ``str(error)`` says what to fix."""


def leaf_words(line: str) -> str:
    """A source line as a criterion's words: normalised, its bullet or number and a trailing AND / OR removed.

    The layout is read as the parser reads it (``policies.parsing.layout``).
    """
    marker, words = split_marker(normalise_line(line))
    return split_trailing_connector(words, list_item=marker is not None)[0]


def _words_of_line(words: str, line_words: str, where: str, number: int) -> str:
    """``words`` normalised, checked to be words printed on the line (case aside)."""
    words = normalise_line(words)
    if words.casefold() not in line_words.casefold():
        raise CurationError(f"{where}: '{words[:60]}' is not printed on line {number}")
    return words


class _Lines:
    """The source's lines, each checked once as it is named."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def get(self, number: Any, where: str) -> tuple[int, str, str]:
        """(number, the raw line, its words without the bullet); ``CurationError`` for a bad or blank line."""
        if not isinstance(number, int) or not 0 < number <= len(self.lines):
            raise CurationError(f"{where}: name a line of the source (1 to {len(self.lines)})")
        raw = self.lines[number - 1]
        words = leaf_words(raw)
        if not words:
            raise CurationError(f"{where}: line {number} is blank")
        return number, raw, words


def build(tree: dict[str, Any], text: str, marks: dict[str, list] | None = None) -> tuple[dict, dict | None]:
    """``tree`` (and ``marks``) with every item's words, key and hash taken from its line of ``text``; checked.

    A leaf needs ``line`` and may give ``part``, words of that line to use as
    the criterion; groups need ``op`` (and ``k`` for at least k) and at least
    one child. Keys are made from the words as the parser makes them, so
    facts are given the same way as for a parsed policy. ``marks`` (``None``:
    the parser's definitions, exclusions and measures stand) lists
    ``definitions`` ``{"line", "term"?}``, ``exclusions`` ``{"line", "part"?}``
    and ``measures`` ``{"line", "kind", "name", "comparator", "value", "unit",
    "words"}``.
    """
    lines = _Lines(text)
    keys = KeyMaker()
    used: set[tuple[int, str]] = set()

    def visit(node: dict[str, Any], where: str) -> dict[str, Any]:
        if "children" not in node:
            number, raw, words = lines.get(node.get("line"), where)
            part = node.get("part") or ""
            if part:
                words = _words_of_line(part, words, where, number)
            if (number, words.casefold()) in used:
                raise CurationError(f"{where}: line {number} is used twice")
            used.add((number, words.casefold()))
            leaf = {"leaf": words, "key": keys.key_for(words), "hash": line_hash(raw), "line": number}
            return {**leaf, "part": True} if part else leaf
        op = node.get("op")
        if op not in OPERATORS:
            raise CurationError(f"{where}: a group's operator is one of {', '.join(OPERATORS)}")
        children = [visit(child, f"{where}.{i}") for i, child in enumerate(node["children"])]
        if not children:
            raise CurationError(f"{where}: a group needs at least one criterion")
        group: dict[str, Any] = {"op": op, "text": node.get("text") or "", "children": children}
        if op == "at_least":
            k = node.get("k")
            if not isinstance(k, int) or not 1 <= k <= len(children):
                raise CurationError(f"{where}: at least k needs k from 1 to {len(children)}")
            group["k"] = k
        return group

    built = visit(tree, "root")
    if marks is None:
        return built, None
    exclusion_keys = KeyMaker(prefix="exclusion-", fallback="item", taken=set(keys.taken))
    built_marks = {
        "definitions": [_definition(mark, lines, used) for mark in marks.get("definitions", [])],
        "exclusions": [_exclusion(mark, lines, exclusion_keys, used) for mark in marks.get("exclusions", [])],
        "measures": [_measure(mark, lines) for mark in marks.get("measures", [])],
    }
    terms = [definition["term"].casefold() for definition in built_marks["definitions"]]
    if len(set(terms)) != len(terms):
        raise CurationError("definitions: a term is defined twice")
    return built, built_marks


def _definition(mark: dict[str, Any], lines: _Lines, used: set[tuple[int, str]]) -> dict[str, Any]:
    where = f"definition on line {mark.get('line')}"
    number, raw, words = lines.get(mark.get("line"), where)
    if any(line == number for line, _ in used):
        raise CurationError(f"{where}: line {number} is already a criterion")
    term = normalise_line(mark.get("term") or "")
    if term:
        term = _words_of_line(term, words, where, number)
    else:
        printed = section_entry(words)  # the parser's reading of a definition's line
        if printed is None:
            raise CurationError(
                f"{where}: give the term it defines (no 'Term:' or 'Term is defined as' is printed)"
            )
        term = printed.term
    return {"term": term.strip(" *"), "text": _meaning(words, term), "hash": line_hash(raw), "line": number}


def _meaning(words: str, term: str) -> str:
    """What a definition's line says of its term: the words after "Term:" or "Term –", else the whole line."""
    rest = words[len(term) :].lstrip() if words.casefold().startswith(term.casefold()) else ""
    return rest[1:].strip() if rest[:1] in (":", "–", "—", "-") else words


def _exclusion(
    mark: dict[str, Any], lines: _Lines, keys: KeyMaker, used: set[tuple[int, str]]
) -> dict[str, Any]:
    where = f"exclusion on line {mark.get('line')}"
    number, raw, words = lines.get(mark.get("line"), where)
    if mark.get("part"):
        words = _words_of_line(mark["part"], words, where, number)
    if (number, words.casefold()) in used:
        raise CurationError(f"{where}: those words are already a criterion")
    return {"key": keys.key_for(words), "text": words, "hash": line_hash(raw), "line": number}


def _measure(mark: dict[str, Any], lines: _Lines) -> dict[str, Any]:
    kind = mark.get("kind")
    where = f"{str(kind).replace('_', ' ')} on line {mark.get('line')}"
    number, raw, _words = lines.get(mark.get("line"), where)
    if kind not in MEASURE_KINDS:
        raise CurationError(f"{where}: a measure is one of {', '.join(MEASURE_KINDS)}")
    words = normalise_line(mark.get("words") or "")
    if not words:
        raise CurationError(f"{where}: give the words of the line it is read from")
    if words not in normalise_line(raw):
        raise CurationError(
            f"{where}: '{words[:60]}' is not printed on line {number} (exactly, case included)"
        )
    try:
        value = Decimal(str(mark.get("value", "")).strip())
    except InvalidOperation:
        raise CurationError(f"{where}: the value must be a number") from None
    if not value.is_finite() or value < 0:
        raise CurationError(f"{where}: the value must be a number of zero or more")
    comparator = mark.get("comparator") or ""
    name = normalise_line(mark.get("name") or "")
    unit = normalise_line(mark.get("unit") or "")
    if kind in ("threshold", "duration") and comparator not in COMPARATORS:
        raise CurationError(f"{where}: the comparator is one of {' '.join(COMPARATORS)}")
    if kind == "threshold" and not name:
        raise CurationError(f"{where}: name what is measured (for example BMI)")
    if kind == "duration":
        unit = unit.casefold().removesuffix("s")
        if unit not in DURATION_UNITS:
            raise CurationError(f"{where}: the unit is one of {', '.join(DURATION_UNITS)}")
        if not name:
            name = words
    if kind in ("age_min", "age_max"):
        comparator, unit, name = "", "years", ""
    return {
        "kind": kind,
        "name": name,
        "comparator": comparator,
        "value": format(value.normalize(), "f"),
        "unit": unit,
        "words": words,
        "hash": line_hash(raw),
        "line": number,
    }


def leaves(tree: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if "children" not in tree:
        yield tree
        return
    for child in tree["children"]:
        yield from leaves(child)


def _anchored(tree: dict[str, Any], marks: dict[str, list] | None) -> list[dict[str, Any]]:
    """Every item that stands on a line: the tree's leaves and the marks."""
    items = list(leaves(tree))
    for group in (marks or {}).values():
        items.extend(group)
    return items


def reanchor(
    tree: dict[str, Any], text: str, marks: dict[str, list] | None = None
) -> tuple[dict[str, Any] | None, dict[str, list] | None, str | None]:
    """``tree`` and ``marks`` with each item on the line its hash is on now, or (None, None, why not).

    The lines are looked for in source order (the order they were in when
    last found), each after the one before, nearest to where they were;
    several items on one line move with it.
    """
    items = _anchored(tree, marks)
    wanted = sorted({(item["line"], item["hash"]) for item in items})
    found = find_lines(text, [h for _, h in wanted], [line for line, _ in wanted])
    if found is None:
        present = {line_hash(line) for line in text.splitlines()}
        gone = next((item for item in items if item["hash"] not in present), None)
        if gone is None:
            return None, None, "the curated lines are no longer in the same order in the source"
        words = gone.get("leaf") or gone.get("words") or gone.get("text") or ""
        return None, None, f"line '{words[:60]}…' no longer in the source"
    moved = {old: new for old, new in zip(wanted, found, strict=True)}

    def move(item: dict[str, Any]) -> dict[str, Any]:
        return {**item, "line": moved[(item["line"], item["hash"])]}

    def visit(node: dict[str, Any]) -> dict[str, Any]:
        if "children" not in node:
            return move(node)
        return {**node, "children": [visit(child) for child in node["children"]]}

    new_marks = (
        None if marks is None else {name: [move(item) for item in group] for name, group in marks.items()}
    )
    return visit(tree), new_marks, None


def measures_by_leaf(tree: dict[str, Any], measures: list[dict[str, Any]]) -> list[str | None]:
    """For each measure, the key of the leaf it belongs to: the leaf on its line whose words hold its words."""
    on_line: dict[int, list[dict[str, Any]]] = {}
    for leaf in leaves(tree):
        on_line.setdefault(leaf["line"], []).append(leaf)
    keys: list[str | None] = []
    for measure in measures:
        candidates = on_line.get(measure["line"], [])
        holding = [leaf for leaf in candidates if measure["words"].casefold() in leaf["leaf"].casefold()]
        chosen = holding or candidates
        keys.append(chosen[0]["key"] if chosen else None)
    return keys


def node_rows(tree: dict[str, Any]) -> list[dict[str, Any]]:
    """The tree flattened in pre-order as ``CriterionNode`` fields (``parent`` as an index into the list)."""
    rows: list[dict[str, Any]] = []

    def visit(node: dict[str, Any], path: str, parent: int | None, depth: int) -> None:
        is_leaf = "children" not in node
        index = len(rows)
        first_line = min(leaf["line"] for leaf in leaves(node))
        rows.append(
            {
                "parent": parent,
                "kind": "leaf" if is_leaf else node["op"],
                "k": node.get("k") if not is_leaf else None,
                "key": node["key"] if is_leaf else path,
                "text": node["leaf"] if is_leaf else node.get("text") or "",
                "path": path,
                "depth": depth,
                "order": index,
                "line": node["line"] if is_leaf else first_line,
            }
        )
        for position, child in enumerate([] if is_leaf else node["children"]):
            visit(child, f"{path}.{position}", index, depth + 1)

    visit(tree, "root", None, 0)
    return rows
