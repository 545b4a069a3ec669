import pytest

from guidance.parsing.nice_recommendations import parse_final_guidance
from sources.parsing.contract import (
    Audience,
    DocumentKind,
    DutyKind,
    Level,
    RegistryMention,
    Replacement,
    ServiceRequirementKind,
    Warning,
)
from sources.parsing.dates import PartialDate
from sources.parsing.errors import ParseError


@pytest.fixture
def seed_000(seed_text):
    return parse_final_guidance(seed_text("000"), "000.txt")


@pytest.fixture
def seed_002(seed_text):
    return parse_final_guidance(seed_text("002"), "002.txt")


@pytest.fixture
def document(nice_document):
    def parse(name: str):
        return parse_final_guidance(nice_document(name), f"{name}.txt")

    return parse


def levels(parsed) -> list[tuple[str, Level | None]]:
    return [(r.number, r.level) for r in parsed.recommendations]


# Seed 000: IPG722, special arrangements, numbering gap, duties and service requirements.


def test_parse_final_guidance_seed_000_identity(seed_000):
    assert seed_000.document_kind is DocumentKind.IPG_RECOMMENDATIONS
    assert (seed_000.organisation, seed_000.guidance_id) == ("NICE", None)
    assert seed_000.title == "intramedullary distraction for upper limb lengthening"
    assert seed_000.lines == {"organisation": 7, "title": 7}
    assert seed_000.committee_chair is None
    assert seed_000.dates == {}
    assert seed_000.warnings == []


def test_parse_final_guidance_seed_000_numbers_as_printed_with_the_gap(seed_000):
    assert [(r.number, r.line) for r in seed_000.recommendations] == [
        ("1.1", 5),
        ("1.2", 9),
        ("1.3", 23),
        ("1.4", 31),
        ("1.6", 35),
    ]


def test_parse_final_guidance_seed_000_only_the_decision_has_a_level(seed_000):
    assert levels(seed_000) == [
        ("1.1", Level.SPECIAL),
        ("1.2", None),
        ("1.3", None),
        ("1.4", None),
        ("1.6", None),
    ]
    assert [r.indication for r in seed_000.recommendations] == [None] * 5


def test_parse_final_guidance_seed_000_texts_have_no_layout(seed_000):
    first = seed_000.recommendations[0]
    assert first.text.startswith("Evidence on the safety and efficacy of intramedullary distraction")
    assert first.text.endswith(
        "Find out what special arrangements mean on the NICE interventional procedures guidance page."
    )
    assert (
        seed_000.recommendations[1].items[0]
        == "Inform the clinical governance leads in their healthcare organisation."
    )
    assert seed_000.recommendations[1].item_lines == [13, 15, 17, 19, 21]


def test_parse_final_guidance_seed_000_duty_lists(seed_000):
    clinicians, organisations = seed_000.duty_lists
    assert (clinicians.number, clinicians.audience, clinicians.line) == ("1.2", Audience.CLINICIANS, 9)
    assert (
        clinicians.lead_in
        == "Clinicians wanting to use intramedullary distraction for upper limb lengthening should:"
    )
    assert [duty.kinds for duty in clinicians.duties] == [
        [DutyKind.NOTIFY_GOVERNANCE_LEADS],
        [DutyKind.WRITTEN_PATIENT_INFORMATION],
        [DutyKind.UNDERSTANDING_OF_UNCERTAINTIES],
        [DutyKind.AUDIT],
        [DutyKind.ANNUAL_APPRAISAL],
    ]
    assert [duty.line for duty in clinicians.duties] == [13, 15, 17, 19, 21]
    assert (organisations.number, organisations.audience, organisations.lead_in) == (
        "1.3",
        Audience.ORGANISATIONS,
        "Healthcare organisations should:",
    )
    assert [duty.kinds for duty in organisations.duties] == [
        [DutyKind.ORGANISATIONAL_DATA_SYSTEMS],
        [DutyKind.DATA_REVIEW],
    ]
    assert [duty.line for duty in organisations.duties] == [27, 29]


