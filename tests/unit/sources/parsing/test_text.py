import pytest

from sources.parsing.text import (
    ends_sentence,
    first_text_line,
    looks_like_heading,
    quote_start,
    source_lines,
    split_sentences,
    strip_table_residue,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("| 1.1 | Evidence on the procedure is adequate. |", "1.1 Evidence on the procedure is adequate."),
        ("1.1 | Evidence on the procedure is adequate. |", "1.1 Evidence on the procedure is adequate."),
        ("| --- | --- |", ""),
        # a chapter heading in a table row, a cell whose number stands alone, the end of a cell
        ("1 | Provisional recommendations |", "1 Provisional recommendations"),
        ("1.2 |", "1.2"),
        ("Closing date for comments: 22 May 2007 |", "Closing date for comments: 22 May 2007"),
        ("| Number | Recommendation |", "Number Recommendation"),
        # a pipe inside prose is not a table
        ("Scores (a | b) were reported.", "Scores (a | b) were reported."),
    ],
)
def test_strip_table_residue(text, expected):
    assert strip_table_residue(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It can reduce pain.", True),
        ("Healthcare organisations should:", True),
        ("(for use at local discretion).", True),
        ("It was called 'the best'.’", True),
        ("It has", False),
        ("removal of the damaged nervous tissue (neurolysis)", False),
        ("", False),
    ],
)
def test_ends_sentence(text, expected):
    assert ends_sentence(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The condition", True),
        ("To treat intractable pain that develops after limb amputation", True),
        ("Why the committee made these recommendations", True),
        ("Healthcare organisations should:", False),
        ("been hypothesised that the nerve endings stop causing pain", False),
        ("It is unclear who would benefit.", False),
        ("- Inform the clinical governance leads", False),
        (
            "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen",
            False,
        ),
    ],
)
def test_looks_like_heading(text, expected):
    assert looks_like_heading(text) is expected


def test_split_sentences_keeps_offsets():
    text = "It is done. Then it heals (mostly). 3 more weeks pass."
    assert split_sentences(text) == [
        (0, "It is done."),
        (12, "Then it heals (mostly)."),
        (36, "3 more weeks pass."),
    ]


def test_split_sentences_abbreviation_does_not_end_a_sentence():
    text = "It replaces guidance (Interventional Procedures Guidance no. 215, March 2007). It is new."
    assert [sentence for _, sentence in split_sentences(text)] == [
        "It replaces guidance (Interventional Procedures Guidance no. 215, March 2007).",
        "It is new.",
    ]


def test_first_text_line_skips_blank_and_nbsp_lines():
    line = first_text_line(source_lines("\n\u00a0 \n  Page not found\n"))
    assert (line.number, line.text) == (3, "Page not found")


def test_first_text_line_of_blank_text_is_none():
    assert first_text_line(source_lines(" \n\t\n")) is None


def test_quote_start_cuts_long_text():
    assert quote_start("a" * 100, limit=10) == "'aaaaaaa...'"
