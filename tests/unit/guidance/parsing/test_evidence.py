from guidance.parsing.evidence import read_evidence
from guidance.parsing.nice_layout import read_layout
from sources.parsing.contract import StudyCount
from sources.parsing.text import source_lines


def later_paragraphs(text: str):
    layout = read_layout(source_lines(text), "F")
    return [p for chapter in layout.chapters if chapter.number > 1 for p in chapter.numbered_paragraphs]


def test_read_evidence_of_the_consultation_seed(seed_text):
    evidence = read_evidence(later_paragraphs(seed_text("004")))
    assert evidence.source_count == 10
    assert evidence.studies == [
        StudyCount("systematic review", 1, 121),
        StudyCount("randomised controlled trial", 1, 121),
        StudyCount("retrospective propensity score-matched study", 1, 121),
        StudyCount("prospective case series", 1, 121),
        StudyCount("retrospective case series or cohort studies", 6, 121),
    ]
    assert evidence.key_efficacy_outcomes == ["reduction in pain", "improved quality of life"]
    assert evidence.key_safety_outcomes == ["pain", "bleeding", "infection", "reoperation"]
    assert evidence.line == 121


def test_read_evidence_counts_in_words_outcomes_as_items_and_oxford_comma(nice_document):
    evidence = read_evidence(later_paragraphs(nice_document("final_htg_number_committee_considerations")))
    assert evidence.source_count == 5
    assert evidence.studies == [
        StudyCount("randomised controlled trials", 2, 17),
        StudyCount("case series", 3, 17),
    ]
    assert evidence.key_efficacy_outcomes == ["fewer apnoea episodes per hour", "less daytime sleepiness"]
    assert evidence.key_safety_outcomes == ["infection", "device migration", "tongue weakness"]


def test_read_evidence_none_described_is_none(nice_document):
    assert (
        read_evidence(
            later_paragraphs(nice_document("final_2009_guidance_heading_normal_arrangements_replaces"))
        )
        is None
    )