def test_parse_final_guidance_seed_000_further_recommendations(seed_000):
    assert seed_000.registries == []
    assert [(s.kind, s.number, s.line) for s in seed_000.service_requirements] == [
        (ServiceRequirementKind.SPECIALIST_CENTRES, "1.4", 33),
        (ServiceRequirementKind.SURGEON_TRAINING, "1.4", 33),
    ]
    (need,) = seed_000.research_needs
    assert (need.number, need.line, need.items) == ("1.6", 35, [])
    assert need.text.startswith("Further research, which could be registry data, should report")


# Seed 002: IPG739, a named registry and MDT patient selection.


def test_parse_final_guidance_seed_002_recommendations(seed_002):
    assert levels(seed_002) == [
        ("1.1", Level.SPECIAL),
        ("1.2", None),
        ("1.3", None),
        ("1.4", None),
        ("1.5", None),
    ]
    assert (
        seed_002.title
        == "neurostimulation of lumbar muscles for refractory non-specific chronic low back pain"
    )


def test_parse_final_guidance_seed_002_clinicians_list_includes_the_registry_entry(seed_002):
    clinicians = seed_002.duty_lists[0]
    assert len(clinicians.duties) == 5
    assert clinicians.duties[4].kinds == [DutyKind.REGISTRY_ENTRY]
    assert clinicians.duties[4].text.startswith("Enter details about everyone having neurostimulation")


def test_parse_final_guidance_seed_002_registry_service_requirement_research_need(seed_002):
    assert seed_002.registries == [
        RegistryMention(name="National Neuromodulation Registry", line=21, number="1.2")
    ]
    assert seed_002.to_dict()["registries"] == ["National Neuromodulation Registry"]
    assert [(s.kind, s.number, s.line) for s in seed_002.service_requirements] == [
        (ServiceRequirementKind.MULTIDISCIPLINARY_SELECTION, "1.4", 33)
    ]
    assert [(n.number, n.line) for n in seed_002.research_needs] == [("1.5", 35)]


# Wordings and layouts of other eras.


def test_parse_final_guidance_2009_guidance_heading_dates_and_replaced_guidance(document):
    parsed = document("final_2009_guidance_heading_normal_arrangements_replaces")
    assert levels(parsed) == [("1.1", Level.STANDARD), ("1.2", None)]
    assert parsed.title == "Balloon dilation of the sinus ostia for chronic sinusitis"
    assert parsed.lines["title"] == 5
    assert parsed.to_dict()["dates"] == {"published": {"value": "2009-01", "precision": "month"}}
    assert parsed.dates["published"].line == 7
    assert parsed.replaces == [
        Replacement(guidance_id="IPG215", line=9, date=PartialDate("2007-03", "month"))
    ]
    assert [(s.number, s.heading) for s in parsed.sections] == [
        ("2.1.1", "Indications"),
        ("2.1.2", "Indications"),
    ]


def test_parse_final_guidance_ipg283_without_consent_is_standard_with_printed_id(document):
    parsed = document("final_2009_ipg283_normal_arrangements_without_consent")
    assert levels(parsed) == [("1.1", Level.STANDARD)]
    assert (parsed.guidance_id, parsed.lines["guidance_id"]) == ("IPG283", 3)
    assert parsed.organisation == "NICE"


def test_parse_final_guidance_should_not_be_used_unless_is_special_with_named_database(document):
    parsed = document("final_2017_special_not_used_unless_bsug_database")
    assert levels(parsed) == [("1.1", Level.SPECIAL), ("1.2", None), ("1.3", None)]
    assert parsed.duty_lists[0].lead_in.startswith("Clinicians wishing to do transvaginal mesh repair")
    assert [d.kinds for d in parsed.duty_lists[0].duties] == [
        [DutyKind.NOTIFY_GOVERNANCE_LEADS],
        [DutyKind.UNDERSTANDING_OF_UNCERTAINTIES],
        [DutyKind.REGISTRY_ENTRY],
    ]
    assert parsed.registries == [
        RegistryMention(name="British Society of Urogynaecology database", line=11, number="1.2")
    ]


