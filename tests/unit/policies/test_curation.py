"""``policies.curation``: an editor's tree and marks checked against the source lines, and re-anchored. Pure."""

import pytest

from policies import curation
from sources.corrections import line_hash

TEXT = "\n".join(
    [
        "Eligibility",  # 1
        "",  # 2
        "  • A BMI of 40 or more, or a BMI of 35 or more with diabetes AND",  # 3
        "  • Six months of a weight programme",  # 4
        "Weight programme: a programme run by a team.",  # 5
        "Not funded for people with an eating disorder. Nor for revision surgery.",  # 6
        "Adults aged 18 or over only.",  # 7
    ]
)
TREE = {
    "op": "all",
    "children": [
        {
            "op": "any",
            "children": [{"line": 3, "part": "A BMI of 40 or more"}, {"line": 3, "part": "a BMI of 35"}],
        },
        {"line": 4},
    ],
}
MARKS = {
    "definitions": [{"line": 5}],
    "exclusions": [{"line": 6, "part": "Not funded for people with an eating disorder."}],
    "measures": [
        {
            "line": 3,
            "kind": "threshold",
            "name": "BMI",
            "comparator": ">=",
            "value": "35",
            "words": "a BMI of 35",
        },
        {
            "line": 4,
            "kind": "duration",
            "comparator": ">=",
            "value": "6",
            "unit": "Months",
            "words": "Six months",
        },
        {"line": 7, "kind": "age_min", "value": "18", "words": "aged 18 or over"},
    ],
}


def test_a_line_as_a_criterion_loses_its_bullet_and_its_trailing_connector_as_the_parser_reads_them():
    assert (
        curation.leaf_words(TEXT.splitlines()[2])
        == "A BMI of 40 or more, or a BMI of 35 or more with diabetes"
    )


def test_parts_of_one_line_are_two_leaves_on_that_line_with_its_hash():
    tree, _marks = curation.build(TREE, TEXT)

    first, second = tree["children"][0]["children"]
    assert (first["leaf"], first["line"], first["part"]) == ("A BMI of 40 or more", 3, True)
    assert (second["leaf"], second["line"]) == ("a BMI of 35", 3)
    assert first["hash"] == second["hash"] == line_hash(TEXT.splitlines()[2])
    assert first["key"] != second["key"]
    assert "part" not in tree["children"][1]


def test_marks_take_their_term_words_and_values_from_their_lines():
    _tree, marks = curation.build(TREE, TEXT, MARKS)

    assert [(d["term"], d["text"], d["line"]) for d in marks["definitions"]] == [
        ("Weight programme", "a programme run by a team.", 5)
    ]
    assert [(e["key"], e["text"]) for e in marks["exclusions"]] == [
        ("exclusion-not-funded-people-eating-disorder", "Not funded for people with an eating disorder.")
    ]
    threshold, duration, age = marks["measures"]
    assert (threshold["name"], threshold["comparator"], threshold["value"]) == ("BMI", ">=", "35")
    assert (duration["unit"], duration["name"], duration["value"]) == ("month", "Six months", "6")
    assert (age["kind"], age["value"], age["unit"], age["comparator"]) == ("age_min", "18", "years", "")


def test_a_measure_belongs_to_the_leaf_of_its_line_whose_words_hold_it():
    tree, marks = curation.build(TREE, TEXT, MARKS)
    keys = curation.measures_by_leaf(tree, marks["measures"])
    second = tree["children"][0]["children"][1]["key"]
    assert keys == [second, tree["children"][1]["key"], None]


