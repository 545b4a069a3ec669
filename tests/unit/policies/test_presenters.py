"""Page shaping for the policy pages: the drawn criteria tree, the checker's questions and answer. No database."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from policies import builders, presenters
from policies.evaluation import compile_tree, evaluate
from sources.parsing.dates import PartialDate
from tests.unit.policies.rows import version


def tree_of(row):
    return builders.criteria_tree(row.nodes.all())


def report(row, facts):
    compiled = compile_tree(builders.engine_tree(tree_of(row)))
    return builders.evaluation_report(row, evaluate(compiled, facts, builders.exclusion_items(row)))


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


def test_criteria_view_draws_groups_leaves_measures_and_definition_links():
    row = version()
    tree = presenters.criteria_view(row, tree_of(row))
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


def test_criteria_view_with_a_report_shows_each_node_result_and_answer():
    facts = {"assessed": True, "conservative": True, "pain": True, "instability": None, "bmi": False}
    row = version()
    tree = presenters.criteria_view(row, tree_of(row), report(row, facts), facts)
    assert (tree.result, tree.result_label) == ("undetermined", "Undetermined")
    assert [(c.result, c.answer) for c in tree.children[2].children] == [
        ("met", "Yes"),
        ("undetermined", "Unknown"),
        ("not_met", "No"),
    ]


def test_questions_one_per_leaf_and_exclusion_with_the_group_they_sit_in():
    row = version()
    leaves, exclusions = presenters.questions(row, tree_of(row), {"pain": "yes"})
    assert [q.key for q in leaves] == ["assessed", "conservative", "pain", "instability", "bmi"]
    assert leaves[0].group == ""
    assert leaves[2].group == "AT LEAST 2 of: The patient:"
    assert (leaves[2].answer, leaves[3].answer, leaves[2].field_name) == ("yes", "unknown", "fact-pain")
    (exclusion,) = exclusions
    assert exclusion.is_exclusion
    assert exclusion.field_name == "fact-female"


def test_check_view_met_with_unanswered_exclusion_is_provisional():
    facts = {"assessed": True, "conservative": True, "pain": True, "instability": True}
    view = presenters.check_view(report(version(), facts), facts, dt.date(2026, 11, 21))
    assert (view.result, view.label, view.provisional) == ("met", "Met", True)
    assert [fact.text for fact in view.unanswered_exclusions] == ["Contraindicated in females."]
    assert [fact.answer for fact in view.deciding] == ["Yes", "Yes", "Yes", "Yes"]


def test_check_view_undetermined_names_what_is_missing():
    facts = {"assessed": True, "conservative": None, "pain": True, "instability": True, "female": False}
    view = presenters.check_view(report(version(), facts), facts, dt.date(2026, 11, 21))
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
