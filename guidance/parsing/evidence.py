"""The evidence base a NICE document describes in its committee considerations.

Input: the numbered paragraphs after chapter 1 (layout removed). NICE
documents since about 2015 describe the evidence in fixed sentences:

- "... detailed review of the evidence from 10 sources ..." -> source_count 10
- "The evidence included 1 systematic review, 1 randomised controlled trial
  (also included in the systematic review), ... and 6 retrospective case series
  or cohort studies (1 of which ...)." -> one StudyCount per "N study type",
  asides in brackets dropped, counts as digits or words ("two")
- "... considered the key efficacy outcomes to be: reduction in pain and
  improved quality of life." -> ["reduction in pain", "improved quality of
  life"]; the same for "key safety outcomes"; the outcomes may also be the
  paragraph's list items.

A document that prints none of these has no ``Evidence`` (None).
"""

from __future__ import annotations

import re

from guidance.parsing.nice_layout import Paragraph
from sources.parsing.contract import Evidence, StudyCount

_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_COUNT = rf"(?:\d+|{'|'.join(_NUMBER_WORDS)})"

_SOURCE_COUNT = re.compile(rf"\b(?P<count>{_COUNT})\s+sources\b", re.IGNORECASE)
_STUDY_LIST = re.compile(r"\bevidence\s+(?:included|comprised|consisted of)\s+(?P<list>[^.]+)", re.IGNORECASE)
_STUDY = re.compile(rf"^(?P<count>{_COUNT})\s+(?P<type>\S.*)$", re.IGNORECASE)
# Between two studies: a comma, "and", or both; "and" only when a count follows,
# so "case series and cohort studies" stays one type.
_STUDY_SEPARATOR = re.compile(rf"\s*,\s*(?:and\s+)?|\s+and\s+(?={_COUNT}\s)", re.IGNORECASE)
_ASIDE = re.compile(r"\s*\([^()]*\)")
_KEY_OUTCOMES = re.compile(
    r"\bkey\s+(?P<kind>efficacy|safety)\s+outcomes\s+to\s+be\s*:?\s*(?P<list>[^.]*)", re.IGNORECASE
)
_AND = re.compile(r"\s+and\s+")


def read_evidence(paragraphs: list[Paragraph]) -> Evidence | None:
    """The evidence base described in ``paragraphs``, or None when they describe none."""
    evidence = Evidence()
    for paragraph in paragraphs:
        text = _ASIDE.sub("", paragraph.text)
        found = [
            _read_source_count(text, evidence),
            _read_studies(text, paragraph.line, evidence),
            _read_key_outcomes(paragraph, evidence),
        ]
        if any(found) and evidence.line is None:
            evidence.line = paragraph.line
    return evidence if evidence.line is not None else None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _read_source_count(text: str, evidence: Evidence) -> bool:
    match = _SOURCE_COUNT.search(text)
    if match is None or evidence.source_count is not None:
        return False
    evidence.source_count = _count(match.group("count"))
    return True


def _read_studies(text: str, line: int, evidence: Evidence) -> bool:
    match = _STUDY_LIST.search(text)
    if match is None or evidence.studies:
        return False
    for part in _STUDY_SEPARATOR.split(match.group("list").strip()):
        study = _STUDY.match(part.strip())
        if study:
            evidence.studies.append(StudyCount(study.group("type"), _count(study.group("count")), line))
    return bool(evidence.studies)


def _read_key_outcomes(paragraph: Paragraph, evidence: Evidence) -> bool:
    match = _KEY_OUTCOMES.search(paragraph.text)
    if match is None:
        return False
    listed = match.group("list").strip()
    outcomes = _split_outcomes(listed) if listed else [item.text.rstrip(".;,") for item in paragraph.items]
    target = (
        evidence.key_efficacy_outcomes
        if match.group("kind").lower() == "efficacy"
        else evidence.key_safety_outcomes
    )
    if target:
        return False
    target.extend(outcomes)
    return bool(outcomes)


def _split_outcomes(listed: str) -> list[str]:
    """ "pain, bleeding, infection and reoperation" -> 4 outcomes; the last "and" joins the last two."""
    parts = [part.strip() for part in listed.split(",") if part.strip()]
    if not parts:
        return []
    last = parts.pop()
    if last.lower().startswith("and "):  # an Oxford comma: "a, b, and c"
        return [*parts, last[4:].strip()]
    return [*parts, *(part.strip() for part in _AND.split(last, maxsplit=1))]
