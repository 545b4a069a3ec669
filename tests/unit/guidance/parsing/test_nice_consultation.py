import pytest

from guidance.parsing.nice_consultation import parse_consultation
from sources.parsing.contract import Audience, DocumentKind, DutyKind, Level, Warning

TREAT = "To treat intractable pain that develops after limb amputation"
PREVENT = "To prevent intractable pain from developing after limb amputation"


@pytest.fixture
def seed_004(seed_text):
    return parse_consultation(seed_text("004"), "004.txt")


def test_parse_consultation_seed_004_identity(seed_004):
    assert seed_004.document_kind is DocumentKind.IP_CONSULTATION
    assert (seed_004.organisation, seed_004.guidance_id) == ("NICE", None)
    assert seed_004.title == "Targeted muscle reinnervation for managing limb amputation pain"
    assert seed_004.committee_chair == "Tom Clutton-Brock"
    assert seed_004.lines == {"organisation": 3, "title": 7, "rationale": 71, "committee_chair": 137}
    assert seed_004.warnings == []
    assert seed_004.registries == []
    assert seed_004.replaces == []


def test_parse_consultation_seed_004_dates(seed_004):
    assert seed_004.to_dict()["dates"] == {
        "closing_date": {"value": "2025-02-21", "precision": "day"},
        "target_publication": {"value": "2025-06", "precision": "month"},
        "document": {"value": "2025-01", "precision": "month"},
    }
    assert {name: dated.line for name, dated in seed_004.dates.items()} == {
        "closing_date": 35,
        "target_publication": 37,
        "document": 141,
    }


def test_parse_consultation_seed_004_recommendations_levels_and_indications(seed_004):
    assert [(r.number, r.line, r.level, r.indication) for r in seed_004.recommendations] == [
        ("1.1", 43, Level.SPECIAL, TREAT),
        ("1.2", 44, None, TREAT),
        ("1.3", 50, None, TREAT),
        ("1.4", 58, Level.RESEARCH_ONLY, PREVENT),
        ("1.5", 59, Level.RESEARCH_ONLY, PREVENT),
        ("1.6", 63, None, None),
    ]


def test_parse_consultation_seed_004_texts_without_link_markup_or_preamble(seed_004):
    first = seed_004.recommendations[0]
    assert first.text == (
        "Targeted muscle reinnervation can be used in the NHS while more evidence is generated to treat "
        "intractable pain that develops after limb amputation. It can only be used with special arrangements "
        "for clinical governance, consent, and audit or research."
    )
    assert seed_004.recommendations[3].text.startswith(
        "More research is needed on targeted muscle reinnervation"
    )
    texts = " ".join(r.text for r in seed_004.recommendations)
    assert "comments on the draft recommendations" not in texts
    assert "consultation document" not in texts


def test_parse_consultation_seed_004_duty_lists(seed_004):
    clinicians, organisations = seed_004.duty_lists
    assert (clinicians.number, clinicians.audience, clinicians.line, clinicians.indication) == (
        "1.2",
        Audience.CLINICIANS,
        44,
        TREAT,
    )
    assert clinicians.lead_in.startswith(
        "Healthcare professionals wanting to do targeted muscle reinnervation"
    )
    assert [d.line for d in clinicians.duties] == [45, 46, 47, 48, 49]
    assert [d.kinds for d in clinicians.duties] == [
        [DutyKind.NOTIFY_GOVERNANCE_LEADS],
        [DutyKind.UNDERSTANDING_OF_UNCERTAINTIES],
        [DutyKind.WRITTEN_PATIENT_INFORMATION],
        [DutyKind.AUDIT],
        [DutyKind.ANNUAL_APPRAISAL],
    ]
    assert clinicians.duties[2].text == (
        "Take account of NICE's advice on shared decision making, including NICE's information for the "
        "public."
    )
    assert (organisations.number, organisations.audience, len(organisations.duties)) == (
        "1.3",
        Audience.ORGANISATIONS,
        2,
    )


def test_parse_consultation_seed_004_research_need_is_the_paragraph_that_decides_nothing(seed_004):
    (need,) = seed_004.research_needs
    assert (need.number, need.text, len(need.items)) == (
        "1.6",
        "More research, preferably randomised controlled trials, is needed on:",
        4,
    )


def test_parse_consultation_seed_004_rationale_is_kept_apart(seed_004):
    assert seed_004.rationale.startswith("Evidence on this procedure shows it can reduce pain")
    assert seed_004.rationale.endswith(
        "More evidence is needed on patient selection before the procedure is used in this population."
    )


def test_parse_consultation_seed_004_sections_with_headings(seed_004):
    assert [(s.number, s.heading) for s in seed_004.sections] == [
        ("2.1", "The condition"),
        ("2.2", "Current treatments"),
        ("2.3", "Current treatments"),
        ("2.4", "Unmet need"),
        ("2.5", "The procedure"),
        ("2.6", "The procedure"),
        ("2.7", "The procedure"),
        ("3.1", "The evidence"),
        ("3.2", "The evidence"),
        ("3.3", "The evidence"),
        ("3.4", "The evidence"),
        ("3.5", "Committee comments"),
        ("3.6", "Committee comments"),
        ("3.7", "Committee comments"),
    ]