def test_parse_final_guidance_2004_take_the_following_actions_with_en_dash_items(document):
    parsed = document("final_2004_special_following_actions_trusts")
    assert levels(parsed) == [("1.1", Level.SPECIAL), ("1.2", None), ("1.3", None)]
    (duty_list,) = parsed.duty_lists
    assert duty_list.lead_in == (
        "Clinicians wishing to undertake laparoscopic example surgery for chronic pelvic pain should take "
        "the "
        "following actions."
    )
    assert duty_list.audience is Audience.CLINICIANS
    assert (duty_list.duties[0].text, duty_list.duties[0].kinds) == (
        "Inform the clinical governance leads in their Trusts.",
        [DutyKind.NOTIFY_GOVERNANCE_LEADS],
    )
    assert duty_list.duties[1].kinds == [
        DutyKind.WRITTEN_PATIENT_INFORMATION,
        DutyKind.UNDERSTANDING_OF_UNCERTAINTIES,
    ]
    assert duty_list.duties[2].kinds == [DutyKind.AUDIT]
    assert parsed.organisation == "NICE"
    assert parsed.research_needs == []


def test_parse_final_guidance_sub_numbered_duties_are_recommendations_and_items(document):
    parsed = document("final_sub_numbered_duty_items")
    assert [r.number for r in parsed.recommendations] == ["1.1", "1.2", "1.2.1", "1.2.2", "1.3"]
    assert [d.kinds for d in parsed.duty_lists[0].duties] == [
        [DutyKind.NOTIFY_GOVERNANCE_LEADS],
        [DutyKind.AUDIT],
    ]
    assert [n.number for n in parsed.research_needs] == ["1.3"]


def test_parse_final_guidance_research_only_with_a_generic_register(document):
    parsed = document("final_2013_research_only_generic_register")
    assert levels(parsed) == [("1.1", Level.RESEARCH_ONLY), ("1.2", None)]
    assert parsed.registries == []
    assert [n.number for n in parsed.research_needs] == ["1.2"]


def test_parse_final_guidance_table_residue_and_formal_research_protocol(document):
    parsed = document("final_table_residue_formal_research_protocol")
    assert levels(parsed) == [("1.1", Level.RESEARCH_ONLY), ("1.2", None)]
    assert (
        parsed.recommendations[1].text == "Further research should report urinary symptom scores at 5 years."
    )


@pytest.mark.parametrize(
    "name",
    [
        "final_2007_do_not_use_not_efficacious",
        "final_2007_do_not_use_alone_no_clinical_benefit",
        "final_do_not_use_in_the_nhs",
    ],
)
def test_parse_final_guidance_do_not_use_wordings(document, name):
    assert document(name).recommendations[0].level is Level.DO_NOT_USE


def test_parse_final_guidance_population_restriction_is_not_do_not_use(document):
    parsed = document("final_2007_do_not_use_alone_no_clinical_benefit")
    assert levels(parsed) == [("1.1", Level.DO_NOT_USE), ("1.2", None)]


def test_parse_final_guidance_title_from_current_evidence_on(document):
    parsed = document("final_2007_do_not_use_not_efficacious")
    assert (parsed.title, parsed.lines["title"]) == (
        "laparoscopic uterine nerve ablation (LUNA) for chronic pelvic pain",
        3,
    )


def test_parse_final_guidance_no_name_in_the_text_gives_no_title(document):
    parsed = document("final_2007_do_not_use_alone_no_clinical_benefit")
    assert parsed.title is None
    assert "title" not in parsed.lines


def test_parse_final_guidance_named_registry_under_standard_and_mdt_selection(document):
    parsed = document("final_2023_standard_bariatric_registry_mdt")
    assert levels(parsed) == [("1.1", Level.STANDARD), ("1.2", None), ("1.3", None)]
    assert parsed.registries == [
        RegistryMention(name="National Bariatric Surgery Registry", line=7, number="1.2")
    ]
    assert [(s.kind, s.number) for s in parsed.service_requirements] == [
        (ServiceRequirementKind.MULTIDISCIPLINARY_SELECTION, "1.3")
    ]
    assert parsed.duty_lists == []


