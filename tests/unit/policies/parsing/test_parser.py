"""policies.parsing.parser: whole policy pages, one per layout variation."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.parsing import parse_icb_policy
from sources.parsing.errors import ParseError

DOCUMENTS = Path(__file__).resolve().parents[3] / "data" / "documents" / "icb"


def parse_document(name: str):
    return parse_icb_policy((DOCUMENTS / name).read_text(encoding="utf-8"), name)


def parse(text: str):
    return parse_icb_policy(text, "policy.txt")


def shape(node: dict):
    if "leaf" in node:
        return node["leaf"]
    label = f"at_least{node['k']}" if node["op"] == "at_least" else node["op"]
    return (label, [shape(child) for child in node["children"]])


# ------------------------------------------------------------------ Mid and South Essex


@pytest.fixture(scope="module")
def mse():
    return parse_document("mse_header_fields_sections_numbered.txt").to_dict()


def test_mse_header_fields(mse):
    policy = mse["policy"]
    assert (mse["organisation"], mse["title"]) == ("Mid and South Essex ICB", "Grommets in Children")
    assert policy["reference"] == "SRP 032"
    assert policy["funding_status"] == (
        "Individual Funding Approval | Group Prior Approval | Individual Prior Approval"
    )
    assert mse["dates"] == {
        "effective": {"value": "2024-04-30", "precision": "day"},
        "review": {"value": "2026-04-30", "precision": "day"},
    }
    assert mse["date_lines"] == {"effective": 6, "review": 7}


def test_mse_one_of_the_following_sections_with_numbered_items(mse):
    criteria = mse["policy"]["criteria"]
    assert (
        criteria["text"]
        == "Grommets are funded for children under 12 who meet ONE of the following sections:"
    )
    assert shape(criteria) == (
        "any",
        [
            (
                "all",
                [
                    "The child has otitis media with effusion in both ears over a period of 3 months",
                    "The child has a hearing level in the better ear of 25–30 dBHL or worse",
                ],
            ),
            (
                "all",
                [
                    "The child has had 5 or more episodes of acute otitis media in the preceding year",
                    "The episodes were confirmed by a clinician within 6 months of referral",
                ],
            ),
        ],
    )
    assert [section["text"] for section in criteria["children"]] == [
        "Section A: persistent otitis media with effusion",
        "Section B: recurrent acute otitis media",
    ]
    assert [leaf["number"] for leaf in criteria["children"][0]["children"]] == ["1", "2"]


def test_mse_hearing_range_or_worse_is_one_lower_bound(mse):
    # "25–30 dBHL or worse": a hearing level of 25 dBHL or more, never "<= 30" (that is the reverse).
    hearing = [
        (t["comparator"], t["value"], t["unit"], t["line"], t["words"])
        for t in mse["policy"]["thresholds"]
        if t["measure"] == "hearing level"
    ]
    assert hearing == [(">=", 25, "dBHL", 15, "25–30 dBHL or worse")]


def test_mse_durations_and_age(mse):
    policy = mse["policy"]
    assert [(d["comparator"], d["value"], d["unit"]) for d in policy["durations"]] == [
        ("=", 3, "month"),
        ("=", 1, "year"),
        ("<=", 6, "month"),
    ]
    assert policy["age_limits"] == {
        "min": None,
        "max": 12,
        "min_inclusive": None,
        "max_inclusive": False,
        "line": 11,
        "words": "children under 12",
        "bounds": [{"side": "max", "line": 11, "words": "children under 12"}],
    }


def test_mse_nb_line_is_exclusion_not_criterion(mse):
    assert mse["policy"]["exclusions"] == [
        "These criteria do not apply to children with Down's syndrome or cleft palate.",
    ]
    assert "Down's" not in json.dumps(mse["policy"]["criteria"])
    assert mse["warnings"] == []


# ------------------------------------------------------------------ Norfolk and Waveney


@pytest.fixture(scope="module")
def nw():
    return parse_document("nw_ratification_threshold_lettered_or.txt").to_dict()


def test_nw_ratification_and_review_dates_not_page_dates(nw):
    assert nw["dates"] == {
        "ratified": {"value": "2025-04-29", "precision": "day"},
        "review": {"value": "2026-08-31", "precision": "day"},
    }
    assert nw["date_lines"] == {"ratified": 5, "review": 6}


def test_nw_threshold_section_with_leading_or(nw):
    criteria = nw["policy"]["criteria"]
    assert criteria["op"] == "any"
    assert [leaf["number"] for leaf in criteria["children"]] == ["a)", "b)", "c)"]
    assert [leaf["leaf"] for leaf in criteria["children"]] == [
        "7 or more well-documented episodes in the last year",
        "5 or more episodes in each of the preceding two years",
        "3 or more episodes in each of the preceding three years",
    ]


def test_nw_episode_counts_and_windows(nw):
    policy = nw["policy"]
    assert [(t["measure"], t["comparator"], t["value"]) for t in policy["thresholds"]] == [
        ("episodes", ">=", 7),
        ("episodes", ">=", 5),
        ("episodes", ">=", 3),
    ]
    assert [(d["value"], d["unit"]) for d in policy["durations"]] == [(1, "year"), (2, "year"), (3, "year")]


def test_nw_exclusions_heading_items_and_no_furniture(nw):
    assert nw["policy"]["exclusion_details"] == [
        {
            "key": "exclusion-suspected-malignancy-refer-under-urgent",
            "text": "Suspected malignancy (refer under the urgent cancer pathway)",
            "line": 15,
            "lead_in": "Exclusions to policy",
        },
        {
            "key": "exclusion-quinsy-requiring-admission",
            "text": "Quinsy requiring admission",
            "line": 16,
            "lead_in": "Exclusions to policy",
        },
    ]
    dumped = json.dumps(nw)
    for furniture in ("cookies", "Back to top", "Page last reviewed", "Skip to main content", "2028-03-03"):
        assert furniture not in dumped


# ------------------------------------------------------------------ LLR


@pytest.fixture(scope="module")
def llr():
    return parse_document("llr_trailer_footnote_definitions_trailing_or.txt").to_dict()


def test_llr_trailer_gives_reference_and_year_review(llr):
    assert llr["policy"]["reference"] == "ARP 18"
    assert llr["dates"] == {"review": {"value": "2026", "precision": "year"}}
    assert (llr["organisation"], llr["title"], llr["policy"]["category"]) == (
        "LLR ICB",
        "Knee Arthroscopy",
        "Threshold Criteria",
    )


def test_llr_trailing_or_and_own_line_and(llr):
    assert shape(llr["policy"]["criteria"]) == (
        "all",
        [
            "The patient has a BMI <45",
            "The patient has completed conservative treatment* without improvement",
            ("any", ["true mechanical locking of the knee", "symptoms limiting activities of daily living*"]),
        ],
    )


def test_llr_footnote_definitions_linked_by_asterisk(llr):
    definitions = {d["term"]: d for d in llr["policy"]["definitions"]}
    conservative = definitions["Conservative treatment for at least 12 weeks"]
    assert conservative["items"] == ["Physiotherapy", "Analgesia"]
    assert conservative["criteria"] is None
    assert conservative["used_by"] == ["completed-conservative-treatment-without-improvement"]
    adl = definitions["Activities of daily living"]
    assert (adl["marker"], adl["items"], adl["used_by"]) == (
        "*",
        [],
        ["symptoms-limiting-activities-daily-living"],
    )


def test_llr_bmi_threshold_and_definition_duration(llr):
    policy = llr["policy"]
    assert [(t["measure"], t["comparator"], t["value"], t["leaf"]) for t in policy["thresholds"]] == [
        ("BMI", "<", 45, "bmi-45"),
    ]
    assert [(d["comparator"], d["value"], d["unit"], d["leaf"]) for d in policy["durations"]] == [
        (">=", 12, "week", None),
    ]
    assert "Required fields" not in json.dumps(llr)


# ------------------------------------------------------------------ Humber and North Yorkshire


@pytest.fixture(scope="module")
def hny():
    return parse_document("hny_commissioning_position_and_or_inline_and.txt").to_dict()


def test_hny_page_heading_title_places_and_dates(hny):
    assert (hny["title"], hny["lines"]["title"]) == ("Varicose Veins", 1)
    assert hny["organisation"] == "Humber and North Yorkshire Integrated Care Board"
    assert hny["policy"]["places_covered"] == ["East Riding of Yorkshire", "Hull", "North Yorkshire"]
    assert hny["dates"] == {
        "created": {"value": "2025-06-12", "precision": "day"},
        "review": {"value": "2028-01-31", "precision": "day"},
    }


def test_hny_and_or_is_any_and_inline_and_branch(hny):
    assert shape(hny["policy"]["criteria"]) == (
        "any",
        [
            "Bleeding from a varicosity",
            "Venous ulceration or skin changes (CEAP C4 or above)",
            "Superficial thrombophlebitis",
            ("all", ["Moderate symptoms", "not responded to 6 months conservative management"]),
        ],
    )
    assert hny["policy"]["thresholds"] == []


def test_hny_not_routinely_commissioned_and_ifr_route(hny):
    policy = hny["policy"]
    assert (policy["funding_status"], policy["lines"]["funding_status"]) == ("not routinely commissioned", 9)
    assert policy["ifr"] == {
        "text": "Patients who do not meet these criteria may be considered through the Individual Funding "
        "Request (IFR) process.",
        "line": 15,
    }
    assert hny["warnings"] == []


# ------------------------------------------------------------------ Greater Manchester


@pytest.fixture(scope="module")
def gm():
    return parse_document("gm_reference_dates_slash_table_cell_dots.txt").to_dict()


def test_gm_reference_and_two_dates_on_one_line(gm):
    assert gm["policy"]["reference"] == "GM028"
    assert gm["organisation"] == "Greater Manchester CCGs"
    assert gm["dates"] == {
        "document": {"value": "2014-04", "precision": "month"},
        "last_reviewed": {"value": "2015-05", "precision": "month"},
    }


def test_gm_table_cell_dots_under_label(gm):
    assert shape(gm["policy"]["criteria"]) == (
        "any",
        [
            (
                "any",
                [
                    "7 or more episodes in the last year",
                    "5 or more episodes in each of the preceding two years",
                    "3 or more episodes in each of the preceding three years",
                ],
            ),
            "Quinsy (peritonsillar abscess) on 2 or more occasions",
        ],
    )
    assert gm["policy"]["criteria"]["children"][0]["text"] == "Recurrent sore throat:"


def test_gm_policy_exceptions_are_exclusions_and_not_age_limits(gm):
    assert gm["policy"]["exclusions"] == [
        "Children (<16) with obstructive sleep apnoea are referred under the paediatric pathway.",
    ]
    assert gm["policy"]["age_limits"] is None


# ------------------------------------------------------------------ Lancashire (CCG era)


@pytest.fixture(scope="module")
def lancashire():
    return parse_document("lancashire_multilevel_numbering_at_least.txt").to_dict()


def test_lancashire_multilevel_numbers_and_k_of_n(lancashire):
    criteria = lancashire["policy"]["criteria"]
    assert (criteria["number"], criteria["op"]) == ("2.1", "all")
    assert [child["number"] for child in criteria["children"]] == ["2.1.1", "2.1.2", "2.1.3"]
    symptoms = criteria["children"][2]
    assert shape(symptoms) == (
        "at_least2",
        ["witnessed apnoeas", "excessive daytime sleepiness", "morning headaches"],
    )
    assert lancashire["title"] == "Surgery for Obstructive Sleep Apnoea"
    assert lancashire["organisation"] == "Lancashire CCGs"


def test_lancashire_measures(lancashire):
    policy = lancashire["policy"]
    assert [(t["measure"], t["comparator"], t["value"]) for t in policy["thresholds"]] == [("BMI", ">=", 35)]
    assert [(d["comparator"], d["value"], d["unit"]) for d in policy["durations"]] == [(">=", 6, "month")]
    assert policy["age_limits"] == {
        "min": 18,
        "max": None,
        "min_inclusive": True,
        "max_inclusive": None,
        "line": 9,
        "words": "adults 18 years or older",
        "bounds": [{"side": "min", "line": 9, "words": "adults 18 years or older"}],
    }


def test_lancashire_does_not_apply_list_and_red_flags(lancashire):
    details = lancashire["policy"]["exclusion_details"]
    assert [(d["text"], d["lead_in"]) for d in details] == [
        ("children, who are referred to paediatric services", "This policy does not apply to:"),
        ("patients with central sleep apnoea", "This policy does not apply to:"),
        ("Suspected malignancy", "Red flags"),
        ("Stridor", "Red flags"),
    ]


# ------------------------------------------------------------------ precedence, definitions, thresholds


def test_flat_chain_document_reads_the_or_run_as_one_alternative_with_warning():
    # "A AND B OR C" as a list: A, and one of B or C (each run joined by OR is one alternative).
    result = parse_document("flat_chain_and_before_or.txt").to_dict()
    assert shape(result["policy"]["criteria"]) == (
        "all",
        [
            "symptoms persist after 3 months of conservative treatment",
            ("any", ["there is documented nerve damage", "there is severe muscle wasting"]),
        ],
    )
    assert [w["line"] for w in result["warnings"]] == [3]
    assert "each run of items joined by OR one alternative" in result["warnings"][0]["message"]


def test_definitions_section_severity_table_and_grades_kept_as_text():
    result = parse_document("definitions_section_severity_table_grades.txt").to_dict()
    assert (result["organisation"], result["title"]) == ("Surrey Heartlands ICB", "Varicose Vein Treatment")
    policy = result["policy"]
    assert [(d["term"], d["used_by"]) for d in policy["definitions"]] == [
        ("Symptoms", ["moderate-severe-symptoms-defined-below"]),
        ("Mild", []),
        ("Moderate", ["moderate-severe-symptoms-defined-below"]),
        ("Severe", ["moderate-severe-symptoms-defined-below"]),
    ]
    assert [leaf["leaf"] for leaf in policy["criteria"]["children"]][1:] == [
        "Grade III varicose veins",
        "Class 3–6 venous disease",
    ]
    assert policy["thresholds"] == []
    assert result["warnings"] == []


def test_thresholds_document_symbols_words_and_snellen():
    policy = parse_document("thresholds_symbols_words_snellen.txt").to_dict()["policy"]
    assert [(t["measure"], t["comparator"], t["value"], t["unit"]) for t in policy["thresholds"]] == [
        ("visual acuity", "<=", 0.5, "Snellen 6/12"),
        ("Oxford hip score", "<", 16, None),
        ("HbA1c", "<", 8.5, None),
        ("Hb", ">", 115, "g/L"),
        ("systolic blood pressure", "<", 150, "mmHg"),
        ("BMI", ">=", 40, None),
    ]
    assert [t["line"] for t in policy["thresholds"]] == [4, 5, 6, 7, 8, 9]


# ------------------------------------------------------------------ refusals and not structured


def test_impossible_date_is_still_refused():
    with pytest.raises(ParseError) as error:
        parse_document("refuse_impossible_date.txt")
    assert (error.value.line, error.value.message) == (
        2,
        "a real date after 'Next review date:', found '31 February 2026'",
    )


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        (
            "not_structured_no_criteria.txt",
            1,
            "criteria not structured: no eligibility criteria (items joined by AND/OR, or a lead-in such as "
            "'all of the following') found in the text",
        ),
        (
            "not_structured_or_with_nothing_after.txt",
            5,
            "criteria not structured: a criterion after 'OR', found the end of the document",
        ),
        (
            "not_structured_quantifier_without_items.txt",
            3,
            "criteria not structured: items after 'The ICB will fund repair if ALL of the following apply:', "
            "found the heading 'Definitions'",
        ),
        (
            "not_structured_and_with_nothing_after.txt",
            9,
            "criteria not structured: a criterion after 'AND', found 'Next Review Date: 31/08/2026'",
        ),
        (
            "not_structured_or_alone.txt",
            7,
            "criteria not structured: a criterion after 'OR', found 'ARP 12 Review Date: 2026'",
        ),
        (
            "not_structured_or_without_operands.txt",
            13,
            "criteria not structured: a criterion after 'OR', found 'ARP 12 Review Date: 2026'",
        ),
        (
            "not_structured_quantifier_without_items_then_field.txt",
            9,
            "criteria not structured: items after 'Norfolk and Waveney ICB will fund grommets if ALL of the "
            "following criteria are met:', found 'Next Review Date: 31/08/2026'",
        ),
        (
            "not_structured_without_criteria.txt",
            1,
            "criteria not structured: no eligibility criteria (items joined by AND/OR, or a lead-in such as "
            "'all of the following') found in the text",
        ),
        (
            "not_structured_open_lead_in.txt",
            5,
            "criteria not structured: an AND/OR between the 2 criteria under 'Hernia repair will be routinely "
            "commissioned in the following circumstances:', or lead-in words that say how they combine "
            "('all of the following', 'one of the following'), found neither",
        ),
    ],
)
def test_policy_whose_criteria_cannot_be_read_is_not_refused_but_not_structured(name, line, message):
    # These pages used to be refused; they are policies, so they load with criteria null and the
    # reason, keeping what else they state.
    result = parse_document(name).to_dict()
    assert result["document_kind"] == "icb_policy"
    assert result["policy"]["criteria"] is None
    assert result["policy"]["criteria_problem"] == {"line": line, "message": message}


def test_not_structured_policy_keeps_title_dates_definitions_and_ifr():
    result = parse_document("not_structured_open_lead_in.txt").to_dict()
    assert (result["title"], result["dates"]) == (
        "Hernia Repair",
        {"review": {"value": "2027-03-31", "precision": "day"}},
    )
    assert result["policy"]["ifr"]["line"] == 10
    definitions = parse_document("not_structured_quantifier_without_items.txt").to_dict()["policy"][
        "definitions"
    ]
    assert [(d["term"], d["line"]) for d in definitions] == [("Symptomatic", 6)]


def test_list_without_connectors_under_a_lead_in_that_says_all_is_all():
    criteria = parse_document("lead_in_all_list_without_connectors.txt").to_dict()["policy"]["criteria"]
    assert shape(criteria) == ("all", ["the hernia is symptomatic", "the patient is fit for surgery"])
    assert (criteria["connector"], criteria["connector_line"]) == ("lead_in", 3)


def test_second_criteria_list_is_reported_not_joined():
    text = "Policy for X\nEligibility\nFunded if:\nA\nAND\nB\nCriteria\nFunded if:\nC\nOR\nD\n"
    result = parse(text)
    assert shape(result.to_dict()["policy"]["criteria"]) == ("all", ["A", "B"])
    assert [(w.line, w.message) for w in result.warnings] == [
        (7, "a further criteria heading after the criteria, not read: 'Criteria'"),
    ]


def test_criteria_heading_with_nothing_under_it_is_the_problem_line():
    policy = parse("Policy for X\nEligibility\n\nReferences\nNICE NG12.\n").to_dict()["policy"]
    assert (policy["criteria"], policy["criteria_problem"]["line"]) == (None, 2)


def test_text_that_is_no_policy_at_all_is_refused():
    with pytest.raises(ParseError) as error:
        parse("It was a bright cold day in April.\nNobody knew where the key was kept.\n")
    assert error.value.line == 1


# ------------------------------------------------------------------ warnings and other layouts


def test_text_after_criteria_is_reported_not_read():
    result = parse(
        "Policy for X\nEligibility\nFunded if ALL of the following:\n• A\n• B\nPatients are seen yearly.\n"
    )
    assert shape(result.to_dict()["policy"]["criteria"]) == ("all", ["A", "B"])
    assert [(w.line, w.message) for w in result.warnings] == [
        (6, "text after the criteria, not read as a criterion: 'Patients are seen yearly.'"),
    ]


def test_asterisk_without_definition_is_warned():
    result = parse("Policy for X\nEligibility\nFunded if:\n• severe pain*\nOR\n• instability\n")
    assert [(w.line, w.message) for w in result.warnings] == [
        (4, "a '*' marks a defined term, found no definition for it"),
    ]


def test_definition_with_connectors_gets_criteria():
    text = (
        "Policy for X\nEligibility\nFunded if:\n• severe pain*\nOR\n• instability\n"
        "*Severe pain is defined as:\n– pain at rest\nAND\n– pain at night\n"
    )
    (definition,) = parse(text).to_dict()["policy"]["definitions"]
    assert definition["items"] == ["pain at rest", "pain at night"]
    assert shape(definition["criteria"]) == ("all", ["pain at rest", "pain at night"])
    assert definition["criteria"]["text"] == "Severe pain is defined as:"


def test_preamble_lead_in_without_heading_starts_criteria():
    result = parse("Policy for X\nThe ICB will fund X if ANY of the following apply:\n• A\n• B\n").to_dict()
    assert shape(result["policy"]["criteria"]) == ("any", ["A", "B"])
    assert result["policy"]["criteria"]["line"] == 2


def test_exclusion_lead_in_without_items_is_warned():
    result = parse("Policy for X\nThis policy does not apply to:\n\nEligibility\nFunded if:\nA\nOR\nB\n")
    assert [(w.line, w.message) for w in result.warnings] == [
        (2, "items after 'This policy does not apply to:', found none"),
    ]


def test_status_that_is_not_about_funding_is_document_status():
    policy = parse("Policy for X\nStatus: Approved\nEligibility\nFunded if:\nA\nOR\nB\n").to_dict()["policy"]
    assert (policy["funding_status"], policy["document_status"]) == (None, "Approved")


def test_second_different_review_date_is_warned_and_first_kept():
    result = parse("Policy for X\nReview date: 2026\nEligibility\nFunded if:\nA\nOR\nB\nReview date: 2027\n")
    assert result.to_dict()["dates"]["review"] == {"value": "2026", "precision": "year"}
    assert [w.line for w in result.warnings] == [8]


def test_second_different_age_bound_is_warned_and_first_kept():
    text = "Policy for X\nEligibility\nFunded for children under 12 if:\n• pain\nOR\n• children under 16\n"
    result = parse(text)
    assert result.to_dict()["policy"]["age_limits"]["max"] == 12
    assert [(w.line, w.message) for w in result.warnings] == [
        (6, "a second max age ('children under 16') differs from the first: first kept"),
    ]


def test_date_field_without_a_date_is_warned_not_guessed():
    result = parse("Policy for X\nReview date: TBC\nEligibility\nFunded if:\nA\nOR\nB\n")
    assert result.dates == {}
    assert [(w.line, w.message) for w in result.warnings] == [(2, "a date after 'Review date:', found 'TBC'")]


def test_note_among_criteria_is_warned_not_read_as_criterion():
    result = parse("Policy for X\nEligibility\nFunded if:\nA\nNote: the panel meets monthly.\nOR\nB\n")
    assert shape(result.to_dict()["policy"]["criteria"]) == ("any", ["A", "B"])
    assert [(w.line, w.message) for w in result.warnings] == [
        (5, "a note among the criteria, not read as a criterion: 'Note: the panel meets monthly.'"),
    ]


def test_definitions_section_line_without_term_is_warned():
    text = "Policy for X\nEligibility\nFunded if:\nA\nOR\nB\nDefinitions\nthese apply throughout\n"
    assert [(w.line, w.message) for w in parse(text).warnings] == [
        (8, "a line among the definitions that defines no term, not read: 'these apply throughout'"),
    ]


def test_definition_ending_colon_without_items_is_warned():
    text = "Policy for X\nEligibility\nFunded if:\nA\nOR\nB\n*Severe pain is defined as:\n"
    result = parse(text)
    assert result.to_dict()["policy"]["definitions"][0]["items"] == []
    assert [(w.line, w.message) for w in result.warnings] == [
        (7, "a definition ending ':' with no items: 'Severe pain is defined as:'"),
    ]


def test_leaf_keys_unique_when_texts_repeat():
    result = parse("Policy for X\nEligibility\nFunded if:\n• pain\nOR\n• pain\n").to_dict()
    assert [leaf["key"] for leaf in result["policy"]["criteria"]["children"]] == ["pain", "pain-2"]


_LINES = st.sampled_from(
    [
        "Policy for X",
        "Eligibility",
        "Funded if ALL of the following:",
        "The patient:",
        "AND",
        "OR",
        "AND/OR",
        "• A",
        "• B OR",
        "– C",
        "1. D",
        "a) E",
        "Or b) F",
        "X AND Y OR Z",
        "*Term is defined as:",
        "Exclusions",
        "N.B. These criteria do not apply to children.",
        "Review date: 2026",
        "",
        "Share This Post",
        "· G · H",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINES, max_size=25))
def test_any_line_sequence_parses_or_is_refused_with_parse_error(lines):
    try:
        result = parse("\n".join(lines)).to_dict()
    except ParseError as error:
        assert error.line >= 1
        return
    if result["policy"]["criteria"] is None:
        assert result["policy"]["criteria_problem"]["line"] >= 1
        return
    keys = [leaf["key"] for leaf in _leaves(result["policy"]["criteria"])]
    assert len(keys) == len(set(keys))
    json.dumps(result)


def _leaves(node):
    if "leaf" in node:
        return [node]
    return [leaf for child in node["children"] for leaf in _leaves(child)]