def test_parse_consultation_seed_004_footer_split_sentence_is_joined(seed_004):
    section = next(s for s in seed_004.sections if s.number == "2.6")
    assert section.text.endswith(
        "It has been hypothesised that the nerve endings stop causing pain once they have found an "
        "alternative "
        "muscle, because their physiology is restored."
    )


def test_parse_consultation_seed_004_list_continues_across_a_footer(seed_004):
    section = next(s for s in seed_004.sections if s.number == "2.3")
    assert section.text == "Surgical options for treating a painful neuroma include:"
    assert section.item_lines == [94, 98, 99]
    assert (
        section.items[1]
        == "transposition of the neuroma away from the exposed painful region into a suitable tissue"
    )


def test_parse_consultation_seed_004_evidence(seed_004):
    evidence = seed_004.to_dict()["evidence"]
    assert evidence["source_count"] == 10
    assert [(s["study_type"], s["count"], s["line"]) for s in evidence["studies"]] == [
        ("systematic review", 1, 121),
        ("randomised controlled trial", 1, 121),
        ("retrospective propensity score-matched study", 1, 121),
        ("prospective case series", 1, 121),
        ("retrospective case series or cohort studies", 6, 121),
    ]
    assert evidence["key_efficacy_outcomes"] == ["reduction in pain", "improved quality of life"]
    assert evidence["key_safety_outcomes"] == ["pain", "bleeding", "infection", "reoperation"]


def test_parse_consultation_2003_provisional_recommendations(nice_document):
    parsed = parse_consultation(nice_document("consultation_2003_provisional_recommendations"), "F")
    assert [(r.number, r.level) for r in parsed.recommendations] == [("1.1", Level.STANDARD)]
    assert parsed.title == "Endovenous laser treatment of the long saphenous vein"
    assert parsed.to_dict()["dates"] == {
        "closing_date": {"value": "2003-05-27", "precision": "day"},
        "target_publication": {"value": "2003-09-24", "precision": "day"},
        "document": {"value": "2003-04", "precision": "month"},
    }
    assert (parsed.committee_chair, parsed.lines["committee_chair"]) == ("Professor Alan Example", 25)
    assert [(s.number, s.heading) for s in parsed.sections] == [("2.1.1", "Indications")]


def test_parse_consultation_footer_date_that_differs_from_the_signature_is_warned(nice_document):
    parsed = parse_consultation(nice_document("consultation_footer_date_differs_from_signature"), "F")
    assert parsed.to_dict()["dates"]["document"] == {"value": "2025-03", "precision": "month"}
    assert parsed.warnings == [Warning(11, "page footer dated February 2025, the document March 2025")]


def test_parse_consultation_without_chapter_one_is_read_with_a_warning(nice_document):
    # Undecided guidance is said, not refused (issue 10): the capture kept the front matter only.
    parsed = parse_consultation(nice_document("consultation_without_chapter_one"), "FILE")
    assert (parsed.title, parsed.recommendations, parsed.decisions) == (
        "Example procedure for chronic cough",
        [],
        [],
    )
    assert parsed.to_dict()["dates"] == {"closing_date": {"value": "2025-03-14", "precision": "day"}}
    assert parsed.warnings == [
        Warning(1, "no chapter 1 in the capture: no recommendation level is read from the text")
    ]


def test_parse_consultation_cut_before_chapter_one_names_its_first_line(nice_document):
    parsed = parse_consultation(nice_document("consultation_truncated_before_chapter_one"), "FILE")
    assert parsed.title == "A procedure for something"
    assert [(w.line, w.message) for w in parsed.warnings] == [
        (1, "no chapter 1 in the capture: no recommendation level is read from the text")
    ]


# Layouts of real captured consultation pages (shared/phrasing.md section 6), in documents of our own.


def decisions(parsed) -> list[tuple[str | None, str, str | None, int]]:
    return [(d.number, d.level, d.indication, d.line) for d in parsed.decisions]


def test_parse_consultation_web_page_inline_leads_and_duties_without_bullets(nice_document):
    parsed = parse_consultation(nice_document("consultation_web_inline_leads_unbulleted_duties"), "F")
    assert parsed.title == "Example leaflet clip repair for a leaking right-sided heart valve"
    assert "Closed for comments" not in str(parsed.to_dict())
    assert decisions(parsed) == [
        ("1.1", "special", "people with a badly leaking right-sided heart valve with breathlessness", 4),
        ("1.2", "research_only", "people with a slightly leaking right-sided heart valve", 5),
    ]
    clinicians, organisations = parsed.duty_lists
    # the lead-in names the indication of 1.1
    assert clinicians.indication == "people with a badly leaking right-sided heart valve with breathlessness"
    assert organisations.indication is None
    assert [(duty.line, duty.kinds) for duty in clinicians.duties] == [
        (7, [DutyKind.NOTIFY_GOVERNANCE_LEADS]),
        (8, [DutyKind.WRITTEN_PATIENT_INFORMATION]),
        (9, [DutyKind.AUDIT]),
    ]
    assert (organisations.audience, [d.text for d in organisations.duties]) == (
        Audience.ORGANISATIONS,
        ["Ensure systems are in place that support"],
    )


