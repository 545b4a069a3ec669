"""Property tests for policies.evaluation, checked against brute force.

The oracle is the truth table: a partial assignment's result is met iff every
completion of its unknown leaves makes the tree true, not_met iff every
completion makes it false, else undetermined.  The minimal-set properties need
many such checks, so they use ``kleene`` below, a direct recursive
three-valued evaluator that ``test_engine_matches_truth_table`` checks against
the truth table as well.  Minimal sets are found by enumerating subsets in
order of size and then of tree position (``itertools.combinations`` order),
so the first hit is the minimum-size set that comes first in tree order: the
engine's documented tie-break.
"""

from dataclasses import dataclass
from itertools import combinations, product

from hypothesis import given, settings
from hypothesis import strategies as st

from policies.evaluation import MET, NOT_MET, UNDETERMINED, compile_tree, evaluate

# Fixed budget and no example database: the suite is fast and the same on every run.
FIXED = settings(max_examples=300, derandomize=True, database=None, deadline=None)
MAX_DEPTH = 4
MAX_LEAVES = 10
OUTCOME = {True: MET, False: NOT_MET, None: UNDETERMINED}


@dataclass(frozen=True)
class Case:
    tree: dict
    keys: list[str]  # leaf keys in tree order
    facts: dict[str, bool]
    exclusions: list[dict]


# --- strategies ----------------------------------------------------------------


