"""``policies.admin_views.reading_from_form``: the structuring form's fields as a tree and marks (no request)."""

import pytest

from policies.admin_views import reading_from_form
from policies.curation import CurationError


def test_groups_lines_parts_and_measures_become_a_tree_and_marks():
    tree, marks = reading_from_form(
        {
            "gop_0": "all",
            "gpath_1": "1",
            "gop_1": "at_least",
            "gk_1": "1",
            "gtext_1": "One of:",
            "gpath_2": "",
            "gop_2": "any",  # a group row without a path is not used
            "include_4": "on",
            "include_3": "on",
            "group_3": "1",
            "words_3": "BMI of 40 | BMI of 35",
            "include_5": "on",
            "role_5": "definition",
            "words_5": "Weight programme",
            "include_6": "on",
            "role_6": "exclusion",
            "include_x": "on",  # not a line: ignored
            "mline_0": "3",
            "mkind_0": "threshold",
            "mname_0": "BMI",
            "mcomp_0": ">=",
            "mvalue_0": "40",
            "mwords_0": "BMI of 40",
            "mline_1": "",
            "mkind_1": "",
        }
    )

    assert tree == {
        "op": "all",
        "text": "",
        "children": [
            {
                "op": "at_least",
                "k": 1,
                "text": "One of:",
                "children": [{"line": 3, "part": "BMI of 40"}, {"line": 3, "part": "BMI of 35"}],
            },
            {"line": 4, "part": ""},
        ],
    }
    assert marks["definitions"] == [{"line": 5, "term": "Weight programme"}]
    assert marks["exclusions"] == [{"line": 6, "part": ""}]
    assert marks["measures"] == [
        {
            "line": 3,
            "kind": "threshold",
            "name": "BMI",
            "comparator": ">=",
            "value": "40",
            "unit": "",
            "words": "BMI of 40",
        }
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"gop_0": ""}, "choose the root group's operator"),
        ({"gop_0": "at_least", "gk_0": "two"}, "group 'root': k must be a number"),
        (
            {"gop_0": "all", "include_3": "on", "role_3": "note"},
            "line 3: a line is one of criterion, definition, exclusion",
        ),
        ({"gop_0": "all", "include_3": "on", "group_3": "2"}, "line 3: no group '2' is defined"),
        (
            {"gop_0": "all", "gpath_1": "1.1", "gop_1": "any"},
            "group '1.1': its parent group '1' is not defined",
        ),
        ({"gop_0": "all", "mline_0": "three", "mkind_0": "threshold"}, "measure 1: give its line number"),
    ],
)
def test_a_form_that_describes_no_tree_says_what_to_fix(data, message):
    with pytest.raises(CurationError, match=message):
        reading_from_form(data)