def test_parse_final_guidance_htg_number_and_committee_considerations(document):
    parsed = document("final_htg_number_committee_considerations")
    assert (parsed.guidance_id, parsed.title) == ("HTG539", "Example nerve stimulation for sleep apnoea")
    assert levels(parsed) == [("1.1", Level.SPECIAL)]
    assert parsed.to_dict()["dates"] == {"published": {"value": "2025-03-04", "precision": "day"}}
    assert [(s.number, s.heading) for s in parsed.sections] == [
        ("3.1", "The evidence"),
        ("3.2", "The evidence"),
        ("3.3", "The evidence"),
    ]
    assert parsed.sections[1].items == ["fewer apnoea episodes per hour", "less daytime sleepiness."]
    assert parsed.evidence.source_count == 5


def test_parse_final_guidance_pdf_page_footers_removed_and_sentence_joined(document):
    parsed = document("final_pdf_page_footers_mid_sentence")
    assert (parsed.guidance_id, parsed.lines["guidance_id"]) == ("IPG999", 4)
    assert parsed.title == "Example balloon procedure for chronic sinusitis"
    assert levels(parsed) == [("1.1", Level.STANDARD), ("1.2", None)]
    assert parsed.recommendations[0].text.endswith(
        "provided that standard arrangements are in place for clinical governance, consent and audit."
    )
    assert [(s.kind, s.line) for s in parsed.service_requirements] == [
        (ServiceRequirementKind.SURGEON_TRAINING, 14)
    ]
    assert parsed.warnings == []


def test_parse_final_guidance_contents_list_is_not_a_chapter(document):
    parsed = document("final_contents_list_before_chapters")
    assert [(r.number, r.line) for r in parsed.recommendations] == [("1.1", 8)]
    assert [(s.number, s.heading, s.text) for s in parsed.sections] == [
        ("2.1", None, "The procedure is done under general anaesthetic.")
    ]


def test_parse_final_guidance_numbered_paragraphs_without_a_heading(document):
    parsed = document("final_numbered_paragraphs_without_heading")
    assert levels(parsed) == [("1.1", Level.STANDARD), ("1.2", None)]


def test_parse_final_guidance_paragraph_cut_mid_sentence_is_kept_with_a_warning(document):
    parsed = document("final_paragraph_cut_mid_sentence")
    assert (
        parsed.recommendations[1].text
        == "Further research should report long-term intraocular pressure and the need for"
    )
    assert parsed.warnings == [
        Warning(
            5,
            "paragraph 1.2 ends mid-sentence: 'hould report long-term intraocular pressure and the need for'",
        )
    ]


def test_parse_final_guidance_heading_over_a_sentence_that_decides_nothing_is_read_with_a_warning(
    nice_document,
):
    # Undecided guidance is said, not refused (issue 10): the warning names chapter 1's line.
    parsed = parse_final_guidance(nice_document("final_heading_without_numbered_paragraphs"), "FILE")
    assert [(r.number, r.level, r.line) for r in parsed.recommendations] == [(None, None, 3)]
    assert parsed.decisions == []
    assert parsed.warnings == [
        Warning(
            1, "no paragraph of chapter 1 decides a recommendation level: the level is not read from the text"
        )
    ]


def test_parse_final_guidance_heading_with_nothing_under_it_is_refused():
    with pytest.raises(ParseError) as raised:
        parse_final_guidance("1 Recommendations\n\n1 Recommendations\n", "FILE")
    assert (
        str(raised.value)
        == "FILE:1: numbered recommendations (1.1, 1.2, ...) under '1 Recommendations'; found none"
    )


