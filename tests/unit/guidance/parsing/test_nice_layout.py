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
