"""Example tests for policies.evaluation, on a tree shaped like the LLR hip resurfacing policy (ARP 55)."""

import json
import re

import pytest

from policies.evaluation import (
    MAX_DEPTH,
    MET,
    NOT_MET,
    UNDETERMINED,
    Exclusion,
    Group,
    Leaf,
    NodeResult,
    compile_exclusions,
    compile_tree,
    evaluate,
)

ASSESSED = "assessed_msk_end_stage_oa"
CONSERVATIVE = "conservative_6_months_failed"
SEVERE_PAIN = "severe_pain_moderate_impairment"
INSTABILITY = "instability_significant_impairment"
RADIOLOGY_SEVERE = "radiology_severe_moderate_impairment"
RADIOLOGY_MODERATE = "radiology_moderate_significant_impairment"
LOSING_INDEPENDENCE = "losing_independence_conservative_contraindicated"
JOINT_DESTRUCTION = "risk_of_joint_destruction"
SYMPTOM_KEYS = [
    SEVERE_PAIN,
    INSTABILITY,
    RADIOLOGY_SEVERE,
    RADIOLOGY_MODERATE,
    LOSING_INDEPENDENCE,
    JOINT_DESTRUCTION,
]
FEMALE = "female"


def leaf(key, text=None):
    return {"leaf": text or key.replace("_", " "), "key": key, "number": None}


HIP_RESURFACING = {
    "op": "all",
    "text": "LLR ICB will only fund this procedure if the following criteria is met",
    "children": [
        leaf(
            ASSESSED,
            "The patient has been assessed by Musculoskeletal Services and diagnosed as suffering "
            "from end-stage osteoarthritis suitable for referral for consideration of surgery",
        ),
        leaf(
            CONSERVATIVE,
            "The patient has fully engaged with conservative measures for a period of at "
            "least six months and this has failed to improve the symptoms of the patient",
        ),
        {"op": "any", "text": "The patient:", "children": [leaf(key) for key in SYMPTOM_KEYS]},
    ],
}
EXCLUSIONS = [{"key": FEMALE, "text": "The procedure is contraindicated in females."}]


@pytest.fixture(scope="module")
def hip():
    return compile_tree(HIP_RESURFACING)


def check(tree, facts, exclusions=EXCLUSIONS):
    return evaluate(tree, facts, exclusions)


def all_true():
    return {ASSESSED: True, CONSERVATIVE: True, **{key: True for key in SYMPTOM_KEYS}, FEMALE: False}


# --- compiling -------------------------------------------------------------


def test_compile_tree_builds_immutable_nodes_with_path_ids(hip):
    assert isinstance(hip.root, Group)
    assert hip.root.node_id == "root"
    assert [group.node_id for group in hip.groups] == ["root", "root.2"]
    assert hip.leaf_keys == (ASSESSED, CONSERVATIVE, *SYMPTOM_KEYS)
    assert isinstance(hip.root.children[0], Leaf)
    assert hip.root.children[2].children[5].key == JOINT_DESTRUCTION
    with pytest.raises(AttributeError):
        hip.root.op = "any"


def test_compile_tree_accepts_a_single_leaf_as_root():
    tree = compile_tree(leaf("only"))
    assert evaluate(tree, {"only": True}).result == MET
    assert list(evaluate(tree, {}).nodes) == ["only"]


