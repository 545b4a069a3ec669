import pytest

from guidance.parsing.levels import decision_label, recommendation_level
from sources.parsing.contract import Level

X = "example ablation for varicose veins"


@pytest.mark.parametrize(
    "text",
    [
        # 2003-2009 final guidance and consultations
        f"Current evidence on the safety and efficacy of {X} appears adequate to support the use of this "
        "procedure provided that normal arrangements are in place for consent, audit and clinical "
        "governance.",
        # IPG283: "consent" missing
        f"Current evidence on the safety and efficacy of {X} appears adequate to support the use of this "
        "procedure provided that normal arrangements are in place for clinical governance and audit.",
        # 2007 consultation
        f"Evidence on the safety and efficacy of {X} is adequate to support the use of this procedure "
        "provided that normal arrangements are in place for consent, audit and clinical governance.",
        # about 2016-2024
        f"Evidence on the safety and efficacy of {X} is adequate to support using this procedure provided "
        "that standard arrangements are in place for clinical governance, consent and audit.",
        # newer
        f"{X} can be used in the NHS with standard arrangements for clinical governance, consent and audit.",
    ],
)
def test_recommendation_level_standard_wordings_of_every_era(text):
    assert recommendation_level(text) is Level.STANDARD


@pytest.mark.parametrize(
    "text",
    [
        # IPG267, 2008
        f"Evidence on {X} is limited in quantity and quality. Therefore, this procedure should only be used "
        "with special arrangements for clinical governance, consent and audit or research.",
        # IPG581, 2017: "should not be used unless" is special, not do not use
        f"Evidence on the safety of {X} shows serious complications. Therefore, this procedure should not be "
        "used unless there are special arrangements in place for clinical governance, consent, and audit "
        "or research.",
        f"Evidence on {X} is inadequate. But because this is a rare condition, the procedure can be "
        "considered "
        "as long as special arrangements for clinical governance, consent, and audit or research are in "
        "place.",
        # 2025
        f"{X} can be used in the NHS while more evidence is generated to treat varicose veins. It can only "
        "be "
        "used with special arrangements for clinical governance, consent, and audit or research.",
        # 2000s
        f"Current evidence on the safety and efficacy of {X} does not appear adequate for this procedure "
        "to be "
        "used without special arrangements for consent and for audit or research.",
    ],
)
def test_recommendation_level_special_wordings_of_every_era(text):
    assert recommendation_level(text) is Level.SPECIAL


def test_recommendation_level_while_more_evidence_is_generated_alone_is_special():
    assert (
        recommendation_level(f"{X} can be used in the NHS while more evidence is generated.") is Level.SPECIAL
    )


@pytest.mark.parametrize(
    "text",
    [
        # IPG453, 2013
        f"Evidence on the safety and efficacy of {X} is inadequate in quantity and quality. Therefore, this "
        "procedure should only be used in the context of research.",
        # IPG599, 2017
        f"Evidence on {X} shows there are serious but well-recognised safety concerns. Therefore, this "
        "procedure should only be used in the context of research.",
        # 2025
        f"More research is needed on {X} before it can be used in the NHS to treat varicose veins.",
        "This procedure should only be done as part of a formal research study and a research ethics "
        "committee needs to have approved its use.",
        # the arrangements table
        "Use only in the context of a formal research protocol.",
        "This procedure should not be used outside the context of research.",
    ],
)
def test_recommendation_level_research_only_wordings_of_every_era(text):
    assert recommendation_level(text) is Level.RESEARCH_ONLY


@pytest.mark.parametrize(
    "text",
    [
        # IPG234, 2007
        f"Current evidence on {X} suggests that it is not efficacious and therefore it should not be used.",
        # IPG230, 2007
        f"{X} alone should not be used as a treatment for leg ulcers because it cannot demonstrate "
        "clinically useful benefit.",
        # the arrangements table
        "The procedure should not be used in the National Health Service (NHS).",
        "This procedure should not be used in the NHS.",
    ],
)
def test_recommendation_level_do_not_use_wordings_of_every_era(text):
    assert recommendation_level(text) is Level.DO_NOT_USE


