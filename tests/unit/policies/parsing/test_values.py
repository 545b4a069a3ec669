"""Values read exactly or not at all: every threshold, duration and age cites words of its own line."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.parsing import parse_icb_policy
from sources.parsing.errors import ParseError
from sources.parsing.text import source_lines

DOCUMENTS = Path(__file__).resolve().parents[3] / "data" / "documents" / "icb"


def values(policy: dict) -> list[tuple[int, str]]:
    """(line, words) of every value the policy states."""
    found = [(t["line"], t["words"]) for t in policy["thresholds"]]
    found += [(d["line"], d["words"]) for d in policy["durations"]]
    ages = policy["age_limits"]
    if ages:
        found += [(bound["line"], bound["words"]) for bound in ages["bounds"]]
    return found


def assert_words_on_their_line(text: str, policy: dict) -> None:
    lines = {line.number: line.text for line in source_lines(text)}
    for line, words in values(policy):
        assert words, (line, words)
        assert words in lines[line], (line, words, lines[line])


@pytest.mark.parametrize("path", sorted(DOCUMENTS.glob("*.txt")), ids=lambda p: p.name)
def test_every_value_of_every_test_document_is_printed_on_its_line(path):
    text = path.read_text(encoding="utf-8")
    try:
        result = parse_icb_policy(text, path.name).to_dict()
    except ParseError:
        return
    assert_words_on_their_line(text, result["policy"])


_MEASURES = st.sampled_from(
    [
        "BMI <45",
        "a BMI of 35 or above",
        "BMI does not exceed 30 kg/m²",
        "hearing level of 25–30 dBHL or worse",
        "hearing loss less severe than 25–30 dBHL",
        "visual acuity of 6/12 or worse",
        "for at least six months",
        "a minimum of 8 weeks of splinting",
        "within 6 months of referral",
        "7 or more episodes in the preceding year",
        "at least 5 occurrences in the last year",
        "contracture of 30 degrees or more",
        "fibroids greater than 3cm",
        "children under 12",
        "adults aged 18 years or over",
        "HbA1c <8.5",
        "systolic <150mmHg",
        "good evidence for short (8-12 week) term effectiveness",
        "averaged at 0.5, 1, 2 and 4 kHz",
    ]
)
_WRAP = st.sampled_from(["• {}", "- {} AND", "{} OR", "a) {}", "– {};", "  • {}", "{}"])
_LEAD_INS = st.sampled_from(
    [
        "The ICB will fund this procedure when all of the following criteria are met:",
        "Surgery will be funded for:",
        "Referral is funded if ONE of the following applies:",
        "There is sufficient evidence of need and one or more of the following apply:",
    ]
)


@settings(max_examples=200, deadline=None)
@given(_LEAD_INS, st.lists(st.tuples(_WRAP, _MEASURES, st.booleans()), min_size=1, max_size=8))
def test_values_words_are_a_substring_of_their_lines_text(lead_in, items):
    body = []
    for wrap, measure, wrapped_line in items:
        line = wrap.format(f"The patient has {measure}")
        if wrapped_line:
            # A sentence the capture wrapped onto the next line.
            line = f"{line} and the symptoms have been documented\nthroughout the primary care record"
        body.append(line)
    text = "Policy for Example Surgery\nEligibility\n" + lead_in + "\n" + "\n".join(body) + "\n"
    try:
        result = parse_icb_policy(text, "policy.txt").to_dict()
    except ParseError:
        return
    assert_words_on_their_line(text, result["policy"])


@pytest.mark.parametrize(
    "text",
    [
        "Steroid injections - good evidence for short (8-12 week) term effectiveness",
        "*For children under 5 years of age overall hearing level applies.",
        "Hearing level averaged at 0.5, 1, 2 and 4 kHz (or equivalent dBA where dBHL not available)",
        "It is recommended that the device is kept in for 6 months to assess effectiveness.",
        "Call 01732 375214 or see policy 054 (reviewed 2013)",
        "MCP contracture in one or more fingers",
    ],
)
def test_numbers_that_are_no_criterion_give_no_value(text):
    document = parse_icb_policy(
        f"Policy for Example Surgery\nEligibility\nThe ICB will fund surgery if:\n• pain\nOR\n• {text}\n",
        "policy.txt",
    ).to_dict()
    assert values(document["policy"]) == []
