"""The policy builders: the version in force, the criteria tree, the evaluation report, FHIR inputs. No database."""

import datetime as dt
from types import SimpleNamespace

import pytest

from policies import builders
from policies.builders import NodeOutcome, Reason, Source
from policies.evaluation import compile_tree, evaluate
from sources.parsing.dates import PartialDate
from tests.unit.policies.rows import version


def dated(filename, effective_from):
    return SimpleNamespace(document=SimpleNamespace(filename=filename), effective_from=effective_from)


# --- the version in force -------------------------------------------------------------------

UNDATED = dated("003_undated.txt", None)
V2025 = dated("005_2025.txt", dt.date(2025, 4, 1))
V2027 = dated("006_2027.txt", dt.date(2027, 1, 1))
V2027_LATER_FILE = dated("007_2027.txt", dt.date(2027, 1, 1))


@pytest.mark.parametrize(
    ("versions", "as_of", "expected"),
    [
        ([V2027, V2025, UNDATED], dt.date(2026, 12, 31), V2025),
        ([V2027, V2025, UNDATED], dt.date(2027, 1, 1), V2027),
        ([V2027_LATER_FILE, V2027], dt.date(2027, 6, 1), V2027_LATER_FILE),
        # Undated: in force until a dated version has begun, whatever dated ones are to come.
        ([V2027, UNDATED], dt.date(2026, 12, 31), UNDATED),
        ([V2025, UNDATED], dt.date(2026, 1, 1), V2025),
        ([dated("009_b.txt", None), dated("008_a.txt", None)], dt.date(2026, 1, 1), "009_b.txt"),
        ([V2027], dt.date(2026, 12, 31), None),
        ([], dt.date(2026, 12, 31), None),
    ],
    ids=[
        "latest-begun",
        "begins-on-the-day",
        "same-day-later-file",
        "undated-before-any-dated",
        "dated-supersedes-undated",
        "undated-later-file",
        "none-begun",
        "no-versions",
    ],
)
def test_version_in_force(versions, as_of, expected):
    found = builders.version_in_force(versions, as_of)
    if isinstance(expected, str):
        assert found.document.filename == expected
    else:
        assert found is expected


def test_version_in_force_takes_any_iterable():
    assert builders.version_in_force(iter([V2025, V2027]), dt.date(2026, 1, 1)) is V2025


# --- the criteria tree ----------------------------------------------------------------------

TREE = {
    "id": "root",
    "kind": "all",
    "text": "Funded only if",
    "number": None,
    "line": 15,
    "k": None,
    "connector": "lead_in",
    "connector_line": 15,
    "children": [
        {
            "id": "assessed",
            "kind": "leaf",
            "text": "Assessed by MSK services",
            "number": "1",
            "line": 17,
            "key": "assessed",
            "definitions": [],
        },
        {
            "id": "conservative",
            "kind": "leaf",
            "text": "Conservative measures for at least six months have failed",
            "number": None,
            "line": 21,
            "key": "conservative",
            "definitions": [],
        },
        {
            "id": "root.2",
            "kind": "at_least",
            "text": "The patient:",
            "number": None,
            "line": 25,
            "k": 2,
            "connector": "lead_in",
            "connector_line": 25,
            "children": [
                {
                    "id": "pain",
                    "kind": "leaf",
                    "text": "Has severe pain",
                    "number": None,
                    "line": 26,
                    "key": "pain",
                    "definitions": [],
                },
                {
                    "id": "instability",
                    "kind": "leaf",
                    "text": "Has instability with significant functional impairment*",
                    "number": None,
                    "line": 29,
                    "key": "instability",
                    "definitions": ["Significant functional impairment"],
                },
                {
                    "id": "bmi",
                    "kind": "leaf",
                    "text": "Has a BMI under 40",
                    "number": None,
                    "line": 30,
                    "key": "bmi",
                    "definitions": [],
                },
            ],
        },
    ],
}


def test_criteria_tree_nests_the_stored_nodes_in_order():
    assert builders.criteria_tree(version().nodes.all()) == TREE


def test_criteria_tree_of_a_version_without_nodes_is_none():
    # A version whose criteria were not structured has no nodes, hence no tree.
    assert builders.criteria_tree([]) is None


