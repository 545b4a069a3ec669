"""Tell an ICB/CCG commissioning policy from other pages, by what the page states.

A page is a policy when it states the conditions under which a procedure is
funded, commissioned or referred, whatever the issuer calls itself ("NHS
Surrey Heartlands will fund", "This intervention is commissioned if", "Knee
arthroscopy will be funded for:", "Criteria for referral", "Thresholds and
eligibility", "not routinely commissioned ... unless", "Criteria Based
Access"), or when it carries a policy's own furniture (a policy number or
reference, a review or ratification date, "Category: Threshold Criteria",
"Status: ... Prior Approval") beside a funding statement. A named
commissioner ("ICB", "CCG", "Integrated Care Board") counts as one more
marker, never as a requirement.

Pages that talk about policies without being one are refused: news items
("Published Date:", reported speech: "said", "told", "according to"),
consultations on proposed wording ("proposed policy", "questionnaire",
"views sought", "we are proposing"), patient leaflets addressed to "you"
("How can I be referred?", "your GP"), provider service pages ("referred to
our service"), application forms, policy indexes and landing pages ("see the
policy document below", "Select a policy"), tables of contents. Each of these
markers takes points off; a page keeps its policy score only when what it
states outweighs them.

A page whose title is the individual funding request process itself
("Individual Funding Requests (IFR)", "The IFR process", "Individual funding
requests for NHS treatment") explains how to ask for an exception to
policies; its funding sentences ("should not be routinely funded because:")
are about the process, not about a treatment. It is refused outright, with
its title's line, unless it also carries a policy's own furniture or a
criteria heading: then it is scored as any other page.

The score is a count of distinct markers (0 for a page that is not a
policy), so ``sources.parsing`` can weigh it against the NICE kinds.
"""

from __future__ import annotations

import re

from sources.parsing.errors import ParseError
from sources.parsing.text import SourceLine, quote_start

