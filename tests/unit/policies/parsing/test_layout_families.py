"""Whole pages in the layout families real ICB/CCG pages use (``shared/phrasing.md`` §6.2).

Each test document under ``tests/data/documents/icb/`` is written for the project in the layout of
one family (structure, markers, connectors, numbers); the tests pin what a careful reader takes
from it: the tree and where each operator was read, the values with their exact words and lines,
exclusions, what is not read.
"""

from pathlib import Path

import pytest

from policies.parsing import parse_icb_policy

DOCUMENTS = Path(__file__).resolve().parents[3] / "data" / "documents" / "icb"


def parse_document(name: str) -> dict:
    return parse_icb_policy((DOCUMENTS / name).read_text(encoding="utf-8"), name).to_dict()


def shape(node: dict):
    """Leaves as their text; groups as (op, [children])."""
    if "leaf" in node:
        return node["leaf"]
    label = f"at_least{node['k']}" if node["op"] == "at_least" else node["op"]
    return (label, [shape(child) for child in node["children"]])


def operators(node: dict) -> list[tuple[str, str, int]]:
    """(op, connector, connector_line) of every group, in tree order."""
    if "leaf" in node:
        return []
    found = [(node["op"], node["connector"], node["connector_line"])]
    for child in node["children"]:
        found.extend(operators(child))
    return found


def thresholds(policy: dict) -> list[tuple]:
    return [
        (t["measure"], t["comparator"], t["value"], t["unit"], t["line"], t["words"])
        for t in policy["thresholds"]
    ]


def durations(policy: dict) -> list[tuple]:
    return [(d["comparator"], d["value"], d["unit"], d["line"], d["words"]) for d in policy["durations"]]


def messages(result: dict) -> list[tuple[int, str]]:
    return [(w["line"], w["message"]) for w in result["warnings"]]


# ------------------------------------------------------------------ referral-support and formulary sites


def test_referral_support_page_names_no_issuer_and_its_lead_in_says_all():
    result = parse_document("referral_support_issuer_unnamed_lead_in_all.txt")
    assert (result["organisation"], result["title"]) == (None, "Removal of Ingrown Toenails")
    criteria = result["policy"]["criteria"]
    assert shape(criteria) == (
        "all",
        [
            "the nail has become infected at least 3 times in the preceding year",
            "conservative care by a podiatrist has been tried for at least 6 weeks",
            "the infection did not settle with antibiotics",
        ],
    )
    assert operators(criteria) == [("all", "lead_in", 15)]
    assert durations(result["policy"]) == [
        ("=", 1, "year", 17, "in the preceding year"),
        (">=", 6, "week", 18, "at least 6 weeks"),
    ]


def test_a_lead_in_that_says_what_a_term_includes_is_a_definition_not_criteria():
    policy = parse_document("referral_support_issuer_unnamed_lead_in_all.txt")["policy"]
    (definition,) = policy["definitions"]
    assert (definition["term"], definition["line"]) == ("troublesome ingrown toenail", 9)
    assert shape(definition["criteria"])[0] == "any"
    assert thresholds(policy) == [("temperature", ">=", 38, "°C", 13, "of at least 38.0°C")]
    assert policy["ifr"]["line"] == 21
    assert policy["exclusions"] == []


def test_commissioning_statement_scope_is_description_and_does_not_refer_to_is_exclusions():
    result = parse_document("preamble_scope_last_item_binds_the_list.txt")
    policy = result["policy"]
    assert (result["organisation"], result["title"]) == (None, "Gallbladder Removal")
    assert policy["exclusions"] == [
        "Patients with jaundice, who are referred urgently",
        "Acute inflammation of the gallbladder needing admission",
    ]
    assert "Planned removal of the gallbladder in adults" in policy["description"]