@pytest.mark.parametrize(
    "text",
    [
        f"Clinicians wanting to do {X} should:",
        "Healthcare organisations should:",
        "This technically challenging procedure should only be done in specialist centres by surgeons with "
        "specific training and experience.",
        "Further research, which could be registry data, should report details of patient selection.",
        "More research, preferably randomised controlled trials, is needed on:",
        "Find out what special arrangements mean on the NICE interventional procedures guidance page.",
        # a population restriction decides nothing
        "This procedure should not be done in children.",
        "Patient selection should be done by a multidisciplinary team.",
        # a condition on use, not a decision against it
        "Because of safety concerns, the procedure should not be used unless other treatments have failed.",
    ],
)
def test_recommendation_level_paragraphs_that_decide_nothing_are_none(text):
    assert recommendation_level(text) is None


def test_recommendation_level_special_arrangements_naming_research_is_not_research_only():
    text = (
        "It can only be used with special arrangements for clinical governance, consent, and audit "
        "or research."
    )
    assert recommendation_level(text) is Level.SPECIAL


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # 2007: "performed only in research studies"
        (
            f"There is uncertainty about the efficacy of {X}. It should therefore be performed only in research "
            "studies designed to investigate this.",
            Level.RESEARCH_ONLY,
        ),
        # 2023 consultation: "should be used only in research"
        (
            f"Evidence on {X} is inadequate. So, this procedure should be used only in research.",
            Level.RESEARCH_ONLY,
        ),
        (f"{X} should only be used in the context of controlled clinical trials.", Level.RESEARCH_ONLY),
        # 2024-25 standard wordings
        (f"{X} can be used as an option for varicose veins in adults.", Level.STANDARD),
        (
            f"Use {X} as an option to treat varicose veins with standard arrangements in place for clinical "
            "governance, consent and audit.",
            Level.STANDARD,
        ),
        # the old formula cut by the capture before its arrangements
        (f"Evidence on {X} is adequate to support the use of this procedure provide", Level.STANDARD),
        (
            f"Current evidence on {X} does not appear adequate to support the use of this procedure without spec",
            Level.SPECIAL,
        ),
        # a bare "should not be used" closing a paragraph about the evidence
        (
            f"Current evidence on the efficacy of {X} is inadequate. Therefore, this procedure should not be used.",
            Level.DO_NOT_USE,
        ),
        (
            f"The evidence on {X} shows no benefit. Therefore it should not be used in the NHS.",
            Level.DO_NOT_USE,
        ),
        (
            f"The evidence on {X} shows no benefit in mild disease. For people with mild disease, this procedure "
            "should not be used.",
            Level.DO_NOT_USE,
        ),
    ],
)
def test_recommendation_level_wordings_of_real_pages(text, level):
    assert recommendation_level(text) is level


@pytest.mark.parametrize(
    "text",
    [
        # the bare sentence with no evidence before it decides nothing
        "Therefore, this procedure should not be used.",
        # "without" something other than special arrangements is no special wording
        f"Evidence is not adequate to support the use of {X} without further research.",
        # an evidence generation recommendation is none of the four
        f"{X} can be used in the NHS during the evidence generation period as an option to treat varicose "
        "veins. There must be enhanced informed consent and auditing of outcomes.",
    ],
)
def test_recommendation_level_is_none_for_these(text):
    assert recommendation_level(text) is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            f"{X} can be used in the NHS during the evidence generation period as an option to treat varicose "
            "veins. There must be enhanced informed consent and auditing of outcomes.",
            "evidence_generation",
        ),
        (
            f"When surgery is not an option, {X} can be used during the evidence generation period for leg ulcers.",
            "evidence_generation",
        ),
        (f"{X} should only be used with special arrangements for clinical governance.", "special"),
        ("Healthcare organisations should:", None),
    ],
)
def test_decision_label_names_the_evidence_generation_recommendation(text, label):
    assert decision_label(text) == label