@pytest.mark.parametrize(
    ("node", "message"),
    [
        ({"op": "all", "text": None, "children": []}, "non-empty list of children"),
        ({"op": "any", "text": None}, "non-empty list of children"),
        ({"op": "none", "text": None, "children": [leaf("a")]}, "unknown op"),
        ({"op": "at_least", "text": None, "children": [leaf("a"), leaf("b")]}, "1 <= k <= 2"),
        ({"op": "at_least", "k": 0, "text": None, "children": [leaf("a"), leaf("b")]}, "1 <= k <= 2"),
        ({"op": "at_least", "k": 3, "text": None, "children": [leaf("a"), leaf("b")]}, "1 <= k <= 2"),
        ({"op": "at_least", "k": "2", "text": None, "children": [leaf("a"), leaf("b")]}, "1 <= k <= 2"),
        ({"op": "at_least", "k": True, "text": None, "children": [leaf("a"), leaf("b")]}, "1 <= k <= 2"),
        ({"op": "all", "k": 1, "text": None, "children": [leaf("a")]}, "only allowed on at_least"),
        ({"op": "all", "text": None, "children": [leaf("a"), leaf("a")]}, "duplicate leaf keys: 'a'"),
        ({"op": "all", "text": None, "children": [{"leaf": "no key"}]}, "non-empty string 'key'"),
        ({"op": "all", "text": None, "children": [{"leaf": "empty", "key": ""}]}, "non-empty string 'key'"),
        ({"op": "all", "text": None, "children": [{"leaf": "x", "key": "x", "op": "all"}]}, "exactly one of"),
        ({"op": "all", "text": None, "children": ["a"]}, "must be a mapping"),
        (
            {
                "op": "all",
                "text": None,
                "children": [leaf("root.1"), {"op": "any", "text": None, "children": [leaf("b")]}],
            },
            "leaf keys equal to group ids: 'root.1'",
        ),
        (
            {"op": "all", "text": None, "children": [leaf("a"), {"op": "any", "text": None, "children": []}]},
            "root.1: a group must have",
        ),
    ],
)
def test_compile_tree_rejects_invalid_trees(node, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        compile_tree(node)


def nested(depth):
    node = leaf("bottom")
    for _ in range(depth):
        node = {"op": "all", "text": None, "children": [node]}
    return node


def test_compile_tree_accepts_groups_nested_max_depth_deep():
    tree = compile_tree(nested(MAX_DEPTH))
    evaluation = evaluate(tree, {})
    assert evaluation.missing_facts == evaluation.missing_for_met == ("bottom",)
    assert evaluate(tree, {"bottom": True}).deciding_facts == ("bottom",)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000])
def test_compile_tree_rejects_groups_nested_deeper(depth):
    with pytest.raises(ValueError, match=f"nested more than {MAX_DEPTH} deep"):
        compile_tree(nested(depth))


# --- the hip resurfacing policy ---------------------------------------------


def test_evaluate_all_true_is_met(hip):
    evaluation = check(hip, all_true())
    assert evaluation.result == MET
    assert evaluation.criteria_result == MET
    # One symptom is enough for the "any": the first in tree order.
    assert evaluation.deciding_facts == (ASSESSED, CONSERVATIVE, SEVERE_PAIN)
    assert evaluation.missing_facts == evaluation.missing_for_met == ()
    assert evaluation.applied_exclusions == evaluation.unanswered_exclusions == ()


def test_evaluate_conservative_false_is_not_met_decided_by_it_alone(hip):
    evaluation = check(hip, {**all_true(), CONSERVATIVE: False})
    assert evaluation.result == NOT_MET
    assert evaluation.criteria_result == NOT_MET
    assert evaluation.deciding_facts == (CONSERVATIVE,)
    assert evaluation.nodes[CONSERVATIVE].result == NOT_MET
    assert evaluation.nodes["root.2"].result == MET


def test_evaluate_conservative_absent_is_undetermined_missing_only_it(hip):
    facts = all_true()
    del facts[CONSERVATIVE]
    evaluation = check(hip, facts)
    assert evaluation.result == UNDETERMINED
    assert evaluation.criteria_result == UNDETERMINED
    assert evaluation.missing_facts == (CONSERVATIVE,)
    assert evaluation.missing_for_met == (CONSERVATIVE,)
    assert evaluation.deciding_facts == ()
    assert evaluation.nodes[CONSERVATIVE] == NodeResult(op="leaf", k=None, result=UNDETERMINED)


def test_evaluate_fact_mapped_to_none_counts_as_unanswered(hip):
    assert check(hip, {**all_true(), CONSERVATIVE: None}).missing_facts == (CONSERVATIVE,)


def test_evaluate_female_true_is_not_met_naming_the_exclusion(hip):
    evaluation = check(hip, {**all_true(), FEMALE: True})
    assert evaluation.result == NOT_MET
    assert evaluation.criteria_result == MET
    assert evaluation.applied_exclusions == (FEMALE,)
    assert evaluation.deciding_facts == (FEMALE,)


