"""policies.parsing.criteria: the AND/OR tree from list layouts."""

import pytest

from policies.parsing.criteria import (
    CriteriaBuilder,
    CriteriaUnreadable,
    Op,
    ends_mid_sentence,
    quantifier,
    resolve,
    tokenize,
)
from policies.parsing.layout import Connector
from policies.parsing.model import Group, Leaf
from sources.parsing.errors import ParseError


def build(text: str):
    """Feed every non-blank line; returns (tree, warnings, lines not taken)."""
    builder = CriteriaBuilder("policy.txt")
    refused = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not refused and not builder.feed(line, number) or line and refused:
            refused.append(line)
    blocks = builder.close("the end of the document")
    tree, warnings = resolve(blocks, "policy.txt", builder.joins)
    return tree, warnings + builder.warnings, refused


def shape(node):
    """A compact view: leaves as text, groups as (op, [children])."""
    if isinstance(node, Leaf):
        return node.text
    label = f"{node.op.value}{node.k}" if node.op is Op.AT_LEAST else node.op.value
    return (label, [shape(child) for child in node.children])


@pytest.mark.parametrize(
    ("text", "op", "k"),
    [
        ("if ALL of the following apply:", Op.ALL, None),
        ("meets all the following criteria", Op.ALL, None),
        ("one of the following:", Op.ANY, None),
        ("at least one of the following:", Op.ANY, None),
        ("one or more of the following", Op.ANY, None),
        ("ANY of the following:", Op.ANY, None),
        ("if ANY ONE of the following applies:", Op.ANY, None),
        ("who meet ONE of the following sections:", Op.ANY, None),
        ("if they have 2 or more of the following symptoms:", Op.AT_LEAST, 2),
        ("at least three of the following:", Op.AT_LEAST, 3),
    ],
)
def test_quantifier_reads_op_and_k(text, op, k):
    found = quantifier(text)
    assert (found.op, found.k) == (op, k)


@pytest.mark.parametrize(
    "text",
    [
        "will only fund this procedure if the following criteria is met",
        "none of the following apply",
        "The patient:",
    ],
)
def test_quantifier_none_when_not_stated(text):
    assert quantifier(text) is None


def test_own_line_and_between_items_gives_all_under_lead_in():
    tree, warnings, _ = build(
        "The ICB will fund this if the following criteria is met\nA is true,\nAND\nB is true"
    )
    assert tree.text == "The ICB will fund this if the following criteria is met"
    assert shape(tree) == ("all", ["A is true", "B is true"])
    assert warnings == []


def test_connector_at_end_of_bullet_gives_any():
    tree, _, _ = build("The patient has:\n– locking of the knee OR\n– giving way of the knee")
    assert shape(tree) == ("any", ["locking of the knee", "giving way of the knee"])


def test_connector_at_start_of_lettered_item():
    tree, _, _ = build(
        "Funded if:\na) 7 or more episodes\nOr b) 5 or more episodes\nOr c) 3 or more episodes"
    )
    assert shape(tree) == ("any", ["7 or more episodes", "5 or more episodes", "3 or more episodes"])
    assert [child.number for child in tree.children] == ["a)", "b)", "c)"]


def test_and_or_is_read_as_any():
    tree, _, _ = build("Funded for:\n• bleeding AND/OR\n• ulceration AND/ OR\n• thrombophlebitis")
    assert shape(tree) == ("any", ["bleeding", "ulceration", "thrombophlebitis"])


def test_capital_and_inside_one_branch_makes_all_node():
    tree, _, _ = build(
        "Funded for:\n• severe symptoms OR\n• moderate symptoms AND not responded to 6 months conservative "
        "management"
    )
    assert shape(tree) == (
        "any",
        [
            "severe symptoms",
            ("all", ["moderate symptoms", "not responded to 6 months conservative management"]),
        ],
    )


def test_or_inside_and_from_nested_list():
    tree, _, _ = build("Funded if:\nA is met\nAND\nThe patient:\n– has x\nOR\n– has y")
    assert shape(tree) == ("all", ["A is met", ("any", ["has x", "has y"])])
    assert tree.children[1].text == "The patient:"


def test_inline_chain_reads_each_or_run_as_one_alternative_with_warning():
    # A list printed "A AND B OR C" gives "A and (B or C)": each run joined by OR is one
    # alternative, AND joins the runs (a tonsillectomy page's "A AND B AND C OR D OR E").
    tree, warnings, _ = build("Funded if A holds AND B holds OR C holds")
    assert shape(tree) == ("all", ["Funded if A holds", ("any", ["B holds", "C holds"])])
    assert len(warnings) == 1
    assert "each run of items joined by OR one alternative" in warnings[0].message