_COMMISSIONER = re.compile(r"\b(?:ICBs?|CCGs?|Integrated Care Boards?|Clinical Commissioning Groups?)\b")
# A statement of the conditions under which the procedure is funded: a funding verb, then a condition.
_FUNDING = (
    r"(?:(?:will|shall|should|would|may|can|does)\s+(?:not\s+)?(?:only\s+)?(?:routinely\s+)?(?:fund|commission)\b"
    r"|\b(?:is|are|be|being)\s+(?:not\s+)?(?:only\s+)?(?:routinely\s+)?(?:usually\s+)?(?:funded|commissioned)\b"
    r"|\b(?:will|should|may|can|must)\s+(?:usually\s+)?only\s+be\s+(?:approved|supported|offered|considered|funded)\b"
    r"|\b(?:is|are|may\s+be|will\s+be)\s+(?:approved|supported|considered)\s+for\s+(?:this\s+procedure|funding|surgery"
    r"|treatment|patients)\b"
    r"|\bfunding\s+(?:will|may)\s+(?:only\s+)?be\s+(?:approved|considered|agreed)\b"
    r"|\b(?:should|must|may|can)\s+(?:only\s+)?be\s+referred\b|\breferrals?\s+(?:should|must)\s+(?:only\s+)?be\b"
    r"|\bcriteria\s+(?:that\s+)?must\s+be\s+met\b"
    r"|\bbe\s+(?:considered|offered|approved|funded|commissioned)\s+only\b)"
)
_CONDITION = (
    r"(?:\b(?:if|when|where|unless|provided|only\s+(?:in|for|when|if|where)|in\s+the\s+following|under\s+the\s+following"
    r"|for\s+the\s+following|in\s+accordance\s+with\s+the\s+criteria|for\s*:|with\s+the\s+exception\s+of"
    r"|meets?\s+(?:the\s+)?(?:following|criteria)|for\s+(?:patients|people|adults|children|women|men)|before)\b|:\s*$)"
)
_CONDITION_STATEMENT = re.compile(rf"{_FUNDING}[^.]{{0,200}}?{_CONDITION}", re.IGNORECASE)
# Conditions that are no criteria: the exceptional route, a general reference to "the criteria".
_NOT_A_CONDITION = re.compile(
    r"\bexceptional\b|\bindividual\s+funding\b|\bIFR\b|\bcase[- ]by[- ]case\b"
    r"|\b(?:certain|specific|defined|relevant)\s+(?:medical\s+|clinical\s+)?criteria\b"
    r"|\bpolicy\s+(?:threshold\s+)?criteria\b|\bmeets?\s+the\s+criteria\s+refer\b",
    re.IGNORECASE,
)
_CRITERIA_HEADING = re.compile(
    r"^(?:\d+\.?\s+)?(?:eligibility(?:\s+criteria)?|threshold(?:s|\s+criteria)?|thresholds?\s+(?:and|&)\s+eligibility"
    r"|criteria\s+for\s+(?:funding|referral|treatment)|(?:referral|funding|inclusion|clinical)\s+criteria"
    r"|commissioning\s+position|patient\s+eligibility\s+criteria|indications\s+for\s+(?:referral|treatment|surgery)"
    r"(?:\s+(?:include|are))?)(?:\s+(?:for|of|/)\s+[^.]{1,60}|\s*\([^)]*\))?\s*:?$",
    re.IGNORECASE,
)
_QUANTIFIED_LIST = re.compile(
    r"\b(?:if|when|where|meets?|meet|criteria|fund\w*|commission\w*|approv\w*)\b[^.]{0,120}"
    r"\b(?:all|any|one|either|at\s+least\s+(?:one|two|\d+)|one\s+or\s+more|\d+\s+or\s+more)\s*,?\s+(?:of\s+)?"
    r"(?:the\s+)?following\b",
    re.IGNORECASE,
)
# Weaker markers of a commissioning policy.
_MARKERS = [
    re.compile(r"\bnot\s+routinely\s+(?:commissioned|funded)\b", re.IGNORECASE),
    re.compile(r"\bcriteria[- ]led\s+commissioning\b|\bcriteria[- ]based\s+access\b", re.IGNORECASE),
    re.compile(r"\bcommissioning\s+(?:position|statement|policy)\b", re.IGNORECASE),
    re.compile(r"\beligib(?:le|ility)\b", re.IGNORECASE),
    re.compile(r"\bprior\s+approval\b|\bindividual\s+funding\s+requests?\b|\bIFR\b", re.IGNORECASE),
    re.compile(r"\bthreshold\b", re.IGNORECASE),
]
# A policy's own furniture.
_FURNITURE = [
    re.compile(
        r"^(?:policy\s+(?:number|no\.?|reference|ref|name)|reference|gm\s+ref)\s*:|\b(?:GM\s+)?Ref(?:erence)?:\s*[A-Z]{2,4}\s?\d",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:next\s+)?review\s+date\b|^date\s+of\s+review\b|\bARP\s+\d+\s+Review\s+Date\b|\blast\s+reviewed\s*:",
        re.IGNORECASE,
    ),
    re.compile(
        r"^ratification\s+date\b|^effective\s+date\b|^policy\s+(?:start\s+date|author)\b|^date\s+(?:adopted|issued)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"^[Pp]olicy\s+[A-Z]{1,4}\d+\b|\b[Pp]olicy\s*[-–]\s*[A-Z]{2,4}\d+\b|(?i:^clinical\s+policy$)"
        r"|(?i:^commissioning\s+decision\b)"
    ),
    re.compile(r"^(?:policy\s+)?category\b|^threshold\s+criteria$", re.IGNORECASE),
    re.compile(r"^status\s*:.*\b(?:approval|funding|funded|commissioned)\b", re.IGNORECASE),
    re.compile(
        r"^(?:[\w&-]+\s+){0,4}polic(?:y|ies)\s+(?:for|on)\s+(?:the\s+)?[A-Z]|\bpolicy\s+statement\b"
        r"|\bcriteria\s+based\s+access\s+(?:protocol|policy)\s*[-–]|^[A-Z][\w\s()/-]{2,60}\s[-–]\s+criteria\s+led\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bthis\s+(?:policy|protocol|commissioning\s+(?:policy|statement))\s+(?:only\s+)?(?:describes|sets\s+out"
        r"|clarifies|outlines|covers|applies|relates)\b|\bscope\s+of\s+this\s+policy\b"
        r"|\bthis\s+commissioning\s+statement\s+refers\b",
        re.IGNORECASE,
    ),
]
# What only a page about a policy prints: a news item, a consultation on proposed wording.
_DECISIVELY_NOT_POLICY = re.compile(
    r"\bpublished\s+date\s*:|\bBBC\s+News\b|\bLast\s+Updated:.*\bGMT\b|^By\s+[A-Z][a-z]+\s+[A-Z][a-z]+$"
    r"|\bproposed\s+(?:new\s+)?(?:policy|wording)\b|\bpolicy\s+questionnaire\b|\bcomplet\w*\s+the\s+(?:short\s+)?"
    r"questionnaire\b|\bviews\s+sought\b|\bproposing\s+to\b"
    r"|\b(?:we\s+are|is)\s+proposing\b|\bselection\s+criteria\s+outlined\s+in\s+the\s+proposal\b",
    re.IGNORECASE | re.MULTILINE,
)
# What pages about policies print, and policies do not.
_NOT_POLICY = [
    # news
    (
        re.compile(
            r"\bpublished\s+date\s*:|\bBBC\s+News\b|\bLast\s+Updated:.*\bGMT\b|^By\s+[A-Z][a-z]+\s+[A-Z][a-z]+$"
        ),
        4,
    ),
    (re.compile(r"\b(?:said|told|according\s+to|investigation|headlines|documents\s+showed)\b", re.I), 1),
    # consultations on proposed wording
    (
        re.compile(
            r"\bproposed\s+(?:new\s+)?(?:policy|wording|changes?|criteria)\b|\bpolicy\s+questionnaire\b|\bviews\s+sought\b"
            r"|\b(?:we\s+are|is)\s+proposing\b|\bproposing\s+to\b|\bshare\s+your\s+(?:feedback|views)\b"
            r"|\bhave\s+your\s+say\b|\bwould\s+welcome\s+your\s+views\b|\bdraft\s+(?:consultation|proposal)\b"
            r"|\bin\s+the\s+proposal\b|\bFAQs?\b",
            re.IGNORECASE,
        ),
        3,
    ),
    # patient leaflets
    (
        re.compile(r"\bHow\s+can\s+I\b|\bDoes\s+(?:it|this\s+\w+)\s+work\?|\bwill\s+I\s+be\b", re.IGNORECASE),
        3,
    ),
    (re.compile(r"\byour\s+(?:GP|doctor|consultant|child|condition|case|knees?|hips?|clinical)\b", re.I), 1),
    # provider services, forms, indexes, landing pages, tables of contents
    (re.compile(r"\b(?:referred|refer)\s+to\s+our\s+service\b|\bour\s+service\b", re.IGNORECASE), 4),
    (re.compile(r"\bapplication\s+form\b|\bname\s+of\s+referring\s+clinician\b|☐", re.IGNORECASE), 3),
    (
        re.compile(
            r"\bsee\s+the\s+policy\s+document\b|\bread\s+the\s+policy\s+document\b"
            r"|\bpolicies\s+(?:are\s+)?(?:listed\s+)?below\b|\bsite\s+is\s+no\s+longer\s+in\s+use\b"
            r"|\bselect\s+a\s+policy\b|\bsimilar\s+documents\b|\bcan\s+be\s+found\s+(?:here|via\s+the\s+links)\b"
            r"|\bfull\s+list\s+of\s+(?:existing\s+)?policies\b|\blist\s+of\s+policies\b|\bthis\s+page\s+lists\b"
            r"|\bwho\s+can\s+apply\b|\bcomplete\s+list\s+of\s+CCGs\b",
            re.IGNORECASE,
        ),
        3,
    ),
    (re.compile(r"\.{6,}\s*\d+\s*$"), 2),
    (re.compile(r"\bNICE\s+(?:said|published|has\s+(?:issued|published))\b|\bpress\s+release\b", re.I), 3),
]
# A page from NICE itself (guidance, its in-development pages) is never an ICB policy.
_NICE_PAGE = re.compile(
    r"\binterventional\s+procedures?\b|\bIPAC\b|\bIPG\s?\d+\b|\bHTG\s?\d+\b", re.IGNORECASE
)
MIN_POLICY_MARKERS = 3
# The title of a page about the IFR process, not of a treatment's policy: a policy named after
# its funding route starts with the treatment ("Liposuction Individual Funding Request Policy").
_IFR_PROCESS_TITLE = re.compile(
    r"^(?:the\s+|an?\s+)?(?:individual\s+funding\s+requests?|IFRs?)(?:\s*\(IFRs?\))?"
    r"(?:\s+(?:process|information|for\s+(?:NHS\s+|medical\s+)?treatments?))?:?$",
    re.IGNORECASE,
)
# The title stands among the first lines; a capture can open with a site banner before it.
TITLE_LINES = 3


