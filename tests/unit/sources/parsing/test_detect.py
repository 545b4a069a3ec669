from pathlib import Path

import pytest

from sources.parsing.contract import DocumentKind
from sources.parsing.errors import ParseError
from sources.parsing.source import detect_kind, parse_text

BAD = Path(__file__).resolve().parents[3] / "data" / "bad"  # what is not a guidance or policy document

EXPECTED = "a NICE guidance, consultation, in-progress page or ICB policy"


@pytest.mark.parametrize(
    ("prefix", "kind"),
    [
        ("000", DocumentKind.IPG_RECOMMENDATIONS),
        ("001", DocumentKind.IP_IN_PROGRESS),
        ("002", DocumentKind.IPG_RECOMMENDATIONS),
        ("003", DocumentKind.ICB_POLICY),
        ("004", DocumentKind.IP_CONSULTATION),
    ],
)
def test_detect_kind_of_each_seed(seed_text, prefix, kind):
    assert detect_kind(seed_text(prefix), f"{prefix}.txt") is kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("final_2004_special_following_actions_trusts", DocumentKind.IPG_RECOMMENDATIONS),
        ("final_2009_guidance_heading_normal_arrangements_replaces", DocumentKind.IPG_RECOMMENDATIONS),
        ("final_table_residue_formal_research_protocol", DocumentKind.IPG_RECOMMENDATIONS),
        ("final_pdf_page_footers_mid_sentence", DocumentKind.IPG_RECOMMENDATIONS),
        ("final_htg_number_committee_considerations", DocumentKind.IPG_RECOMMENDATIONS),
        ("final_numbered_paragraphs_without_heading", DocumentKind.IPG_RECOMMENDATIONS),
        ("consultation_2003_provisional_recommendations", DocumentKind.IP_CONSULTATION),
        ("consultation_without_chapter_one", DocumentKind.IP_CONSULTATION),
        ("consultation_truncated_before_chapter_one", DocumentKind.IP_CONSULTATION),
        # 2003: "Interventional procedures consultation document - <procedure> (first consultation)"
        ("consultation_2003_table_residue_dates_mid_line", DocumentKind.IP_CONSULTATION),
        # web pages: "1 Recommendations" with the consultation's tell or comment form around it
        ("consultation_web_evidence_generation_sub_headings", DocumentKind.IP_CONSULTATION),
        ("consultation_mirror_can_be_used_as_an_option", DocumentKind.IP_CONSULTATION),
        ("consultation_web_bare_number_when_leads", DocumentKind.IP_CONSULTATION),
        # a capture that starts at a bare "1.1", its text on the next line
        ("final_capture_starts_at_bare_number", DocumentKind.IPG_RECOMMENDATIONS),
        ("final_guidance_heading_number_lost", DocumentKind.IPG_RECOMMENDATIONS),
        ("final_site_menu_before_chapter_hard_wrapped", DocumentKind.IPG_RECOMMENDATIONS),
        # HealthTech sub-sections with no chapter heading left
        ("final_healthtech_capture_mid_chapter", DocumentKind.IPG_RECOMMENDATIONS),
        ("in_progress_all_fields_key_events_newest_first", DocumentKind.IP_IN_PROGRESS),
        ("in_progress_status_value_on_next_line", DocumentKind.IP_IN_PROGRESS),
        ("in_progress_list_form_table_cells", DocumentKind.IP_IN_PROGRESS),
        ("in_progress_topic_selection_not_selected", DocumentKind.IP_IN_PROGRESS),
        # detected by its "Key events" table; the parser then refuses it for want of fields
        ("in_progress_without_fields", DocumentKind.IP_IN_PROGRESS),
    ],
)
def test_detect_kind_of_each_layout_variation(nice_document, name, kind):
    assert detect_kind(nice_document(name), name) is kind


def test_detect_kind_draft_recommendations_heading_alone_is_a_consultation():
    assert detect_kind("1 Draft recommendations\n\n1.1 Text.\n", "F") is DocumentKind.IP_CONSULTATION


def test_detect_kind_running_footer_alone_is_a_consultation():
    text = "Some text.\n\nNICE interventional procedures consultation document, January 2025\n"
    assert detect_kind(text, "F") is DocumentKind.IP_CONSULTATION


def test_detect_kind_icb_policy_with_a_status_field_is_a_policy():
    text = (
        "Mid and South Essex ICB\n\nPolicy number: SRP 032\n\n"
        "Status: Individual Funding Approval | Group Prior Approval | Individual Prior Approval\n\n"
        "Effective date: 30 April 2024\n\nNext review date: 30 April 2026\n"
    )
    assert detect_kind(text, "F") is DocumentKind.ICB_POLICY