def test_criteria_notice_says_read_the_source_with_file_and_line():
    structured = version()
    assert builders.criteria_notice(structured) is None
    unread = version()
    unread.criteria_problem = "criteria not structured: a criterion after 'OR', found the end of the document"
    unread.criteria_problem_line = 12
    notice = builders.criteria_notice(unread)
    assert notice == builders.CriteriaNotice(
        message="criteria not structured: read the source (003_hip.txt, line 12): a criterion after 'OR', "
        "found the end of the document",
        reason="a criterion after 'OR', found the end of the document",
        file="003_hip.txt",
        line=12,
        source_url="https://icb.example/hip",
    )


def test_criteria_tree_of_nodes_in_any_order_keeps_each_parents_order():
    nodes = list(version().nodes.all())
    shuffled = [nodes[4], nodes[0], nodes[3], nodes[1], nodes[5], nodes[2], nodes[6]]
    tree = builders.criteria_tree(shuffled)
    assert [child["id"] for child in tree["children"]] == ["root.2", "assessed", "conservative"]
    assert [child["id"] for child in tree["children"][0]["children"]] == ["pain", "instability", "bmi"]


def test_engine_tree_is_the_evaluation_engines_node_shape():
    assert builders.engine_tree(TREE) == {
        "op": "all",
        "text": "Funded only if",
        "line": 15,
        "children": [
            {"leaf": "Assessed by MSK services", "key": "assessed", "number": "1", "line": 17},
            {
                "leaf": "Conservative measures for at least six months have failed",
                "key": "conservative",
                "number": None,
                "line": 21,
            },
            {
                "op": "at_least",
                "k": 2,
                "text": "The patient:",
                "line": 25,
                "children": [
                    {"leaf": "Has severe pain", "key": "pain", "number": None, "line": 26},
                    {
                        "leaf": "Has instability with significant functional impairment*",
                        "key": "instability",
                        "number": None,
                        "line": 29,
                    },
                    {"leaf": "Has a BMI under 40", "key": "bmi", "number": None, "line": 30},
                ],
            },
        ],
    }
    assert compile_tree(builders.engine_tree(TREE)).leaf_keys == (
        "assessed",
        "conservative",
        "pain",
        "instability",
        "bmi",
    )


def test_engine_tree_gives_a_group_without_lead_in_no_text():
    group = {"id": "root", "kind": "any", "text": "", "number": None, "line": 3, "k": None, "children": []}
    assert builders.engine_tree(group) == {"op": "any", "text": None, "children": [], "line": 3}


def test_exclusion_items():
    assert builders.exclusion_items(version()) == [{"key": "female", "text": "Contraindicated in females."}]


# --- the evaluation report ------------------------------------------------------------------


def report(facts):
    row = version()
    tree = compile_tree(builders.engine_tree(builders.criteria_tree(row.nodes.all())))
    return builders.evaluation_report(row, evaluate(tree, facts, builders.exclusion_items(row)))


HIP_URL = "https://icb.example/hip"
ASSESSED = Reason(
    "assessed", "criterion", "1", "Assessed by MSK services", Source("003_hip.txt", 17, HIP_URL)
)
CONSERVATIVE = Reason(
    "conservative",
    "criterion",
    None,
    "Conservative measures for at least six months have failed",
    Source("003_hip.txt", 21, HIP_URL),
)
PAIN = Reason("pain", "criterion", None, "Has severe pain", Source("003_hip.txt", 26, HIP_URL))
INSTABILITY = Reason(
    "instability",
    "criterion",
    None,
    "Has instability with significant functional impairment*",
    Source("003_hip.txt", 29, HIP_URL),
)
BMI = Reason("bmi", "criterion", None, "Has a BMI under 40", Source("003_hip.txt", 30, HIP_URL))
FEMALE = Reason(
    "female", "exclusion", None, "Contraindicated in females.", Source("003_hip.txt", 11, HIP_URL)
)


def test_evaluation_report_met_with_an_unanswered_exclusion():
    answer = report({"assessed": True, "conservative": True, "pain": True, "instability": True})
    assert (answer.result, answer.criteria_result) == ("met", "met")
    assert answer.explanation == (
        "Met, provisionally: 4 answered criteria satisfy the policy, but 1 exclusion is not "
        "answered yet (“Contraindicated in females.”)."
    )
    assert answer.deciding_facts == (ASSESSED, CONSERVATIVE, PAIN, INSTABILITY)
    assert answer.unanswered_exclusions == (FEMALE,)
    assert answer.missing_facts == ()
    assert answer.missing_for_met == ()
    assert answer.applied_exclusions == ()


