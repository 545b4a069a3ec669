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
    assert presenters.group_label("all", None) == "All of these"
    assert presenters.group_label("any", None) == "Any one of these is enough"
    assert presenters.group_label("at_least", 2) == "At least 2 of these"


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
    assert (tree.label, tree.text, tree.result) == ("All of these", "Funded only if", "")
    assessed, conservative, group = tree.children
    assert assessed.number == "1"
    assert assessed.anchor == "criterion-assessed"
    assert [(s.text, s.kind) for s in conservative.segments][1] == ("at least six months", "measure")
    assert conservative.measures == ("≥ 6 months",)
    assert group.label == "At least 2 of these"
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
    assert (leaves[0].group, leaves[0].group_start) == ("", False)
    assert [(q.group, q.group_need, q.group_start) for q in leaves[2:]] == [
        ("The patient:", "At least 2 of these", True),
        ("The patient:", "At least 2 of these", False),
        ("The patient:", "At least 2 of these", False),
    ]
    assert leaves[0].prompt == "Is this true of the patient?"
    assert leaves[0].text == "Assessed by MSK services"  # the policy's words, unchanged
    assert (leaves[2].answer, leaves[3].answer, leaves[2].field_name) == ("yes", "unknown", "fact-pain")
    (exclusion,) = exclusions
    assert exclusion.is_exclusion
    assert exclusion.field_name == "fact-female"
    assert (exclusion.prompt, exclusion.text) == (
        "Does this apply to the patient?",
        "Contraindicated in females.",
    )


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
    # Missing to decide it and missing for met are the same criterion: listed once, marked as needing Yes.
    assert [(fact.text, fact.needs_yes, fact.line) for fact in view.missing] == [
        ("Conservative measures for at least six months have failed", True, 21)
    ]
    assert view.missing_needs_yes
    assert [fact.key for fact in view.deciding] == []  # nothing decided yet


def test_check_view_is_a_record_with_every_answer_and_the_permalink():
    row = version()
    facts = {"assessed": True, "conservative": False, "female": False}
    leaves, exclusions = presenters.questions(
        row, tree_of(row), {"assessed": "yes", "conservative": "no", "female": "no"}
    )
    policy = SimpleNamespace(title="Hip Resurfacing", body=SimpleNamespace(name="", short_name="LLR ICB"))
    record = presenters.version_record(
        SimpleNamespace(effective=None, reference="ARP 55", document=row.document), 1, dt.date(2019, 3, 1)
    )
    view = presenters.check_view(
        report(row, facts),
        facts,
        dt.date(2019, 3, 1),
        policy=policy,
        version=record,
        questions=[*leaves, *exclusions],
        checked_on=dt.date(2026, 11, 21),
        permalink="/policies/x/check?q",
    )
    assert (view.result, view.policy_title, view.body) == ("not_met", "Hip Resurfacing", "LLR ICB")
    assert [(fact.key, fact.answer, fact.line) for fact in view.deciding] == [("conservative", "No", 21)]
    assert [(a.key, a.answer, a.is_exclusion) for a in view.answers] == [
        ("assessed", "Yes", False),
        ("conservative", "No", False),
        ("pain", "Unknown", False),
        ("instability", "Unknown", False),
        ("bmi", "Unknown", False),
        ("female", "No", True),
    ]
    assert view.answers[-1].prompt == "Does this apply to the patient?"
    assert (view.checked_on, view.permalink) == (dt.date(2026, 11, 21), "/policies/x/check?q")


def test_version_record_never_calls_an_undated_version_in_force():
    document = SimpleNamespace(filename="003_hip.txt")
    undated = SimpleNamespace(effective=None, reference="ARP 55", document=document)
    only = presenters.version_record(undated, 1, dt.date(2019, 3, 1))
    assert only.effective == "No effective date printed: this is the only version held"
    assert only.in_force == (
        "The policy prints no effective date, so it cannot be told whether this version applied on the "
        "referral date, 1 March 2019. The answer uses this version, the only one held."
    )
    assert "in force" not in only.in_force
    assert not only.dated
    among = presenters.version_record(undated, 2, dt.date(2019, 3, 1))
    assert among.effective.startswith("No effective date printed: taken to be in force until")
    assert among.in_force.endswith("as no dated version had replaced it.")
    dated = SimpleNamespace(effective=PartialDate("2024-04-01", "day"), reference="", document=document)
    record = presenters.version_record(dated, 2, dt.date(2026, 11, 21))
    assert (record.reference, record.effective, record.dated) == (
        "None printed",
        "In force from 1 April 2024",
        True,
    )
    assert record.in_force == "This version was in force on the referral date, 21 November 2026."


def test_record_query_holds_every_answer_in_question_order():
    query = presenters.record_query(
        dt.date(2026, 11, 21), {"b": "no", "a": "yes"}, dt.date(2026, 11, 22), ["a", "b", "c"]
    )
    assert query == ("referral_date=2026-11-21&fact-a=yes&fact-b=no&fact-c=unknown&checked=2026-11-22")


def test_cross_links_only_what_the_text_states_with_lines():
    text = (
        "Policy for X\n"
        "Patients who do not meet these criteria may be considered through the Individual Funding Request process.\n"
        "Apply to the IFR panel with evidence.\n"
        "Use with special arrangements for clinical governance.\n"
        "Enter outcomes into NICE's interventional procedures outcomes audit tool.\n"
        "Verify your IFRAME settings.\n"
    )
    links = presenters.cross_links(text)
    assert [(m.line, m.words[:40]) for m in links.ifr] == [
        (2, "Patients who do not meet these criteria "),
        (3, "Apply to the IFR panel with evidence."),
    ]
    assert [m.line for m in links.special_arrangements] == [4]
    assert [m.line for m in links.audit_tool] == [5]
    assert [m.kind for m in links.nice_mentions] == ["special_arrangements", "audit_tool"]
    assert links.explanation_url == presenters.NICE_IP_EXPLANATION_URL
    nothing = presenters.cross_links("Policy for Y\nThe ICB will fund this when the criteria are met.\n")
    assert (nothing.ifr, nothing.nice_mentions) == ((), ())


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
