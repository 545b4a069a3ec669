"""policies.parsing.definitions: defined terms and the leaves that use them."""

import pytest

from policies.parsing.definitions import (
    DefinitionStart,
    definition_start,
    is_table_rule,
    link_definitions,
    section_entry,
    uses_definition,
)
from policies.parsing.model import Definition, Leaf


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "*Significant functional impairment is defined as:",
            DefinitionStart(
                "Significant functional impairment", "Significant functional impairment is defined as:", "*"
            ),
        ),
        (
            "*Conservative treatment for 6 months must include:",
            DefinitionStart(
                "Conservative treatment for 6 months",
                "Conservative treatment for 6 months must include:",
                "*",
            ),
        ),
        (
            "* Activities of daily living include washing and dressing.",
            DefinitionStart(
                "Activities of daily living", "Activities of daily living include washing and dressing.", "*"
            ),
        ),
        (
            "Severe pain is defined as pain at rest.",
            DefinitionStart("Severe pain", "Severe pain is defined as pain at rest.", None),
        ),
    ],
)
def test_definition_start_reads_term_text_marker(line, expected):
    assert definition_start(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "* physiotherapy",
        "Conservative management must include physiotherapy",
        "The patient has significant functional impairment*",
    ],
)
def test_definition_start_none_for_items_and_criteria(line):
    assert definition_start(line) is None


@pytest.mark.parametrize(
    ("line", "term", "text"),
    [
        ("Symptoms: pain, aching or swelling.", "Symptoms", "Symptoms: pain, aching or swelling."),
        ("Mild – symptoms that do not limit activity", "Mild", "Mild – symptoms that do not limit activity"),
        (
            "| Severe | Symptoms that prevent daily activities |",
            "Severe",
            "Severe – Symptoms that prevent daily activities",
        ),
    ],
)
def test_section_entry_reads_term_lines_and_table_rows(line, term, text):
    entry = section_entry(line)
    assert (entry.term, entry.text, entry.marker) == (term, text, None)


def test_section_entry_none_for_prose():
    assert section_entry("these terms are used in the criteria above") is None


def test_is_table_rule():
    assert is_table_rule("|---|---|") is True
    assert is_table_rule("| Mild | x |") is False


def definition(term, marker=None):
    return Definition(term=term, text=f"{term} is defined as:", line=1, marker=marker)


def test_uses_definition_by_term_mention_any_case_and_plural():
    assert uses_definition(
        "with Significant Functional Impairments", definition("significant functional impairment")
    )
    assert not uses_definition(
        "with moderate functional impairment", definition("significant functional impairment")
    )


def test_uses_definition_by_asterisk_after_first_words_of_term():
    long_term = definition("Conservative treatment for 6 months", marker="*")
    assert uses_definition("has completed conservative treatment* without benefit", long_term)
    assert not uses_definition("has completed treatment* without benefit", long_term)
    assert not uses_definition("has completed conservative treatment without benefit", long_term)


def test_link_definitions_fills_both_sides_and_reports_unexplained_asterisk():
    leaves = [
        Leaf("pain with significant functional impairment*", 3, key="a"),
        Leaf("instability*", 4, key="b"),
        Leaf("radiological features", 5, key="c"),
    ]
    definitions = [definition("Significant functional impairment", marker="*")]
    unexplained = link_definitions(leaves, definitions)
    assert [leaf.definitions for leaf in leaves] == [["Significant functional impairment"], [], []]
    assert definitions[0].used_by == ["a"]
    assert unexplained == [leaves[1]]
