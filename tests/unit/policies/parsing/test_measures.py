"""policies.parsing.measures: thresholds, durations and ages in one text."""

import pytest

from policies.parsing.measures import find_age_bounds, find_durations, find_thresholds, number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6", 6),
        ("8.5", 8.5),
        ("six", 6),
        ("Twelve", 12),
    ],
)
def test_number_reads_digits_and_words(text, expected):
    assert number(text) == expected
    assert type(number(text)) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for a period of at least six months (clearly detailed)", (">=", 6, "month", "at least six months")),
        ("a minimum of 6 months of CPAP", (">=", 6, "month", "a minimum of 6 months")),
        ("at least 12 weeks of physiotherapy", (">=", 12, "week", "at least 12 weeks")),
        ("effusion over a period of 3 months", ("=", 3, "month", "3 months")),
        ("confirmed within 6 months of referral", ("<=", 6, "month", "within 6 months")),
        ("5 or more episodes in the preceding year", ("=", 1, "year", "in the preceding year")),
        ("in each of the preceding two years", ("=", 2, "year", "in each of the preceding two years")),
        ("in the last 12 months", ("=", 12, "month", "in the last 12 months")),
        ("a 6-month trial of splinting", ("=", 6, "month", "6-month")),
        ("symptoms for more than 6 weeks", (">", 6, "week", "more than 6 weeks")),
        ("no more than 3 days", ("<=", 3, "day", "no more than 3 days")),
    ],
)
def test_find_durations_reads_comparator_value_unit(text, expected):
    (found,) = find_durations(text)
    assert (found.comparator, found.value, found.unit, found.text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "adults 18 years or older",
        "patients aged 16 years",
        "children 12 years of age",
        "at least one of the following",
        "visual acuity of 6/12",
        # a time passed without the outcome: the words state no bound
        "an ulcer that is not healing within 6 weeks despite compression",
        "symptoms have failed to settle within 3 months",
        "pain has not improved within the last 6 months",
    ],
)
def test_find_durations_ignores_ages_and_non_durations(text):
    assert find_durations(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The patient has a BMI <45", [("BMI", "<", 45, None)]),
        ("BMI is 35 or above", [("BMI", ">=", 35, None)]),
        ("BMI of 40 or more", [("BMI", ">=", 40, None)]),
        ("a body mass index of less than 30 kg/m2", [("BMI", "<", 30, "kg/m2")]),
        ("Hb >115", [("Hb", ">", 115, None)]),
        ("haemoglobin ≥ 130 g/L", [("Hb", ">=", 130, "g/L")]),
        ("HbA1c <8.5", [("HbA1c", "<", 8.5, None)]),
        ("systolic <150mmHg", [("systolic blood pressure", "<", 150, "mmHg")]),
        (
            "blood pressure below 160/100",
            [("systolic blood pressure", "<", 160, None), ("diastolic blood pressure", "<", 100, None)],
        ),
        ("a reading under 150 mmHg", [("blood pressure", "<", 150, "mmHg")]),
        ("Oxford score <16", [("Oxford score", "<", 16, None)]),
        ("Oxford hip score of 16 or less", [("Oxford hip score", "<=", 16, None)]),
        (
            "hearing level of 25–30 dBHL",
            [("hearing level", ">=", 25, "dBHL"), ("hearing level", "<=", 30, "dBHL")],
        ),
        ("7 or more episodes in the last year", [("episodes", ">=", 7, None)]),
        ("seven or more well-documented episodes", [("episodes", ">=", 7, None)]),
    ],
)
def test_find_thresholds_reads_measure_comparator_value_unit(text, expected):
    found = [(t.measure, t.comparator, t.value, t.unit) for t in find_thresholds(text)]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit"),
    [
        ("visual acuity of 6/12 or worse", "<=", 0.5, "Snellen 6/12"),
        ("Snellen acuity worse than 6/18", "<", 0.33, "Snellen 6/18"),
        ("vision of 6/9 or better", ">=", 0.67, "Snellen 6/9"),
        ("best corrected visual acuity 6/12", "=", 0.5, "Snellen 6/12"),
        # the scale named between the value and its qualifier
        ("First eye: BCVA of 6/12 Snellen or worse in that eye", "<=", 0.5, "Snellen 6/12"),
        ("vision 6/9 snellen or better", ">=", 0.67, "Snellen 6/9"),
    ],
)
def test_find_thresholds_snellen_as_decimal_acuity(text, comparator, value, unit):
    (found,) = find_thresholds(text)
    assert (found.measure, found.comparator, found.value, found.unit) == (
        "visual acuity",
        comparator,
        value,
        unit,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Grade III varicose veins",
        "Class 3–6 venous disease",
        "skin changes (CEAP C4 or above)",
        "if they have 2 or more of the following symptoms",
        "Date created: 12/06/2025",
        "children under 12",
        "Has significant instability of the hip joint",
    ],
)
def test_find_thresholds_none_without_named_measure(text):
    assert find_thresholds(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("children under 12", [("max", 12, False)]),
        ("under the age of 16", [("max", 16, False)]),
        ("adults 18 years or older", [("min", 18, True)]),
        ("patients aged 16 and over", [("min", 16, True)]),
        ("over the age of 18", [("min", 18, False)]),
        ("Children (<16) with sleep apnoea", [("max", 16, False)]),
        ("patients aged 18–65", [("min", 18, True), ("max", 65, True)]),
        ("aged 75 or under", [("max", 75, True)]),
    ],
)
def test_find_age_bounds_keeps_bound_as_printed(text, expected):
    assert [(b.side, b.value, b.inclusive) for b in find_age_bounds(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "at least 12 weeks of treatment",
        "BMI under 35",
        "7 or more episodes",
    ],
)
def test_find_age_bounds_none_without_age(text):
    assert find_age_bounds(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the refusing sentence's bound is the exclusion's: read as the criterion's, it is inverted
        (
            "BMI <45. Surgery is not offered for those with a BMI>45.",
            [("BMI", "<", 45)],
        ),
        ("Not funded for patients with a BMI over 50", []),
        ("HbA1c <8.5. Surgery will not be commissioned for an HbA1c of 9.5 or more.", [("HbA1c", "<", 8.5)]),
        # "unless" states the condition to be met: read
        ("Surgery will not be funded unless the BMI is below 40", [("BMI", "<", 40)]),
    ],
)
def test_a_sentence_that_says_who_is_refused_gives_no_threshold(text, expected):
    assert [(t.measure, t.comparator, t.value) for t in find_thresholds(text)] == expected


def test_a_refusal_until_a_condition_is_met_keeps_its_duration():
    (found,) = find_durations("Surgery should not be offered until at least 6 months of physiotherapy")
    assert (found.comparator, found.value, found.unit) == (">=", 6, "month")