def _distinct(patterns: list[re.Pattern], texts: list[str]) -> int:
    return sum(any(pattern.search(text) for text in texts) for pattern in patterns)


def _statements(texts: list[str]) -> int:
    """Lines that state when the procedure is funded, or open a list of criteria."""
    found = 0
    for index, text in enumerate(texts):
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
        stated = any(
            _CONDITION_STATEMENT.search(sentence) and not _NOT_A_CONDITION.search(sentence)
            for sentence in sentences
        )
        heading = bool(_CRITERIA_HEADING.match(text)) and index + 1 < len(texts)
        quantified = bool(_QUANTIFIED_LIST.search(text)) and (text.endswith(":") or len(text) > 40)
        found += stated or heading or quantified
    return found


def _refuse_ifr_process_page(
    lines: list[SourceLine], texts: list[str], furniture: int, filename: str
) -> None:
    """``ParseError`` for a page about the IFR process that prints nothing of a policy of its own."""
    title = next((line for line in lines if line.text and _IFR_PROCESS_TITLE.match(line.text)), None)
    if title is None or title.text not in texts[:TITLE_LINES]:
        return
    if furniture >= 2 or any(_CRITERIA_HEADING.match(text) for text in texts):
        return
    raise ParseError(
        filename,
        title.number,
        "an ICB policy stating when a treatment is funded; found a page about the individual funding "
        f"request process (title: {quote_start(title.text)})",
    )


def policy_score(lines: list[SourceLine], filename: str) -> int:
    """How strongly ``lines`` read as a commissioning policy: 0 for a page that is not one."""
    texts = [line.text for line in lines if line.text]
    if not texts:
        return 0
    joined = "\n".join(texts)
    if _NICE_PAGE.search(joined) and not _COMMISSIONER.search(joined):
        return 0
    furniture = _distinct(_FURNITURE, texts)
    _refuse_ifr_process_page(lines, texts, furniture, filename)
    statements = min(_statements(texts), 4)
    if statements == 0 and furniture < 2:
        return 0
    if furniture < 3 and _DECISIVELY_NOT_POLICY.search(joined):
        return 0
    markers = _distinct(_MARKERS, texts)
    against = 0
    for pattern, weight in _NOT_POLICY:
        hits = sum(len(pattern.findall(text)) for text in texts)
        against += weight * min(hits, 3)
    commissioner = 1 if _COMMISSIONER.search(joined) else 0
    score = 3 * statements + 2 * furniture + markers + commissioner
    if score < MIN_POLICY_MARKERS or against >= score:
        return 0
    return score - against
