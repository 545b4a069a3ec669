"""Evaluate a patient's facts against a commissioning policy's criteria tree.

Pure Python: no Django import, plain data in, dataclasses and plain data out.

Input
=====
The criteria tree is the ``NODE`` shape the policy parser produces, with a
stable ``key`` added to every leaf (the name the facts use)::

    NODE = {"op": "all" | "any" | "at_least", "k": int (at_least only),
            "text": str | None, "children": [NODE, ...]}
         | {"leaf": str (the criterion's text), "key": str, "number": str | None}

``compile_tree`` validates it once and returns an immutable ``CriteriaTree``
holding the nodes and a flat, precompiled evaluation plan: compile once per
policy, evaluate many times.

Exclusions are ``[{"key": str, "text": str}, ...]`` (or ``Exclusion``
objects), raw or compiled once with ``compile_exclusions``.  Their keys share
the facts' namespace with the leaf keys.

Facts map a key to ``True`` or ``False``.  A key that is absent (or mapped to
``None``, which is how JSON says "not answered") is *unknown*.  A key that
names neither a leaf nor an exclusion raises ``ValueError`` naming it, so a
misspelt fact is never silently treated as unknown.

Semantics
=========
Kleene's three-valued logic, with ``at_least k`` as the general gate:

* ``at_least k`` of n children is **true** when at least k children are true,
  **false** when more than n - k children are false (so k true ones can no
  longer be found), and **unknown** otherwise;
* ``all`` is ``at_least n`` (AND) and ``any`` is ``at_least 1`` (OR).

Every leaf appears once in the tree, so this is exact: a node is true exactly
when every way of answering its unknown leaves makes it true, and false
exactly when every way makes it false.  Results are reported as ``"met"``,
``"not_met"`` and ``"undetermined"``; an undetermined answer is never
reported as not met.

Exclusions (a product decision)
-------------------------------
* An exclusion whose fact is ``True`` makes the result ``not_met`` whatever the
  criteria say; it is listed in ``applied_exclusions``.
* An exclusion whose fact is ``False`` does not block.
* An exclusion whose fact is absent **does not block either**: a patient is not
  refused on a contraindication nobody has answered.  It is listed in
  ``unanswered_exclusions`` so callers can say "exclusions not confirmed".

So more answers never change a decided result, with one deliberate
exception: a ``met`` given while ``unanswered_exclusions`` is non-empty is
provisional, and becomes ``not_met`` if one of those exclusions is later
answered ``True``.  ``criteria_result`` (the tree alone) never changes once
decided.

Node ids
========
``Evaluation.nodes`` holds the result of every node, in tree (pre-)order,
keyed by a stable id: a leaf's id is its key; a group's id is its path of
0-based child positions from the root: ``"root"``, ``"root.2"`` (the root's
third child), ``"root.2.0"`` (that group's first child).  A leaf key may not
equal a group id.

Explanations
============
Every set below has the fewest members possible.  Ties are broken by tree
order: of the smallest sets, the one whose leaves, listed in tree order, come
first lexicographically.  Every list is in tree order.

* ``deciding_facts`` (result decided, else empty): a smallest set of the
  known facts that on their own, every other fact unknown, force that
  result.  For ``met``: the true leaves of one minimal satisfying selection.
  For ``not_met`` from the criteria: false leaves enough to make the root
  false (one false leaf under an ``all``).  An applied exclusion decides
  ``not_met`` by itself, so when any applies this is the first of them.
* ``missing_facts`` (result undetermined, else empty): a smallest set of
  unanswered leaves such that *some* answers to them, every other unanswered
  fact staying unknown, decide the criteria tree (met or not met).
  Unanswered exclusions are not counted: they never decide the criteria tree.
* ``missing_for_met`` (result undetermined, else empty): a smallest set of
  unanswered leaves whose being ``True`` would make the criteria met.

These are exact, computed without search by dynamic programming over the
tree.  Leaves are distinct, so the cheapest way to force an ``at_least k``
node true is to force its k cheapest children true, and the cheapest way to
force it false is to force its n - k + 1 cheapest children false.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

__all__ = [
    "MAX_DEPTH",
    "MET",
    "NOT_MET",
    "UNDETERMINED",
    "CriteriaTree",
    "Evaluation",
    "Exclusion",
    "Exclusions",
    "Group",
    "Leaf",
    "NodeResult",
    "compile_exclusions",
    "compile_tree",
    "evaluate",
]

Outcome: TypeAlias = Literal["met", "not_met", "undetermined"]
MET: Outcome = "met"
NOT_MET: Outcome = "not_met"
UNDETERMINED: Outcome = "undetermined"

GroupOp: TypeAlias = Literal["all", "any", "at_least"]
GROUP_OPS: frozenset[str] = frozenset({"all", "any", "at_least"})
ROOT_ID = "root"

# Real policies nest a handful of levels.  The limit keeps compiling and the
# recursive explanations well inside Python's recursion limit.
MAX_DEPTH = 64

# Three-valued truth is carried as True / False / None (unknown) throughout:
# the facts already use it, and tuple.count(True) then counts in C.
Truth: TypeAlias = "bool | None"
_OUTCOME: dict[Truth, Outcome] = {True: MET, False: NOT_MET, None: UNDETERMINED}


# --------------------------------------------------------------------------
# Tree and result types
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Leaf:
    """One criterion: ``key`` is what the facts call it, ``text`` its words."""

    key: str
    text: str
    number: str | None = None
    position: int = 0  # index among the tree's leaves, in tree order

    @property
    def node_id(self) -> str:
        return self.key


@dataclass(frozen=True, slots=True)
class Group:
    """A gate over ``children``: all (AND), any (OR) or at_least ``k``."""

    node_id: str
    op: GroupOp
    k: int | None  # at_least only
    text: str | None
    children: tuple[Node, ...]

    @property
    def threshold(self) -> int:
        """How many children must be true for the group to be true."""
        if self.op == "all":
            return len(self.children)
        if self.op == "any":
            return 1
        assert self.k is not None
        return self.k


Node: TypeAlias = "Leaf | Group"


@dataclass(frozen=True, slots=True)
class Exclusion:
    """An exclusion or contraindication; its fact ``True`` means excluded."""

    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Exclusions:
    """A validated list of exclusions. Build it with ``compile_exclusions``."""

    items: tuple[Exclusion, ...] = ()
    keys: tuple[str, ...] = ()
    key_set: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class NodeResult:
    """One node's outcome. ``op`` is "leaf" for leaves; ``k`` is set for at_least only."""

    op: str
    k: int | None
    result: Outcome

    def to_dict(self) -> dict[str, Any]:
        return {"op": self.op, "k": self.k, "result": self.result}


