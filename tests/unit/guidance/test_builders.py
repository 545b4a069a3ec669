"""The guidance builders: duties grouped by audience. No database."""

from types import SimpleNamespace

from guidance.builders import duties_by_audience


def duty_list(audience, line):
    return SimpleNamespace(audience=audience, line=line)


def test_duties_by_audience_every_audience_in_order_lists_in_the_order_given():
    lists = [duty_list("organisations", 23), duty_list("clinicians", 9), duty_list("organisations", 31)]
    grouped = duties_by_audience(lists)
    assert list(grouped) == ["clinicians", "organisations", "other"]
    assert {audience: [dl.line for dl in found] for audience, found in grouped.items()} == {
        "clinicians": [9],
        "organisations": [23, 31],
        "other": [],
    }


def test_duties_by_audience_of_nothing_is_every_audience_empty():
    assert duties_by_audience([]) == {"clinicians": [], "organisations": [], "other": []}
