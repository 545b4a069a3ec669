import pytest

from guidance.parsing.nice_in_progress import parse_in_progress
from sources.parsing.contract import DocumentKind
from sources.parsing.errors import ParseError


@pytest.fixture
def document(nice_document):
    def parse(name: str):
        return parse_in_progress(nice_document(name), f"{name}.txt")

    return parse


def day(value: str) -> dict:
    return {"value": value, "precision": "day"}


def test_parse_in_progress_seed_001_fields(seed_text):
    parsed = parse_in_progress(seed_text("001"), "001.txt")
    assert parsed.document_kind is DocumentKind.IP_IN_PROGRESS
    assert (parsed.organisation, parsed.guidance_id, parsed.title) == ("NICE", None, None)
    fields = parsed.in_progress
    assert (fields.status, fields.process, fields.id_number) == ("In progress", "IP", "358")
    assert (fields.technology_type, fields.decision, fields.reason_for_decision) == (None, None, None)
    assert fields.description.startswith("IM distraction systems are used for managing fractures.")
    assert fields.description.endswith(
        "The device is then usually removed using standard surgical techniques."
    )
    assert fields.lines == {"status": 2, "process": 3, "id_number": 4, "description": 5}


def test_parse_in_progress_seed_001_consultation_and_timeline(seed_text):
    result = parse_in_progress(seed_text("001"), "001.txt").to_dict()
    assert result["dates"] == {"consultation": {"start": day("2021-10-21"), "end": day("2021-11-18")}}
    assert result["date_lines"] == {"consultation": 13}
    assert result["timeline"] == [
        {
            "start": day("2021-10-21"),
            "end": day("2021-11-18"),
            "event": "Interventional procedure consultation",
            "line": 13,
        }
    ]


def test_parse_in_progress_seed_001_furniture_is_not_read(seed_text):
    parsed = parse_in_progress(seed_text("001"), "001.txt")
    assert "Email enquiries" not in parsed.in_progress.description
    assert all("For further information" not in event.event for event in parsed.timeline)


def test_parse_in_progress_all_fields_and_expected_publication(document):
    parsed = document("in_progress_all_fields_key_events_newest_first")
    assert parsed.in_progress.to_dict() == {
        "status": "In progress",
        "technology_type": "Procedure",
        "decision": "Selected",
        "reason_for_decision": (
            "The procedure is new and there are uncertainties about its safety and efficacy."
        ),
        "process": "IP",
        "id_number": "1314",
        "description": "Example ablation uses heat to destroy abnormal tissue through a thin probe.",
        "lines": {
            "status": 2,
            "technology_type": 3,
            "decision": 4,
            "reason_for_decision": 5,
            "process": 6,
            "id_number": 7,
            "description": 8,
        },
    }
    result = parsed.to_dict()
    assert result["dates"] == {
        "expected_publication": day("2024-05-16"),
        "consultation": {"start": day("2024-01-03"), "end": day("2024-01-31")},
    }
    assert result["date_lines"] == {"expected_publication": 11, "consultation": 19}


def test_parse_in_progress_key_events_kept_newest_first_as_printed(document):
    timeline = document("in_progress_all_fields_key_events_newest_first").to_dict()["timeline"]
    assert [(event["start"]["value"], event["end"], event["event"], event["line"]) for event in timeline] == [
        ("2024-05-16", None, "Resolution", 18),
        ("2024-01-03", day("2024-01-31"), "Interventional procedure consultation", 19),
        ("2023-12-19", None, "Committee meeting: IPAC 2", 20),
        ("2023-06-14", None, "In progress. Approved at IPAC 0", 21),
        (
            "2023-05-02",
            None,
            "Awaiting development. Status change linked to Topic Selection Decision being set to Selected",
            22,
        ),
    ]


def test_parse_in_progress_value_on_the_line_after_its_label(document):
    fields = document("in_progress_status_value_on_next_line").in_progress
    assert (fields.status, fields.process, fields.id_number) == ("In progress", "IP", "1250")
    assert fields.lines == {"status": 1, "process": 3, "id_number": 5}


def test_parse_in_progress_list_form_and_key_events_in_table_cells(document):
    parsed = document("in_progress_list_form_table_cells")
    assert (parsed.in_progress.status, parsed.in_progress.process, parsed.in_progress.id_number) == (
        "In progress",
        "IP",
        "1187",
    )
    assert [(e.event, e.line) for e in parsed.timeline] == [
        ("Interventional procedure consultation", 9),
        ("Committee meeting: IPAC 1", 10),
    ]
    assert parsed.to_dict()["dates"] == {
        "consultation": {"start": day("2021-10-21"), "end": day("2021-11-18")}
    }


def test_parse_in_progress_topic_selection_not_selected(document):
    parsed = document("in_progress_topic_selection_not_selected")
    assert (parsed.in_progress.status, parsed.in_progress.decision) == ("Topic selection", "Not selected")
    assert parsed.in_progress.reason_for_decision.endswith("(IPG150) published in 2005 remains valid.")
    # IPG150 is the guidance that remains valid, not this page's identifier.
    assert parsed.guidance_id is None
    assert parsed.timeline == []
    assert parsed.dates == {}


def test_parse_in_progress_title_and_id_above_the_fields(document):
    parsed = document("in_progress_title_above_development_id")
    assert (parsed.title, parsed.guidance_id) == ("Example cooling therapy for migraine", "GID-IPG10336")
    assert parsed.lines == {"guidance_id": 3, "title": 1}


def test_parse_in_progress_without_fields_is_refused(nice_document):
    with pytest.raises(ParseError) as raised:
        parse_in_progress(nice_document("in_progress_without_fields"), "FILE")
    assert str(raised.value) == (
        "FILE:1: a NICE in-development page with its Status, Process or ID number fields; "
        "found none (first line: 'NICE has been notified about this procedure.')"
    )


def test_parse_in_progress_impossible_event_date_is_refused_at_its_line(nice_document):
    with pytest.raises(ParseError) as raised:
        parse_in_progress(nice_document("in_progress_impossible_event_date"), "FILE")
    assert str(raised.value) == (
        "FILE:8: a real calendar date, found '31 February 2024 Committee meeting: IPAC 1' "
        "(day is out of range for month)"
    )


def test_parse_in_progress_prose_starting_with_a_label_word_is_not_a_field():
    text = (
        "Status In progress\n"
        "Process of review and the methods used by the committee are described elsewhere.\n"
    )
    assert parse_in_progress(text, "F").in_progress.process is None


def test_parse_in_progress_text_after_the_key_events_table_is_not_an_event():
    text = (
        "Status In progress\nProcess IP\nID number 12\n\nKey events during the development of the "
        "guidance:\n\n"
        "Date Update\n21 October 2021 Committee meeting: IPAC 1\n\n"
        "For further information on how we develop guidance, see our page.\n\n"
        "12 March 2024 saw the page move to a new address.\n"
    )
    assert [(e.event, e.line) for e in parse_in_progress(text, "F").timeline] == [
        ("Committee meeting: IPAC 1", 8)
    ]
