import pytest

from guidance.parsing.nice_layout import Heading, Paragraph, read_layout
from sources.parsing.dates import PartialDate
from sources.parsing.errors import ParseError
from sources.parsing.text import source_lines


def layout_of(text: str):
    return read_layout(source_lines(text), "F.txt")


def numbered(chapter) -> list[tuple[str, int, str]]:
    return [(p.number, p.line, p.text) for p in chapter.numbered_paragraphs]


def test_read_layout_repeated_chapter_heading_is_one_heading(seed_text):
    layout = layout_of(seed_text("000"))
    assert [(c.number, c.title, c.line) for c in layout.chapters] == [(1, "Recommendations", 1)]
    # nothing is left of the second heading: chapter 1 holds the five paragraphs only
    assert [block.number for block in layout.chapter(1).blocks] == ["1.1", "1.2", "1.3", "1.4", "1.6"]


def test_read_layout_number_alone_takes_the_text_after_the_blank_line(seed_text):
    chapter = layout_of(seed_text("000")).chapter(1)
    assert [(p.number, p.line, p.lead.line) for p in chapter.numbered_paragraphs] == [
        ("1.1", 5, 7),
        ("1.2", 9, 11),
        ("1.3", 23, 25),
        ("1.4", 31, 33),
        ("1.6", 35, 37),
    ]


def test_read_layout_indented_bullets_are_items_of_the_paragraph_above(seed_text):
    paragraph = layout_of(seed_text("000")).chapter(1).numbered_paragraphs[1]
    assert [item.line for item in paragraph.items] == [13, 15, 17, 19, 21]
    assert paragraph.items[0].text == "Inform the clinical governance leads in their healthcare organisation."


def test_read_layout_number_and_text_on_one_line_and_behind_a_bullet():
    chapter = layout_of("1 Recommendations\n\n1.1 First text.\n- 1.2 Second text.\n").chapter(1)
    assert numbered(chapter) == [("1.1", 3, "First text."), ("1.2", 4, "Second text.")]


def test_read_layout_table_residue_numbering():
    text = "1 Guidance\n\n| --- | --- |\n| 1.1 | First text. |\n1.2 | Second text. |\n"
    assert numbered(layout_of(text).chapter(1)) == [("1.1", 4, "First text."), ("1.2", 5, "Second text.")]


def test_read_layout_items_after_a_footer_stay_with_their_paragraph(seed_text):
    paragraph = next(
        p for p in layout_of(seed_text("004")).chapter(2).numbered_paragraphs if p.number == "2.3"
    )
    assert [item.line for item in paragraph.items] == [94, 98, 99]


def test_read_layout_sentence_split_by_a_footer_is_joined(seed_text):
    paragraph = next(
        p for p in layout_of(seed_text("004")).chapter(2).numbered_paragraphs if p.number == "2.6"
    )
    assert paragraph.text.endswith(
        "It has been hypothesised that the nerve endings stop causing pain once they have found an "
        "alternative "
        "muscle, because their physiology is restored."
    )
    assert "consultation document" not in paragraph.text


def test_read_layout_list_item_cut_by_a_page_footer_is_joined():
    text = (
        "1 Recommendations\n\n1.1 Options include:\n- removal of the damaged nervous\n\n"
        "NICE interventional procedures consultation document, January 2025\n\ntissue (neurolysis)\n"
        "- transposition of the neuroma\n"
    )
    (paragraph,) = layout_of(text).chapter(1).numbered_paragraphs
    assert paragraph.text == "Options include:"
    assert [(item.line, item.text) for item in paragraph.items] == [
        (4, "removal of the damaged nervous tissue (neurolysis)"),
        (9, "transposition of the neuroma"),
    ]


def test_read_layout_running_footers_are_dropped_with_their_dates(seed_text):
    footers = layout_of(seed_text("004")).footers
    assert [footer.line for footer in footers] == [29, 54, 75, 96, 111, 125]
    assert {footer.date for footer in footers} == {PartialDate("2025-01", "month")}


def test_read_layout_pdf_footers_and_wrapped_lines(nice_document):
    layout = layout_of(nice_document("final_pdf_page_footers_mid_sentence"))
    assert [footer.line for footer in layout.footers] == [9, 10, 11, 15, 16, 17]
    first = layout.chapter(1).numbered_paragraphs[0]
    assert first.text == (
        "Evidence on the safety and efficacy of example balloon procedure for chronic sinusitis is "
        "adequate to "
        "support using this procedure provided that standard arrangements are in place for clinical "
        "governance, "
        "consent and audit."
    )
    assert [first.lead.line_at(0), first.lead.line_at(len(first.text) - 1)] == [7, 12]


