"""policies.explanations: one sentence per evaluation, quoting the criteria by their words."""

from policies.evaluation import compile_tree, evaluate
from policies.explanations import explain, quote

TREE = compile_tree(
    {
        "op": "all",
        "children": [
            {"leaf": "Assessed by MSK services", "key": "a"},
            {"leaf": "Six months of conservative measures", "key": "b"},
            {
                "op": "any",
                "children": [{"leaf": "Severe pain", "key": "c"}, {"leaf": "Instability", "key": "d"}],
            },
        ],
    }
)
EXCLUSIONS = [{"key": "x", "text": "Contraindicated in females."}]
TEXTS = {
    "a": "Assessed by MSK services",
    "b": "Six months of conservative measures",
    "c": "Severe pain",
    "d": "Instability",
    "x": "Contraindicated in females.",
}


def sentence(**facts):
    return explain(evaluate(TREE, facts, EXCLUSIONS), TEXTS)


def test_met_with_exclusions_answered():
    assert (
        sentence(a=True, b=True, c=True, x=False)
        == "Met: 3 answered criteria satisfy the policy and no exclusion applies."
    )


def test_met_with_an_exclusion_unanswered_is_provisional():
    assert sentence(a=True, b=True, d=True) == (
        "Met, provisionally: 3 answered criteria satisfy the policy, but 1 exclusion is not answered yet "
        "(“Contraindicated in females.”)."
    )


def test_not_met_by_one_criterion_or_by_several():
    assert sentence(a=True, b=False) == (
        "Not met: “Six months of conservative measures” is answered false, which rules out funding under this policy."
    )
    assert sentence(a=True, b=True, c=False, d=False) == (
        "Not met: 2 criteria answered false rule out funding under this policy, starting with “Severe pain”."
    )


def test_not_met_by_an_exclusion():
    assert (
        sentence(a=True, b=True, c=True, x=True)
        == "Not met: the exclusion “Contraindicated in females.” applies."
    )


def test_undetermined_names_what_to_answer():
    assert sentence(a=True, c=True) == (
        "Undetermined: answering “Six months of conservative measures” could decide it; "
        "1 more criterion answered true would make it met."
    )
    assert sentence().startswith(
        "Undetermined: answering “Assessed by MSK services” could decide it; 3 more criteria"
    )


def test_long_criteria_are_shortened_when_quoted():
    quoted = quote("word " * 40)
    assert len(quoted) <= 92
    assert quoted.endswith("…”")
