"""sources.changes.diff: what a load added, changed and removed, from two snapshots. Pure."""

from sources.changes import Record, diff


def record(kind, key, title, version="", **parts):
    return {(kind, key, version): Record(kind=kind, key=key, version=version, title=title, parts=parts)}


def test_everything_is_added_into_an_empty_database():
    after = {**record("procedure", "p", "P", title_and_identifier="1"), **record("document", "d.txt", "D")}
    changes = diff({}, after)
    assert [(c.action, c.kind, c.key, c.summary) for c in changes] == [
        ("added", "procedure", "p", "New procedure."),
        ("added", "document", "d.txt", "New source document."),
    ]


def test_changed_parts_are_named_in_declaration_order():
    before = record("procedure", "p", "P", **{"recommendations": "1", "timeline": "1", "duties": "1"})
    after = record("procedure", "p", "P", **{"recommendations": "2", "timeline": "2", "duties": "1"})
    (change,) = diff(before, after)
    assert (change.action, change.summary) == ("changed", "Changed: recommendations, timeline.")


def test_removed_records_keep_their_old_title_and_nothing_changed_gives_nothing():
    before = record("policy", "hip", "LLR ICB: Hip", version="003.txt", criteria="1")
    (change,) = diff(before, {})
    assert (change.action, change.key, change.version, change.title) == (
        "removed",
        "hip",
        "003.txt",
        "LLR ICB: Hip",
    )
    assert diff(before, before) == []