def test_parse_final_guidance_impossible_issued_date_is_refused(nice_document):
    with pytest.raises(ParseError) as raised:
        parse_final_guidance(nice_document("final_impossible_issued_date"), "FILE")
    assert (
        str(raised.value)
        == "FILE:3: a real calendar date, found '31 February 2009' (day is out of range for month)"
    )


def test_parse_final_guidance_without_chapter_one_is_refused():
    with pytest.raises(ParseError) as raised:
        parse_final_guidance("Some words about a procedure.\n", "FILE")
    assert str(raised.value) == (
        "FILE:1: a chapter 1 heading ('1 Recommendations' or '1 Guidance') with numbered paragraphs; "
        "found none (first line: 'Some words about a procedure.')"
    )


def test_parse_final_guidance_empty_text_is_refused():
    with pytest.raises(ParseError) as raised:
        parse_final_guidance("\n \n", "FILE")
    assert str(raised.value) == "FILE:1: a NICE guidance document, found an empty file"


# Layouts of real captured pages (shared/phrasing.md section 6), each in a document of our own.


def decisions(parsed) -> list[tuple[str | None, str, str | None, int]]:
    return [(d.number, d.level, d.indication, d.line) for d in parsed.decisions]


def test_parse_final_guidance_capture_starting_at_a_bare_number(document):
    parsed = document("final_capture_starts_at_bare_number")
    # the sentence printed twice is one; the numbers after 1.1 are lost, never made up
    assert [(r.number, r.line, r.level) for r in parsed.recommendations] == [
        ("1.1", 1, Level.STANDARD),
        (None, 4, None),
        (None, 5, None),
        (None, 6, None),
    ]
    assert parsed.recommendations[0].text.count("Use example diaphragm pacing") == 1
    assert decisions(parsed) == [("1.1", "standard", None, 1)]
    assert parsed.title == "example diaphragm pacing"
    assert parsed.rationale.startswith("The evidence shows more time free of the ventilator")
    assert parsed.warnings == []


def test_parse_final_guidance_chapter_whose_numbers_were_all_lost(document):
    parsed = document("final_guidance_heading_number_lost")
    assert [(r.number, r.line, r.level) for r in parsed.recommendations] == [
        (None, 4, Level.STANDARD),
        (None, 6, None),
    ]
    assert decisions(parsed) == [(None, "standard", None, 4)]
    assert parsed.title == "example vein sealing for varicose veins"


def test_parse_final_guidance_pdf_copy_with_inline_indication_leads(document):
    parsed = document("final_pdf_copy_inline_indication_leads")
    assert parsed.title == "Example catheter valve implantation for aortic stenosis"
    assert (parsed.guidance_id, parsed.to_dict()["dates"]) == (
        "IPG998",
        {"published": {"value": "2011-06", "precision": "month"}},
    )
    # "(see sections" / "1.5 and 2.1.2) the evidence ...": a wrapped line, not paragraph 1.5
    assert [r.number for r in parsed.recommendations] == ["1.1", "1.2", "1.3", "1.4"]
    assert decisions(parsed) == [
        ("1.2", "standard", "patients with aortic stenosis who cannot have open valve surgery", 33),
        (
            "1.3",
            "special",
            "patients with aortic stenosis for whom open valve surgery is possible but carries a high risk",
            38,
        ),
    ]
    assert parsed.replaces == [Replacement("IPG997", 28)]
    assert parsed.registries == [RegistryMention("UK Example Valve Database", 36, "1.2")]
    assert parsed.warnings == [Warning(43, "paragraph 1.4 ends mid-sentence: 'For patients with'")]


def test_parse_final_guidance_sharing_site_name_is_furniture_not_a_title(document):
    parsed = document("final_sharing_site_name_repeated_no_blank_lines")
    assert parsed.title == "example catheter valve implantation (ECVI) for aortic stenosis"
    assert "Scan AVX" not in str(parsed.to_dict())
    assert [(d.number, d.level) for d in parsed.decisions] == [("1.2", "standard"), ("1.3", "special")]
    assert [d.indication for d in parsed.decisions] == [
        "patients with aortic stenosis who cannot have open valve surgery",
        "patients with aortic stenosis for whom open valve surgery carries a high risk",
    ]