def test_evaluate_applied_exclusion_decides_even_when_criteria_are_undetermined(hip):
    evaluation = check(hip, {FEMALE: True})
    assert evaluation.result == NOT_MET
    assert evaluation.criteria_result == UNDETERMINED
    assert evaluation.deciding_facts == (FEMALE,)
    assert evaluation.missing_facts == evaluation.missing_for_met == ()


def test_evaluate_unanswered_exclusion_does_not_block_but_is_reported(hip):
    facts = all_true()
    del facts[FEMALE]
    evaluation = check(hip, facts)
    assert evaluation.result == MET
    assert evaluation.unanswered_exclusions == (FEMALE,)
    assert evaluation.applied_exclusions == ()


def test_evaluate_nothing_known_is_undetermined(hip):
    evaluation = check(hip, {})
    assert evaluation.result == UNDETERMINED
    assert set(evaluation.nodes.values()) <= {
        NodeResult(op=op, k=None, result=UNDETERMINED) for op in ("leaf", "all", "any")
    }
    # One "no" on the first criterion would decide: not met.
    assert evaluation.missing_facts == (ASSESSED,)
    assert evaluation.missing_for_met == (ASSESSED, CONSERVATIVE, SEVERE_PAIN)
    assert evaluation.unanswered_exclusions == (FEMALE,)


def test_evaluate_all_symptoms_false_is_not_met_decided_by_all_six(hip):
    facts = {ASSESSED: True, CONSERVATIVE: True, **{key: False for key in SYMPTOM_KEYS}}
    evaluation = check(hip, facts)
    assert evaluation.result == NOT_MET
    assert evaluation.deciding_facts == tuple(SYMPTOM_KEYS)
    assert evaluation.nodes["root.2"].result == NOT_MET


def test_evaluate_prefers_the_cheaper_way_to_decide(hip):
    # Both first criteria met, symptoms unknown: one "yes" meets, no single "no" refuses.
    evaluation = check(hip, {ASSESSED: True, CONSERVATIVE: True})
    assert evaluation.missing_facts == (SEVERE_PAIN,)
    assert evaluation.missing_for_met == (SEVERE_PAIN,)


def test_evaluate_nodes_are_keyed_in_tree_order(hip):
    evaluation = check(hip, all_true())
    assert list(evaluation.nodes) == ["root", ASSESSED, CONSERVATIVE, "root.2", *SYMPTOM_KEYS]
    assert evaluation.nodes["root"] == NodeResult(op="all", k=None, result=MET)


def test_evaluate_rejects_unknown_fact_keys_naming_them(hip):
    with pytest.raises(ValueError, match="unknown fact keys: 'bmi', 'typo'"):
        check(hip, {**all_true(), "typo": True, "bmi": False})


def test_evaluate_rejects_an_exclusion_fact_when_the_exclusion_is_not_given(hip):
    with pytest.raises(ValueError, match="unknown fact keys: 'female'"):
        evaluate(hip, all_true())


@pytest.mark.parametrize("value", ["yes", 1, 0, 1.0])
def test_evaluate_rejects_non_boolean_fact_values(hip, value):
    with pytest.raises(ValueError, match="true, false or null: 'assessed_msk_end_stage_oa'$"):
        check(hip, {ASSESSED: value, CONSERVATIVE: True})


@pytest.mark.parametrize(
    ("exclusions", "message"),
    [
        ([{"key": FEMALE, "text": "a"}, {"key": FEMALE, "text": "b"}], "duplicate exclusion keys: 'female'"),
        ([{"key": ASSESSED, "text": "clash"}], "exclusion keys equal to leaf keys"),
        ([{"text": "no key"}], "mapping with a 'key'"),
        ([{"key": "", "text": "empty"}], "non-empty string"),
    ],
)
def test_evaluate_rejects_invalid_exclusions(hip, exclusions, message):
    with pytest.raises(ValueError, match=message):
        evaluate(hip, {}, exclusions)


def test_evaluate_accepts_exclusion_objects(hip):
    evaluation = evaluate(hip, {FEMALE: True}, [Exclusion(key=FEMALE, text="females")])
    assert evaluation.applied_exclusions == (FEMALE,)