def test_evaluation_report_lists_every_node_in_tree_order_with_its_result():
    answer = report({"assessed": True, "conservative": True, "pain": True, "bmi": False, "female": False})
    assert answer.nodes == (
        NodeOutcome(
            "root", "all", None, None, "Funded only if", 0, "undetermined", Source("003_hip.txt", 15, HIP_URL)
        ),
        NodeOutcome(
            "assessed",
            "leaf",
            None,
            "1",
            "Assessed by MSK services",
            1,
            "met",
            Source("003_hip.txt", 17, HIP_URL),
        ),
        NodeOutcome(
            "conservative",
            "leaf",
            None,
            None,
            "Conservative measures for at least six months have failed",
            1,
            "met",
            Source("003_hip.txt", 21, HIP_URL),
        ),
        NodeOutcome(
            "root.2",
            "at_least",
            2,
            None,
            "The patient:",
            1,
            "undetermined",
            Source("003_hip.txt", 25, HIP_URL),
        ),
        NodeOutcome(
            "pain", "leaf", None, None, "Has severe pain", 2, "met", Source("003_hip.txt", 26, HIP_URL)
        ),
        NodeOutcome(
            "instability",
            "leaf",
            None,
            None,
            "Has instability with significant functional impairment*",
            2,
            "undetermined",
            Source("003_hip.txt", 29, HIP_URL),
        ),
        NodeOutcome(
            "bmi", "leaf", None, None, "Has a BMI under 40", 2, "not_met", Source("003_hip.txt", 30, HIP_URL)
        ),
    )
    assert answer.missing_facts == (INSTABILITY,)
    assert answer.missing_for_met == (INSTABILITY,)
    assert answer.explanation == (
        "Undetermined: answering “Has instability with significant functional impairment*” could "
        "decide it; 1 more criterion answered true would make it met."
    )


def test_evaluation_report_not_met_by_an_exclusion():
    answer = report({"assessed": True, "female": True})
    assert (answer.result, answer.criteria_result) == ("not_met", "undetermined")
    assert answer.applied_exclusions == (FEMALE,)
    assert answer.deciding_facts == (FEMALE,)
    assert answer.explanation == "Not met: the exclusion “Contraindicated in females.” applies."


def test_evaluation_report_keeps_the_engines_answer():
    answer = report({"conservative": False})
    assert answer.evaluation.to_dict()["deciding_facts"] == ["conservative"]
    assert answer.deciding_facts == (CONSERVATIVE,)


# --- the FHIR Questionnaire's inputs --------------------------------------------------------


def test_questionnaire_reads_the_version_and_its_policy():
    row = version()
    row.reference, row.description = "ARP 55", "Hip resurfacing is funded when..."
    row.effective, row.review = None, PartialDate("2026", "year")
    policy = SimpleNamespace(
        slug="llr-icb-hip-resurfacing", body=SimpleNamespace(name="", short_name="LLR ICB")
    )
    resource = builders.questionnaire(policy, row, url="https://api.example/fhir")
    assert (resource["resourceType"], resource["id"], resource["url"]) == (
        "Questionnaire",
        "llr-icb-hip-resurfacing",
        "https://api.example/fhir",
    )
    assert (resource["version"], resource["publisher"]) == ("ARP 55", "LLR ICB")
    assert "structured by an editor" not in resource["description"]
    assert [item["linkId"] for item in resource["item"]] == [
        "assessed",
        "conservative",
        "pain",
        "instability",
        "bmi",
    ]


def test_the_questionnaire_of_criteria_an_editor_structured_says_so_dated_in_london():
    import datetime as dt

    row = version()
    row.reference, row.description, row.effective, row.review = "", "", None, None
    # 23:30 UTC on 31 May is 00:30 on 1 June in London (BST).
    row.curated_tree_id = 7
    row.curated_tree = SimpleNamespace(created_at=dt.datetime(2026, 5, 31, 23, 30, tzinfo=dt.UTC))
    policy = SimpleNamespace(slug="hip", body=SimpleNamespace(name="", short_name="LLR ICB"))

    resource = builders.questionnaire(policy, row, url="https://api.example/fhir")

    assert "These criteria were structured by an editor on 2026-06-01" in resource["description"]
