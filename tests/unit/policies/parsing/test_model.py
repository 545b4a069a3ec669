"""policies.parsing.model: the JSON shape of a parsed policy."""

from policies.parsing.model import AgeLimits, CriteriaProblem, Duration, Group, Leaf, Op, Policy, Threshold


def test_group_to_dict_has_k_only_for_at_least():
    leaves = [Leaf("a", 1, key="a"), Leaf("b", 2, key="b")]
    assert "k" not in Group(Op.ANY, leaves, 1).to_dict()
    assert Group(Op.AT_LEAST, leaves, 1, text="2 or more of:", k=2).to_dict() == {
        "op": "at_least",
        "k": 2,
        "text": "2 or more of:",
        "line": 1,
        "number": None,
        "connector": "stated",
        "connector_line": 1,
        "children": [
            {"leaf": "a", "number": None, "key": "a", "line": 1, "definitions": []},
            {"leaf": "b", "number": None, "key": "b", "line": 2, "definitions": []},
        ],
    }


def test_policy_to_dict_has_contract_keys_and_additions():
    policy = Policy(
        criteria=Group(Op.ALL, [Leaf("a", 3, key="a")], 3),
        age_limits=AgeLimits(line=3, max=12, max_inclusive=False),
    )
    result = policy.to_dict()
    assert list(result)[:9] == [
        "reference",
        "category",
        "funding_status",
        "criteria",
        "definitions",
        "exclusions",
        "thresholds",
        "durations",
        "age_limits",
    ]
    assert result["age_limits"] == {
        "min": None,
        "max": 12,
        "min_inclusive": None,
        "max_inclusive": False,
        "line": 3,
        "words": "",
        "bounds": [],
    }
    assert result["ifr"] is None
    assert (result["criteria_problem"], result["not_funded"]) == (None, [])
    assert result["exclusion_details"] == []


def test_leaves_in_tree_order():
    tree = Group(Op.ALL, [Leaf("a", 1), Group(Op.ANY, [Leaf("b", 2), Leaf("c", 3)], 2)], 1)
    assert [leaf.text for leaf in tree.leaves()] == ["a", "b", "c"]


def test_policy_whose_criteria_were_not_read_has_null_criteria_and_the_problem():
    policy = Policy(criteria=None, criteria_problem=CriteriaProblem(7, "criteria not structured: why"))
    result = policy.to_dict()
    assert (result["criteria"], result["criteria_problem"]) == (
        None,
        {"line": 7, "message": "criteria not structured: why"},
    )
    assert policy.leaves() == []


def test_values_carry_their_words():
    threshold = Threshold("BMI", "<", 45, None, 4, "BMI <45").to_dict()
    duration = Duration(">=", 6, "month", "six months of physio", 5, "at least six months").to_dict()
    assert (threshold["line"], threshold["words"]) == (4, "BMI <45")
    assert (duration["line"], duration["words"]) == (5, "at least six months")
