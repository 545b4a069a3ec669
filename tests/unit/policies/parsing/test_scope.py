"""policies.parsing.scope: exclusions, notes and the IFR route."""

import pytest

from policies.parsing.scope import (
    exclusion_sentences,
    ifr_sentence,
    is_aside,
    is_exclusion_lead_in,
    not_routinely_commissioned,
    without_note_prefix,
)


def test_exclusion_sentences_picks_contraindication_from_description():
    text = (
        "In hip resurfacing, the femoral head is not removed. The procedure is contraindicated in females. "
        "It is done under general anaesthetic."
    )
    assert exclusion_sentences(text) == ["The procedure is contraindicated in females."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("N.B. These criteria do not apply to children.", ["These criteria do not apply to children."]),
        (
            "This policy does not apply to cancer referrals.",
            ["This policy does not apply to cancer referrals."],
        ),
        (
            "Patients with diabetes are excluded from this policy.",
            ["Patients with diabetes are excluded from this policy."],
        ),
        ("It is contra-indicated in pregnancy.", ["It is contra-indicated in pregnancy."]),
        ("Surgery relieves pain.", []),
    ],
)
def test_exclusion_sentences(text, expected):
    assert exclusion_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "N.B. These criteria do not apply to patients with suspected cancer.",
        "Note: the service reviews outcomes yearly.",
        "Patients who do not meet these criteria may apply through the IFR process.",
        "This procedure is not routinely commissioned.",
        "This policy does not apply to children",
    ],
)
def test_is_aside_true_for_notes(text):
    assert is_aside(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "The patient has severe pain and conservative management is contra-indicated.",
        "Has significant instability of the hip joint",
    ],
)
def test_is_aside_false_for_criteria(text):
    assert is_aside(text) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This policy does not apply to:", True),
        ("Policy exclusions:", True),
        ("The following red flag symptoms need urgent referral:", True),
        ("This policy does not apply to children.", False),
        ("The patient:", False),
    ],
)
def test_is_exclusion_lead_in(text, expected):
    assert is_exclusion_lead_in(text) is expected


def test_ifr_sentence_returns_the_sentence_naming_the_route():
    text = "Surgery is funded as below. Other cases go to the Individual Funding Request panel. Thank you."
    assert ifr_sentence(text) == "Other cases go to the Individual Funding Request panel."
    assert ifr_sentence("Surgery is funded as below.") is None


def test_not_routinely_commissioned_as_printed():
    assert not_routinely_commissioned("Treatment is Not Routinely Commissioned for cosmetic reasons.") == (
        "Not Routinely Commissioned"
    )
    assert not_routinely_commissioned("Treatment is routinely commissioned.") is None


def test_without_note_prefix():
    assert without_note_prefix("NB: check the notes") == "check the notes"
    assert without_note_prefix("Nobody is excluded") == "Nobody is excluded"
