"""guidance.versions: series, the version in force, and the diff between two versions, on plain data."""

import datetime as dt

from guidance.versions import (
    Decision,
    DutyItem,
    GuidanceVersion,
    NamedDate,
    RegistryItem,
    consecutive_diffs,
    diff_guidance,
    in_force,
    leading,
    match,
    without_numbers,
)
from sources.parsing.dates import PartialDate


def version(file="a.txt", kind="ipg_recommendations", retrieved=dt.date(2026, 1, 1), published=None, **rows):
    return GuidanceVersion(
        file=file,
        kind=kind,
        retrieved_on=retrieved,
        dates=rows.pop("dates", ()),
        version_date=PartialDate.from_value(published) if published else None,
        version_date_name="published" if published else "retrieved",
        **rows,
    )


def kinds(diff):
    return [(change.kind, change.old, change.new) for change in diff.changes]


def test_diff_of_identical_versions_is_empty():
    rows = {
        "decisions": (Decision("1.1", "special", "", 5),),
        "duties": (DutyItem("clinicians", "Audit.", 9),),
    }
    assert diff_guidance(version(**rows), version(file="b.txt", **rows)).changes == ()


def test_diff_names_a_level_change_by_recommendation_number_with_both_lines():
    old = version(decisions=(Decision("1.1", "research_only", "", 8),))
    new = version(file="b.txt", decisions=(Decision("1.1", "special", "", 12),))

    (change,) = diff_guidance(old, new).changes

    assert (change.kind, change.sentence) == (
        "decision_level_changed",
        "Decision 1.1: research only → special arrangements",
    )
    assert (
        change.old_source.file,
        change.old_source.line,
        change.new_source.file,
        change.new_source.line,
    ) == (
        "a.txt",
        8,
        "b.txt",
        12,
    )


def test_unnumbered_decisions_match_by_indication_then_by_position():
    old = version(
        decisions=(Decision("", "special", "treating pain", 3), Decision("", "do_not_use", "children", 4))
    )
    new = version(
        decisions=(Decision("", "standard", "Treating pain", 3), Decision("", "special", "adults", 6))
    )

    assert kinds(diff_guidance(old, new)) == [
        ("decision_level_changed", "special arrangements", "standard arrangements"),
        ("decision_level_changed", "do not use", "special arrangements"),
        ("decision_indication_changed", "children", "adults"),
    ]


def test_a_decision_with_no_counterpart_is_added_or_removed():
    old = version(decisions=(Decision("1.1", "special", "", 3),))
    new = version(
        decisions=(Decision("1.1", "special", "", 3), Decision("1.2", "research_only", "children", 7))
    )

    assert kinds(diff_guidance(old, new)) == [("decision_added", None, "research only")]
    assert kinds(diff_guidance(new, old)) == [("decision_removed", "research only", None)]


def test_duties_are_compared_by_audience_and_wording_not_by_line():
    old = version(
        duties=(
            DutyItem("clinicians", "Inform the governance leads.", 10),
            DutyItem("organisations", "Review data.", 20),
        )
    )
    new = version(
        duties=(
            DutyItem("clinicians", "inform the  governance leads", 11),
            DutyItem("clinicians", "Discuss outcomes at appraisal.", 12),
        )
    )

    diff = diff_guidance(old, new)

    assert kinds(diff) == [
        ("duty_removed", "Review data.", None),
        ("duty_added", None, "Discuss outcomes at appraisal."),
    ]
    assert diff.changes[0].sentence == "Duty for healthcare organisations removed: 'Review data.'"


def test_registries_and_dates_added_removed_and_changed():
    old = version(
        registries=(RegistryItem("UK Heel Registry", 4), RegistryItem("UK Heel Registry", 9)),
        dates=(NamedDate("closing_date", "Closing date for comments", "21 February 2025", 35),),
    )
    new = version(
        registries=(RegistryItem("National Foot Registry", 5),),
        dates=(
            NamedDate("closing_date", "Closing date for comments", "7 March 2025", 35),
            NamedDate("target_publication", "Target date for publication", "June 2025", 37),
        ),
    )

    assert kinds(diff_guidance(old, new)) == [
        ("registry_removed", "UK Heel Registry", None),
        ("registry_added", None, "National Foot Registry"),
        ("date_changed", "21 February 2025", "7 March 2025"),
        ("date_added", None, "June 2025"),
    ]