@st.composite
def trees(draw) -> dict:
    """NODE dicts at most MAX_DEPTH groups deep with 1..MAX_LEAVES leaves, keys "L0".. in tree order."""
    counter = iter(range(MAX_LEAVES))

    def capacity(depth: int) -> int:  # most leaves a subtree starting at this depth can hold
        return 4 ** (MAX_DEPTH - depth)

    def node(depth: int, n_leaves: int) -> dict:
        # A lone leaf usually stays a leaf, sometimes gets a one-child group around it.
        if n_leaves == 1 and (depth == MAX_DEPTH or draw(st.integers(0, 4)) > 0):
            key = f"L{next(counter)}"
            return {"leaf": f"criterion {key}", "key": key, "number": None}
        n_children = draw(st.integers(-(-n_leaves // capacity(depth + 1)), min(4, n_leaves)))
        children = []
        for sizes_left in range(n_children - 1, -1, -1):
            # Leave at least one leaf for each later child, and no more than they can hold.
            low = max(1, n_leaves - capacity(depth + 1) * sizes_left)
            size = draw(st.integers(low, min(capacity(depth + 1), n_leaves - sizes_left)))
            children.append(node(depth + 1, size))
            n_leaves -= size
        op = draw(st.sampled_from(["all", "any", "at_least"]))
        group = {"op": op, "text": None, "children": children}
        if op == "at_least":
            group["k"] = draw(st.integers(1, len(children)))
        return group

    return node(0, draw(st.integers(1, MAX_LEAVES)))


def leaf_keys(tree: dict) -> list[str]:
    if "leaf" in tree:
        return [tree["key"]]
    return [key for child in tree["children"] for key in leaf_keys(child)]


@st.composite
def cases(draw) -> Case:
    tree = draw(trees())
    keys = leaf_keys(tree)
    exclusions = [{"key": f"X{i}", "text": f"exclusion {i}"} for i in range(draw(st.integers(0, 2)))]
    # How much is unanswered varies per case, from nothing to everything,
    # so that small and large missing sets both turn up.
    unknown_in_4 = draw(st.integers(0, 4))
    facts = {
        key: draw(st.booleans())
        for key in keys + [e["key"] for e in exclusions]
        if draw(st.integers(0, 3)) >= unknown_in_4
    }
    return Case(tree=tree, keys=keys, facts=facts, exclusions=exclusions)


# --- oracles -------------------------------------------------------------------


def boolean(tree: dict, assignment: dict[str, bool]) -> bool:
    """Two-valued evaluation of a fully answered tree."""
    if "leaf" in tree:
        return assignment[tree["key"]]
    trues = sum(boolean(child, assignment) for child in tree["children"])
    need = {"all": len(tree["children"]), "any": 1}.get(tree["op"], tree.get("k"))
    return trues >= need


def truth_table(tree: dict, keys: list[str], facts: dict[str, bool]):
    unknown = [key for key in keys if key not in facts]
    seen = {
        boolean(tree, {**facts, **dict(zip(unknown, answers, strict=True))})
        for answers in product([True, False], repeat=len(unknown))
    }
    return seen.pop() if len(seen) == 1 else None


def kleene(tree: dict, facts: dict[str, bool]):
    """Three-valued evaluation, written independently of the engine."""
    if "leaf" in tree:
        return facts.get(tree["key"])
    values = [kleene(child, facts) for child in tree["children"]]
    n = len(values)
    need = {"all": n, "any": 1}.get(tree["op"], tree.get("k"))
    if values.count(True) >= need:
        return True
    if values.count(False) > n - need:
        return False
    return None


def expected_result(case: Case, facts: dict[str, bool]) -> str:
    if any(facts.get(e["key"]) is True for e in case.exclusions):
        return NOT_MET
    return OUTCOME[truth_table(case.tree, case.keys, facts)]


def first_minimal(candidates: list[str], works) -> tuple[str, ...]:
    """The smallest subset of candidates (first in combinations order) for which works() holds."""
    for size in range(len(candidates) + 1):
        for subset in combinations(candidates, size):
            if works(subset):
                return subset
    raise AssertionError("no subset works")


# --- properties ----------------------------------------------------------------


@FIXED
@given(cases())
def test_engine_matches_truth_table(case):
    evaluation = evaluate(compile_tree(case.tree), case.facts, case.exclusions)
    criteria = truth_table(case.tree, case.keys, case.facts)
    assert kleene(case.tree, case.facts) == criteria  # the oracle used by the tests below is sound
    assert evaluation.criteria_result == OUTCOME[criteria]
    assert evaluation.result == expected_result(case, case.facts)
    exclusion_keys = [e["key"] for e in case.exclusions]
    assert evaluation.applied_exclusions == tuple(key for key in exclusion_keys if case.facts.get(key))
    assert evaluation.unanswered_exclusions == tuple(key for key in exclusion_keys if key not in case.facts)
    assert evaluation.nodes["root" if "op" in case.tree else case.keys[0]].result == OUTCOME[criteria]


@FIXED
@given(cases())
def test_every_node_result_follows_from_its_children(case):
    tree = compile_tree(case.tree)
    nodes = evaluate(tree, case.facts, case.exclusions).nodes
    for leaf in tree.leaves:
        assert nodes[leaf.key].result == OUTCOME[case.facts.get(leaf.key)]
    for group in tree.groups:
        children = [nodes[child.node_id].result for child in group.children]
        if children.count(MET) >= group.threshold:
            assert nodes[group.node_id].result == MET
        elif children.count(NOT_MET) > len(children) - group.threshold:
            assert nodes[group.node_id].result == NOT_MET
        else:
            assert nodes[group.node_id].result == UNDETERMINED
        assert (nodes[group.node_id].op, nodes[group.node_id].k) == (group.op, group.k)


@FIXED
@given(cases(), st.data())
def test_more_facts_never_flip_a_decided_result(case, data):
    """Monotonicity, with the one exception the exclusion rule makes on purpose.

    A "met" reached while an exclusion is unanswered is provisional: answering
    that exclusion True turns it into not_met (and nothing else can).
    """
    tree = compile_tree(case.tree)
    before = evaluate(tree, case.facts, case.exclusions)
    unanswered = [key for key in case.keys + [e["key"] for e in case.exclusions] if key not in case.facts]
    added = data.draw(st.lists(st.sampled_from(unanswered), unique=True)) if unanswered else []
    extra = {key: data.draw(st.booleans()) for key in added}
    after = evaluate(tree, {**case.facts, **extra}, case.exclusions)

    if before.criteria_result != UNDETERMINED:
        assert after.criteria_result == before.criteria_result
    if before.result == NOT_MET:
        assert after.result == NOT_MET
    if before.result == MET:
        newly_applied = set(after.applied_exclusions)
        assert after.result == (NOT_MET if newly_applied else MET)
        assert newly_applied <= set(before.unanswered_exclusions)


@FIXED
@given(cases())
def test_missing_facts_is_the_first_smallest_set_that_can_decide(case):
    evaluation = evaluate(compile_tree(case.tree), case.facts, case.exclusions)
    if evaluation.result != UNDETERMINED:
        assert evaluation.missing_facts == ()
        return
    unknown = [key for key in case.keys if key not in case.facts]

    def can_decide(subset) -> bool:
        return any(
            kleene(case.tree, {**case.facts, **dict(zip(subset, answers, strict=True))}) is not None
            for answers in product([True, False], repeat=len(subset))
        )

    assert evaluation.missing_facts == first_minimal(unknown, can_decide)


@FIXED
@given(cases())
def test_missing_for_met_is_the_first_smallest_set_whose_yes_meets(case):
    evaluation = evaluate(compile_tree(case.tree), case.facts, case.exclusions)
    if evaluation.result != UNDETERMINED:
        assert evaluation.missing_for_met == ()
        return
    unknown = [key for key in case.keys if key not in case.facts]

    def yes_meets(subset) -> bool:
        return kleene(case.tree, {**case.facts, **dict.fromkeys(subset, True)}) is True

    expected = first_minimal(unknown, yes_meets)
    assert evaluation.missing_for_met == expected
    answered = {**case.facts, **dict.fromkeys(expected, True)}
    assert evaluate(compile_tree(case.tree), answered, case.exclusions).result == MET


@FIXED
@given(cases())
def test_deciding_facts_alone_give_the_same_result_and_are_minimal(case):
    tree = compile_tree(case.tree)
    evaluation = evaluate(tree, case.facts, case.exclusions)
    if evaluation.result == UNDETERMINED:
        assert evaluation.deciding_facts == ()
        return
    alone = {key: case.facts[key] for key in evaluation.deciding_facts}
    assert evaluate(tree, alone, case.exclusions).result == evaluation.result

    if evaluation.applied_exclusions:
        assert evaluation.deciding_facts == evaluation.applied_exclusions[:1]
        return
    known = [key for key in case.keys if key in case.facts]
    expected = first_minimal(
        known, lambda subset: kleene(case.tree, {key: case.facts[key] for key in subset}) is not None
    )
    assert evaluation.deciding_facts == expected
