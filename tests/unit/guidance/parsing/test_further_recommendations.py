import pytest

from guidance.parsing.further_recommendations import is_research_need, service_requirements
from sources.parsing.contract import ServiceRequirementKind as Kind


def test_service_requirements_specialist_centres_and_training_in_one_sentence():
    text = (
        "This technically challenging procedure should only be done in specialist centres by surgeons with "
        "specific training and experience in upper limb lengthening techniques, using a multidisciplinary "
        "approach."
    )
    assert [(kind, offset) for kind, offset, _ in service_requirements(text)] == [
        (Kind.SPECIALIST_CENTRES, 0),
        (Kind.SURGEON_TRAINING, 0),
    ]


def test_service_requirements_names_the_sentence_that_states_it():
    text = "The procedure is complex. Patient selection should be done by a multidisciplinary team."
    assert service_requirements(text) == [
        (
            Kind.MULTIDISCIPLINARY_SELECTION,
            26,
            "Patient selection should be done by a multidisciplinary team.",
        )
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The procedure is done using a multidisciplinary approach.",
        "Patient selection should be carried out by an ear, nose and throat surgeon.",
        "Inform the clinical governance leads in their healthcare organisation.",
    ],
)
def test_service_requirements_none_stated(text):
    assert service_requirements(text) == []


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Further research, which could be registry data, should report details of patient selection.", None),
        ("Further research should include suitably powered randomised controlled trials.", None),
        ("More research, preferably randomised controlled trials, is needed on:", None),
        ("NICE encourages further research into the procedure.", None),
        ("Studies should report long-term outcomes.", "What research is needed"),
    ],
)
def test_is_research_need_wordings_and_heading(text, heading):
    assert is_research_need(text, heading) is True


@pytest.mark.parametrize(
    "text",
    [
        "Patient selection should be done by a multidisciplinary team.",
        "Publication of safety and efficacy outcomes will be useful.",
    ],
)
def test_is_research_need_other_paragraphs_are_not(text):
    assert is_research_need(text, None) is False