def test_the_version_date_is_the_published_date_else_the_retrieval_date():
    assert version(published="2026-03").ref.date == PartialDate("2026-03", "month")
    assert (version().ref.date, version().ref.dated_by) == (PartialDate("2026-01-01", "day"), "retrieved")


def test_in_force_takes_the_latest_version_begun_by_the_day_of_each_kind():
    old = version("old.txt", published="2024-06-12", retrieved=dt.date(2024, 7, 1))
    new = version("new.txt", published="2026-03", retrieved=dt.date(2026, 3, 5))
    consultation = version("c.txt", kind="ip_consultation", published="2023-01")

    assert [v.file for v in in_force([new, old, consultation])] == ["c.txt", "new.txt"]
    assert [v.file for v in in_force([new, old, consultation], dt.date(2026, 2, 28))] == ["c.txt", "old.txt"]
    assert [v.file for v in in_force([new, old, consultation], dt.date(2026, 3, 1))] == ["c.txt", "new.txt"]
    assert in_force([new, old], dt.date(2024, 6, 11)) == []
    assert leading(in_force([new, old, consultation])).file == "new.txt"


def test_consecutive_diffs_pair_versions_of_one_kind_newest_first():
    first = version("1.txt", published="2022-01-01")
    second = version("2.txt", published="2024-01-01")
    third = version("3.txt", published="2026-01-01")
    other_kind = version("c.txt", kind="ip_consultation", published="2025-01-01")

    diffs = consecutive_diffs([third, other_kind, first, second])

    assert [(d.older.file, d.newer.file) for d in diffs] == [("2.txt", "3.txt"), ("1.txt", "2.txt")]


def test_summary_says_when_and_what():
    old = version(decisions=(Decision("1.1", "research_only", "", 8),))
    new = version(published="2026-03-03", decisions=(Decision("1.1", "special", "", 8),))

    assert diff_guidance(old, new).summary == (
        "Changed on 3 March 2026: Decision 1.1: research only → special arrangements."
    )


def test_match_tries_keys_in_turn_then_the_same_place():
    pairs, gone, new = match(["a", "B", "x"], ["b", "y", "A", "z"], [str, str.lower], by_position=True)
    # "x" and "z" are not at the same place (an item inserted before shifts the rest): never paired.
    assert (pairs, gone, new) == ([("B", "b"), ("a", "A")], ["x"], ["y", "z"])
    pairs, gone, new = match(["a", "x"], ["a", "z", "w"], [str], by_position=True)
    assert (pairs, gone, new) == ([("a", "a"), ("x", "z")], [], ["w"])
    assert without_numbers("BMI <40 kg/m2") == without_numbers("BMI < 35 kg/m2")


def test_decisions_an_editor_set_are_one_diff_per_document_and_day_from_the_parsers_reading():
    import datetime as dt

    from guidance.versions import EditorDecision, editorial_diffs

    day = dt.date(2026, 11, 30)
    common = {"file": "g.txt", "retrieved_on": dt.date(2026, 11, 1), "on": day}
    decisions = [
        EditorDecision(**common, line=9, level="do_not_use", indication="", parser_level="standard"),
        EditorDecision(**common, line=5, level="special", indication="slow heart rhythms"),
        EditorDecision(
            **{**common, "on": dt.date(2026, 12, 1)}, line=12, level="research_only", indication=""
        ),
    ]

    newest, first = editorial_diffs(decisions)

    assert (newest.editorial, str(newest.newer.date), newest.newer.dated_by) == (
        True,
        "1 December 2026",
        "editor",
    )
    assert [(c.kind, c.old, c.new, c.new_source.line) for c in first.changes] == [
        ("decision_set_by_editor", None, "special arrangements", 5),
        ("decision_set_by_editor", "standard arrangements", "do not use", 9),
    ]
    assert first.changes[0].sentence == (
        "Decision set by an editor for 'slow heart rhythms': level not read → special arrangements"
    )
    assert first.changes[1].old_source.line == 9
    assert first.older.dated_by == "retrieved"
