"""Properties every NICE parser keeps, whatever text it is given."""

from hypothesis import given, settings
from hypothesis import strategies as st

from guidance.parsing.nice_consultation import parse_consultation
from guidance.parsing.nice_in_progress import parse_in_progress
from guidance.parsing.nice_recommendations import parse_final_guidance
from sources.parsing.errors import ParseError
from sources.parsing.source import detect_kind
from sources.parsing.text import source_lines

# Lines of the layouts the parsers know, to be shuffled into damaged documents.
FRAGMENTS = [
    "",
    "1 Recommendations",
    "1 Draft recommendations",
    "2 The procedure",
    "1.1",
    "1.1 Evidence on the safety and efficacy of X is adequate provided that standard arrangements are in "
    "place.",
    "- 1.2 Clinicians wanting to do X should:",
    "  • Inform the clinical governance leads in their healthcare organisation.",
    "- Enter details onto the National Neuromodulation Registry.",
    "| 1.3 | Further research should report |",
    "2.1 The procedure is done",
    "To treat pain",
    "It has",
    "been joined.",
    "NICE interventional procedures consultation document, January 2025",
    "Page 2 of 8",
    "Closing date for comments: 21 February 2025",
    "It replaces the previous guidance (Interventional Procedures Guidance no. 215, March 2007).",
    "Tom Example",
    "Chair, interventional procedures advisory committee",
    "January 2025",
    "Status In progress",
    "Status:",
    "Process IP",
    "ID number 358",
    "Key events during the development of the guidance:",
    "Date Update",
    "21 October 2021 - 18 November 2021 Interventional procedure consultation",
    "In development [GID-IPG10336]",
]
PARSERS = (detect_kind, parse_final_guidance, parse_consultation, parse_in_progress)

documents = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=30), max_size=25).map("\n".join)


@given(documents)
@settings(max_examples=100, deadline=None)
def test_parsers_return_a_document_or_refuse_with_a_line_inside_the_text(text):
    line_count = max(1, len(source_lines(text)))
    for parse in PARSERS:
        try:
            parse(text, "F")
        except ParseError as error:
            assert 1 <= error.line <= line_count


@given(documents)
@settings(max_examples=100, deadline=None)
def test_every_recommendation_and_item_points_at_the_line_that_prints_it(text):
    lines = source_lines(text)
    for parse in (parse_final_guidance, parse_consultation):
        try:
            parsed = parse(text, "F")
        except ParseError:
            continue
        for recommendation in parsed.recommendations:
            # a number lost by the capture is None, never made up: the line then prints the text
            printed = recommendation.number or recommendation.text.split()[0]
            assert printed in lines[recommendation.line - 1].text
            for item, line in zip(recommendation.items, recommendation.item_lines, strict=True):
                assert item.split()[0] in lines[line - 1].text
        numbers = {recommendation.number for recommendation in parsed.recommendations}
        for decision in parsed.decisions:
            assert decision.number in numbers
            assert 1 <= decision.line <= len(lines)