def test_evaluate_accepts_compiled_exclusions(hip):
    compiled = compile_exclusions(EXCLUSIONS)
    assert compiled.items == (Exclusion(key=FEMALE, text="The procedure is contraindicated in females."),)
    assert evaluate(hip, {**all_true(), FEMALE: True}, compiled) == check(hip, {**all_true(), FEMALE: True})


def test_evaluate_rejects_compiled_exclusions_clashing_with_leaf_keys(hip):
    with pytest.raises(ValueError, match="exclusion keys equal to leaf keys: 'assessed_msk_end_stage_oa'"):
        evaluate(hip, {}, compile_exclusions([{"key": ASSESSED, "text": "clash"}]))


def test_to_dict_is_json_ready(hip):
    facts = all_true()
    del facts[CONSERVATIVE]
    data = check(hip, facts).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["result"] == "undetermined"
    assert data["missing_facts"] == [CONSERVATIVE]
    assert data["nodes"]["root.2"] == {"op": "any", "k": None, "result": "met"}
    assert data["unanswered_exclusions"] == []


# --- at_least ----------------------------------------------------------------

TWO_OF_FOUR = {
    "op": "at_least",
    "k": 2,
    "text": "2 or more of the following symptoms",
    "children": [leaf("a"), leaf("b"), leaf("c"), leaf("d")],
}


@pytest.fixture(scope="module")
def two_of_four():
    return compile_tree(TWO_OF_FOUR)


@pytest.mark.parametrize(
    ("facts", "result", "deciding", "missing", "missing_for_met"),
    [
        ({"a": True, "c": True}, MET, ("a", "c"), (), ()),
        ({"a": True, "b": True, "c": True}, MET, ("a", "b"), (), ()),
        # 3 of 4 false: 2 true ones can no longer be found.
        ({"a": False, "b": False, "d": False}, NOT_MET, ("a", "b", "d"), (), ()),
        # 2 false is not enough to refuse: still undetermined, never not_met.
        ({"a": False, "b": False}, UNDETERMINED, (), ("c",), ("c", "d")),
        ({"b": True}, UNDETERMINED, (), ("a",), ("a",)),
        ({}, UNDETERMINED, (), ("a", "b"), ("a", "b")),
        ({"a": True, "b": False, "c": False}, UNDETERMINED, (), ("d",), ("d",)),
    ],
)
def test_evaluate_at_least(two_of_four, facts, result, deciding, missing, missing_for_met):
    evaluation = evaluate(two_of_four, facts)
    assert evaluation.result == result
    assert evaluation.deciding_facts == deciding
    assert evaluation.missing_facts == missing
    assert evaluation.missing_for_met == missing_for_met
    assert evaluation.nodes["root"] == NodeResult(op="at_least", k=2, result=result)


def test_evaluate_at_least_inside_any_picks_the_cheaper_branch():
    tree = compile_tree(
        {
            "op": "any",
            "text": None,
            "children": [
                {"op": "at_least", "k": 3, "text": None, "children": [leaf("a"), leaf("b"), leaf("c")]},
                {"op": "all", "text": None, "children": [leaf("d"), leaf("e")]},
            ],
        }
    )
    evaluation = evaluate(tree, {"a": True})
    assert evaluation.missing_for_met == ("b", "c")  # tie with (d, e): tree order wins
    assert evaluation.missing_facts == ("b", "c")  # refusing needs one "no" in each branch: b, d
    assert evaluate(tree, {"a": True, "d": True}).missing_for_met == ("e",)
    assert evaluate(tree, {"a": True, "b": False}).missing_facts == ("d",)


@pytest.mark.parametrize(
    ("outer", "inner", "value"),
    [("any", "all", True), ("all", "any", False)],
)
def test_evaluate_deciding_facts_tie_between_equal_branches_goes_to_the_first(outer, inner, value):
    # Two branches needing two facts each: the first branch in tree order explains the result.
    tree = compile_tree(
        {
            "op": outer,
            "text": None,
            "children": [
                {"op": inner, "text": None, "children": [leaf("a"), leaf("b")]},
                {"op": inner, "text": None, "children": [leaf("c"), leaf("d")]},
            ],
        }
    )
    evaluation = evaluate(tree, dict.fromkeys("abcd", value))
    assert evaluation.result == (MET if value else NOT_MET)
    assert evaluation.deciding_facts == ("a", "b")