def test_parse_final_guidance_site_menu_before_the_chapter(document):
    parsed = document("final_site_menu_before_chapter_hard_wrapped")
    assert [(r.number, r.line, r.level) for r in parsed.recommendations] == [
        ("1.1", 29, Level.SPECIAL),
        ("1.2", 38, None),
    ]
    first = parsed.recommendations[0].text
    assert first.endswith(
        "Find out what special arrangements mean on the NICE interventional procedures guidance page."
    )
    (duty_list,) = parsed.duty_lists
    assert (
        duty_list.lead_in
        == "Clinicians wanting to do example focal freezing for localised kidney cancer should:"
    )
    assert [(duty.text, duty.line) for duty in duty_list.duties] == [
        ("Inform the clinical governance leads in their healthcare organisation.", 43),
        (
            "Give people (and their families and carers, as appropriate) clear written information to support "
            "shared decision making, including NICE's information for the public. Use NICE's guideline on "
            "kidney cancer for information on treatment options.",
            48,
        ),
        ("Audit and review clinical outcomes of everyone having the procedure.", 58),
    ]
    assert parsed.title == "example focal freezing for localised kidney cancer"
    assert "(/guidance/" not in str(parsed.to_dict())


@pytest.mark.parametrize(
    ("name", "last_text"),
    [
        (
            "final_page_end_institute_footer",
            "Clinicians should enter details about everyone having example mesh repair for pelvic prolapse onto "
            "an appropriate registry (for example, the British Society of Example Surgeons database).",
        ),
        (
            "final_page_end_footer_cut_short",
            "NICE encourages further research into this procedure, and may review this guidance on publication "
            "of further evidence.",
        ),
    ],
)
def test_parse_final_guidance_page_end_footer_is_no_item(document, name, last_text):
    last = document(name).recommendations[-1]
    assert (last.text, last.items) == (last_text, [])


def test_parse_final_guidance_registry_with_its_abbreviation_in_brackets(document):
    parsed = document("final_registry_long_name_with_abbreviation")
    name = "European Registry for Example Freezing of the Bladder (EREFB) register"
    assert parsed.registries == [RegistryMention(name, 11, "1.3"), RegistryMention(name, 13, "1.4")]
    assert parsed.to_dict()["registries"] == [name]


def test_parse_final_guidance_decisions_in_the_items_of_one_paragraph(document):
    parsed = document("final_decisions_in_dash_items")
    first = parsed.recommendations[0]
    assert (first.number, first.level, len(first.items), first.item_lines) == ("1.1", None, 2, [6, 8])
    assert decisions(parsed) == [
        ("1.1", "research_only", "people who can have a conventional pacemaker", 6),
        (
            "1.1",
            "special",
            "people in whom a conventional pacemaker is contraindicated after a careful risk assessment by a "
            "multidisciplinary team",
            8,
        ),
    ]
    (duty_list,) = parsed.duty_lists
    assert [duty.line for duty in duty_list.duties] == [11, 13]


def test_parse_final_guidance_decision_items_lost_is_undecided_with_a_warning(document):
    parsed = document("final_decision_items_lost")
    assert [r.number for r in parsed.recommendations] == ["1.1", "1.2", "1.3", "1.5", "1.7"]
    assert parsed.decisions == []
    assert parsed.recommendations[-1].items == []
    assert parsed.warnings == [
        Warning(
            1, "no paragraph of chapter 1 decides a recommendation level: the level is not read from the text"
        )
    ]


def test_parse_final_guidance_healthtech_capture_without_chapter_one(document):
    parsed = document("final_healthtech_capture_mid_chapter")
    assert (parsed.title, parsed.recommendations, parsed.decisions) == (None, [], [])
    assert parsed.warnings == [
        Warning(1, "no chapter 1 in the capture: no recommendation level is read from the text")
    ]