def test_own_line_chain_reads_or_runs_as_alternatives():
    tree, warnings, _ = build("Funded when:\n• A\nAND\n• B\nOR\n• C\nAND\n• D")
    assert shape(tree) == ("all", ["A", ("any", ["B", "C"]), "D"])
    assert tree.connector == "stated"
    assert warnings[0].line == 1


def test_and_chain_then_or_chain_is_all_with_one_alternatives_group():
    tree, _, _ = build(
        "Commissioned if the following criteria are met:\n- A AND\n- B AND\n- C OR\n- D OR\n- E"
    )
    assert shape(tree) == ("all", ["A", "B", ("any", ["C", "D", "E"])])


def test_numbered_item_with_lettered_sub_items_becomes_group():
    tree, _, _ = build(
        "Funded if ALL of the following:\n1. Pain for 6 months\n2. Loss of function\na) at work\nOr b) at "
        "home\n"
        "3. Imaging shows damage"
    )
    assert shape(tree) == (
        "all",
        [
            "Pain for 6 months",
            ("any", ["at work", "at home"]),
            "Imaging shows damage",
        ],
    )
    sub = tree.children[1]
    assert (sub.text, sub.number) == ("Loss of function", "2")


def test_table_cell_dots_are_a_list_under_the_cell_label():
    tree, _, _ = build(
        "Funded when ANY of the following:\n| Recurrent sore throat | · 7 episodes OR · 5 episodes |"
    )
    assert shape(tree) == ("any", [("any", ["7 episodes", "5 episodes"])])
    assert tree.children[0].text == "Recurrent sore throat:"


def test_at_least_k_from_lead_in():
    tree, _, _ = build("If they have 2 or more of the following symptoms:\n• cough\n• fever\n• rash")
    assert tree.op is Op.AT_LEAST
    assert tree.k == 2
    assert tree.to_dict()["k"] == 2


def test_connectors_win_over_contradicting_quantifier_with_warning():
    # Stated connectors are read; the disagreement is never resolved silently.
    tree, warnings, _ = build("Funded if ALL of the following:\n• A OR\n• B")
    assert tree.op is Op.ANY
    assert tree.connector == "stated"
    assert warnings[0].message == (
        "the lead-in says 'ALL of the following' but its items are joined by OR: read as the connectors state"
    )


def test_missing_connectors_before_the_first_stated_one_take_the_lead_in_operator():
    tree, warnings, _ = build("Funded when one of the following criteria are met:\n• A\n• B\n• C\n• AND D")
    assert shape(tree) == ("all", [("any", ["A", "B", "C"]), "D"])
    tree, _, _ = build("Funded if they meet all the following criteria:\n- A\n- B\nOR - C\nOR - D")
    assert shape(tree) == ("any", [("all", ["A", "B"]), "C", "D"])


def test_missing_connector_between_stated_ors_under_all_is_not_read():
    with pytest.raises(CriteriaUnreadable) as error:
        build("The following documented evidence applies:\n• A; or\n• B;\n• C; or\n• D")
    assert error.value.line == 4


def test_connector_printed_once_before_last_item_stands_for_list():
    tree, _, _ = build("Funded if:\n• A;\n• B; and\n• C")
    assert shape(tree) == ("all", ["A", "B", "C"])


def test_item_without_connector_after_connected_items_ends_list():
    _, _, refused = build("Funded if:\nA\nAND\nB\nPatients are reviewed yearly")
    assert refused == ["Patients are reviewed yearly"]


def test_unmarked_line_after_marked_list_ends_list():
    tree, _, refused = build("Funded if ALL of the following:\n• A\n• B\nThe service audits outcomes")
    assert shape(tree) == ("all", ["A", "B"])
    assert refused == ["The service audits outcomes"]


def test_letter_i_after_h_continues_the_lettered_list():
    tree, _, _ = build("Any of the following:\ng) x\nh) y\ni) z")
    assert [child.number for child in tree.children] == ["g)", "h)", "i)"]


def test_roman_items_under_lettered_item_are_sub_list():
    tree, _, _ = build("Any of the following:\na) x\ni) p\nOr ii) q\nb) y")
    assert shape(tree) == ("any", [("any", ["p", "q"]), "y"])


def test_single_item_is_all_of_one():
    tree, _, _ = build("Funded if the following criterion is met:\n• A")
    assert shape(tree) == ("all", ["A"])


def test_root_without_lead_in_holding_one_group_is_that_group():
    tree, _, _ = build("2.1 Funded when ALL of the following:\n2.1.1 A\n2.1.2 B")
    assert isinstance(tree, Group)
    assert (tree.text, tree.number) == ("Funded when ALL of the following:", "2.1")


