"""Seed 003: the LLR ICB hip-resurfacing web page, parsed as captured."""

import json
from pathlib import Path

import pytest

from policies.parsing import parse_icb_policy
from sources.parsing.contract import DocumentKind

SEED_NAME = "003_a052b6b105bb832e.txt"
ROOT = Path(__file__).resolve().parents[4]


def seed_path() -> Path:
    return ROOT / "fixtures" / "sources" / SEED_NAME


@pytest.fixture(scope="module")
def seed_text():
    return seed_path().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def document(seed_text):
    return parse_icb_policy(seed_text, SEED_NAME)


@pytest.fixture(scope="module")
def result(document):
    return document.to_dict()


@pytest.fixture(scope="module")
def policy(result):
    return result["policy"]


def test_seed_kind_is_icb_policy(result):
    assert result["document_kind"] == DocumentKind.ICB_POLICY.value == "icb_policy"


def test_seed_organisation_is_short_form_as_printed(result):
    assert result["organisation"] == "LLR ICB"
    assert result["lines"]["organisation"] == 15


def test_seed_title_is_policy_subject(result):
    assert result["title"] == "Hip Resurfacing"
    assert result["lines"]["title"] == 1


def test_seed_reference_and_category(policy):
    assert policy["reference"] == "ARP 55"
    assert policy["category"] == "Threshold Criteria"
    assert policy["lines"]["reference"] == 47
    assert policy["lines"]["category"] == 9


def test_seed_review_date_is_year_precision_from_trailer(result):
    assert result["dates"] == {"review": {"value": "2026", "precision": "year"}}
    assert result["date_lines"] == {"review": 47}


def test_seed_funding_status_and_ifr_are_not_stated(policy):
    assert policy["funding_status"] is None
    assert policy["ifr"] is None
    assert policy["age_limits"] is None
    assert policy["thresholds"] == []


def test_seed_criteria_root_is_all_under_lead_in(policy):
    criteria = policy["criteria"]
    assert criteria["op"] == "all"
    assert criteria["text"] == "LLR ICB will only fund this procedure if the following criteria is met"
    assert criteria["line"] == 15
    assert [child.get("leaf", child.get("text")) for child in criteria["children"]] == [
        (
            "The patient has been assessed by Musculoskeletal Services and diagnosed as suffering from "
            "end-stage osteoarthritis suitable for referral for consideration of surgery"
        ),
        (
            "The patient has fully engaged with conservative measures for a period of at least six months "
            "(clearly detailed throughout the patient’s primary care record or via Musculoskeletal Services’ "
            "clinic letters), as detailed within this policy, and this has failed to improve the symptoms of "
            "the patient"
        ),
        "The patient:",
    ]


def test_seed_third_branch_is_any_of_six_leaves(policy):
    branch = policy["criteria"]["children"][2]
    assert branch["op"] == "any"
    assert branch["text"] == "The patient:"
    assert branch["line"] == 25
    leaves = [child["leaf"] for child in branch["children"]]
    assert leaves == [
        "Is suffering from intense or severe persistent pain with moderate or severe functional impairment",
        "Has significant instability of the hip joint with significant functional impairment*",
        "Has radiological features of severe disease with moderate functional impairments",
        (
            "Has radiological features of moderate disease with significant functional impairment* or "
            "instability of the hip joint and is suffering from."
        ),
        (
            "The patient has severe persistent pain that is causing severe functional impairment which is "
            "compromising their mobility to such an extent that they are in immediate danger of losing their "
            "independence and joint replacement would relieve this, and conservative management as set out "
            "in this policy is contra-indicated."
        ),
        (
            "The patient is at risk of destruction of their joint of such severity that delaying surgical "
            "correction would increase the technical difficulties of the procedure."
        ),
    ]
    assert [child["line"] for child in branch["children"]] == [26, 29, 32, 35, 38, 41]
    assert all(child["number"] is None for child in branch["children"])


def test_seed_leaf_keys_are_readable_and_unique(document):
    keys = [leaf.key for leaf in document.policy.leaves()]
    assert keys[0] == "assessed-musculoskeletal-services-end-stage-osteoarthritis"
    assert keys[1] == "fully-engaged-conservative-measures-period"
    assert len(set(keys)) == len(keys) == 8


def test_seed_reparse_gives_same_keys(seed_text, document):
    again = parse_icb_policy(seed_text, SEED_NAME)
    assert [leaf.key for leaf in again.policy.leaves()] == [leaf.key for leaf in document.policy.leaves()]


def test_seed_duration_is_six_months_at_least_on_conservative_leaf(policy, document):
    conservative = document.policy.leaves()[1]
    assert policy["durations"] == [
        {
            "comparator": ">=",
            "value": 6,
            "unit": "month",
            "context": conservative.text,
            "leaf": conservative.key,
            "line": 21,
            "text": "at least six months",
            "words": "at least six months",
        }
    ]


def test_seed_definition_has_items_and_no_invented_criteria(policy):
    assert len(policy["definitions"]) == 1
    definition = policy["definitions"][0]
    assert definition["term"] == "Significant functional impairment"
    assert definition["marker"] == "*"
    assert definition["text"] == "Significant functional impairment is defined as:"
    assert definition["criteria"] is None
    assert definition["items"] == [
        "Symptoms preventing the patient fulfilling routine work or educational responsibilities",
        "Symptoms preventing the patient carrying out routine domestic or carer activities",
    ]
    assert definition["line"] == 44


def test_seed_asterisked_leaves_link_to_definition(policy, document):
    leaves = document.policy.leaves()
    linked = [leaf.key for leaf in leaves if leaf.definitions == ["Significant functional impairment"]]
    assert linked == [leaves[3].key, leaves[5].key]
    assert policy["definitions"][0]["used_by"] == linked


def test_seed_contraindication_in_description_is_exclusion(policy):
    assert policy["exclusions"] == ["The procedure is contraindicated in females."]
    assert policy["exclusion_details"] == [
        {
            "key": "exclusion-procedure-contraindicated-females",
            "text": "The procedure is contraindicated in females.",
            "line": 11,
            "lead_in": None,
        }
    ]


def test_seed_contraindication_inside_criterion_is_not_exclusion(policy):
    assert not any("contra-indicated" in text for text in policy["exclusions"])


def test_seed_description_is_the_paragraph_before_eligibility(policy):
    assert policy["description"].startswith("In hip resurfacing, the femoral head is not removed")
    assert policy["description"].endswith("The procedure is contraindicated in females.")
    assert policy["lines"]["description"] == 11


def test_seed_one_warning_for_sentence_ending_mid_way(result):
    assert len(result["warnings"]) == 1
    assert result["warnings"][0]["line"] == 35
    assert "ends mid-sentence" in result["warnings"][0]["message"]


@pytest.mark.parametrize(
    "furniture",
    [
        "Share This Post",
        "Leave a Reply",
        "Your email address",
        "Required fields",
        "More To Explore",
        "Five for Friday",
        "5 on Friday",
        "en_GBEnglish",
        "Skip to content",
        "Graphic with blue background",
    ],
)
def test_seed_web_cruft_appears_nowhere(result, furniture):
    assert furniture not in json.dumps(result, ensure_ascii=False)


@pytest.mark.parametrize("heading", ["Category", "Threshold Criteria", "Eligibility"])
def test_seed_headings_are_not_criteria(document, heading):
    assert heading not in [leaf.text for leaf in document.policy.leaves()]
