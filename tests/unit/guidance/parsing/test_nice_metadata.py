import pytest

from guidance.parsing.nice_layout import read_layout
from guidance.parsing.nice_metadata import (
    dated_fields,
    development_id,
    guidance_id,
    identity_lines,
    organisation,
    printed_title,
    replaced_guidance,
)
from sources.parsing.contract import Replacement
from sources.parsing.dates import DateRange, PartialDate
from sources.parsing.errors import ParseError
from sources.parsing.text import source_lines


def lines_of(text: str):
    return source_lines(text)


@pytest.mark.parametrize(
    "institute",
    [
        "NATIONAL INSTITUTE FOR CLINICAL EXCELLENCE",
        "National Institute for Health and Clinical Excellence",
        "NATIONAL INSTITUTE FOR HEALTH AND CARE EXCELLENCE",
    ],
)
def test_organisation_institute_names_of_every_era_are_nice(institute):
    assert organisation(lines_of(f"\n{institute}\n")) == ("NICE", 2)


def test_organisation_a_web_address_is_not_the_name():
    assert organisation(lines_of("www.nice.org.uk/guidance/ipg999\nNICE said so.\n")) == ("NICE", 2)


def test_organisation_not_named_is_none():
    assert organisation(lines_of("1 Recommendations\n1.1 Text.\n")) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Interventional procedures guidance [IPG722]", "IPG722"),
        ("www.nice.org.uk/guidance/htg539", "HTG539"),
        ("Interventional procedure guidance 283", "IPG283"),
        ("Reference number: IPG 722", "IPG722"),
        ("In development [GID-IPG10336]", "GID-IPG10336"),
    ],
)
def test_guidance_id_as_printed_normalised_to_one_spelling(text, expected):
    assert guidance_id(lines_of(text)) == (expected, 1)


def test_guidance_id_skips_the_guidance_this_one_replaces():
    text = "It replaces the previous guidance (IPG215).\nReference number: IPG722\n"
    assert guidance_id(lines_of(text)) == ("IPG722", 2)


def test_identity_lines_leave_out_the_chapters():
    text = "Title of it\n\n1 Recommendations\n\n1.1 Read this with IPG123.\n"
    layout = read_layout(lines_of(text), "F")
    assert [line.number for line in identity_lines(layout)] == [1, 2]
    assert guidance_id(identity_lines(layout)) is None


def test_development_id_ignores_other_guidance_numbers():
    text = "Reason for decision The guidance (IPG150) published in 2005 remains valid.\n"
    assert development_id(lines_of(text)) is None
    assert development_id(lines_of(text + "In development [gid-ipg10336]\n")) == ("GID-IPG10336", 2)


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("Issued: January 2009", "published", PartialDate("2009-01", "month")),
        ("Published: 22 May 2024", "published", PartialDate("2024-05-22", "day")),
        ("Closing date for comments: 27 May 2003", "closing_date", PartialDate("2003-05-27", "day")),
        (
            "Target date for publication of guidance: 24 September 2003",
            "target_publication",
            PartialDate("2003-09-24", "day"),
        ),
        (
            "Target date for publication of guidance: June 2025",
            "target_publication",
            PartialDate("2025-06", "month"),
        ),
        ("Expected publication 16 May 2024", "expected_publication", PartialDate("2024-05-16", "day")),
        (
            "Consultation period: 03 January 2024 - 31 January 2024",
            "consultation",
            DateRange(PartialDate("2024-01-03", "day"), PartialDate("2024-01-31", "day")),
        ),
    ],
)
def test_dated_fields_labels_of_every_era(text, name, value):
    dates = dated_fields(lines_of(f"\n{text}\n"), "F")
    assert {key: (dated.value, dated.line) for key, dated in dates.items()} == {name: (value, 2)}


def test_dated_fields_label_without_a_date_gives_nothing():
    assert dated_fields(lines_of("Expected publication TBC\n"), "F") == {}


def test_dated_fields_label_word_starting_prose_is_not_a_field():
    assert dated_fields(lines_of("Published evidence from 2019 shows a benefit.\n"), "F") == {}


def test_dated_fields_first_of_each_name_wins():
    dates = dated_fields(lines_of("Published: 1 May 2024\nPublished: 2 May 2024\n"), "F")
    assert (dates["published"].value, dates["published"].line) == (PartialDate("2024-05-01", "day"), 1)


def test_dated_fields_impossible_date_is_refused_at_its_line():
    with pytest.raises(ParseError) as raised:
        dated_fields(lines_of("\n\nIssued: 31 February 2009\n"), "F")
    assert raised.value.line == 3


def test_replaced_guidance_interventional_procedures_guidance_number_is_ipg(nice_document):
    text = nice_document("final_2009_guidance_heading_normal_arrangements_replaces")
    layout = read_layout(lines_of(text), "F")
    assert replaced_guidance(layout.pieces(), "F") == [
        Replacement(guidance_id="IPG215", line=9, date=PartialDate("2007-03", "month"))
    ]


def test_replaced_guidance_without_a_date():
    layout = read_layout(lines_of("This guidance replaces IPG215.\n\n1 Recommendations\n\n1.1 Text.\n"), "F")
    assert replaced_guidance(layout.pieces(), "F") == [Replacement(guidance_id="IPG215", line=1, date=None)]


def test_printed_title_skips_institute_document_type_and_dated_lines(seed_text):
    layout = read_layout(lines_of(seed_text("004")), "F")
    assert printed_title(layout) == ("Targeted muscle reinnervation for managing limb amputation pain", 7)


def test_printed_title_none_without_front_matter(seed_text):
    assert printed_title(read_layout(lines_of(seed_text("000")), "F")) is None


def test_printed_title_page_furniture_is_not_a_title():
    layout = read_layout(
        lines_of("Your responsibility\n\nTools and resources\n\n1 Recommendations\n\n1.1 Text.\n"), "F"
    )
    assert printed_title(layout) is None


def test_dated_fields_after_a_sentence_and_after_another_date_on_one_line():
    line = (
        "For further details, see the programme guide (www.example.org/ip). Closing date for comments: "
        "23 September 2003 Target date for publication of guidance: November 2003 |"
    )
    dates = dated_fields(lines_of(f"\n{line}\n"), "F")
    assert {key: (dated.value, dated.line) for key, dated in dates.items()} == {
        "closing_date": (PartialDate("2003-09-23", "day"), 2),
        "target_publication": (PartialDate("2003-11", "month"), 2),
    }


def test_dated_fields_label_inside_a_sentence_is_not_a_field():
    assert dated_fields(lines_of("The guidance was published in May 2024.\n"), "F") == {}


def test_replaced_guidance_sentence_broken_over_two_lines():
    text = (
        "1 Guidance\n\nThis document replaces previous guidance on example valve repair for\n"
        "aortic stenosis (interventional procedure guidance 997).\n\n1.1 Text.\n"
    )
    layout = read_layout(lines_of(text), "F")
    assert replaced_guidance(layout.pieces(), "F") == [Replacement(guidance_id="IPG997", line=4, date=None)]


@pytest.mark.parametrize(
    "heading",
    [
        "When open surgery and other valve repairs are unsuitable",
        "Enhanced informed consent",
        "What this means in practice",
    ],
)
def test_printed_title_an_indication_or_a_recommendation_sub_section_is_not_a_title(heading):
    layout = read_layout(lines_of(f"{heading}\n\nThere are uncertainties about this procedure.\n"), "F")
    assert printed_title(layout) is None