def test_detect_kind_ccg_era_policy_is_a_policy():
    text = (
        "Policies for the Commissioning of Healthcare\n\nThe CCG will fund this procedure when the criteria "
        "below are met.\n"
    )
    assert detect_kind(text, "F") is DocumentKind.ICB_POLICY


def test_detect_kind_in_progress_page_naming_an_icb_stays_in_progress(seed_text):
    # two policy markers ("eligibility", "prior approval") against five in-progress markers
    text = seed_text("001") + "\nYour ICB decides eligibility and whether prior approval is needed.\n"
    assert detect_kind(text, "F") is DocumentKind.IP_IN_PROGRESS


@pytest.mark.parametrize("text", ["", "  \n\u00a0\n\t\n"])
def test_detect_kind_empty_file_is_refused(text):
    with pytest.raises(ParseError) as raised:
        detect_kind(text, "empty.txt")
    assert str(raised.value) == f"empty.txt:1: {EXPECTED}; found an empty file"


@pytest.mark.parametrize(
    ("name", "first_line"),
    [("not_guidance_news_page", "News"), ("not_guidance_page_not_found", "Page not found")],
)
def test_detect_kind_web_pages_that_are_not_documents_are_refused(nice_document, name, first_line):
    with pytest.raises(ParseError) as raised:
        detect_kind(nice_document(name), "FILE")
    assert (
        str(raised.value) == f"FILE:1: {EXPECTED}; found none of their markers (first line: {first_line!r})"
    )


def test_detect_kind_random_prose_is_refused_naming_its_first_text_line():
    text = "\n\nThe weather was fine, and the procedure of making tea took four minutes.\n"
    with pytest.raises(ParseError) as raised:
        detect_kind(text, "FILE")
    assert raised.value.line == 3
    assert raised.value.message.endswith(
        "(first line: 'The weather was fine, and the procedure of making tea took four minutes.')"
    )


def test_detect_kind_numbered_paragraphs_that_decide_nothing_are_refused():
    with pytest.raises(ParseError):
        detect_kind("1.1 Patients must have tried physiotherapy.\n1.2 They must be over 18.\n", "FILE")


def test_detect_kind_final_guidance_heading_over_an_unnumbered_sentence_is_guidance(nice_document):
    # The capture lost the numbers, or the chapter decides nothing: read, with a warning, not refused.
    kind = detect_kind(nice_document("final_heading_without_numbered_paragraphs"), "FILE")
    assert kind is DocumentKind.IPG_RECOMMENDATIONS


@pytest.mark.parametrize(
    "text",
    [
        "1 Recommendations\n\n1 Recommendations\n",
        # a site menu: chapter headings and links, no words of a recommendation
        "1 Recommendations\n\n2 The condition (/guidance/ipg1/chapter/2)\n\nOverview (/guidance/ipg1)\n",
    ],
)
def test_detect_kind_final_guidance_heading_with_nothing_under_it_is_refused(text):
    with pytest.raises(ParseError) as raised:
        detect_kind(text, "FILE")
    assert (
        str(raised.value)
        == "FILE:1: numbered recommendations (1.1, 1.2, ...) under '1 Recommendations'; found none"
    )


def test_detect_kind_comment_form_around_a_methods_chapter_is_refused():
    # the consultation's tell alone does not make a guidance document
    text = (
        "How are you taking part in this consultation?\n\nThe content on this page is not current guidance and "
        "is only for the purposes of the consultation process.\n\n2 Methods for guidance\n\nMethods are as "
        "described in the manual.\n"
    )
    with pytest.raises(ParseError):
        detect_kind(text, "FILE")


def test_detect_kind_bare_number_of_a_later_chapter_is_refused():
    with pytest.raises(ParseError):
        detect_kind("3.1\nNICE did a rapid review of the published literature on this procedure.\n", "FILE")


def test_detect_kind_in_progress_page_linking_a_2003_consultation_stays_in_progress():
    # "Interventional procedures consultation document - <procedure>" is a title, also a link's words
    text = (
        "Interventional procedures consultation document - example laser closure of leg veins\n\n"
        "Status In progress\nProcess IP\nID number 123\n"
    )
    assert detect_kind(text, "F") is DocumentKind.IP_IN_PROGRESS


