import pytest

from guidance.parsing.duties import duty_kinds, is_duty_lead_in, lead_in_audience
from sources.parsing.contract import Audience, DutyKind

X = "example ablation for varicose veins"


@pytest.mark.parametrize(
    ("lead", "audience"),
    [
        (f"Clinicians wishing to undertake {X} should take the following actions.", Audience.CLINICIANS),
        (f"Clinicians wishing to do {X} should:", Audience.CLINICIANS),
        (f"Clinicians wanting to do {X} should:", Audience.CLINICIANS),
        (f"Healthcare professionals wanting to do {X} should:", Audience.CLINICIANS),
        ("Healthcare organisations should:", Audience.ORGANISATIONS),
        ("NHS trusts should:", Audience.ORGANISATIONS),
        ("Patients and carers should:", Audience.OTHER),
    ],
)
def test_lead_in_of_every_era_is_recognised_with_its_audience(lead, audience):
    assert is_duty_lead_in(lead) is True
    assert lead_in_audience(lead) is audience


def test_lead_in_audience_reads_the_subject_not_the_procedure():
    # "organisations" in the procedure's description does not make the list the organisations'.
    lead = "Clinicians wanting to do training for organisations should:"
    assert lead_in_audience(lead) is Audience.CLINICIANS


@pytest.mark.parametrize(
    "lead",
    [
        "Medicines that may be used to help relieve persisting limb pain after amputation include:",
        "Patient selection should be done by a multidisciplinary team.",
        "More research, preferably randomised controlled trials, is needed on:",
    ],
)
def test_is_duty_lead_in_other_sentences_are_not_lead_ins(lead):
    assert is_duty_lead_in(lead) is False


@pytest.mark.parametrize(
    ("item", "kinds"),
    [
        (
            "Inform the clinical governance leads in their healthcare organisation.",
            [DutyKind.NOTIFY_GOVERNANCE_LEADS],
        ),
        ("Inform the clinical governance leads in their Trusts.", [DutyKind.NOTIFY_GOVERNANCE_LEADS]),
        (
            "Give people (and their families and carers as appropriate) clear written information to support "
            "shared decision making, including NICE's information for the public.",
            [DutyKind.WRITTEN_PATIENT_INFORMATION],
        ),
        (
            "Take account of NICE's advice on shared decision making, including NICE's information for the "
            "public.",
            [DutyKind.WRITTEN_PATIENT_INFORMATION],
        ),
        (
            "Make sure that people (and their families and carers as appropriate) understand the procedure's "
            "safety and efficacy, and any uncertainties about these.",
            [DutyKind.UNDERSTANDING_OF_UNCERTAINTIES],
        ),
        (
            "Audit and review clinical outcomes of everyone having the procedure. The main efficacy and "
            "safety "
            "outcomes identified in this guidance can be entered into NICE's interventional procedures "
            "outcomes "
            "audit tool (for use at local discretion).",
            [DutyKind.AUDIT],
        ),
        (
            "Enter details about everyone having the procedure onto the National Neuromodulation Registry "
            "and "
            "review local clinical outcomes.",
            [DutyKind.REGISTRY_ENTRY],
        ),
        (
            "Discuss the outcomes of the procedure during their annual appraisal to reflect, learn and "
            "improve.",
            [DutyKind.ANNUAL_APPRAISAL],
        ),
        (
            "Make sure systems are in place that support clinicians to collect and report data on outcomes "
            "and "
            "safety for everyone having this procedure.",
            [DutyKind.ORGANISATIONAL_DATA_SYSTEMS],
        ),
        ("Regularly review data on outcomes and safety for this procedure.", [DutyKind.DATA_REVIEW]),
        ("Wear a blue hat.", [DutyKind.OTHER]),
    ],
)
def test_duty_kinds_of_each_duty(item, kinds):
    assert duty_kinds(item) == kinds


def test_duty_kinds_an_item_asking_for_two_things_has_both():
    item = (
        "Ensure that patients understand the uncertainty about the procedure's safety and efficacy and "
        "provide "
        "them with clear written information."
    )
    assert duty_kinds(item) == [DutyKind.WRITTEN_PATIENT_INFORMATION, DutyKind.UNDERSTANDING_OF_UNCERTAINTIES]