def test_last_item_with_and_binds_the_whole_list():
    result = parse_document("preamble_scope_last_item_binds_the_list.txt")
    criteria = result["policy"]["criteria"]
    assert shape(criteria) == (
        "all",
        [
            (
                "any",
                [
                    "Two or more attacks of biliary colic",
                    "Gallstones have caused pancreatitis",
                    "A polyp larger than 10mm is seen on ultrasound",
                    "The gallbladder wall is thickened on repeat imaging",
                ],
            ),
            "the patient has been a non-smoker for at least 8 weeks.",
        ],
    )
    assert operators(criteria) == [("all", "stated", 25), ("any", "lead_in", 21)]
    assert durations(result["policy"]) == [(">=", 8, "week", 25, "at least 8 weeks")]
    # The weight advice after the list is a note, and its BMI is no threshold.
    assert [t[0] for t in thresholds(result["policy"])] == ["attacks"]
    assert (
        27,
        "a note among the criteria, not read as a criterion: 'Patients with a BMI >40 should be "
        "offered weight management support before surgery.'",
    ) in messages(result)


def test_funded_for_is_any_glued_o_sub_items_and_the_not_funded_list():
    result = parse_document("funded_for_indications_glued_o_and_not_funded.txt")
    assert result["title"] == "Shoulder Arthroscopy – local supplement"
    policy = result["policy"]
    assert shape(policy["criteria"]) == (
        "any",
        [
            "Repair of a torn rotator cuff",
            "Removal of a loose body causing locking",
            "Stabilisation after two or more dislocations",
            (
                "any",
                [
                    "MRI is contraindicated (for example a pacemaker that is not MRI safe)",
                    "MRI images cannot be read because of metal implants",
                ],
            ),
        ],
    )
    assert policy["criteria"]["children"][3]["text"] == "Diagnostic uncertainty where:"
    assert operators(policy["criteria"]) == [("any", "lead_in", 10), ("any", "stated", 17)]
    assert [item["text"] for item in policy["not_funded"]] == [
        "Washout of the joint for osteoarthritis",
        "Decompression for pain without a structural cause",
    ]
    assert policy["exclusions"] == []


# ------------------------------------------------------------------ labelled branches


def test_population_sub_headings_are_alternatives_each_with_its_own_criterion():
    result = parse_document("population_branches_children_adults.txt")
    criteria = result["policy"]["criteria"]
    assert [child["text"] for child in criteria["children"]] == ["Children", "Adults"]
    assert operators(criteria)[0] == ("any", "lead_in", 6)
    children, adults = criteria["children"]
    assert shape(children) == (
        "all",
        [
            (
                "all",
                [
                    "Wax that blocks the ear canal",
                    (
                        "all",
                        [
                            "Drops have been used twice daily for 2 weeks without effect.",
                            "Irrigation is not suitable.",
                            (
                                "any",
                                [
                                    "There is hearing loss of at least 20 dBHL or worse.",
                                    "There is pain or discharge from the ear.",
                                ],
                            ),
                        ],
                    ),
                ],
            )
        ],
    )
    # "1. a) ... And b) ... OR 2. ... OR 3." : item 1 holds a) and b); 2 and 3 are its alternatives.
    adult_list = adults["children"][0]["children"][1]
    assert shape(adult_list) == (
        "any",
        [
            (
                "all",
                [
                    "Drops have been used for at least 3 weeks without effect",
                    "Irrigation has failed or is contraindicated",
                ],
            ),
            "The patient has a perforated eardrum",
            "The patient uses a hearing aid that the wax prevents from working",
        ],
    )
    assert [child.get("number") for child in adult_list["children"]] == ["1", "2", "3"]
    assert thresholds(result["policy"]) == [
        ("hearing level", ">=", 20, "dBHL", 12, "of at least 20 dBHL or worse"),
    ]
    # A procedure heading after the branches is another procedure: reported, not joined.
    assert (
        24,
        "text after the criteria, not read as a criterion: 'Microsuction of the nose – adults and children'",
    ) in messages(result)


