"""policies.parsing.metadata: header and trailer fields, organisation, title."""

import pytest

from policies.parsing.metadata import (
    Field,
    choose_organisation,
    find_organisations,
    is_funding_status,
    label_alone,
    page_heading,
    read_date,
    read_fields,
    title_from_line,
)
from sources.parsing.dates import PartialDate


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Policy number: SRP 032", [Field("reference", "Policy number", "SRP 032")]),
        ("Reference: GM028", [Field("reference", "Reference", "GM028")]),
        ("Effective date: 30 April 2024", [Field("effective", "Effective date", "30 April 2024")]),
        ("Next review date: 30 April 2026", [Field("review", "Next review date", "30 April 2026")]),
        ("Ratification Date: 29/04/2025", [Field("ratified", "Ratification Date", "29/04/2025")]),
        ("Next Review Date: 31/08/2026", [Field("review", "Next Review Date", "31/08/2026")]),
        ("Date created: 12/06/2025, 14:28", [Field("created", "Date created", "12/06/2025, 14:28")]),
        ("Date of review: 31/01/2028", [Field("review", "Date of review", "31/01/2028")]),
        ("ARP 55 Review Date: 2026", [Field("review", "Review Date", "2026", code="ARP 55")]),
        (
            "Date: April 2014 / Last reviewed: May 2015",
            [
                Field("document", "Date", "April 2014"),
                Field("last_reviewed", "Last reviewed", "May 2015"),
            ],
        ),
        (
            "Status: Individual Funding Approval | Group Prior Approval | Individual Prior Approval",
            [
                Field(
                    "status",
                    "Status",
                    "Individual Funding Approval | Group Prior Approval | Individual Prior Approval",
                ),
            ],
        ),
        ("Category: Threshold Criteria", [Field("category", "Category", "Threshold Criteria")]),
    ],
)
def test_read_fields_reads_label_value_and_code(line, expected):
    assert read_fields(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The review date for this policy is set by the board",
        "Has radiological features of severe disease",
        "Category",
        "Page last reviewed: 3 March 2025",
    ],
)
def test_read_fields_empty_for_prose_and_page_furniture(line):
    assert read_fields(line) == []


def test_field_is_date_only_for_date_names():
    assert Field("review", "Review Date", "2026").is_date is True
    assert Field("reference", "Reference", "GM028").is_date is False


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Category", "category"),
        ("Places covered by", "places_covered"),
        ("Policy category:", "category"),
    ],
)
def test_label_alone_names_field_whose_value_follows(line, name):
    assert label_alone(line) == name


def test_label_alone_none_for_field_with_value():
    assert label_alone("Category: Threshold Criteria") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026", PartialDate("2026", "year")),
        ("30 April 2026", PartialDate("2026-04-30", "day")),
        ("12/06/2025, 14:28", PartialDate("2025-06-12", "day")),
        ("May 2015", PartialDate("2015-05", "month")),
        ("TBC", None),
    ],
)
def test_read_date_keeps_printed_precision(value, expected):
    assert read_date(value) == expected


def test_read_date_raises_for_impossible_date():
    with pytest.raises(ValueError, match="^day is out of range for month$"):
        read_date("31 February 2026")


@pytest.mark.parametrize(
    ("value", "funding"),
    [
        ("Individual Funding Approval | Group Prior Approval", True),
        ("Individual Prior Approval", True),
        ("Not routinely commissioned", True),
        ("Approved", False),
        ("Draft", False),
    ],
)
def test_is_funding_status(value, funding):
    assert is_funding_status(value) is funding


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("LLR ICB  will only fund this procedure if", ["LLR ICB"]),
        ("Mid and South Essex ICB", ["Mid and South Essex ICB"]),
        (
            "Humber and North Yorkshire Integrated Care Board",
            ["Humber and North Yorkshire Integrated Care Board"],
        ),
        ("Greater Manchester CCGs", ["Greater Manchester CCGs"]),
        ("If NHS Norfolk and Waveney ICB agrees", ["NHS Norfolk and Waveney ICB"]),
        ("The ICB will fund surgery when:", []),
        ("Leicester, Leicestershire and Rutland ICB", ["Leicester, Leicestershire and Rutland ICB"]),
        ("Bedfordshire, Luton and Milton Keynes ICB", ["Bedfordshire, Luton and Milton Keynes ICB"]),
        ("Referral: the patient, LLR ICB", ["LLR ICB"]),
    ],
)
def test_find_organisations_as_printed(line, names):
    assert find_organisations(line) == names


def test_choose_organisation_prefers_first_short_form():
    found = [("Mid and South Essex Integrated Care Board", 1), ("MSE ICB", 9), ("Other CCG", 12)]
    assert choose_organisation(found) == ("MSE ICB", 9)


def test_choose_organisation_falls_back_to_first_long_form():
    found = [("Humber and North Yorkshire Integrated Care Board", 2)]
    assert choose_organisation(found) == ("Humber and North Yorkshire Integrated Care Board", 2)
    assert choose_organisation([]) is None


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("LLR Policy for Hip Resurfacing", "Hip Resurfacing"),
        ("Policy for Hip Resurfacing", "Hip Resurfacing"),
        ("Policy for the Surgical Treatment of Snoring", "Surgical Treatment of Snoring"),
        ("Commissioning Policy: Tonsillectomy", "Tonsillectomy"),
        ("Hip Resurfacing Policy", "Hip Resurfacing"),
    ],
)
def test_title_from_line_reads_subject(line, title):
    assert title_from_line(line) == title


@pytest.mark.parametrize(
    "line",
    [
        "Policies for the Commissioning of Healthcare",
        "This policy for hip surgery applies to all adults registered with a GP in the area.",
        "Policy number: SRP 032",
        "LLR ICB Policy",
        "Commissioning Policy",
    ],
)
def test_title_from_line_none_for_non_title(line):
    assert title_from_line(line) is None


def test_page_heading_accepts_short_heading_only():
    assert page_heading("Varicose Veins") == "Varicose Veins"
    assert page_heading("Mid and South Essex ICB") is None
    assert page_heading("Category") is None
    assert page_heading("Grommets are small tubes inserted into the eardrum.") is None
