"""Numbers in criteria: thresholds, durations and age limits.

Pure functions over one text (a leaf, a lead-in or a definition); the caller
attaches the leaf key and source line. Numbers are digits or the words
one..twelve. Layouts read (``shared/phrasing.md`` §5):

Durations -> (comparator, value, unit):
  "at least six months", "a minimum of 6 months", "no less than"   -> ">="
  "within 6 months of referral", "no more than", "up to", "at most" -> "<="
  "more than 6 weeks", "longer than"                                -> ">"
  "less than 6 weeks", "under"                                      -> "<"
  "over a period of 3 months", "6 months of ...", "a 6-month trial" -> "="
  "in the preceding year", "in each of the preceding two years",
  "in the last 12 months"                                           -> "=" (a window)
  "within the last six months"                                      -> "<="
  "not healing within 6 weeks", "failed to settle within"           -> not read (no bound stated)
  Ages ("18 years or older", "aged 16 years") are not durations.

Thresholds -> (measure, comparator, value, unit):
  named measures: BMI, Hb/haemoglobin, HbA1c, systolic/diastolic blood
  pressure, and any "<Name> score" ("Oxford hip score"), followed by a
  symbol ("BMI <45", "Hb >115") or words ("BMI is 35 or above", "BMI of 40
  or more", "less than 45"); ``measure`` is the canonical name for the named
  ones and the printed name for a score.
  a unit that names its measure: "25–30 dBHL" -> hearing level,
  "<150mmHg" alone -> blood pressure; "blood pressure below 160/100" ->
  systolic < 160 and diastolic < 100.
  a range "A–B unit" gives two thresholds: ">= A" and "<= B".
  counts: "7 or more (well-documented) episodes" -> measure "episodes", ">=", 7
  (up to three words between; a comma list of qualifiers is left as text).
  Snellen visual acuity "6/12" (only in a text about acuity or Snellen):
  ``value`` is the decimal acuity (6/12 -> 0.5, two decimals) so values
  compare as numbers, ``unit`` is "Snellen 6/12" so nothing printed is lost;
  "or worse" -> "<=", "or better" -> ">=", "worse than" -> "<" (also after
  the scale's name: "6/12 Snellen or worse").
  Grades and classes ("Grade III", "Class 3–6", "CEAP C4") are not
  thresholds: no measure or unit is named.

  words for comparators: "does not exceed", "no more than", "no greater
  than" -> "<="; "or more", "or above", "at least" -> ">="; "under",
  "below", "less than" -> "<".
  units that name the measure: dBHL (hearing level; a higher number is worse
  hearing, so "25–30 dBHL or worse" is ">= 25", and "less severe than 25–30
  dBHL" is "< 25": an upper bound, never read as a range), mmHg, degrees ("30
  degrees or more", ">30°"), cm ("fibroids greater than 3cm"), g ("500gms or
  more"), % ("at least 50% improvement"), dioptres.
  counts also as "at least 5 occurrences", "at least two episodes", "more
  than one episode", "2 or more antibiotic courses per year".

Not values (``value_context`` and ``_mask``): a note ("*For children under 5
years of age overall hearing level applies"), an evidence statement ("good
evidence for short (8–12 week) term effectiveness"), a measuring
instruction ("averaged at 0.5, 1, 2 and 4 kHz"), a sentence that says who is
refused ("Surgery is not offered for those with a BMI>45": read as the
criterion's bound it would be inverted; one with "unless" or "until" states
the condition, and is read); and ranges of durations
("8–12 weeks") are not read as one duration. A number in a policy,
telephone or reference code is never matched (no measure or unit).

Ages -> bounds ``("min" | "max", value, inclusive)``, the bound kept as
printed: "children under 12" -> max 12, exclusive; "adults 18 years or
older" -> min 18, inclusive; "over the age of 16" -> min 16, exclusive;
"children (<16)" -> max 16, exclusive; "aged 18–65" -> min 18 and max 65,
both inclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUM = r"(?:\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")"
_DECIMAL = r"\d+(?:\.\d+)?"
_DASH = r"\s*(?:–|—|-|to)\s*"


def number(text: str) -> int | float:
    """ "6" -> 6, "8.5" -> 8.5, "six" -> 6."""
    text = text.lower()
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    value = float(text)
    return int(value) if value.is_integer() else value


# ------------------------------------------------------------------ durations


@dataclass(frozen=True)
class DurationMatch:
    comparator: str
    value: int | float
    unit: str
    text: str
    start: int


_DURATION_PREFIXES = {
    ">=": [
        "at least",
        "a minimum of",
        "minimum of",
        "a minimum",
        "minimum",
        "no less than",
        "not less than",
        "no fewer than",
    ],
    "<=": [
        "within",
        "no more than",
        "not more than",
        "up to",
        "at most",
        "a maximum of",
        "maximum of",
        "no longer than",
    ],
    ">": ["more than", "longer than", "greater than", "over"],
    "<": ["less than", "shorter than", "fewer than", "under"],
}
_PREFIX_TO_COMPARATOR = {p: c for c, prefixes in _DURATION_PREFIXES.items() for p in prefixes}
_PREFIX = "|".join(sorted(map(re.escape, _PREFIX_TO_COMPARATOR), key=len, reverse=True))
_UNIT = r"(?P<unit>day|week|month|year)s?(?:'|’)?"

DURATION = re.compile(rf"\b(?:(?P<prefix>{_PREFIX})\s+)?(?P<num>{_NUM})[\s-]+{_UNIT}(?![\w-])", re.IGNORECASE)
WINDOW = re.compile(
    rf"\b(?:in|within|during|over)\s+(?:each\s+of\s+)?the\s+(?:preceding|previous|last|past)\s+"
    rf"(?:(?P<num>{_NUM})\s+)?{_UNIT}(?![\w-])",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(
    r"^\s*(?:of\s+age|old|or\s+(?:older|over|above|younger|under)|and\s+(?:over|above|older|under))",
    re.IGNORECASE,
)
_AGE_BEFORE = re.compile(r"\b(?:aged?|age\s+of)\s*$", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"\d\s*(?:–|—|-|to)\s*$")


# "not healing within 6 weeks", "failed to settle within": the time passed without it, not a bound
# the words give a comparator for: not read.
_NEGATED_WITHIN = re.compile(
    r"\b(?:not|never|no|failed\s+to|fails\s+to|unable\s+to|without)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)


def _negated_within(text: str, match: re.Match[str]) -> bool:
    return match.group(0).lower().startswith("within") and bool(_NEGATED_WITHIN.search(text[: match.start()]))


def _find_durations(text: str) -> list[DurationMatch]:
    found: list[DurationMatch] = []
    taken: list[tuple[int, int]] = []
    for match in WINDOW.finditer(text):
        if _negated_within(text, match):
            taken.append(match.span())
            continue
        value = number(match.group("num")) if match.group("num") else 1
        # "within the last six months": no longer ago than that; "in the preceding year": a window.
        comparator = "<=" if match.group(0).lower().startswith("within") else "="
        found.append(
            DurationMatch(comparator, value, match.group("unit").lower(), match.group(0), match.start())
        )
        taken.append(match.span())
    for match in DURATION.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        if _AGE_AFTER.match(text[match.end() :]) or _AGE_BEFORE.search(text[: match.start()]):
            continue
        if not match.group("prefix") and _RANGE_BEFORE.search(text[: match.start()]):
            continue  # "8–12 weeks": a range, not one duration
        if _negated_within(text, match):
            continue
        prefix = (match.group("prefix") or "").lower()
        comparator = _PREFIX_TO_COMPARATOR.get(prefix, "=")
        found.append(
            DurationMatch(
                comparator,
                number(match.group("num")),
                match.group("unit").lower(),
                match.group(0),
                match.start(),
            )
        )
    return sorted(found, key=lambda d: d.start)


# ------------------------------------------------------------------ thresholds


@dataclass(frozen=True)
class ThresholdMatch:
    measure: str
    comparator: str
    value: int | float
    unit: str | None
    text: str
    start: int


_NAMED_MEASURES = [
    (r"HbA1c", "HbA1c"),
    (r"BMI|(?i:body\s+mass\s+index)", "BMI"),
    (r"Hb|(?i:ha?emoglobin)", "Hb"),
    (r"(?i:systolic)(?:\s+(?i:blood\s+pressure|BP))?", "systolic blood pressure"),
    (r"(?i:diastolic)(?:\s+(?i:blood\s+pressure|BP))?", "diastolic blood pressure"),
    (r"(?i:blood\s+pressure)|BP", "blood pressure"),
]
# "Oxford hip score", "Epworth Sleepiness Scale score": capitalised name words, at most one
# lower-case word ("hip"), then "score". Sentence openers are not names.
_SCORE = (
    r"(?!(?:The|A|An|This|That|Their|Your|His|Her|Has|Have|Is|Are|With|Patient|Patients)\b)"
    r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}(?:\s+[a-z][\w-]*)?\s+score"
)
_MEASURE = "|".join(f"(?P<m{index}>{pattern})" for index, (pattern, _) in enumerate(_NAMED_MEASURES))
_UNITS = r"(?i:kg/m2|kg/m²|kg/m\^2|mmol/mol|mmol/l|g/l|g/dl|mmhg|db\s?hl|%)"
_SYMBOLS = {
    "<=": "<=",
    "=<": "<=",
    "≤": "<=",
    ">=": ">=",
    "=>": ">=",
    "≥": ">=",
    "<": "<",
    ">": ">",
    "=": "=",
}
_WORD_COMPARATORS = {
    ">=": ["greater than or equal to", "at least", "no less than", "not less than", "of at least", "or more"],
    "<=": [
        "less than or equal to",
        "at most",
        "no more than",
        "not more than",
        "up to",
        "does not exceed",
        "do not exceed",
        "not exceeding",
        "no greater than",
        "no higher than",
        "not greater than",
    ],
    ">": ["greater than", "more than", "higher than", "above", "over", "of more than", "in excess of"],
    "<": ["less than", "lower than", "below", "under", "of less than", "lass than"],
}
_WORD_TO_COMPARATOR = {w: c for c, words in _WORD_COMPARATORS.items() for w in words}
_PRE = "|".join(sorted(map(re.escape, _WORD_TO_COMPARATOR), key=len, reverse=True))
_POST_UP = ("more", "above", "over", "greater", "higher")
_POST = r"more|above|over|greater|higher|less|below|under|lower|fewer"
_JOIN = r"(?:\s+(?:is|of|was|must\s+be|should\s+be|be|level|value|reading|measured\s+at))*"

THRESHOLD = re.compile(
    rf"(?<![\w-])(?P<measure>{_MEASURE}|(?P<score>{_SCORE}))(?![A-Za-z0-9])\)?{_JOIN}\s*"
    rf"(?:(?P<sym><=|=<|>=|=>|≤|≥|<|>|=)\s*|(?P<pre>{_PRE})\s+)?"
    rf"(?P<value>{_DECIMAL})(?:{_DASH}(?P<high>{_DECIMAL}))?\s*(?P<unit>{_UNITS})?"
    rf"(?:\s+or\s+(?P<post>{_POST}))?(?![\w/])"
)
# "blood pressure below 160/100": systolic over diastolic, one comparator for both.
BLOOD_PRESSURE = re.compile(
    rf"(?<![\w-])(?:(?i:blood\s+pressure)|BP){_JOIN}\s*"
    rf"(?:(?P<sym><=|=<|>=|=>|≤|≥|<|>|=)\s*|(?P<pre>{_PRE})\s+)?"
    rf"(?P<systolic>\d{{2,3}})\s*/\s*(?P<diastolic>\d{{2,3}})\s*(?P<unit>(?i:mmhg))?"
)
# A number whose unit names the measure: "25–30 dBHL", "<150mmHg", "30 degrees or more", ">3cm".
# "(?<=\d)o": a degree sign typed as a letter o, glued to its number ("120o laterally").
_UNIT_WORDS = (
    r"db\s?hl|mmhg|°\s?C\b|˚\s?C\b|degrees?\s+C(?:elsius)?\b|degrees?|°|˚|(?<=\d)o|cms?|mm|g|gms?|grams?|%"
    r"|per\s*cent|percent|dioptres?|diopters?"
)
UNIT_LED = re.compile(
    rf"(?:(?P<pre2>less\s+severe\s+than|more\s+severe\s+than|worse\s+than|better\s+than)\s+|"
    rf"(?P<sym><=|=<|>=|=>|≤|≥|<|>)\s*|(?P<pre>{_PRE})\s+)?"
    rf"(?:\+/-\s*|±\s*)?(?P<value>{_DECIMAL})(?:{_DASH}(?P<high>{_DECIMAL}))?\s*(?P<unit>(?i:{_UNIT_WORDS}))"
    rf"(?![A-Za-z0-9/])(?:\s+or\s+(?P<post>worse|better|more|less|above|below|greater|over|higher|lower))?"
)
_UNIT_MEASURES = {
    "dbhl": "hearing level",
    "mmhg": "blood pressure",
    "degree": "angle (degrees)",
    "°": "angle (degrees)",
    "˚": "angle (degrees)",
    "cm": "size (cm)",
    "mm": "size (mm)",
    "g": "weight (g)",
    "%": "percentage",
    "dioptre": "refractive difference (dioptres)",
    "°c": "temperature",
}
# A hearing level: the higher the number, the worse the hearing.
_HEARING_COMPARATORS = {
    "worse": ">=",
    "more": ">=",
    "above": ">=",
    "greater": ">=",
    "over": ">=",
    "higher": ">=",
    "better": "<=",
    "less": "<=",
    "below": "<=",
    "lower": "<=",
    "less severe than": "<",
    "better than": "<",
    "more severe than": ">",
    "worse than": ">",
}
# "7 or more well-documented episodes": up to three modifiers, then the counted plural noun.
# "2 or more of the following symptoms" is a quantifier, not a count: "of" stops it.
COUNT = re.compile(
    rf"\b(?P<value>\d+|{'|'.join(NUMBER_WORDS)})\s+or\s+(?P<post>more|fewer|less)\s+"
    rf"(?:(?!of\b)[a-z][a-z-]*\s+){{0,3}}?(?P<noun>[a-z][a-z-]{{2,}}s)\b",
    re.IGNORECASE,
)
# "at least 5 occurrences", "At least two episodes", "more than one episode", "no more than 2 attempts".
PREFIXED_COUNT = re.compile(
    rf"\b(?P<pre>at\s+least|more\s+than|no\s+more\s+than|fewer\s+than|less\s+than|a\s+minimum\s+of|"
    rf"a\s+maximum\s+of)\s+(?P<value>\d+|{'|'.join(NUMBER_WORDS)})\s+"
    rf"(?:(?!of\b)[a-z][a-z-]*\s+){{0,2}}?(?P<noun>episodes?|occurrences?|courses?|attacks?|infections?|"
    rf"antibiotics?|admissions?|recurrences?|cycles?|treatments?|attempts?|injections?|sessions?|bleeds?)\b",
    re.IGNORECASE,
)
_PREFIXED_COUNT_COMPARATORS = {
    "at least": ">=",
    "a minimum of": ">=",
    "more than": ">",
    "no more than": "<=",
    "a maximum of": "<=",
    "fewer than": "<",
    "less than": "<",
}
_NOT_COUNTED = {"days", "weeks", "months", "years", "times"}
SNELLEN_CONTEXT = re.compile(r"\bsnellen\b|\bvisual\s+acuity\b|\bVA\b|\bvision\b", re.IGNORECASE)
SNELLEN = re.compile(
    r""
    r"(?:(?P<pre>worse\s+than|better\s+than|less\s+than)\s+)?"
    r"(?<![\d/])(?P<num>\d{1,2})/(?P<den>\d{1,3})(?![\d/])"
    # "6/12 Snellen or worse": the scale's name can stand between the value and its qualifier
    r"(?:(?:\s+Snellen)?\s+or\s+(?P<post>worse|better|less|more))?",
    re.IGNORECASE,
)
_SNELLEN_COMPARATORS = {
    "worse than": "<",
    "less than": "<",
    "better than": ">",
    "worse": "<=",
    "less": "<=",
    "better": ">=",
    "more": ">=",
}


def _comparator(sym: str | None, pre: str | None, post: str | None) -> str | None:
    if sym:
        return _SYMBOLS[sym]
    if pre:
        return _WORD_TO_COMPARATOR[re.sub(r"\s+", " ", pre.lower())]
    if post:
        return ">=" if post.lower() in _POST_UP else "<="
    return None


def _canonical_unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    compact = re.sub(r"\s+", "", unit)
    return {
        "dbhl": "dBHL",
        "mmhg": "mmHg",
        "mmol/l": "mmol/L",
        "g/l": "g/L",
        "g/dl": "g/dL",
        "kg/m²": "kg/m2",
        "kg/m^2": "kg/m2",
    }.get(compact.lower(), compact)


def _measure_name(match: re.Match) -> str:
    if match.group("score"):
        return re.sub(r"\s+", " ", match.group("score"))
    for index, (_, name) in enumerate(_NAMED_MEASURES):
        if match.group(f"m{index}"):
            return name
    raise AssertionError("THRESHOLD matched no measure")


def _thresholds_of(measure: str, match: re.Match, comparator: str | None) -> list[ThresholdMatch]:
    unit = _canonical_unit(match.group("unit"))
    low = number(match.group("value"))
    if match.group("high"):
        high = number(match.group("high"))
        return [
            ThresholdMatch(measure, ">=", low, unit, match.group(0), match.start()),
            ThresholdMatch(measure, "<=", high, unit, match.group(0), match.start()),
        ]
    if comparator is None:
        return []
    return [ThresholdMatch(measure, comparator, low, unit, match.group(0), match.start())]


def _find_thresholds(text: str) -> list[ThresholdMatch]:
    found: list[ThresholdMatch] = []
    taken: list[tuple[int, int]] = []
    comparator: str | None
    for match in BLOOD_PRESSURE.finditer(text):
        comparator = _comparator(match.group("sym"), match.group("pre"), None) or "="
        unit = _canonical_unit(match.group("unit"))
        for measure, group in (
            ("systolic blood pressure", "systolic"),
            ("diastolic blood pressure", "diastolic"),
        ):
            found.append(
                ThresholdMatch(
                    measure, comparator, number(match.group(group)), unit, match.group(0), match.start()
                )
            )
        taken.append(match.span())
    for match in THRESHOLD.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        comparator = _comparator(match.group("sym"), match.group("pre"), match.group("post"))
        stated_as = bool(re.search(r"\s(?:is|of)\s", match.group(0)))
        if comparator is None and stated_as:
            comparator = "="  # "BMI of 40": the value itself
        items = _thresholds_of(_measure_name(match), match, comparator)
        if items:
            found.extend(items)
            taken.append(match.span())
    for match in UNIT_LED.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        items = _unit_led(match, text)
        if items:
            found.extend(items)
            taken.append(match.span())
    for match in COUNT.finditer(text):
        noun = match.group("noun").lower()
        if noun in _NOT_COUNTED or number(match.group("value")) == 1:
            continue  # "in one or more fingers" says where, not how many
        comparator = ">=" if match.group("post").lower() == "more" else "<="
        found.append(
            ThresholdMatch(
                noun, comparator, number(match.group("value")), None, match.group(0), match.start()
            )
        )
        taken.append(match.span())
    for match in PREFIXED_COUNT.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        noun = match.group("noun").lower()
        noun = noun if noun.endswith("s") else noun + "s"
        comparator = _PREFIXED_COUNT_COMPARATORS[re.sub(r"\s+", " ", match.group("pre").lower())]
        found.append(
            ThresholdMatch(
                noun, comparator, number(match.group("value")), None, match.group(0), match.start()
            )
        )
    if SNELLEN_CONTEXT.search(text):
        found.extend(_snellen(text))
    return sorted(found, key=lambda t: t.start)


def _unit_key(unit: str) -> str:
    key = re.sub(r"\s+", "", unit.lower()).replace("˚", "°")
    if key == "o":
        return "°"
    if key in ("°c", "degreesc", "degreec", "degreescelsius", "degreecelsius"):
        return "°c"
    for stem in ("degree", "dioptre", "diopter", "gram", "percent"):
        if key.startswith(stem):
            return {"diopter": "dioptre", "gram": "g", "percent": "%"}.get(stem, stem)
    return {"cms": "cm", "gms": "g", "gm": "g", "percent": "%"}.get(key, key)


_UNIT_NAMES = {"dbhl": "dBHL", "mmhg": "mmHg", "degree": "°", "°": "°", "dioptre": "dioptres", "°c": "°C"}


def _unit_led(match: re.Match, text: str) -> list[ThresholdMatch]:
    """A number whose unit names its measure ("25–30 dBHL or worse", ">3cm", "30 degrees or more")."""
    key = _unit_key(match.group("unit"))
    measure = _UNIT_MEASURES.get(key)
    if measure is None:
        return []
    unit = _UNIT_NAMES.get(key, key)
    low = number(match.group("value"))
    high = number(match.group("high")) if match.group("high") else None
    words = match.group(0).strip()
    qualifier = match.group("pre2") or match.group("post")
    if key == "dbhl":
        if qualifier:
            comparator = _HEARING_COMPARATORS[re.sub(r"\s+", " ", qualifier.lower())]
            # "25–30 dBHL or worse": the bound is the range's better end (lower number).
            value = low if comparator in (">=", "<", ">") or high is None else high
            return [ThresholdMatch(measure, comparator, value, unit, words, match.start())]
    elif match.group("pre2"):
        return []  # "worse than 3cm" says nothing a number can hold
    stated = _comparator(match.group("sym"), match.group("pre"), None)
    if stated is None and match.group("post"):
        stated = ">=" if match.group("post").lower() in _POST_UP + ("worse",) else "<="
    if high is not None and stated is None:
        return [
            ThresholdMatch(measure, ">=", low, unit, words, match.start()),
            ThresholdMatch(measure, "<=", high, unit, words, match.start()),
        ]
    if high is not None:
        return []  # a comparator on a range ("over 8-12 cm") states no single bound
    if stated is None and key not in ("dbhl", "mmhg"):
        return []  # "a 3cm incision": a size, not a threshold
    return [ThresholdMatch(measure, stated or "=", low, unit, words, match.start())]


def _snellen(text: str) -> list[ThresholdMatch]:
    found = []
    for match in SNELLEN.finditer(text):
        numerator, denominator = int(match.group("num")), int(match.group("den"))
        if denominator == 0:
            continue
        qualifier = (match.group("pre") or match.group("post") or "").lower()
        comparator = _SNELLEN_COMPARATORS.get(re.sub(r"\s+", " ", qualifier), "=")
        found.append(
            ThresholdMatch(
                "visual acuity",
                comparator,
                round(numerator / denominator, 2),
                f"Snellen {numerator}/{denominator}",
                match.group(0),
                match.start(),
            )
        )
    return found


# ------------------------------------------------------------------ ages


@dataclass(frozen=True)
class AgeBound:
    side: str  # "min" | "max"
    value: int | float
    inclusive: bool
    text: str
    start: int


_AGE_NOUN = (
    r"(?:children|child|young\s+people|young\s+persons|adults|adult|patients|people|persons|those"
    r"|individuals|women|men|girls|boys|adolescents)"
)
_YEARS = r"(?:\s*(?:years?|yrs?)\b)?(?:\s+of\s+age|\s+old)?"
_AGE_PATTERNS: list[tuple[re.Pattern, str, bool]] = [
    # "children under 12", "patients aged under 16", "age below 18", "under the age of 12"
    (
        re.compile(
            rf"\b(?:{_AGE_NOUN}\s+(?:aged\s+)?|aged\s+|age\s+)(?:under|below|younger\s+than|less\s+than)"
            rf"\s+(?:the\s+age\s+of\s+)?(?P<n>\d+)",
            re.IGNORECASE,
        ),
        "max",
        False,
    ),
    (re.compile(r"\bunder\s+the\s+age\s+of\s+(?P<n>\d+)", re.IGNORECASE), "max", False),
    (re.compile(r"\bunder[\s-](?P<n>\d+)s\b", re.IGNORECASE), "max", False),
    # "18 years or older", "aged 16 and over", "adults 18 or over"
    (
        re.compile(
            rf""
            rf"(?:\b(?:aged|{_AGE_NOUN})\s+(?P<n>\d+){_YEARS}"
            rf"|\b(?P<n2>\d+)\s*(?:years?|yrs?)(?:\s+of\s+age|\s+old)?)"
            rf"\s+(?:or|and)\s+(?:older|over|above)\b",
            re.IGNORECASE,
        ),
        "min",
        True,
    ),
    # "over the age of 16", "aged over 16", "older than 16"
    (re.compile(r"\b(?:over|above|older\s+than)\s+the\s+age\s+of\s+(?P<n>\d+)", re.IGNORECASE), "min", False),
    (re.compile(r"\baged\s+(?:over|above|older\s+than)\s+(?P<n>\d+)", re.IGNORECASE), "min", False),
    # "aged 16 or under", "aged 16 years and younger"
    (
        re.compile(rf"\baged\s+(?P<n>\d+){_YEARS}\s+(?:or|and)\s+(?:under|younger|below)\b", re.IGNORECASE),
        "max",
        True,
    ),
]
_AGE_SYMBOL = re.compile(
    rf"\b{_AGE_NOUN}\s*\(\s*(?P<sym><=|>=|≤|≥|<|>)\s*(?P<n>\d+)(?:\s*(?:years|yrs))?\s*\)", re.IGNORECASE
)
_AGE_RANGE = re.compile(
    r"\baged\s+(?:between\s+)?(?P<low>\d+)\s*(?:–|—|-|to|and)\s*(?P<high>\d+)\b", re.IGNORECASE
)
_SYMBOL_BOUNDS = {
    "<": ("max", False),
    "<=": ("max", True),
    "≤": ("max", True),
    ">": ("min", False),
    ">=": ("min", True),
    "≥": ("min", True),
}


def _find_age_bounds(text: str) -> list[AgeBound]:
    found: list[AgeBound] = []
    for match in _AGE_RANGE.finditer(text):
        found.append(AgeBound("min", number(match.group("low")), True, match.group(0), match.start()))
        found.append(AgeBound("max", number(match.group("high")), True, match.group(0), match.start()))
    for pattern, side, inclusive in _AGE_PATTERNS:
        for match in pattern.finditer(text):
            value = (
                match.group("n")
                if "n2" not in pattern.groupindex
                else (match.group("n") or match.group("n2"))
            )
            found.append(AgeBound(side, number(value), inclusive, match.group(0), match.start()))
    for match in _AGE_SYMBOL.finditer(text):
        side, inclusive = _SYMBOL_BOUNDS[match.group("sym")]
        found.append(AgeBound(side, number(match.group("n")), inclusive, match.group(0), match.start()))
    unique: dict[tuple, AgeBound] = {}
    for bound in sorted(found, key=lambda b: b.start):
        unique.setdefault((bound.side, bound.value, bound.inclusive), bound)
    return list(unique.values())


# ------------------------------------------------------------------ what is not a value

# A note or measuring instruction: "*For children under 5 years of age overall hearing level applies",
# "averaged at 0.5, 1, 2 & 4kHz", "(or equivalent dBA where dBHL not available)".
_NOTE = re.compile(
    r"^\s*(?:N\.?\s?B\.?|Note)\b|\bfor\s+(?:children|patients|people|adults)\s+(?:under|over|aged)\b[^.]*"
    r"\b(?:applies|apply|is\s+used|should\s+be\s+used)\b",
    re.IGNORECASE,
)
# A sentence that says who is refused ("Surgery is not offered for those with a BMI>45", "Not funded
# for ..."): its value bounds the exclusion, and read as the criterion's it would be inverted. A
# sentence with "unless", "until" or "before" states the condition to be met, and is read.
_SENTENCE = r"(?:[^.;]|\.(?=\d))*"  # up to the sentence's end; "8.5" does not end it
_REFUSING_SENTENCE = (
    r"(?:^|(?<=[.;]\s))"
    r"(?=" + _SENTENCE + r"\bnot\s+(?:be\s+)?(?:offered|funded|commissioned|eligible)\b)"
    r"(?!" + _SENTENCE + r"\b(?:unless|until|before|except|without)\b)" + _SENTENCE
)
# Clauses that state evidence or how to measure, or who is refused: not a criterion.
_NOT_VALUE_CLAUSE = re.compile(
    _REFUSING_SENTENCE + r"|"
    r"(?:^|(?<=[.;]\s))(?:It\s+is\s+recommended|We\s+(?:would\s+)?recommend|It\s+is\s+advised)\b[^.;]*"
    r"|\b(?:good|some|limited|strong|weak|no|little|insufficient|moderate|high[- ]quality|low[- ]quality)\s+"
    r"evidence\b[^.;()]*(?:\([^)]*\)[^.;()]*)?"
    r"|\bevidence\s+(?:shows?|suggests?|indicates?)\b[^.;()]*|\bthe\s+evidence\s+base\b[^.;]*"
    r"|\bstud(?:y|ies)\s+(?:show|shows|found|suggest)\b[^.;]*"
    r"|\baveraged\s+(?:at|across|over)\s+[\d.,\s&and]+k?hz\b"
    r"|\(\s*or\s+equivalent[^)]*\)"
    r"|\b\d+(?:\.\d+)?\s*k?hz\b",
    re.IGNORECASE,
)


def value_context(text: str) -> bool:
    """Whether values may be read from ``text`` at all (False for a note or measuring instruction)."""
    return not _NOTE.search(text)


def mask_non_values(text: str) -> str:
    """``text`` with evidence statements and measuring instructions blanked (same length)."""
    return _NOT_VALUE_CLAUSE.sub(lambda match: " " * len(match.group(0)), text)


def find_durations(text: str) -> list[DurationMatch]:
    """Durations stated in ``text``; ``text`` of each is exactly as printed in ``text``."""
    return [found for found in _find_durations(mask_non_values(text)) if found.text in text]


def find_thresholds(text: str) -> list[ThresholdMatch]:
    """Thresholds stated in ``text``; ``text`` of each is exactly as printed in ``text``."""
    return [found for found in _find_thresholds(mask_non_values(text)) if found.text in text]


def find_age_bounds(text: str) -> list[AgeBound]:
    """Age bounds stated in ``text``; ``text`` of each is exactly as printed in ``text``."""
    return [found for found in _find_age_bounds(mask_non_values(text)) if found.text in text]