def test_severity_sub_headings_joined_by_the_or_between_them():
    result = parse_document("severity_branches_or_between_labels.txt")
    criteria = result["policy"]["criteria"]
    assert [child["text"] for child in criteria["children"]] == ["Moderate symptoms", "Severe symptoms"]
    assert operators(criteria)[0] == ("any", "stated", 9)
    moderate, severe = criteria["children"]
    assert shape(moderate) == (
        "all",
        [
            (
                "all",
                [
                    "The finger locks at least once a day",
                    (
                        "all",
                        [
                            "Splinting at night for a minimum of 6 weeks",
                            "At least one steroid injection, unless contraindicated",
                            "Advice on activity modification",
                        ],
                    ),
                ],
            )
        ],
    )
    assert shape(severe) == (
        "any",
        [
            "The finger is fixed in a bent position",
            "The finger has locked on two or more occasions needing manual release",
        ],
    )
    assert durations(result["policy"]) == [(">=", 6, "week", 6, "a minimum of 6 weeks")]


def test_stage_sections_are_all_required_and_sub_bullets_nest_by_indentation():
    result = parse_document("stage_sections_pre_referral_and_referral.txt")
    assert result["title"] == "Adult Squint Surgery"
    criteria = result["policy"]["criteria"]
    assert criteria["op"] == "all"
    pre, referral = criteria["children"]
    assert shape(pre) == (
        "all",
        [
            "The patient understands the referral is for assessment for surgery",
            "The patient wishes to have surgery if it is offered",
        ],
    )
    assert shape(referral) == (
        "all",
        [
            (
                "all",
                [
                    "There is a constant squint that has been present for at least 12 months",
                    (
                        "any",
                        [
                            (
                                "all",
                                [
                                    "The patient has double vision in the main position of gaze",
                                    ("any", ["Difficulty reading", "Difficulty driving"]),
                                ],
                            ),
                            "The squint causes an abnormal head posture",
                            "The patient has a squint of 15 degrees or more",
                        ],
                    ),
                ],
            )
        ],
    )
    assert thresholds(result["policy"]) == [("angle (degrees)", ">=", 15, "°", 22, "15 degrees or more")]
    assert durations(result["policy"]) == [(">=", 12, "month", 16, "at least 12 months")]


def test_numbered_scenarios_each_framed_by_not_routinely_funded_unless():
    result = parse_document("numbered_scenarios_unless_not_routinely_funded.txt")
    assert result["title"] == "Hip Arthroscopy"
    criteria = result["policy"]["criteria"]
    assert [child["text"] for child in criteria["children"]] == [
        "Removal of loose bodies",
        "Diagnostic arthroscopy",
        "Labral repair",
    ]
    assert operators(criteria)[0] == ("any", "lead_in", 4)
    loose, diagnostic, labral = (shape(child) for child in criteria["children"])
    assert loose == (
        "all",
        [
            "Unless a loose body has been seen on imaging and causes locking, removal by arthroscopy is not "
            "routinely funded."
        ],
    )
    assert diagnostic == (
        "all",
        [
            (
                "any",
                [
                    "Hip pain with functional impact and no diagnosis after MRI",
                    "Suspected infection of the joint",
                ],
            )
        ],
    )
    assert labral == (
        "all",
        [
            (
                "all",
                [
                    "A labral tear is seen on MR arthrogram",
                    "Symptoms have lasted more than 6 months despite physiotherapy",
                ],
            )
        ],
    )
    assert durations(result["policy"]) == [(">", 6, "month", 16, "more than 6 months")]


# ------------------------------------------------------------------ lead-ins, markers, run-in items


