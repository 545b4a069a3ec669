"""Page shaping for the policy pages: the drawn criteria tree, the checker's questions and answer. No database."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from policies import presenters
from policies.evaluation import compile_tree, evaluate
from sources.parsing.dates import PartialDate


class Related(list):
    def all(self):
        return self


DEFINITION = SimpleNamespace(
    pk=90,
    order=0,
    term="Significant functional impairment",
    marker="*",
    text="is defined as:",
    text_html="<p>is defined as:</p>",
    items=["Cannot work"],
    line=44,
)


def node(pk, parent, kind, key, text, line, definitions=(), k=None, number=""):
    return SimpleNamespace(
        pk=pk,
        parent_id=parent,
        kind=kind,
        key=key,
        text=text,
        line=line,
        k=k,
        number=number,
        definitions=Related(definitions),
    )


def version():
    nodes = [
        node(1, None, "all", "root", "Funded only if", 15),
        node(2, 1, "leaf", "assessed", "Assessed by MSK services", 17, number="1"),
        node(3, 1, "leaf", "conservative", "Conservative measures for at least six months have failed", 21),
        node(4, 1, "at_least", "root.2", "The patient:", 25, k=2),
        node(5, 4, "leaf", "pain", "Has severe pain", 26),
        node(
            6,
            4,
            "leaf",
            "instability",
            "Has instability with significant functional impairment*",
            29,
            [DEFINITION],
        ),
        node(7, 4, "leaf", "bmi", "Has a BMI under 40", 30),
    ]
    return SimpleNamespace(
        nodes=Related(nodes),
        definitions=Related([DEFINITION]),
        exclusions=Related([SimpleNamespace(key="female", text="Contraindicated in females.", line=11)]),
        durations=Related(
            [
                SimpleNamespace(
                    node_id=3,
                    text="at least six months",
                    comparator=">=",
                    value=Decimal("6.00"),
                    unit="month",
                )
            ]
        ),
        thresholds=Related(
            [
                SimpleNamespace(
                    node_id=7,
                    text="BMI under 40",
                    measure="BMI",
                    comparator="<",
                    value=Decimal("40.0000"),
                    unit="",
                )
            ]
        ),
    )


TREE = {
    "op": "all",
    "children": [
        {"leaf": "Assessed", "key": "assessed"},
        {"leaf": "Conservative", "key": "conservative"},
        {
            "op": "at_least",
            "k": 2,
            "children": [
                {"leaf": "Pain", "key": "pain"},
                {"leaf": "Instability", "key": "instability"},
                {"leaf": "BMI", "key": "bmi"},
            ],
        },
    ],
}
EXCLUSIONS = [{"key": "female", "text": "Contraindicated in females."}]


def test_group_labels():
    assert presenters.group_label("all", None) == "ALL of"
    assert presenters.group_label("any", None) == "ANY of"
    assert presenters.group_label("at_least", 2) == "AT LEAST 2 of"


def test_measure_labels():
    duration = SimpleNamespace(comparator=">=", value=Decimal("6.00"), unit="month")
    assert presenters.duration_label(duration) == "≥ 6 months"
    assert (
        presenters.duration_label(SimpleNamespace(comparator=">=", value=Decimal("1"), unit="year"))
        == "≥ 1 year"
    )
    threshold = SimpleNamespace(measure="BMI", comparator="<", value=Decimal("40.5000"), unit="kg/m2")
    assert presenters.threshold_label(threshold) == "BMI < 40.5 kg/m2"


def test_segments_mark_matches_and_skip_overlaps():
    result = presenters.segments(
        "For at least six months, with impairment*",
        [("at least six months", "measure", ""), ("six", "measure", ""), (r"impairment\*?", "term", "#d")],
    )
    assert [(s.text, s.kind) for s in result] == [
        ("For ", "text"),
        ("at least six months", "measure"),
        (", with ", "text"),
        ("impairment*", "term"),
    ]
    assert presenters.segments("plain", []) == [presenters.Segment("plain")]


def test_criteria_tree_draws_groups_leaves_measures_and_definition_links():
    tree = presenters.criteria_tree(version())
    assert (tree.label, tree.text, tree.result) == ("ALL of", "Funded only if", "")
    assessed, conservative, group = tree.children
    assert assessed.number == "1"
    assert assessed.anchor == "criterion-assessed"
    assert [(s.text, s.kind) for s in conservative.segments][1] == ("at least six months", "measure")
    assert conservative.measures == ("≥ 6 months",)
    assert group.label == "AT LEAST 2 of"
    instability = group.children[1]
    term = [s for s in instability.segments if s.kind == "term"][0]
    assert (term.text, term.href) == ("significant functional impairment*", "#definition-1")
    assert instability.terms[0].in_text
    assert group.children[2].measures == ("BMI < 40",)


def test_criteria_tree_with_an_evaluation_shows_each_node_result_and_answer():
    facts = {"assessed": True, "conservative": True, "pain": True, "instability": None, "bmi": False}
    evaluation = evaluate(compile_tree(TREE), facts, EXCLUSIONS)
    tree = presenters.criteria_tree(version(), evaluation, facts)
    assert (tree.result, tree.result_label) == ("undetermined", "Undetermined")
    assert [(c.result, c.answer) for c in tree.children[2].children] == [
        ("met", "Yes"),
        ("undetermined", "Unknown"),
        ("not_met", "No"),
    ]


def test_questions_one_per_leaf_and_exclusion_with_the_group_they_sit_in():
    leaves, exclusions = presenters.questions(version(), {"pain": "yes"})
    assert [q.key for q in leaves] == ["assessed", "conservative", "pain", "instability", "bmi"]
    assert leaves[0].group == ""
    assert leaves[2].group == "AT LEAST 2 of: The patient:"
    assert (leaves[2].answer, leaves[3].answer, leaves[2].field_name) == ("yes", "unknown", "fact-pain")
    (exclusion,) = exclusions
    assert exclusion.is_exclusion
    assert exclusion.field_name == "fact-female"


def test_check_view_met_with_unanswered_exclusion_is_provisional():
    facts = {"assessed": True, "conservative": True, "pain": True, "instability": True}
    evaluation = evaluate(compile_tree(TREE), facts, EXCLUSIONS)
    view = presenters.check_view(version(), evaluation, facts, dt.date(2026, 11, 21))
    assert (view.result, view.label, view.provisional) == ("met", "Met", True)
    assert [fact.text for fact in view.unanswered_exclusions] == ["Contraindicated in females."]
    assert [fact.answer for fact in view.deciding] == ["Yes", "Yes", "Yes", "Yes"]


def test_check_view_undetermined_names_what_is_missing():
    facts = {"assessed": True, "conservative": None, "pain": True, "instability": True, "female": False}
    evaluation = evaluate(compile_tree(TREE), facts, EXCLUSIONS)
    view = presenters.check_view(version(), evaluation, facts, dt.date(2026, 11, 21))
    assert (view.result, view.provisional) == ("undetermined", False)
    assert [fact.text for fact in view.missing] == [
        "Conservative measures for at least six months have failed"
    ]
    assert [fact.anchor for fact in view.missing_for_met] == ["criterion-conservative"]


@pytest.mark.parametrize(
    ("review", "label"),
    [
        (None, "No review date"),
        (PartialDate("2026", "year"), "Review due"),
        (PartialDate("2027-03", "month"), "In date"),
    ],
)
def test_review_status(review, label):
    status = presenters.review_status(SimpleNamespace(review=review), dt.date(2026, 11, 21))
    assert status.label == label
    assert status.due == (label == "Review due")