def test_leaf_text_keeps_asterisk_and_full_stop_drops_comma_and_semicolon():
    tree, _, _ = build("Funded if:\n– impairment*,\nOR\n– pain;\nOR\n– risk of destruction.")
    assert [leaf.text for leaf in tree.leaves()] == ["impairment*", "pain", "risk of destruction."]


def test_tokenize_splits_cells_and_connectors():
    tokens = tokenize("Label: · a OR · b", 4)
    assert [(t.text, t.lead_in, t.trailing, t.style) for t in tokens] == [
        ("Label:", True, None, "plain"),
        ("a", False, Connector.OR, "cell@4"),
        ("b", False, None, "cell@4"),
    ]


def test_lead_in_words_state_the_operator_of_a_list_without_connectors():
    # "the following criteria are met" states all of them (the lead-in, not a guess).
    tree, _, _ = build("Funded when the following criteria are met:\n• A\n• B")
    assert (shape(tree), tree.connector, tree.to_dict()["connector_line"]) == (
        ("all", ["A", "B"]),
        "lead_in",
        1,
    )
    tree, _, _ = build("Knee arthroscopy will be funded for:\n• A\n• B")
    assert (shape(tree), tree.connector) == (("any", ["A", "B"]), "lead_in")


@pytest.mark.parametrize(
    "lead_in",
    [
        "Funded in the following circumstances:",
        "The following:",
        "Surgery is offered where:",
        "Referral criteria apply as follows:",
    ],
)
def test_list_whose_operator_neither_connectors_nor_lead_in_state_is_not_read(lead_in):
    with pytest.raises(CriteriaUnreadable) as error:
        build(f"{lead_in}\n• A\n• B")
    assert error.value.line == 1
    assert error.value.message.startswith("an AND/OR between the 2 criteria under")


def test_refuses_connector_with_nothing_after():
    with pytest.raises(ParseError) as error:
        build("Funded if:\nA\nOR")
    assert error.value.line == 3
    assert error.value.message == "a criterion after 'OR', found the end of the document"


def test_refuses_connector_before_first_item():
    with pytest.raises(ParseError) as error:
        build("Funded if:\nOR\n• A\n• B")
    assert (error.value.line, error.value.message) == (
        3,
        "a criterion before 'OR', found 'A' first in its list",
    )


def test_refuses_quantifier_with_no_items():
    builder = CriteriaBuilder("policy.txt")
    builder.feed("Funded if ALL of the following apply:", 7)
    with pytest.raises(ParseError) as error:
        builder.close("the heading 'Definitions'")
    assert error.value.line == 7
    assert error.value.message == (
        "items after 'Funded if ALL of the following apply:', found the heading 'Definitions'"
    )


def test_refuses_nested_lead_in_whose_items_are_not_marked_apart():
    with pytest.raises(CriteriaUnreadable) as error:
        build("Funded if:\nA\nAND\nThe patient:\nHas pain")
    assert error.value.message == "items after 'The patient:', found 'Has pain'"


def test_refuses_at_least_more_than_items():
    with pytest.raises(ParseError) as error:
        build("At least 3 of the following:\n• A\n• B")
    assert error.value.message == "at least 3 criteria after 'At least 3 of the following', found 2"


def test_refuses_mixed_connectors_with_one_missing():
    with pytest.raises(CriteriaUnreadable) as error:
        build("Funded if:\n• A\n• B AND\n• C OR\n• D")
    assert (error.value.line, error.value.message) == (
        3,
        "an AND/OR between two criteria of the list under 'Funded if:', where the list states other "
        "connectors, found none",
    )


def test_refuses_two_different_connectors_in_one_gap():
    with pytest.raises(ParseError) as error:
        build("Funded if:\n• A AND\nOR\n• B")
    assert error.value.message == "one connector between two criteria, found 'AND' and then 'OR'"


def test_connector_after_bullet_joins_the_item_before():
    tree, _, _ = build("Funded if:\n– has pain\n– OR has swelling")
    assert shape(tree) == ("any", ["has pain", "has swelling"])


def test_refuses_two_inline_connectors_with_nothing_between():
    with pytest.raises(ParseError) as error:
        build("Funded if A holds AND OR B holds")
    assert error.value.message == "a criterion after 'AND' in 'Funded if A holds AND OR B holds', found none"


@pytest.mark.parametrize(
    "text",
    [
        "Has radiological features of moderate disease and is suffering from.",
        "The patient is referred to the",
        "the patient has pain with",
    ],
)
def test_ends_mid_sentence_true_for_dangling_word(text):
    assert ends_mid_sentence(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "The patient is at risk of destruction of their joint.",
        "significant functional impairment*",
        "BMI <45",
        "pain with",
        "A",
    ],
)
def test_ends_mid_sentence_false_for_complete_text(text):
    assert ends_mid_sentence(text) is False