def test_lead_in_with_its_own_criterion_and_a_connector_that_opens_a_group():
    result = parse_document("lead_in_own_criterion_where_and_there_has_been.txt")
    criteria = result["policy"]["criteria"]
    assert shape(criteria) == (
        "all",
        [
            (
                "all",
                [
                    "Blocked nose is due to enlarged adenoids",
                    (
                        "all",
                        [
                            "The blockage disturbs sleep on most nights, as recorded by the parents",
                            (
                                "any",
                                [
                                    "Six or more documented ear infections in the preceding year",
                                    "Four or more such infections in each of the preceding two years",
                                    "Three or more such infections in each of the preceding three years",
                                ],
                            ),
                        ],
                    ),
                ],
            )
        ],
    )
    assert criteria["children"][0]["children"][1]["children"][1]["text"] == "THERE HAS BEEN"
    assert thresholds(result["policy"]) == [
        ("infections", ">=", 6, None, 12, "Six or more documented ear infections"),
        ("infections", ">=", 4, None, 13, "Four or more such infections"),
        ("infections", ">=", 3, None, 14, "Three or more such infections"),
    ]
    assert result["policy"]["exclusions"] == [
        "Suspected cancer of the adenoids",
        "Emergency airway obstruction",
    ]


def test_lettered_items_run_into_one_paragraph_and_a_glued_footnote():
    result = parse_document("run_in_lettered_items_glued_footnote.txt")
    criteria = result["policy"]["criteria"]
    assert (criteria["op"], criteria["connector"]) == ("any", "lead_in")
    assert [(child["number"], child["leaf"]) for child in criteria["children"]] == [
        ("a", "Bleeding that has caused anaemia"),
        ("b", "Prolapse that has to be pushed back by hand"),
        ("c", "At least two episodes of thrombosis in one year"),
        ("d", "Symptoms persisting after 8 weeks of fibre and fluids."),
    ]
    assert thresholds(result["policy"]) == [("episodes", ">=", 2, None, 5, "At least two episodes")]
    assert (result["policy"]["reference"], result["dates"]["review"]["value"]) == ("ARP 7", "2027")
    assert messages(result) == [
        (
            5,
            "a note among the criteria, not read as a criterion: '*These criteria reflect grade III and IV "
            "disease.'",
        )
    ]


def test_not_routinely_funded_unless_all_with_dash_items_run_in_and_an_advice_item():
    result = parse_document("not_routinely_unless_all_run_in_dashes.txt")
    criteria = result["policy"]["criteria"]
    assert shape(criteria) == (
        "all",
        [
            "The blockage is on one side and is caused by a deviated septum.",
            "Nasal steroid sprays have been used for at least 3 months without relief. It is recommended that the "
            "spray is used for 6 months before surgery is considered.",
            "The blockage affects sleep or daily activities",
            "The patient does not smoke",
        ],
    )
    # The recommendation's "6 months" is advice, not a duration.
    assert durations(result["policy"]) == [(">=", 3, "month", 3, "at least 3 months")]
    assert result["policy"]["funding_status"] == "NOT ROUTINELY FUNDED"


def test_a_chain_of_ands_then_ors_reads_the_or_run_as_one_alternative():
    result = parse_document("and_chain_then_or_run.txt")
    assert result["organisation"] is None  # "Number of CCG intervention" names no body
    assert shape(result["policy"]["criteria"]) == (
        "all",
        [
            "Infections are confirmed as bacterial sinusitis",
            "The infections prevent normal work or study",
            (
                "any",
                [
                    "Five or more documented infections in the preceding year",
                    "Four or more such infections in each of the preceding two years",
                    "Three or more such infections in each of the preceding three years.",
                ],
            ),
        ],
    )
    assert messages(result)[0][0] == 9


def test_prose_criteria_with_and_and_except_for():
    policy = parse_document("prose_criteria_and_except_for.txt")["policy"]
    assert shape(policy["criteria"]) == (
        "all",
        [
            "there is pain on gripping that stops the patient working",
            (
                "any",
                [
                    "patients whose elbow has been injured at work",
                    "a course of physiotherapy (at least 6 months) has failed to relieve the symptoms",
                ],
            ),
        ],
    )
    assert operators(policy["criteria"]) == [("all", "stated", 9), ("any", "stated", 9)]
    assert [(d["comparator"], d["value"], d["leaf"]) for d in policy["durations"]] == [
        (">=", 6, "course-physiotherapy-least-6-months")
    ]