def test_read_layout_number_of_another_chapter_is_text():
    chapter = layout_of("1 Recommendations\n\n1.1 The needle is\n2.5 mm wide.\n").chapter(1)
    assert numbered(chapter) == [("1.1", 3, "The needle is 2.5 mm wide.")]


def test_read_layout_first_paragraph_of_a_chapter_opens_it_without_a_heading():
    layout = layout_of("1 Recommendations\n\n1.1 Text.\n\n2.1 The procedure is done.\n")
    assert [(c.number, c.title, c.line) for c in layout.chapters] == [(1, "Recommendations", 1), (2, None, 5)]


def test_read_layout_contents_list_before_the_text_is_dropped(nice_document):
    layout = layout_of(nice_document("final_contents_list_before_chapters"))
    assert [(c.number, c.title, c.line) for c in layout.chapters] == [
        (1, "Recommendations", 6),
        (2, "The procedure", 10),
    ]


def test_read_layout_a_date_line_is_not_a_chapter_heading():
    layout = layout_of("1 January 2025\n\n1 Recommendations\n\n1.1 Text.\n")
    assert [(c.number, c.line) for c in layout.chapters] == [(1, 3)]


def test_read_layout_sub_headings_head_the_paragraphs_under_them(seed_text):
    chapter = layout_of(seed_text("004")).chapter(1)
    assert [(p.number, p.heading.line if p.heading else None) for p in chapter.numbered_paragraphs] == [
        ("1.1", 41),
        ("1.2", 41),
        ("1.3", 41),
        ("1.4", 56),
        ("1.5", 56),
        ("1.6", 61),
    ]


def test_read_layout_numbered_heading_heads_its_sub_paragraphs_after_chapter_one(nice_document):
    chapter = layout_of(nice_document("final_2009_guidance_heading_normal_arrangements_replaces")).chapter(2)
    assert chapter.blocks[0] == Heading("Indications", 19)
    assert [(p.number, p.heading.text) for p in chapter.numbered_paragraphs] == [
        ("2.1.1", "Indications"),
        ("2.1.2", "Indications"),
    ]


def test_read_layout_numbered_paragraphs_of_chapter_one_stay_paragraphs(nice_document):
    chapter = layout_of(nice_document("final_sub_numbered_duty_items")).chapter(1)
    assert [p.number for p in chapter.numbered_paragraphs] == ["1.1", "1.2", "1.2.1", "1.2.2", "1.3"]


def test_read_layout_prose_after_a_paragraph_continues_it_and_after_a_heading_stands_alone():
    text = (
        "1 Recommendations\n\n1.1 First part.\n\nSecond part.\n\n"
        "Why the committee made these recommendations\n\nReason.\n"
    )
    chapter = layout_of(text).chapter(1)
    assert numbered(chapter) == [("1.1", 3, "First part. Second part.")]
    prose = [b for b in chapter.blocks if isinstance(b, Paragraph) and b.number is None]
    assert [(p.line, p.text, p.heading.text) for p in prose] == [
        (9, "Reason.", "Why the committee made these recommendations")
    ]


def test_read_layout_signature_ends_the_body(seed_text):
    layout = layout_of(seed_text("004"))
    signature = layout.signature
    assert (signature.name, signature.name_line, signature.role_line) == ("Tom Clutton-Brock", 137, 139)
    assert (signature.date, signature.date_line) == (PartialDate("2025-01", "month"), 141)
    assert layout.body_end == 137
    assert layout.chapter(3).numbered_paragraphs[-1].number == "3.7"


def test_read_layout_footer_with_an_impossible_date_is_refused():
    with pytest.raises(ParseError) as raised:
        layout_of(
            "1 Recommendations\n\n1.1 Text.\n\nNICE interventional procedures consultation document, 30 "
            "February 2025\n"
        )
    assert str(raised.value).startswith("F.txt:5: a real calendar date, found '30 February 2025'")


@pytest.mark.parametrize(
    "furniture",
    [
        "How are you taking part in this consultation?",
        "You will not be able to change how you comment later.",
        "You must be signed in to answer questions",
        "Closed for comments This consultation ended on at Request commenting lead permission",
        "Download as pdf or txt",
        "You are on page 1of 10",
        "Untitled Document",
        "Overview (/guidance/ipg999)",
        "  • National Institute for Health and Care Excellence (NICE)",
    ],
)
def test_read_layout_page_furniture_is_no_part_of_the_document(furniture):
    layout = layout_of(f"{furniture}\n\n1 Recommendations\n\n1.1 First text.\n\n{furniture}\n")
    assert [p.text for p in layout.chapter(1).numbered_paragraphs] == ["First text."]
    assert [p.items for p in layout.chapter(1).numbered_paragraphs] == [[]]
    assert layout.front_matter == []


