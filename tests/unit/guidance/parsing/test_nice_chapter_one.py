from guidance.parsing.nice_chapter_one import procedure_name, read_chapter_one
from guidance.parsing.nice_layout import read_layout
from sources.parsing.contract import Level
from sources.parsing.text import source_lines


def chapter_one(text: str):
    return read_chapter_one(read_layout(source_lines(text), "F").chapter(1))


def test_read_chapter_one_two_deciding_headings_are_indications(seed_text):
    recommendations = chapter_one(seed_text("004")).recommendations
    treat = "To treat intractable pain that develops after limb amputation"
    prevent = "To prevent intractable pain from developing after limb amputation"
    assert [(r.number, r.indication) for r in recommendations] == [
        ("1.1", treat),
        ("1.2", treat),
        ("1.3", treat),
        ("1.4", prevent),
        ("1.5", prevent),
        ("1.6", None),
    ]


def test_read_chapter_one_one_deciding_heading_gives_no_indication():
    text = (
        "1 Recommendations\n\nTo treat pain\n\n"
        "1.1 The procedure should only be used in the context of research.\n"
    )
    assert [(r.level, r.indication) for r in chapter_one(text).recommendations] == [
        (Level.RESEARCH_ONLY, None)
    ]


def test_read_chapter_one_rationale_is_not_a_recommendation(seed_text):
    result = chapter_one(seed_text("004"))
    assert result.rationale_line == 71
    assert result.rationale.startswith("Evidence on this procedure shows it can reduce pain")
    assert result.rationale.count("\n\n") == 2
    assert result.rationale.endswith("before the procedure is used in this population.")
    assert all("Intractable pain is pain that does not go away" not in r.text for r in result.recommendations)


def test_read_chapter_one_duty_items_from_sub_numbered_paragraphs(nice_document):
    (duty_list,) = chapter_one(nice_document("final_sub_numbered_duty_items")).duty_lists
    assert [(duty.text, duty.line) for duty in duty_list.duties] == [
        ("Inform the clinical governance leads in their Trusts.", 7),
        ("Audit and review clinical outcomes of all patients having the procedure.", 9),
    ]


def test_read_chapter_one_lead_in_without_items_is_no_duty_list():
    text = (
        "1 Recommendations\n\n1.1 Clinicians wanting to do it should:\n\n"
        "1.2 Further research should report outcomes.\n"
    )
    assert chapter_one(text).duty_lists == []


def test_read_chapter_one_research_need_under_a_research_heading_with_items(seed_text):
    (need,) = chapter_one(seed_text("004")).research_needs
    assert (need.number, need.line, need.item_lines) == ("1.6", 63, [64, 65, 66, 67])
    assert need.items == [
        "patient selection",
        "details of the technique used",
        "the need for reintervention",
        "short- and long-term outcomes, including effects on pain and quality of life.",
    ]


def test_procedure_name_prefers_the_evidence_sentence_to_the_lead_in():
    text = (
        "1 Recommendations\n\n1.1 Clinicians wanting to do cooling therapy for migraine in adults should:\n"
        "- Audit outcomes.\n\n1.2 Evidence on the safety and efficacy of cooling therapy for migraine is "
        "limited.\n"
    )
    paragraphs = read_layout(source_lines(text), "F").chapter(1).numbered_paragraphs
    assert procedure_name(paragraphs) == ("cooling therapy for migraine", 6)


def test_procedure_name_from_can_be_used_in_the_nhs():
    text = (
        "1 Recommendations\n\n1.1 Cooling therapy can be used in the NHS while more evidence is generated.\n"
    )
    paragraphs = read_layout(source_lines(text), "F").chapter(1).numbered_paragraphs
    assert procedure_name(paragraphs) == ("Cooling therapy", 3)


def test_procedure_name_from_more_research_is_needed():
    text = (
        "1 Recommendations\n\n"
        "1.1 More research is needed on cooling therapy before it can be used in the NHS.\n"
    )
    paragraphs = read_layout(source_lines(text), "F").chapter(1).numbered_paragraphs
    assert procedure_name(paragraphs) == ("cooling therapy", 3)


def test_procedure_name_this_procedure_is_not_a_name():
    text = "1 Recommendations\n\n1.1 This procedure can be used in the NHS with standard arrangements.\n"
    paragraphs = read_layout(source_lines(text), "F").chapter(1).numbered_paragraphs
    assert procedure_name(paragraphs) == (None, None)


def test_read_chapter_one_unnumbered_paragraph_that_decides_among_numbered_ones():
    text = (
        "1 Recommendations\n\nFor single-chamber pacing\n\nExample pacing can be used as an option for "
        "single-chamber pacing.\n\nFor dual-chamber pacing\n\n1.2 More research is needed on example pacing "
        "for dual-chamber pacing before it can be used in the NHS.\n"
    )
    result = chapter_one(text)
    # its number was lost: kept in its place, never numbered by the parser
    assert [(r.number, r.line, r.level) for r in result.recommendations] == [
        (None, 5, Level.STANDARD),
        ("1.2", 9, Level.RESEARCH_ONLY),
    ]
    assert [(d.number, d.indication) for d in result.decisions] == [
        (None, "For single-chamber pacing"),
        ("1.2", "For dual-chamber pacing"),
    ]


def test_read_chapter_one_duty_items_are_never_decisions():
    text = (
        "1 Recommendations\n\n1.1 Evidence on example pacing is limited. So, this procedure should only be used "
        "with special arrangements for clinical governance, consent, and audit or research.\n\n"
        "1.2 Clinicians wanting to do example pacing should:\n\n- Only do it as part of a formal research study.\n"
    )
    assert [(d.number, d.level) for d in chapter_one(text).decisions] == [("1.1", "special")]