def test_wrapped_line_joins_its_item_and_examples_after_including_are_details():
    policy = parse_document("wrapped_lines_indented_details.txt")["policy"]
    first, entropion, lump = policy["criteria"]["children"]
    assert first["leaf"] == (
        "impairment of vision in a relaxed state, as determined by a visual field test that shows the field "
        "reduced to 110o laterally or a reduction of more than 30o vertically"
    )
    assert (entropion["leaf"], entropion["details"]) == (
        "a lid that turns inwards (entropion), including:",
        ["lashes rubbing on the eye", "repeated eye infections"],
    )
    assert lump["line"] == 12


# ------------------------------------------------------------------ values


def test_hearing_ranges_or_worse_and_less_severe_than_and_notes_that_are_not_ages():
    result = parse_document("hearing_or_worse_less_severe_notes.txt")
    assert result["title"] == "Hearing Aids in Adults"
    policy = result["policy"]
    assert shape(policy["criteria"]) == (
        "any",
        [
            (
                "all",
                [
                    "Hearing loss in both ears confirmed by audiology over a period of 6 weeks",
                    "Hearing level in the better ear of 35-40dbHL or worse averaged at 0.5, 1, 2, & 4kHz (or "
                    "equivalent dBA where dBHL not available)",
                ],
            ),
            "Adults who have had at least 3 falls* in the last year linked to poor hearing.",
            "The adult has documented difficulty at work with hearing loss less severe than 35–40 dBHL in the "
            "better ear.",
        ],
    )
    assert thresholds(policy) == [
        ("hearing level", ">=", 35, "dBHL", 9, "35-40dbHL or worse"),
        ("hearing level", "<", 35, "dBHL", 12, "less severe than 35–40 dBHL"),
    ]
    assert policy["age_limits"] is None  # "*For adults over 80 years of age ..." is a note
    assert (
        7,
        "the lead-in says 'all the following' but its items are joined by OR: read as the connectors state",
    ) in messages(result)
    assert policy["exclusions"] == [
        "These criteria do not apply to people who already wear a bone-anchored hearing aid; they go to the implant service."
    ]


def test_numbers_in_tables_notes_evidence_and_references_are_not_values():
    result = parse_document("numbers_not_criteria_evidence_notes_tables.txt")
    policy = result["policy"]
    assert thresholds(policy) == [("visual acuity", "<=", 0.5, "Snellen 6/12", 15, "6/12 or worse")]
    assert durations(policy) == []
    assert policy["age_limits"] is None


# ------------------------------------------------------------------ funding sentences and bullets


def test_a_funding_sentence_then_a_connector_led_lead_in_is_its_first_criterion():
    """ "... will ONLY be considered where X." then "AND the patient has:" over EITHER/OR bullets."""
    result = parse_document("funding_sentence_then_and_lead_in_either_or.txt")
    policy = result["policy"]
    assert shape(policy["criteria"]) == (
        "all",
        [
            "aspiration has been tried at least once and the swelling has returned",
            (
                "any",
                [
                    "pain that causes limited use of the hand*",
                    "numbness or weakness from pressure on a nerve",
                    "a seed ganglion on a finger that makes gripping painful",
                ],
            ),
        ],
    )
    # The AND opening line 17 joins the sentence to the list; the ORs on lines 20 and 21 join the bullets.
    assert operators(policy["criteria"]) == [("all", "stated", 17), ("any", "stated", 20)]
    assert policy["criteria"]["children"][0]["line"] == 10  # the sentence's line
    definitions = {d["term"]: (d["line"], d["used_by"]) for d in policy["definitions"]}
    assert definitions["Limited use of the hand"] == (23, ["pain-causes-limited-use-hand"])
    assert "Aspiration in primary care" in definitions  # "... includes:" explains, it adds no criterion
    assert policy["durations"] == []  # "at least once" is no duration


