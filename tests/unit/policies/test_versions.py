"""policies.versions: the diff between two versions of a policy, on plain data."""

import datetime as dt

from policies.versions import (
    Group,
    Leaf,
    Measure,
    PolicyVersionData,
    Worded,
    consecutive_diffs,
    diff_between,
    diff_policy,
)
from sources.parsing.dates import PartialDate

BMI = "The patient has a BMI <40"


def version(file="old.txt", effective="2025-01-01", **fields):
    return PolicyVersionData(
        file=file,
        retrieved_on=dt.date(2026, 3, 5),
        effective=PartialDate.from_value(effective) if effective else None,
        **fields,
    )


def kinds(diff):
    return [(change.kind, change.old, change.new) for change in diff.changes]


def test_a_moved_threshold_is_one_change_not_a_reworded_criterion():
    old = version(
        leaves=(Leaf("bmi-40", BMI, 15),),
        thresholds=(Measure("BMI", "<", "40", "", 15, "bmi-40"),),
    )
    new = version(
        "new.txt",
        leaves=(Leaf("bmi-35", "The patient has a BMI <35", 15),),
        thresholds=(Measure("BMI", "<", "35", "", 15, "bmi-35"),),
    )

    diff = diff_policy(old, new)

    assert kinds(diff) == [("threshold_changed", "less than 40", "less than 35")]
    assert diff.changes[0].sentence == "BMI threshold 40 → 35"
    assert (diff.changes[0].old_source.line, diff.changes[0].new_source.file) == (15, "new.txt")


def test_a_changed_comparator_is_said():
    old = version(thresholds=(Measure("BMI", "<", "40", "kg/m2", 3),))
    new = version(thresholds=(Measure("BMI", "<=", "40", "kg/m2", 3),))

    assert [c.sentence for c in diff_policy(old, new).changes] == [
        "BMI threshold less than 40 kg/m2 → at most 40 kg/m2"
    ]


def test_criteria_added_removed_and_reworded():
    old = version(
        leaves=(
            Leaf("a", "Pain at night", 5),
            Leaf("b", "Stiffness on waking", 6),
            Leaf("c", "Tried physiotherapy", 7),
        )
    )
    new = version(
        leaves=(
            Leaf("a", "pain at night.", 5),
            Leaf("d", "Stiffness most mornings", 6),
            Leaf("c", "Tried physiotherapy", 7),
            Leaf("e", "Offered weight support", 8),
        )
    )

    assert kinds(diff_policy(old, new)) == [
        ("criterion_reworded", "Stiffness on waking", "Stiffness most mornings"),
        ("criterion_added", None, "Offered weight support"),
    ]
    assert kinds(diff_policy(new, old)) == [
        ("criterion_reworded", "Stiffness most mornings", "Stiffness on waking"),
        ("criterion_removed", "Offered weight support", None),
    ]


def test_a_number_that_no_measure_reports_is_a_rewording():
    old = version(leaves=(Leaf("a", "At least 3 attempts at physiotherapy", 5),))
    new = version(leaves=(Leaf("a", "At least 2 attempts at physiotherapy", 5),))

    assert [c.kind for c in diff_policy(old, new).changes] == ["criterion_reworded"]


def test_operators_matched_by_lead_in_then_position():
    old = version(
        groups=(Group("if the following are met:", "all", None, 3), Group("The patient has:", "any", None, 8))
    )
    new = version(
        groups=(
            Group("if the following are met:", "all", None, 3),
            Group("The patient has:", "at_least", 2, 9),
        )
    )

    diff = diff_policy(old, new)

    assert kinds(diff) == [("operator_changed", "ANY", "AT LEAST 2")]
    assert diff.changes[0].sentence == "Operator of 'The patient has:' ANY → AT LEAST 2"


def test_durations_ages_definitions_exclusions_reference_and_review():
    old = version(
        durations=(Measure("Physiotherapy for at least 6 months", ">=", "6", "month", 20),),
        age_min="18",
        definitions=(Worded("Local shops", "A walk of ten minutes.", 25),),
        exclusions=(Worded("", "Active infection", 30),),
        reference="ARP 77",
        review=PartialDate("2027", "year"),
        review_line=6,
    )
    new = version(
        durations=(Measure("Physiotherapy for at least 12 weeks", ">=", "12", "week", 21),),
        age_min="16",
        definitions=(Worded("Supervised exercise", "Led by a physiotherapist.", 26),),
        exclusions=(Worded("", "active infection.", 31), Worded("", "Pregnancy", 32)),
        reference="ARP 78",
        review=PartialDate("2028-01-01", "day"),
        review_line=6,
    )

    diff = diff_policy(old, new)

    assert kinds(diff) == [
        ("duration_changed", "at least 6 months", "at least 12 weeks"),
        ("age_changed", "18", "16"),
        ("definition_removed", "A walk of ten minutes.", None),
        ("definition_added", None, "Led by a physiotherapist."),
        ("exclusion_added", None, "Pregnancy"),
        ("reference_changed", "ARP 77", "ARP 78"),
        ("review_date_changed", "2027", "1 January 2028"),
    ]
    assert diff.changes[0].sentence == "Duration 'Physiotherapy for at least 12 weeks' 6 months → 12 weeks"
    assert diff.changes[1].sentence == "Minimum age 18 → 16"


