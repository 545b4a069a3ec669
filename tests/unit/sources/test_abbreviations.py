"""Abbreviations a text defines: "long form words (ABBR)" and "ABBR (long form words)", never guessed."""

import pytest

from sources.abbreviations import could_be_short_form, defined_abbreviations, expansions


@pytest.mark.parametrize(
    ("text", "short", "long"),
    [
        (
            "2.5 Targeted muscle reinnervation (TMR) is a procedure that reroutes nerves.",
            "TMR",
            "Targeted muscle reinnervation",
        ),
        (
            "Offer targeted muscle reinnervation ( TMR ) only in trials.",
            "TMR",
            "targeted muscle reinnervation",
        ),
        ("TMR (targeted muscle reinnervation) reroutes cut nerves.", "TMR", "targeted muscle reinnervation"),
        (
            "Enter patients on the National Neuromodulation Registry (NNR).",
            "NNR",
            "National Neuromodulation Registry",
        ),
        (
            "The National Institute for Health and Care Excellence (NICE) decides.",
            "NICE",
            "National Institute for Health and Care Excellence",
        ),
        ("Patients with a body mass index (BMI; see the definitions) above 40.", "BMI", "body mass index"),
        ("Scans by magnetic resonance imaging (known as MRI) first.", "MRI", "magnetic resonance imaging"),
        ("Funding is decided by Integrated Care Boards (ICBs) locally.", "ICB", "Integrated Care Boards"),
        ("Risk of deep vein thrombosis (DVT), and bleeding.", "DVT", "deep vein thrombosis"),
        (
            "Laparoscopic uterine nerve ablation (LUNA) does not work.",
            "LUNA",
            "Laparoscopic uterine nerve ablation",
        ),
        ("Advice from the Department of Health (DH) applies.", "DH", "Department of Health"),
        ("The Oxford hip score\n(OHS) was used.", "OHS", "Oxford hip score"),
    ],
)
def test_defined_abbreviations_reads_each_phrasing(text, short, long):
    (found,) = defined_abbreviations(text)
    assert (found.short, found.long) == (short, long)


@pytest.mark.parametrize(
    "text",
    [
        "Read the evidence (see section 2) first.",
        "Published in June (2019).",
        "A small study (n=34) reported it.",
        "Hip Resurfacing (ARP 55) is funded.",
        "A study of pain (PS) was done.",  # P and S are not read in that order from the words before
        "The procedure (reinnervation) reroutes nerves.",  # no capital: not an abbreviation
        "It was done at one centre (UK).",  # no words before spell U, K
        "Nerves are cut (limb amputation).",
        "A procedure (TMR) was done.",  # "A procedure" does not spell TMR
        "TMR (a procedure) was done.",
    ],
)
def test_defined_abbreviations_never_guesses_one_the_text_does_not_define(text):
    assert defined_abbreviations(text) == []


def test_defined_abbreviations_keeps_the_first_definition_of_each_short_form_in_order():
    text = (
        "Spinal cord stimulation (SCS) and deep brain stimulation (DBS) differ. "
        "Later, spinal cord stimulation (SCS) again."
    )
    assert [(a.short, a.long, a.start) for a in defined_abbreviations(text)] == [
        ("SCS", "Spinal cord stimulation", 0),
        ("DBS", "deep brain stimulation", text.index("deep")),
    ]


def test_expansions_match_a_query_word_in_any_case_and_give_each_long_form_once():
    texts = [
        "Targeted muscle reinnervation (TMR) is a procedure.",
        "TMR (targeted muscle reinnervation) again.",
        "Body mass index (BMI) is not asked for.",
    ]
    assert [(a.short, a.long) for a in expansions(texts, ["tmr"])] == [
        ("TMR", "Targeted muscle reinnervation")
    ]
    assert expansions(texts, ["hip"]) == []


@pytest.mark.parametrize(
    ("word", "expected"), [("tmr", True), ("TMR", True), ("ipg722", True), ("x", False), ("12", False)]
)
def test_could_be_short_form(word, expected):
    assert could_be_short_form(word) is expected
