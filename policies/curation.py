"""Curated criteria trees: an editor's tree of source lines, checked and re-anchored. Pure.

The tree an editor submits (``policies.admin_views``) and the one stored in
``CuratedTree.tree`` have the same shape: groups ``{"op": "all" | "any" |
"at_least", "k", "text", "children"}``, leaves ``{"leaf": words, "key",
"hash", "line"}``. A leaf is one source line: its words are the line's,
without the bullet, and its hash is ``sources.corrections.line_hash`` of the
line, so a re-capture that moves the line still finds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from policies.parsing.keys import KeyMaker
from sources.corrections import find_lines, line_hash, normalise_line

OPERATORS = ("all", "any", "at_least")
_BULLET = re.compile(r"^(?:[•·▪●◦‣\-–—*]|\(?[0-9a-z]{1,3}[.)])\s+")


class CurationError(ValueError):
    """A tree that cannot be saved: ``str(error)`` says what to fix."""


def leaf_words(line: str) -> str:
    """A source line as a criterion's words: normalised, its bullet or printed number removed."""
    return _BULLET.sub("", normalise_line(line), count=1)


def build(tree: dict[str, Any], text: str) -> dict[str, Any]:
    """``tree`` with every leaf's words, key and hash taken from its ``line`` of ``text``; checked.

    A leaf needs only ``line``; groups need ``op`` (and ``k`` for at least k)
    and at least one child. Keys are made from the words as the parser makes
    them, so facts are given the same way as for a parsed policy.
    """
    lines = text.splitlines()
    keys = KeyMaker()
    used: set[int] = set()

    def visit(node: dict[str, Any], where: str) -> dict[str, Any]:
        if "children" not in node:
            number = node.get("line")
            if not isinstance(number, int) or not 0 < number <= len(lines):
                raise CurationError(f"{where}: a leaf needs a line of the source (1 to {len(lines)})")
            words = leaf_words(lines[number - 1])
            if not words:
                raise CurationError(f"{where}: line {number} is blank")
            if number in used:
                raise CurationError(f"{where}: line {number} is used twice")
            used.add(number)
            return {
                "leaf": words,
                "key": keys.key_for(words),
                "hash": line_hash(lines[number - 1]),
                "line": number,
            }
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

    return visit(tree, "root")


def leaves(tree: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if "children" not in tree:
        yield tree
        return
    for child in tree["children"]:
        yield from leaves(child)


def reanchor(tree: dict[str, Any], text: str) -> tuple[dict[str, Any] | None, str | None]:
    """``tree`` with each leaf on the line its hash is on now, or (None, why not).

    The leaves are looked for in source order (the order of their lines when
    last found), each after the one before, nearest to where they were.
    """
    in_order = sorted(leaves(tree), key=lambda leaf: leaf["line"])
    found = find_lines(text, [leaf["hash"] for leaf in in_order], [leaf["line"] for leaf in in_order])
    if found is None:
        present = {line_hash(line) for line in text.splitlines()}
        gone = next((leaf for leaf in in_order if leaf["hash"] not in present), None)
        if gone is None:
            return None, "the curated lines are no longer in the same order in the source"
        return None, f"line '{gone['leaf'][:60]}…' no longer in the source"
    moved = {id(leaf): line for leaf, line in zip(in_order, found, strict=True)}

    def visit(node: dict[str, Any]) -> dict[str, Any]:
        if "children" not in node:
            return {**node, "line": moved[id(node)]}
        return {**node, "children": [visit(child) for child in node["children"]]}

    return visit(tree), None


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