def test_detect_kind_technology_appraisal_recommendations_are_not_ours():
    text = (
        "1 Recommendations\n\n1.1 Examplimab is recommended as an option for treating moderate psoriasis in "
        "adults, only if the company provides it at the agreed discount.\n"
    )
    with pytest.raises(ParseError) as raised:
        detect_kind(text, "FILE")
    assert "found none of their markers" in str(raised.value)


COMMENT_FORM = (
    "How are you taking part in this consultation?\n\nYou must be signed in to answer questions\n\n"
    "The content on this page is not current guidance and is only for the purposes of the consultation "
    "process.\n\n"
)


@pytest.mark.parametrize(
    "chapter",
    [
        # a capture of a consultation's chapter 3 page: one chapter a page, no recommendations on it
        "3 Committee considerations\n\nThe evidence\n\n3.1\n\nNICE looked at 7 studies of the efficacy and "
        "safety of this procedure, which the committee discussed.\n",
        # its chapter 2 page
        "Indications and current treatment\n\nExample disease narrows the airway. Current treatment is "
        "medicine, then surgery.\n",
    ],
)
def test_detect_kind_comment_form_around_a_later_chapter_of_an_ip_consultation(chapter):
    assert detect_kind(COMMENT_FORM + chapter, "FILE") is DocumentKind.IP_CONSULTATION


def test_a_later_chapter_of_an_ip_consultation_prints_no_title_and_decides_no_level():
    text = (
        COMMENT_FORM + "3 Committee considerations\n\nThe evidence\n\n3.1\n\nNICE looked at the efficacy and "
    )
    text += "safety of this procedure.\n"
    parsed = parse_text(text, "FILE").to_dict()
    assert (parsed["document_kind"], parsed["title"], parsed["decisions"]) == ("ip_consultation", None, [])
    assert parsed["warnings"] == [
        {"line": 1, "message": "no chapter 1 in the capture: no recommendation level is read from the text"}
    ]


@pytest.mark.parametrize(
    ("name", "line", "found"),
    [
        # NICE guidelines and diagnostics print the in-development fields too, with their own programme
        ("guideline_in_development", 2, "'Developed As CG'"),
        ("diagnostics_in_development", 3, "'Process DT'"),
    ],
)
def test_detect_kind_in_development_page_of_another_nice_programme_is_refused(name, line, found):
    with pytest.raises(ParseError) as raised:
        detect_kind((BAD / f"{name}.txt").read_text(encoding="utf-8"), "FILE")
    assert str(raised.value) == (
        f"FILE:{line}: an in-development page of NICE interventional procedures guidance (Process IP); "
        f"found one of another NICE programme ({found})"
    )


def test_detect_kind_in_development_page_with_the_label_and_value_on_two_lines_is_refused():
    text = "Status:\nIn progress\nDeveloped as:\nCG\n\nKey events during the development of the guidance:\n"
    with pytest.raises(ParseError) as raised:
        detect_kind(text, "FILE")
    assert raised.value.line == 3


def test_detect_kind_ip_in_development_page_naming_a_guideline_stays_in_progress():
    # an interventional procedure's page that also links a guideline's process keeps its own reading
    text = "Status In progress\nTechnology type Procedure\nDeveloped As CG\nKey events\n"
    assert detect_kind(text, "F") is DocumentKind.IP_IN_PROGRESS


def test_detect_kind_page_about_the_ifr_process_is_refused_naming_its_title():
    text = (BAD / "ifr_process_explainer.txt").read_text(encoding="utf-8")
    with pytest.raises(ParseError) as raised:
        detect_kind(text, "FILE")
    assert str(raised.value) == (
        "FILE:1: an ICB policy stating when a treatment is funded; found a page about the individual funding "
        "request process (title: 'Individual Funding Requests (IFR)')"
    )


@pytest.mark.parametrize(
    "text",
    [
        # a treatment's policy named after its funding route
        "Liposuction Individual Funding Request Policy\n\nPolicy number: ABC 12\n\nNext review date: 2031\n\n"
        "The ICB will only fund liposuction when all of the following criteria are met:\n- BMI below 30\n",
        # an IFR page that does print a treatment's criteria under a criteria heading
        "Individual Funding Requests (IFR)\n\nEligibility criteria\n\nThe ICB will fund the treatment when the "
        "patient meets all of the following:\n- aged 18 or over\n",
    ],
)
def test_detect_kind_ifr_titled_page_with_a_policy_of_its_own_is_a_policy(text):
    assert detect_kind(text, "F") is DocumentKind.ICB_POLICY