def test_a_measure_of_an_added_criterion_is_part_of_that_change():
    new_leaf = Leaf("hb", "Haemoglobin above 100", 9)
    old = version()
    new = version(leaves=(new_leaf,), thresholds=(Measure("Haemoglobin", ">", "100", "g/L", 9, "hb"),))

    assert [c.kind for c in diff_policy(old, new).changes] == ["criterion_added"]


def test_versions_in_order_undated_first_and_diffs_newest_first():
    undated = version("undated.txt", effective=None)
    first = version("2025.txt", effective="2025-01-01")
    second = version("2026.txt", effective="2026-03-03")

    diffs = consecutive_diffs([second, undated, first])

    assert [(d.older.file, d.newer.file) for d in diffs] == [
        ("2025.txt", "2026.txt"),
        ("undated.txt", "2025.txt"),
    ]
    assert (diffs[0].newer.dated_by, str(diffs[0].newer.date)) == ("effective", "3 March 2026")
    assert (diffs[1].older.dated_by, diffs[1].older.date) == ("retrieved", PartialDate("2026-03-05", "day"))
    assert diff_between([second, first], None, None).older.file == "2025.txt"
    assert diff_between([second, first], "2026.txt", "2026.txt").changes == ()
    assert diff_between([], None, None) is None


def test_a_reading_kept_as_json_reads_back_the_same():
    from policies.versions import reading_from_dict, reading_to_dict

    reading = version(
        review=PartialDate.from_value("2027-03"),
        age_min="18",
        leaves=(Leaf("bmi-40", BMI, 15),),
        groups=(Group("All of:", "all", None, 14),),
        definitions=(Worded("BMI", "body mass index", 20),),
        exclusions=(Worded("", "Revision surgery", 22),),
        thresholds=(Measure("BMI", "<", "40", "", 15, "bmi-40"),),
        durations=(Measure("weight programme", ">=", "6", "month", 16, None),),
    )
    assert reading_from_dict(reading_to_dict(reading)) == reading


def test_an_editors_reading_is_its_own_diff_dated_the_day_of_the_change_with_every_measure():
    from policies.versions import EditorReading, editorial_diff, history

    parser = version("policy.txt")
    editor = version(
        "policy.txt",
        leaves=(Leaf("bmi-40", BMI, 15),),
        thresholds=(Measure("BMI", "<", "40", "", 15, "bmi-40"),),
    )
    reading = EditorReading(parser=parser, editor=editor, on=dt.date(2026, 11, 30))

    diff = editorial_diff(reading)

    assert diff.editorial is True
    assert (diff.older.file, diff.newer.file, diff.newer.dated_by) == ("policy.txt", "policy.txt", "editor")
    assert str(diff.newer.date) == "30 November 2026"
    assert kinds(diff) == [("criterion_added", None, BMI), ("threshold_added", None, "less than 40")]
    assert diff.summary.startswith("Changed by an editor on 30 November 2026: Criterion added")
    assert diff_policy(parser, editor).changes == diff.changes[:1]  # between captures it is the criterion's

    older = version("older.txt", effective="2024-01-01")
    assert [d.editorial for d in history([older, parser], [reading])] == [True, False]


def test_the_editorial_diffs_between_two_versions_are_those_of_the_versions_in_that_range():
    from policies.versions import EditorReading, editorial_between

    first = version("a.txt", effective="2024-01-01")
    second = version("b.txt", effective="2025-01-01")
    third = version("c.txt", effective="2026-01-01")
    on_second = EditorReading(parser=second, editor=second, on=dt.date(2025, 6, 1))
    on_third = EditorReading(parser=third, editor=third, on=dt.date(2026, 6, 1))
    found = [third, first, second]

    def files(older, newer):
        return [d.newer.file for d in editorial_between(found, [on_second, on_third], older, newer)]

    assert files(None, None) == ["c.txt", "b.txt"]
    assert files("a.txt", "b.txt") == ["b.txt"]
    assert files("c.txt", None) == ["c.txt"]
    assert files("a.txt", "a.txt") == []