@pytest.mark.parametrize("cut", ["National", "National Institut", "National Institute for Health and Car"])
def test_read_layout_page_end_footer_cut_short_on_the_last_line_is_dropped(cut):
    paragraph = (
        layout_of(f"1 Recommendations\n\n1.1 First text.\n\n  • {cut}\n").chapter(1).numbered_paragraphs[0]
    )
    assert (paragraph.text, paragraph.items) == ("First text.", [])


def test_read_layout_document_name_printed_three_times_is_furniture():
    layout = layout_of("Scan copy\nScan copy\nScan copy\nExample title\n1 Guidance\n1.1 Text.\n")
    assert [block.text for block in layout.front_matter] == ["Example title"]


def test_read_layout_bullet_alone_on_its_line_is_the_bullet_of_the_next():
    text = "1 Recommendations\n1.1 Clinicians should:\n-\nInform the leads.\n-\nAudit outcomes.\n1.2 More.\n"
    first, second = layout_of(text).chapter(1).numbered_paragraphs
    assert [(item.line, item.text) for item in first.items] == [
        (4, "Inform the leads."),
        (6, "Audit outcomes."),
    ]
    assert second.text == "More."


def test_read_layout_list_whose_bullets_were_lost():
    text = (
        "1 Recommendations\n1.1 Clinicians wanting to do it should:\nInform the leads.\nAudit outcomes.\n"
        "1.2 Healthcare organisations should:\nEnsure systems are in place that support\n"
    )
    first, second = layout_of(text).chapter(1).numbered_paragraphs
    assert [(item.line, item.text) for item in first.items] == [
        (3, "Inform the leads."),
        (4, "Audit outcomes."),
    ]
    # the last line is cut short: an item, not a heading
    assert [item.text for item in second.items] == ["Ensure systems are in place that support"]


def test_read_layout_list_without_bullets_wrapped_with_blank_lines():
    text = (
        "1 Recommendations\n1.1 Clinicians should:\n\nInform the clinical governance leads in their\n\n\n"
        "organisation.\n\nGive people clear written information\n(https://www.example.org/a-\nlink).\n"
        "Use the guideline for more\ninformation.\n\nAudit outcomes.\n"
    )
    paragraph = layout_of(text).chapter(1).numbered_paragraphs[0]
    assert [(item.line, item.text) for item in paragraph.items] == [
        (4, "Inform the clinical governance leads in their organisation."),
        (9, "Give people clear written information. Use the guideline for more information."),
        (15, "Audit outcomes."),
    ]


def test_read_layout_heading_broken_over_lines_is_joined():
    layout = layout_of(
        "Example catheter valve\n\nimplantation for aortic\n\n\nstenosis\n\n1 Guidance\n\n1.1 Text.\n"
    )
    assert [(block.text, block.line) for block in layout.front_matter] == [
        ("Example catheter valve implantation for aortic stenosis", 1)
    ]


def test_read_layout_wrapped_line_starting_with_a_number_continues_its_sentence():
    text = "1 Guidance\n1.1 For patients who cannot have surgery (see sections\n1.5 and 2.1) the evidence is adequate.\n"
    (paragraph,) = layout_of(text).chapter(1).numbered_paragraphs
    assert (
        paragraph.text
        == "For patients who cannot have surgery (see sections 1.5 and 2.1) the evidence is adequate."
    )


def test_read_layout_one_paragraph_per_line_without_blank_lines():
    text = (
        "1.1\nThe first sentence.\nThe first sentence.\nA second paragraph.\nWhy the committee made these "
        "recommendations\nThe reasons.\n"
    )
    chapter = layout_of(text).chapter(1)
    (first,) = chapter.numbered_paragraphs
    # printed twice, kept once; the next paragraph is remembered as a break
    assert (first.text, first.breaks) == ("The first sentence. A second paragraph.", [(1, 0)])
    assert [block.text for block in chapter.blocks if isinstance(block, Heading)] == [
        "Why the committee made these recommendations"
    ]


def test_read_layout_site_menu_with_links_before_the_chapter_is_dropped():
    text = (
        "1 Recommendations\n\n2 The condition\n\n(/guidance/ipg999/chapter/2-The-\ncondition)\n\n"
        "Guidance\n\n1 Recommendations\n1.1 First text.\n"
    )
    layout = layout_of(text)
    assert [(chapter.number, chapter.line) for chapter in layout.chapters] == [(1, 10)]
    assert numbered(layout.chapter(1)) == [("1.1", 11, "First text.")]
