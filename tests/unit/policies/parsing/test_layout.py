"""policies.parsing.layout: markers, connectors and headings of one line."""

import pytest

from policies.parsing.layout import (
    Connector,
    Marker,
    Part,
    heading_part,
    own_line_connector,
    split_leading_connector,
    split_marker,
    split_trailing_connector,
)


@pytest.mark.parametrize(
    ("text", "marker", "rest"),
    [
        ("– Is suffering from pain", Marker("bullet-dash", None), "Is suffering from pain"),
        ("• Bleeding", Marker("bullet-dot", None), "Bleeding"),
        ("o Pain at rest", Marker("bullet-circle", None), "Pain at rest"),
        ("· Seven episodes", Marker("bullet-middot", None), "Seven episodes"),
        ("1. The child has OME", Marker("decimal.", "1"), "The child has OME"),
        ("1) The child has OME", Marker("decimal)", "1)"), "The child has OME"),
        ("(3) The child has OME", Marker("decimal()", "(3)"), "The child has OME"),
        ("a) witnessed apnoeas", Marker("alpha)", "a)"), "witnessed apnoeas"),
        ("(b) witnessed apnoeas", Marker("alpha()", "(b)"), "witnessed apnoeas"),
        ("ii) morning headaches", Marker("roman)", "ii)"), "morning headaches"),
        ("2.1.1 A minimum of 6 months", Marker("multilevel-3", "2.1.1"), "A minimum of 6 months"),
        ("2.1 Surgery is commissioned", Marker("multilevel-2", "2.1"), "Surgery is commissioned"),
    ],
)
def test_split_marker_reads_style_and_printed_number(text, marker, rest):
    assert split_marker(text) == (marker, rest)


@pytest.mark.parametrize("text", ["-5 degrees of flexion", "Hip pain at night", "6.5% of patients"])
def test_split_marker_none_for_unmarked_text(text):
    assert split_marker(text) == (None, text)


@pytest.mark.parametrize(
    ("text", "connector"),
    [
        ("AND", Connector.AND),
        ("OR", Connector.OR),
        ("Or", Connector.OR),
        ("And/Or", Connector.AND_OR),
        ("AND/ OR", Connector.AND_OR),
        ("(OR)", Connector.OR),
        ("– AND –", Connector.AND),
    ],
)
def test_own_line_connector_reads_connector(text, connector):
    assert own_line_connector(text) is connector


@pytest.mark.parametrize("text", ["ORANGE", "and then", "Oral surgery", ""])
def test_own_line_connector_none_for_words(text):
    assert own_line_connector(text) is None


@pytest.mark.parametrize(
    ("text", "rest", "connector"),
    [
        ("true mechanical locking OR", "true mechanical locking", Connector.OR),
        ("severe pain; or", "severe pain", Connector.OR),
        ("severe pain, and", "severe pain", Connector.AND),
        ("Superficial thrombophlebitis AND/OR", "Superficial thrombophlebitis", Connector.AND_OR),
        ("pain with swelling or", "pain with swelling or", None),
        ("OR", "OR", None),
    ],
)
def test_split_trailing_connector(text, rest, connector):
    assert split_trailing_connector(text) == (rest, connector)


@pytest.mark.parametrize(
    ("text", "connector", "rest"),
    [
        ("Or b) 5 or more episodes", Connector.OR, "b) 5 or more episodes"),
        ("And c) pain", Connector.AND, "c) pain"),
        ("AND the patient has pain", Connector.AND, "the patient has pain"),
        ("And so the patient waits", None, "And so the patient waits"),
        ("Or other pain", None, "Or other pain"),
    ],
)
def test_split_leading_connector(text, connector, rest):
    assert split_leading_connector(text) == (connector, rest)


def test_connector_and_or_joins_as_or():
    assert Connector.AND_OR.joins_as is Connector.OR
    assert Connector.AND.joins_as is Connector.AND


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Eligibility", Part.CRITERIA),
        ("Threshold", Part.CRITERIA),
        ("2. Criteria", Part.CRITERIA),
        ("Commissioning position", Part.CRITERIA),
        ("Policy Exceptions:", Part.EXCLUSIONS),
        ("Exclusions to policy", Part.EXCLUSIONS),
        ("Red flags", Part.EXCLUSIONS),
        ("Definitions", Part.DEFINITIONS),
        ("Background", Part.DESCRIPTION),
        ("References", Part.OTHER),
    ],
)
def test_heading_part_names_the_part(text, part):
    assert heading_part(text) is part


@pytest.mark.parametrize("text", ["Eligibility is assessed by the MSK service", "Category", "Hip pain"])
def test_heading_part_none_for_other_lines(text):
    assert heading_part(text) is None