def test_parse_consultation_evidence_generation_under_indication_headings(nice_document):
    parsed = parse_consultation(nice_document("consultation_web_evidence_generation_sub_headings"), "F")
    high_risk = "When open surgery is high risk and catheter repair is unsuitable"
    not_high_risk = "When open surgery is not high risk or catheter repair is suitable"
    # a label outside the four levels; 1.3 repeats 1.2; "What this means in practice" decides nothing
    assert decisions(parsed) == [
        ("1.1", "evidence_generation", high_risk, 13),
        ("1.2", "research_only", not_high_risk, 19),
    ]
    assert [(r.number, r.level, r.indication) for r in parsed.recommendations] == [
        ("1.1", None, high_risk),
        ("1.2", Level.RESEARCH_ONLY, not_high_risk),
        ("1.3", Level.RESEARCH_ONLY, not_high_risk),
    ]
    assert parsed.title == "Example catheter valve replacement"
    text = str(parsed.to_dict())
    assert "signed in" not in text
    assert "taking part" not in text


def test_parse_consultation_capture_from_a_bare_number_with_when_leads(nice_document):
    parsed = parse_consultation(nice_document("consultation_web_bare_number_when_leads"), "F")
    assert [(r.number, r.line) for r in parsed.recommendations] == [
        ("1.1", 1),
        (None, 5),
        (None, 6),
        (None, 7),
        (None, 8),
    ]
    assert decisions(parsed) == [
        ("1.1", "standard", "right ventricular pacing for slow heart rhythms", 1),
        (
            None,
            "evidence_generation",
            "dual-chamber pacing for slow heart rhythms when transvenous pacing is not an option",
            5,
        ),
        (
            None,
            "research_only",
            "dual-chamber pacing for slow heart rhythms when transvenous pacing is an option",
            6,
        ),
        (None, "research_only", "atrial pacing for slow heart rhythms", 8),
    ]
    assert parsed.title == "Example leadless pacing"


def test_parse_consultation_2025_mirror_can_be_used_as_an_option_is_standard(nice_document):
    parsed = parse_consultation(nice_document("consultation_mirror_can_be_used_as_an_option"), "F")
    assert decisions(parsed) == [
        ("1.1", "standard", "Single-chamber pacing", 13),
        ("1.2", "research_only", "Dual-chamber pacing", 19),
    ]
    (need,) = parsed.research_needs
    assert need.items == ["patient selection", "device durability."]


def test_parse_consultation_used_only_in_research_with_the_comment_form_after_it(nice_document):
    parsed = parse_consultation(nice_document("consultation_web_used_only_in_research_form_after"), "F")
    assert decisions(parsed) == [("1.1", "research_only", None, 4)]
    assert parsed.recommendations[-1].text == (
        "Further research should include randomised controlled trials and report patient selection, duration "
        "of effect and quality of life."
    )
    assert parsed.warnings == []


def test_parse_consultation_2003_table_residue_dates_on_one_line_and_a_dangling_number(nice_document):
    parsed = parse_consultation(nice_document("consultation_2003_table_residue_dates_mid_line"), "F")
    assert parsed.title == "Example laser closure of leg veins"
    assert parsed.to_dict()["dates"] == {
        "closing_date": {"value": "2003-09-23", "precision": "day"},
        "target_publication": {"value": "2003-11", "precision": "month"},
    }
    assert {name: dated.line for name, dated in parsed.dates.items()} == {
        "closing_date": 7,
        "target_publication": 7,
    }
    # "... without spec": the 2003 special wording, cut by the capture
    assert decisions(parsed) == [("1.1", "special", None, 10)]
    assert [r.number for r in parsed.recommendations] == ["1.1"]
    assert parsed.warnings == [
        Warning(
            10,
            "paragraph 1.1 ends mid-sentence: 'r adequate to support the use of this procedure without spec'",
        ),
        Warning(12, "recommendation 1.2 has no text: the capture ends at its number"),
    ]


def test_parse_consultation_2007_cut_standard_wording_and_closing_date_after_a_sentence(nice_document):
    parsed = parse_consultation(nice_document("consultation_2007_table_residue_cut_standard"), "F")
    assert parsed.title == "Example knee rinse, with or without trimming, for the treatment of osteoarthritis"
    assert parsed.to_dict()["dates"] == {"closing_date": {"value": "2007-05-22", "precision": "day"}}
    assert decisions(parsed) == [("1.1", "standard", None, 9)]
    assert not parsed.recommendations[0].text.endswith("|")