_Getter: TypeAlias = Callable[[list[Any]], tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class _Plan:
    """The tree flattened for evaluation; built once by ``compile_tree``.

    Every node has a slot in one value list: leaves take slots
    ``0 .. n_leaves - 1`` in tree order, groups the following slots in
    post-order, so one forward pass over ``steps`` sees children before
    parents, and the root is the last slot.
    """

    leaf_keys: tuple[str, ...]
    leaf_key_set: frozenset[str]
    n_leaves: int
    root_slot: int
    unknown_groups: tuple[None, ...]  # the group slots' starting values
    # Per group, in post-order: (slot, getter of its children's values,
    # true children needed, false children needed).
    steps: tuple[tuple[int, _Getter, int, int], ...]
    # Per slot: None for a leaf; for a group (child slots in child order,
    # true children needed, false children needed).
    groups: tuple[tuple[tuple[int, ...], int, int] | None, ...]
    # Pre-order (node id, slot, NodeResult for True / False / None): results
    # are immutable, so the three possible ones per node are built here once.
    report: tuple[tuple[str, int, dict[Truth, NodeResult]], ...]


@dataclass(frozen=True, slots=True)
class CriteriaTree:
    """A validated, compiled criteria tree. Build it with ``compile_tree``."""

    root: Node
    leaves: tuple[Leaf, ...]  # tree order
    groups: tuple[Group, ...]  # pre-order
    _plan: _Plan = field(repr=False, compare=False)

    @property
    def leaf_keys(self) -> tuple[str, ...]:
        return self._plan.leaf_keys


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The outcome of checking facts against a tree (see the module docstring)."""

    result: Outcome
    criteria_result: Outcome
    nodes: Mapping[str, NodeResult]
    deciding_facts: tuple[str, ...]
    missing_facts: tuple[str, ...]
    missing_for_met: tuple[str, ...]
    applied_exclusions: tuple[str, ...]
    unanswered_exclusions: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data (dicts, lists, strings, ints, None)."""
        return {
            "result": self.result,
            "criteria_result": self.criteria_result,
            "nodes": {node_id: outcome.to_dict() for node_id, outcome in self.nodes.items()},
            "deciding_facts": list(self.deciding_facts),
            "missing_facts": list(self.missing_facts),
            "missing_for_met": list(self.missing_for_met),
            "applied_exclusions": list(self.applied_exclusions),
            "unanswered_exclusions": list(self.unanswered_exclusions),
        }


# --------------------------------------------------------------------------
# Compiling
# --------------------------------------------------------------------------


def compile_tree(node: Mapping[str, Any]) -> CriteriaTree:
    """Validate a ``NODE`` dict and compile it into a ``CriteriaTree``.

    Raises ``ValueError``, naming the offending node's id, for: a node that is
    neither a leaf nor a group, an unknown op, an empty group, an ``at_least``
    whose k is not an int in ``1..len(children)``, a ``k`` on all/any, a leaf
    without a non-empty string key, duplicate leaf keys, a leaf key equal to a
    group id, or groups nested more than ``MAX_DEPTH`` deep.
    """
    leaves: list[Leaf] = []
    groups: list[Group] = []
    root = _build_node(node, ROOT_ID, 0, leaves, groups)
    _check_keys(leaves, groups)
    return CriteriaTree(root=root, leaves=tuple(leaves), groups=tuple(groups), _plan=_make_plan(root, leaves))


def compile_exclusions(exclusions: Iterable[Mapping[str, Any] | Exclusion]) -> Exclusions:
    """Validate exclusions (dicts ``{"key", "text"}`` or ``Exclusion``); keys must be unique.

    ``evaluate`` accepts the raw list too; compiling a policy's exclusions once
    alongside its tree saves redoing this on every evaluation.
    """
    items = tuple(item if isinstance(item, Exclusion) else _build_exclusion(item) for item in exclusions)
    keys = tuple(item.key for item in items)
    for key in keys:
        if not isinstance(key, str) or not key:
            raise ValueError(f"exclusion key must be a non-empty string, got {key!r}")
    if len(set(keys)) != len(keys):
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        raise ValueError(f"duplicate exclusion keys: {', '.join(map(repr, duplicates))}")
    return Exclusions(items=items, keys=keys, key_set=frozenset(keys))


_NO_EXCLUSIONS = Exclusions()


def _build_exclusion(item: Mapping[str, Any]) -> Exclusion:
    if not isinstance(item, Mapping) or "key" not in item:
        raise ValueError(f"an exclusion must be a mapping with a 'key', got {item!r}")
    text = item.get("text")
    if text is not None and not isinstance(text, str):
        raise ValueError(f"exclusion {item['key']!r}: text must be a string")
    return Exclusion(key=item["key"], text=text or "")


def _build_node(raw: Any, node_id: str, depth: int, leaves: list[Leaf], groups: list[Group]) -> Node:
    """Build one node and, recursively, its children (groups go into ``groups`` in pre-order)."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"{node_id}: a node must be a mapping, got {type(raw).__name__}")
    if ("leaf" in raw) == ("op" in raw):
        raise ValueError(f"{node_id}: a node must have exactly one of 'leaf' and 'op'")
    if "leaf" in raw:
        return _build_leaf(raw, node_id, leaves)

    op, k, text, raw_children = raw["op"], raw.get("k"), raw.get("text"), raw.get("children")
    if depth >= MAX_DEPTH:
        raise ValueError(f"{node_id}: groups are nested more than {MAX_DEPTH} deep")
    if op not in GROUP_OPS:
        raise ValueError(f"{node_id}: unknown op {op!r} (expected one of {sorted(GROUP_OPS)})")
    if text is not None and not isinstance(text, str):
        raise ValueError(f"{node_id}: text must be a string or null")
    if not isinstance(raw_children, list | tuple) or not raw_children:
        raise ValueError(f"{node_id}: a group must have a non-empty list of children")
    if op == "at_least":
        # bool is an int subclass; k=True is a data error, not k=1.
        if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= len(raw_children):
            raise ValueError(
                f"{node_id}: at_least needs an int k with 1 <= k <= {len(raw_children)}, got {k!r}"
            )
    elif k is not None:
        raise ValueError(f"{node_id}: k is only allowed on at_least, not on {op!r}")

    # Take this group's pre-order place before its descendants take theirs.
    index = len(groups)
    groups.append(None)  # type: ignore[arg-type]
    children = tuple(
        _build_node(child, f"{node_id}.{position}", depth + 1, leaves, groups)
        for position, child in enumerate(raw_children)
    )
    group = Group(node_id=node_id, op=op, k=k, text=text, children=children)
    groups[index] = group
    return group


def _build_leaf(raw: Mapping[str, Any], node_id: str, leaves: list[Leaf]) -> Leaf:
    key, text, number = raw.get("key"), raw["leaf"], raw.get("number")
    if not isinstance(key, str) or not key:
        raise ValueError(f"{node_id}: a leaf needs a non-empty string 'key', got {key!r}")
    if not isinstance(text, str):
        raise ValueError(f"{node_id}: leaf {key!r} text must be a string")
    if number is not None and not isinstance(number, str):
        raise ValueError(f"{node_id}: leaf {key!r} number must be a string or null")
    leaf = Leaf(key=key, text=text, number=number, position=len(leaves))
    leaves.append(leaf)
    return leaf


def _check_keys(leaves: list[Leaf], groups: list[Group]) -> None:
    seen: set[str] = set()
    duplicates: set[str] = set()
    for leaf in leaves:
        (duplicates if leaf.key in seen else seen).add(leaf.key)
    if duplicates:
        raise ValueError(f"duplicate leaf keys: {', '.join(map(repr, sorted(duplicates)))}")
    clashes = seen & {group.node_id for group in groups}
    if clashes:
        raise ValueError(f"leaf keys equal to group ids: {', '.join(map(repr, sorted(clashes)))}")


def _make_plan(root: Node, leaves: list[Leaf]) -> _Plan:
    """Flatten the tree into slots (see ``_Plan``) and precompute per-node data."""
    n_leaves = len(leaves)
    post_order = [node for node in _post_order(root) if isinstance(node, Group)]
    slot_of = {id(leaf): leaf.position for leaf in leaves}  # nodes are distinct objects
    slot_of.update((id(group), n_leaves + offset) for offset, group in enumerate(post_order))
    n_slots = n_leaves + len(post_order)

    groups: list[tuple[tuple[int, ...], int, int] | None] = [None] * n_slots
    steps = []
    for group in post_order:
        slot = slot_of[id(group)]
        child_slots = tuple(slot_of[id(child)] for child in group.children)
        need_true = group.threshold
        need_false = len(child_slots) - need_true + 1  # more than n - k false children
        groups[slot] = (child_slots, need_true, need_false)
        steps.append((slot, _tuple_getter(child_slots), need_true, need_false))

    return _Plan(
        leaf_keys=tuple(leaf.key for leaf in leaves),
        leaf_key_set=frozenset(leaf.key for leaf in leaves),
        n_leaves=n_leaves,
        root_slot=n_slots - 1,
        unknown_groups=(None,) * len(post_order),
        steps=tuple(steps),
        groups=tuple(groups),
        report=tuple((node.node_id, slot_of[id(node)], _possible_results(node)) for node in _pre_order(root)),
    )


def _pre_order(node: Node) -> Iterable[Node]:
    yield node
    if isinstance(node, Group):
        for child in node.children:
            yield from _pre_order(child)


def _post_order(node: Node) -> Iterable[Node]:
    if isinstance(node, Group):
        for child in node.children:
            yield from _post_order(child)
    yield node


def _tuple_getter(slots: tuple[int, ...]) -> _Getter:
    """A C-speed function returning the values at ``slots`` as a tuple."""
    if len(slots) == 1:
        # itemgetter with one index returns a bare value, not a 1-tuple.
        (only,) = slots
        return lambda values: (values[only],)
    return itemgetter(*slots)


def _possible_results(node: Node) -> dict[Truth, NodeResult]:
    op, k = ("leaf", None) if isinstance(node, Leaf) else (node.op, node.k)
    return {truth: NodeResult(op=op, k=k, result=outcome) for truth, outcome in _OUTCOME.items()}


# --------------------------------------------------------------------------
# Evaluating
# --------------------------------------------------------------------------


def evaluate(
    tree: CriteriaTree,
    facts: Mapping[str, bool | None],
    exclusions: Exclusions | Iterable[Mapping[str, Any] | Exclusion] = _NO_EXCLUSIONS,
) -> Evaluation:
    """Check ``facts`` against ``tree`` and ``exclusions`` (semantics: module docstring).

    Raises ``ValueError`` naming any fact key that is neither a leaf nor an
    exclusion, any fact whose value is not True/False/None, and any exclusion
    key that is invalid, repeated or equal to a leaf key.
    """
    plan = tree._plan
    if not isinstance(exclusions, Exclusions):
        exclusions = compile_exclusions(exclusions)
    _check_facts(plan, facts, exclusions)

    values = _truth_values(plan, facts)
    root_truth = values[plan.root_slot]
    applied = tuple(key for key in exclusions.keys if facts.get(key) is True)
    unanswered = tuple(key for key in exclusions.keys if facts.get(key) is None)

    deciding: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    missing_for_met: tuple[str, ...] = ()
    if applied:
        result: Outcome = NOT_MET
        deciding = applied[:1]  # one applied exclusion decides on its own
    elif root_truth is None:
        result = UNDETERMINED
        missing, missing_for_met = _missing_sets(plan, values)
    else:
        result = MET if root_truth else NOT_MET
        deciding = _keys(plan, _known_forcing(plan, values, plan.root_slot, root_truth))

    return Evaluation(
        result=result,
        criteria_result=_OUTCOME[root_truth],
        nodes=MappingProxyType({node_id: results[values[slot]] for node_id, slot, results in plan.report}),
        deciding_facts=deciding,
        missing_facts=missing,
        missing_for_met=missing_for_met,
        applied_exclusions=applied,
        unanswered_exclusions=unanswered,
    )


# An error names at most this many keys, then says how many more: a body of hundreds of
# unknown keys must not come back as an answer of the same size.
LISTED_KEYS = 10


def _listed(keys: list[str]) -> str:
    shown = ", ".join(map(repr, keys[:LISTED_KEYS]))
    return f"{shown} and {len(keys) - LISTED_KEYS} more" if len(keys) > LISTED_KEYS else shown


def _check_facts(plan: _Plan, facts: Mapping[str, Any], exclusions: Exclusions) -> None:
    if exclusions.keys and not plan.leaf_key_set.isdisjoint(exclusions.key_set):
        clashes = sorted(plan.leaf_key_set & exclusions.key_set)
        raise ValueError(f"exclusion keys equal to leaf keys: {', '.join(map(repr, clashes))}")
    not_leaves = facts.keys() - plan.leaf_key_set
    if not_leaves and not not_leaves <= exclusions.key_set:
        unknown = sorted(not_leaves - exclusions.key_set)
        raise ValueError(f"unknown fact keys: {_listed(unknown)}")
    for value in facts.values():
        # Inlined _is_truth: this runs for every fact of every evaluation.
        if value is not True and value is not False and value is not None:
            bad = sorted(key for key, value in facts.items() if not _is_truth(value))
            raise ValueError(f"facts must be true, false or null: {_listed(bad)}")


def _is_truth(value: object) -> bool:
    # Identity, not equality: 1, 0 and 1.0 are data errors, not truth values.
    return value is True or value is False or value is None


def _truth_values(plan: _Plan, facts: Mapping[str, bool | None]) -> list[Truth]:
    """Kleene value of every slot: leaves from the facts, groups bottom-up."""
    values: list[Truth] = list(map(facts.get, plan.leaf_keys))
    values += plan.unknown_groups
    for slot, children_of, need_true, need_false in plan.steps:
        child_values = children_of(values)
        if child_values.count(True) >= need_true:
            values[slot] = True
        elif child_values.count(False) >= need_false:
            values[slot] = False
        # else: stays None (unknown)
    return values


def _missing_sets(plan: _Plan, values: list[Truth]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(missing_facts, missing_for_met) for an undetermined root."""
    for_met, for_not_met = _answers_to_decide(plan, values, plan.root_slot)
    if len(for_met) != len(for_not_met):
        decide = min(for_met, for_not_met, key=len)
    else:  # same size either way: tree order decides (see module docstring)
        decide = min(tuple(for_met), tuple(for_not_met))
    return _keys(plan, decide), _keys(plan, for_met)


# Nothing to answer: the plan for a node that already has the wanted value.
_NOTHING: Sequence[int] = ()


def _answers_to_decide(plan: _Plan, values: list[Truth], slot: int) -> tuple[Sequence[int], Sequence[int]]:
    """For an undetermined node: the fewest unanswered leaves that, answered
    True, make it true, and that, answered False, make it false (leaf slots in
    tree order).

    Only undetermined nodes are visited.  A decided child needs nothing if it
    already has the wanted value and can never be turned otherwise (Kleene
    values stay decided whatever else is answered), so it is either a free
    option or no option.  An undetermined group always has enough options.
    """
    n_leaves = plan.n_leaves
    if slot < n_leaves:
        return (slot,), (slot,)
    child_slots, need_true, need_false = plan.groups[slot]  # type: ignore[misc]
    to_true: list[Sequence[int]] = []
    to_false: list[Sequence[int]] = []
    for child in child_slots:
        value = values[child]
        if value is None:
            if child < n_leaves:  # the commonest case, without a call
                to_true.append((child,))
                to_false.append((child,))
            else:
                child_to_true, child_to_false = _answers_to_decide(plan, values, child)
                to_true.append(child_to_true)
                to_false.append(child_to_false)
        elif value:
            to_true.append(_NOTHING)
        else:
            to_false.append(_NOTHING)
    return _join_cheapest(to_true, need_true), _join_cheapest(to_false, need_false)


def _known_forcing(plan: _Plan, values: list[Truth], slot: int, truth: bool) -> Sequence[int]:
    """For a node whose value is ``truth``: the fewest known leaves that alone
    force it to ``truth`` (leaf slots in tree order).

    Only children that already have the value ``truth`` can help, and a
    group with that value has enough of them.
    """
    n_leaves = plan.n_leaves
    if slot < n_leaves:
        return (slot,)
    child_slots, need_true, need_false = plan.groups[slot]  # type: ignore[misc]
    need = need_true if truth else need_false
    helpful = [child for child in child_slots if values[child] is truth]
    if need == 1:
        # One child will do.  Children are tried in tree order, and nothing
        # beats a single leaf, so the first child needing one is the answer.
        best: Sequence[int] | None = None
        for child in helpful:
            option = (child,) if child < n_leaves else _known_forcing(plan, values, child, truth)
            if len(option) == 1:
                return option
            if best is None or len(option) < len(best):
                best = option
        assert best is not None
        return best
    # Leaf children inline, without a call: they are the commonest case.
    options = [
        (child,) if child < n_leaves else _known_forcing(plan, values, child, truth) for child in helpful
    ]
    return _join_cheapest(options, need)


def _join_cheapest(options: list[Sequence[int]], need: int) -> Sequence[int]:
    """Join the ``need`` shortest of ``options`` (leaf slots in tree order, one per child in child order).

    Sorting is stable, so among equally short options the earliest child is
    taken; as each child's leaves all come before the next child's, that
    gives the lexicographically first smallest set in tree order.
    """
    if need == 1:
        return min(options, key=len)  # min keeps the first of equals
    if need < len(options):
        lengths = list(map(len, options))
        chosen = sorted(sorted(range(len(options)), key=lengths.__getitem__)[:need])
        options = [options[index] for index in chosen]
    return list(chain.from_iterable(options))


def _keys(plan: _Plan, leaf_slots: Iterable[int]) -> tuple[str, ...]:
    return tuple(map(plan.leaf_keys.__getitem__, leaf_slots))