@pytest.mark.parametrize(
    ("tree", "marks", "message"),
    [
        (
            {"op": "all", "children": [{"line": 3, "part": "BMI of 50"}]},
            None,
            "'BMI of 50' is not printed on line 3",
        ),
        ({"op": "all", "children": [{"line": 4}, {"line": 4}]}, None, "line 4 is used twice"),
        ({"op": "all", "children": [{"line": 2}]}, None, "line 2 is blank"),
        ({"op": "all", "children": [{"line": 99}]}, None, "name a line of the source (1 to 7)"),
        (TREE, {"definitions": [{"line": 4}]}, "line 4 is already a criterion"),
        (TREE, {"definitions": [{"line": 7}]}, "give the term it defines"),
        (
            TREE,
            {"definitions": [{"line": 5}, {"line": 5, "term": "weight programme"}]},
            "a term is defined twice",
        ),
        (TREE, {"measures": [{**MARKS["measures"][0], "words": "A BMI OF 35"}]}, "exactly, case included"),
        (TREE, {"measures": [{**MARKS["measures"][0], "value": "-1"}]}, "a number of zero or more"),
        (TREE, {"measures": [{**MARKS["measures"][0], "value": "NaN"}]}, "a number of zero or more"),
        (TREE, {"measures": [{**MARKS["measures"][0], "comparator": "~"}]}, "the comparator is one of"),
        (TREE, {"measures": [{**MARKS["measures"][0], "name": ""}]}, "name what is measured"),
        (TREE, {"measures": [{**MARKS["measures"][0], "kind": "weight"}]}, "a measure is one of"),
        (TREE, {"measures": [{**MARKS["measures"][1], "unit": "fortnight"}]}, "the unit is one of"),
    ],
)
def test_what_cannot_be_saved_says_what_to_fix(tree, marks, message):
    with pytest.raises(curation.CurationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        curation.build(tree, TEXT, marks)


def test_a_recapture_that_moves_the_lines_moves_every_leaf_and_mark_with_them():
    tree, marks = curation.build(TREE, TEXT, MARKS)
    moved_text = "New heading\n\n" + TEXT

    moved_tree, moved_marks, problem = curation.reanchor(tree, moved_text, marks)

    assert problem is None
    assert [leaf["line"] for leaf in curation.leaves(moved_tree)] == [5, 5, 6]
    assert moved_marks["definitions"][0]["line"] == 7
    assert [m["line"] for m in moved_marks["measures"]] == [5, 6, 9]


def test_a_recapture_without_a_marked_line_is_a_conflict_that_names_it():
    tree, marks = curation.build(TREE, TEXT, MARKS)
    changed = TEXT.replace("Adults aged 18 or over only.", "Adults only.")

    assert curation.reanchor(tree, changed, marks) == (
        None,
        None,
        "line 'aged 18 or over…' no longer in the source",
    )


def test_a_tree_saved_before_marks_existed_reanchors_without_them():
    tree, _ = curation.build(TREE, TEXT)
    moved_tree, marks, problem = curation.reanchor(tree, "\n" + TEXT)
    assert (marks, problem) == (None, None)
    assert [leaf["line"] for leaf in curation.leaves(moved_tree)] == [4, 4, 5]


@pytest.mark.parametrize(
    ("tree", "message"),
    [
        ({"op": "most", "children": [{"line": 4}]}, "a group's operator is one of all, any, at_least"),
        ({"op": "all", "children": []}, "a group needs at least one criterion"),
        (
            {"op": "at_least", "k": 3, "children": [{"line": 4}, {"line": 5}]},
            "at least k needs k from 1 to 2",
        ),
        (
            {"op": "at_least", "k": "2", "children": [{"line": 4}, {"line": 5}]},
            "at least k needs k from 1 to 2",
        ),
    ],
)
def test_groups_that_cannot_be_saved_say_what_to_fix(tree, message):
    with pytest.raises(curation.CurationError, match=message):
        curation.build(tree, TEXT)


def test_an_exclusion_cannot_be_words_already_used_as_a_criterion_and_a_measure_needs_its_words():
    with pytest.raises(curation.CurationError, match="those words are already a criterion"):
        curation.build(TREE, TEXT, {"exclusions": [{"line": 3, "part": "a BMI of 35"}]})
    with pytest.raises(curation.CurationError, match="give the words of the line it is read from"):
        curation.build(TREE, TEXT, {"measures": [{**MARKS["measures"][0], "words": "  "}]})


def test_lines_found_out_of_their_order_are_a_conflict_that_says_so():
    tree, marks = curation.build(TREE, TEXT, MARKS)
    lines = TEXT.splitlines()
    swapped = "\n".join([lines[0], lines[1], lines[3], lines[2], *lines[4:]])

    assert curation.reanchor(tree, swapped, marks) == (
        None,
        None,
        "the curated lines are no longer in the same order in the source",
    )
