"""Header and trailer metadata of an ICB policy: reference, dates, status, title.

Layouts read (``shared/phrasing.md`` §5, Header metadata):

- "Label: value" fields, several per line when separated by "/" or "|"
  ("Date: April 2014 / Last reviewed: May 2015"):
  reference ("Policy number: SRP 032", "Reference: GM028"), the title
  ("Policy Name: Grommets", "Title/Topic: Tonsillectomy"), status
  ("Status: Individual Funding Approval | Group Prior Approval | ..."),
  category, places covered, and dates: review ("Next review date",
  "Next Review Date", "Review Date", "Date of review"), effective
  ("Effective date"), ratified ("Ratification Date"), created ("Date
  created: 12/06/2025, 14:28"), last_reviewed ("Last reviewed"), published,
  approved, updated, and a bare "Date:" (the document's date, ``document``).
- a reference code before a field: the LLR trailer "ARP 55 Review Date: 2026"
  gives reference "ARP 55" and a year-precision review date.
- a document library's label / value pairs ("RAG rating" / "n/a", "Document
  type" / "Clinical policy", "Place" / the ICB), read so that none is taken for
  the title;
- a label alone on its line with the value on the next ("Category" then
  "Threshold Criteria"; "Places covered by" then the places; a table's
  "Ratification date |" then "25 May 2021 |").

A field is read only at the start of a line or after a "/" or "|" separator,
so prose mentioning a review date is never a field. The page's own dates
("Page last reviewed: ...") are removed as furniture by ``cleanup`` first.
"Status:" is the funding status when it speaks of funding, approval or
commissioning; any other status ("Approved", "Draft") is the document status.
An impossible date ("31 February 2026") refuses the document.

Organisation: the first issuing body printed as "<Name> ICB", "<Name> CCG(s)",
"<Name> Integrated Care Board" or "... Clinical Commissioning Group", as
printed; a short form ("LLR ICB") is preferred to a long one when both are
printed. Title: the subject of "Policy for/on <subject>", of "<subject>
Policy", of "Policy: <subject>" or of "<subject> – Criteria Led Commissioning
Statement"; failing those, the page heading (the first
line, when it is a short heading and not a field, heading or organisation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sources.parsing.dates import find_date

DATE_FIELDS: list[tuple[str, str]] = [
    ("review", r"next\s+review\s+date|review\s+date|date\s+of\s+(?:next\s+)?review|next\s+review"),
    ("last_reviewed", r"(?:date\s+)?last\s+reviewed"),
    ("effective", r"effective\s+date|date\s+effective|effective\s+from|implementation\s+date"),
    ("ratified", r"ratification\s+date|date\s+(?:of\s+)?ratifi(?:ed|cation)|ratified(?:\s+on)?"),
    ("created", r"date\s+created|created(?:\s+on)?"),
    ("published", r"date\s+published|publication\s+date|published(?:\s+on)?"),
    ("approved", r"date\s+approved|approval\s+date|approved\s+on"),
    ("updated", r"date\s+updated|last\s+updated|updated"),
    ("document", r"date"),
]
OTHER_FIELDS: list[tuple[str, str]] = [
    ("reference", r"policy\s+(?:number|no\.?|reference|ref\.?|id)|reference(?:\s+number)?|ref\.?"),
    ("status", r"(?:funding\s+|commissioning\s+|policy\s+)?status"),
    ("category", r"(?:policy\s+)?category"),
    ("policy_name", r"policy\s+(?:name|title)|title/topic"),
    ("places_covered", r"places\s+covered(?:\s+by)?"),
    # A document library's labels ("Document type" / "Clinical policy", "Place" / the ICB): not the title.
    ("library_field", r"document\s+type|output\s+type|rag\s+rating|place"),
]
FIELDS = DATE_FIELDS + OTHER_FIELDS
DATE_NAMES = frozenset(name for name, _ in DATE_FIELDS)

_LABEL = "|".join(f"(?:{pattern})" for _, pattern in FIELDS)
_CODE = r"(?-i:[A-Z]{2,6}\s?\d{1,4}[A-Za-z]?)"
FIELD = re.compile(rf"^(?:(?P<code>{_CODE})\s+)?(?P<label>{_LABEL})\s*:\s*(?P<value>.*)$", re.IGNORECASE)
FIELD_SEPARATOR = re.compile(rf"\s+[/|]\s+(?=(?:{_LABEL})\s*:)", re.IGNORECASE)
# Labels whose value may stand on the next line.
LABEL_ALONE = re.compile(
    r"^(?:policy\s+)?(category|places\s+covered(?:\s+by)?|next\s+review\s+date|review\s+date|ratification\s+date"
    r"|effective\s+date|document\s+type|output\s+type|rag\s+rating|place)\s*:?\s*\|?$",
    re.IGNORECASE,
)
FUNDING_WORDS = re.compile(r"fund|approval|commission|\bIFR\b|routinely", re.IGNORECASE)


@dataclass(frozen=True)
class Field:
    name: str  # "review", "reference", "status"...
    label: str  # as printed
    value: str
    code: str | None = None  # "ARP 55" before "Review Date:"

    @property
    def is_date(self) -> bool:
        return self.name in DATE_NAMES


def _field_name(label: str) -> str:
    for name, pattern in FIELDS:
        if re.fullmatch(pattern, label, re.IGNORECASE):
            return name
    raise AssertionError(f"no field for label {label!r}")


def read_fields(text: str) -> list[Field]:
    """The "Label: value" fields a line holds (empty when it is not a field line)."""
    fields: list[Field] = []
    for part in FIELD_SEPARATOR.split(text):
        match = FIELD.match(part.strip())
        if match is None:
            return []
        label = match.group("label")
        fields.append(Field(_field_name(label), label, match.group("value").strip(), match.group("code")))
    return fields


def label_alone(text: str) -> str | None:
    """ "Category" / "Places covered by" printed alone: the field whose value follows."""
    match = LABEL_ALONE.match(text)
    return _field_name(match.group(1)) if match else None


def read_date(value: str):
    """The date a field value states; ValueError for an impossible date, None for no date."""
    found = find_date(value)
    return found[0] if found else None


def is_funding_status(value: str) -> bool:
    return bool(FUNDING_WORDS.search(value))


# ------------------------------------------------------------------ organisation

_ORG_SUFFIX = re.compile(
    r"\b(ICB|CCGs?|Integrated\s+Care\s+Board|Clinical\s+Commissioning\s+Groups?|Integrated\s+Care\s+System)\b"
)
_ORG_JOINERS = {"and", "&", "of", "the", "on"}
_NOT_NAME_WORDS = {
    "The",
    "This",
    "That",
    "These",
    "Our",
    "Your",
    "If",
    "When",
    "Where",
    "Each",
    "All",
    "A",
    "An",
    "In",
    "For",
    "By",
    "From",
    "To",
    "And",
    "Or",
    "Why",
    "How",
    "Please",
    "Contact",
    # a link's verb: "Complete NEW Devon CCG ... policy", "Download ... ICB policy"
    "Complete",
    "Download",
    "View",
    "Read",
    "See",
    "Visit",
    "Open",
    "Policy",
    "Eligibility",
    "Category",
    "Status",
    "Organisation",
    "Commissioner",
    "Number",
    "Summary",
    "Total",
    "Local",
    "Every",
    "Some",
    "Many",
    "Most",
    "Other",
    "Former",
    "Clinical",
}
SHORT_SUFFIXES = ("ICB", "CCG", "CCGs")


def find_organisations(text: str) -> list[str]:
    """Issuing bodies named in ``text``, as printed."""
    names = []
    for match in _ORG_SUFFIX.finditer(text):
        words = text[: match.start()].split()
        name_words: list[str] = []
        for word in reversed(words):
            # "Leicester, Leicestershire and Rutland ICB": a comma inside a list of places joined by "and".
            listed_place = word.endswith(",") and word[0].isupper() and "and" in name_words
            if (word[-1] in ",.;:)(" and not listed_place) or not (word[0].isupper() or word in _ORG_JOINERS):
                break
            name_words.insert(0, word)
        while name_words and (name_words[0] in _ORG_JOINERS or name_words[0] in _NOT_NAME_WORDS):
            name_words.pop(0)
        # "Number of CCG intervention": a count of bodies, not a body's name.
        if re.match(r"\s*interventions?\b", text[match.end() :]):
            continue
        if name_words:
            names.append(" ".join([*name_words, re.sub(r"\s+", " ", match.group(1))]))
    return names


def choose_organisation(found: list[tuple[str, int]]) -> tuple[str, int] | None:
    """The short form first printed, else the first name printed."""
    for name, line in found:
        if name.endswith(SHORT_SUFFIXES):
            return name, line
    return found[0] if found else None


# ------------------------------------------------------------------ title

_POLICY_FOR = re.compile(
    r"^(?:.*?\s)?(?:commissioning\s+|clinical\s+)?policy\s+(?:for|on)\s+(?:the\s+)?(?P<subject>.+)$",
    re.IGNORECASE,
)
_POLICY_COLON = re.compile(r"^(?:.*?\s)?policy\s*[:–—]\s*(?P<subject>.+)$", re.IGNORECASE)
_SUBJECT_POLICY = re.compile(r"^(?P<subject>.+?)\s+(?:commissioning\s+|clinical\s+)?policy$", re.IGNORECASE)
# "Condition or Treatment / Knee Arthroscopy": a statement's table row naming its subject.
_TREATMENT_ROW = re.compile(
    r"^(?:condition\s+or\s+treatment|treatment|procedure|intervention)\s*/\s*(?P<subject>.+)$", re.I
)
# "Knee Arthroscopy – Criteria Led Commissioning Statement": a referral-support site's page title.
_SUBJECT_STATEMENT = re.compile(
    r"^(?P<subject>.+?)\s+[–—-]\s+(?:criteria[- ]led\s+)?commissioning\s+statement$", re.IGNORECASE
)
_HEADING_MAX_WORDS = 12


def _is_heading_like(text: str) -> bool:
    return len(text.split()) <= _HEADING_MAX_WORDS and not text.endswith((".", ":", ";", ","))


def title_from_line(text: str) -> str | None:
    """The policy subject a title line states ("Policy for Hip Resurfacing" -> "Hip Resurfacing")."""
    if not _is_heading_like(text) or read_fields(text):
        return None
    for pattern in (_POLICY_FOR, _POLICY_COLON, _SUBJECT_POLICY, _SUBJECT_STATEMENT, _TREATMENT_ROW):
        match = pattern.match(text)
        if match:
            subject = match.group("subject").strip(" –—-:")
            if (
                subject
                and not _ORG_SUFFIX.search(subject)
                and subject.lower() not in {"commissioning", "clinical"}
            ):
                return subject
    return None


# Site navigation printed before the page's own heading ("Referral" / "Cataract" / "Scope").
NAVIGATION = frozenset(
    [
        "referral",
        "referrals",
        "login",
        "log in",
        "home",
        "menu",
        "policies",
        "guidance",
        "view navigation",
        "document",
        "download",
        "print",
        "share",
        "tag",
        "tags",
    ]
)


def is_navigation(text: str) -> bool:
    return text.strip().lower() in NAVIGATION


def page_heading(text: str) -> str | None:
    """The first line as the page heading, when it reads as one (the title fallback)."""
    if not _is_heading_like(text) or read_fields(text) or label_alone(text) or _ORG_SUFFIX.search(text):
        return None
    if re.search(r"\d", text) or is_navigation(text):
        return None
    return text