def test_parse_final_guidance_extract_performed_only_in_research_studies(document):
    parsed = document("final_extract_performed_only_in_research_studies")
    assert (parsed.title, parsed.guidance_id) == (
        "Example magnetic brain stimulation for severe depression",
        "IPG994",
    )
    assert decisions(parsed) == [("1.1", "research_only", None, 11)]


def test_parse_final_guidance_bare_should_not_be_used_after_the_evidence(document):
    parsed = document("final_do_not_use_bare_sentence")
    assert decisions(parsed) == [("1.1", "do_not_use", None, 3)]


def test_parse_final_guidance_adults_and_children_in_consecutive_paragraphs(document):
    parsed = document("final_adults_children_consecutive_paragraphs")
    assert parsed.title == "example airway stenting"
    assert decisions(parsed) == [("1.1", "standard", "adults", 3), ("1.2", "special", "children", 5)]
    # "Clinicians wanting to do example airway stenting in children should:"
    assert [(d.number, d.indication) for d in parsed.duty_lists] == [("1.3", "children")]


def test_parse_final_guidance_indication_headings_when_the_first_decision_was_lost(document):
    parsed = document("final_indication_headings_first_decision_lost")
    not_suitable = "When open valve surgery is not suitable or is high risk"
    suitable = "When open valve surgery is suitable and is not high risk"
    assert [(r.number, r.level, r.indication) for r in parsed.recommendations] == [
        ("1.2", None, not_suitable),
        ("1.4", Level.RESEARCH_ONLY, suitable),
        ("1.5", Level.RESEARCH_ONLY, suitable),
        ("1.6", None, None),  # "For everyone having ...": not an indication
    ]
    # 1.5 repeats 1.4's decision for the same indication: one decision
    assert decisions(parsed) == [("1.4", "research_only", suitable, 15)]
    assert parsed.duty_lists[0].indication == not_suitable
    assert parsed.title == "example catheter valve implantation for aortic regurgitation"


def test_parse_final_guidance_numbers_lost_one_paragraph_per_line_and_lists_without_bullets(document):
    parsed = document("final_numbers_lost_one_paragraph_per_line")
    assert [(r.number, r.line, r.level, len(r.items)) for r in parsed.recommendations] == [
        (None, 2, Level.SPECIAL, 0),
        (None, 3, None, 2),
        (None, 6, None, 1),  # the next lead-in ends the list before it
        (None, 8, None, 0),  # a statement, not a duty
    ]
    assert [(d.audience, d.line, len(d.duties)) for d in parsed.duty_lists] == [
        (Audience.CLINICIANS, 3, 2),
        (Audience.ORGANISATIONS, 6, 1),
    ]
    assert decisions(parsed) == [(None, "special", None, 2)]


def test_parse_final_guidance_pdf_running_header_between_paragraphs_is_no_heading(document):
    parsed = document("final_pdf_running_header_between_paragraphs")
    assert parsed.guidance_id == "IPG998"
    assert decisions(parsed) == [
        ("1.1", "standard", "patients with aortic stenosis who cannot have open surgery", 5),
        ("1.2", "special", "patients with aortic stenosis for whom open surgery carries a high risk", 10),
    ]
    assert "NICE interventional procedure guidance 998" not in str(parsed.to_dict()["recommendations"])


@pytest.mark.parametrize(
    ("name", "indications"),
    [
        # "For treating ..., evidence ..." / "For preventing ..., evidence ..."
        (
            "final_inline_leads_for_treating_and_preventing",
            [
                ("standard", "treating refractory angina"),
                ("research_only", "preventing angina after surgery"),
            ],
        ),
        # "Current evidence on X for Y is ...": the words after the procedure's name, in the evidence
        # sentence the decision ("Therefore this procedure ...") concludes
        (
            "final_2009_indications_after_the_procedure_name",
            [("standard", "atrial fibrillation"), ("research_only", "ventricular tachycardia")],
        ),
    ],
)
def test_parse_final_guidance_indications_named_where_levels_differ(document, name, indications):
    parsed = document(name)
    assert [(d.level, d.indication) for d in parsed.decisions] == indications