def test_a_bullet_that_defines_a_term_ends_the_alternatives_it_explains():
    result = parse_document("bullet_definition_amid_bullets_and_plus_one_of.txt")
    policy = result["policy"]
    assert shape(policy["criteria"]) == (
        "all",
        [
            "Failure of splinting worn at night for at least six weeks.",
            ("all", ["One injection into the tendon sheath given in primary care"]),
            (
                "any",
                [
                    "The finger locks in the bent position and has to be freed with the other hand",
                    "Pain at the base of the finger that wakes the patient at night",
                    "Loss of movement in the finger that causes significant functional impairment",
                ],
            ),
        ],
    )
    assert [(d["term"], d["line"], d["items"]) for d in policy["definitions"]] == [
        (
            "Significant functional impairment",
            21,
            [
                "Being unable to carry out the duties of the patient's job",
                "Being unable to carry out caring duties at home",
            ],
        )
    ]
    assert durations(policy) == [(">=", 6, "week", 10, "at least six weeks")]
    assert policy["ifr"]["line"] == 25


def test_numbered_criteria_labels_whose_items_state_no_connector_are_not_structured():
    """ "Criteria 1" / "Criteria 2" are branches; how the points under each combine is not stated."""
    result = parse_document("numbered_criteria_labels_without_connectors.txt")
    policy = result["policy"]
    assert policy["criteria"] is None
    assert policy["criteria_problem"]["line"] == 8
    assert "under 'Criteria 1'" in policy["criteria_problem"]["message"]
    assert (policy["reference"], result["title"]) == ("TRF 041", "Dupuytren's Contracture Release")


def test_a_bulleted_connector_line_and_a_heading_under_a_block_of_labels():
    result = parse_document("bullet_connector_line_and_labelled_header_block.txt")
    policy = result["policy"]
    assert result["title"] == "Carpal Tunnel Release"  # not "Tag", the site's furniture above the labels
    assert result["organisation"] == "Eastmoor and Westvale ICB"
    assert shape(policy["criteria"]) == (
        "all",
        [
            "Symptoms have not resolved within 3 months of a night splint",
            ("any", ["Constant numbness in the hand", "Wasting of the muscles at the base of the thumb"]),
        ],
    )
    assert operators(policy["criteria"]) == [("all", "stated", 17), ("any", "stated", 19)]
    # "not resolved within 3 months": time passed without relief, no bound; "within 12 weeks of the
    # decision" is after the criteria (a service standard).
    assert durations(policy) == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("policy_landing_page.txt", "landing page"),
        ("policy_index_page.txt", "index"),
        ("news_item_quoting_criteria.txt", "news"),
        ("consultation_proposed_policy.txt", "consultation"),
        ("patient_leaflet.txt", "patient leaflet"),
        ("provider_service_page.txt", "provider service"),
        ("policy_index_listed_below.txt", "index of a retired site"),
    ],
)
def test_pages_about_policies_are_not_policies(name, kind):
    from policies.parsing.detect import policy_score
    from sources.parsing.source import layout_free
    from sources.parsing.text import source_lines

    text = (DOCUMENTS.parents[1] / "bad" / name).read_text(encoding="utf-8")
    assert policy_score([layout_free(line) for line in source_lines(text)], name) == 0, kind


@pytest.mark.parametrize("path", sorted(DOCUMENTS.glob("*.txt")), ids=lambda p: p.name)
def test_every_icb_test_document_reads_as_a_policy(path):
    from policies.parsing.detect import policy_score
    from sources.parsing.source import layout_free
    from sources.parsing.text import source_lines

    text = path.read_text(encoding="utf-8")
    assert policy_score([layout_free(line) for line in source_lines(text)], path.name) > 0
