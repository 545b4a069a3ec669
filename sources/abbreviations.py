"""Abbreviations a text defines for itself: "targeted muscle reinnervation (TMR)" gives TMR.

Pure: text in, ``Abbreviation`` values out; no Django import. Search uses it so
that a query for "TMR" also finds the documents that spell the procedure out
(docs/adr/0008-postgresql-full-text-search.md).

The input is any plain text from a source document. Two shapes define an
abbreviation, and nothing else does:

- long form, then the short form in brackets: "spinal cord stimulation (SCS)",
  "body mass index (BMI; see below)", "magnetic resonance imaging (known as MRI)";
- short form, then the long form in brackets: "TMR (targeted muscle reinnervation)".

A short form is one word of 2 to 10 letters or digits (hyphens allowed),
starting with a letter and holding at least one capital. Its long form is
accepted only when the short form's letters can be read, in order, from the
long form's words, its first letter starting the first word (the algorithm of
Schwartz and Hearst, 2003), within a window of words no wider than the short
form allows. So "(see section 2)", "(2019)", "(n=34)", "(ARP 55)" and a
bracketed word that no preceding words spell are never abbreviations: this
module never guesses one the text does not define.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# A bracketed group, with what precedes it in the same sentence or clause.
_BRACKETS = re.compile(r"\(([^()]{1,200})\)")
_SHORT = re.compile(r"[A-Za-z][A-Za-z0-9-]{1,9}")
# Words a text puts before the short form inside the brackets: "(known as TMR)".
_SHORT_LEADS = re.compile(
    r"^(?:known as|also known as|hereafter|abbreviated(?: as| to)?|or)\s+", re.IGNORECASE
)
# Where the long form cannot reach back past: the end of a sentence or clause, or another bracket.
_CLAUSE_END = re.compile(r"[.;:!?()\[\]]|,\s")
_WORD = re.compile(r"[^\s]+")
_JOINING_WORDS = frozenset({"of", "and", "for", "the", "in", "to", "with", "on", "by", "a", "an"})


@dataclass(frozen=True)
class Abbreviation:
    short: str  # as printed: "TMR"
    long: str  # as printed, whitespace collapsed: "targeted muscle reinnervation"
    start: int  # offset in the text where the definition (long or short form, whichever comes first) starts


def is_short_form(word: str) -> bool:
    """Whether ``word`` can be an abbreviation: 2-10 characters, a letter first, a capital in it."""
    return bool(_SHORT.fullmatch(word)) and any(c.isupper() for c in word) and any(c.isalpha() for c in word)


def defined_abbreviations(text: str) -> list[Abbreviation]:
    """Every abbreviation ``text`` defines, in order of appearance (a short form once, its first definition)."""
    found: list[Abbreviation] = []
    seen: set[str] = set()
    for match in _BRACKETS.finditer(text):
        inside = " ".join(match.group(1).split())
        abbreviation = _long_then_short(text, match, inside) or _short_then_long(text, match, inside)
        if abbreviation and abbreviation.short not in seen:
            seen.add(abbreviation.short)
            found.append(abbreviation)
    return found


def _long_then_short(text: str, match: re.Match, inside: str) -> Abbreviation | None:
    """ "long form words (ABBR)", "(ABBR; ...)", "(ABBR, ...)", "(known as ABBR)"."""
    candidate = re.split(r"[;,]", inside, maxsplit=1)[0].strip()
    candidate = _SHORT_LEADS.sub("", candidate)
    short = candidate[:-1] if _is_plural(candidate) else candidate
    if not is_short_form(short):
        return None
    before = text[: match.start()]
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
    words = _WORD.findall(before[clause_start:])
    window = words[-min(len(short) + 5, len(short) * 2) :]
    long = _initials_long_form(short, window) or _best_long_form(short, " ".join(window))
    if long is None:
        return None
    start = before.rfind(long.split(" ", 1)[0])
    return Abbreviation(short=short, long=long, start=start)


def _short_then_long(text: str, match: re.Match, inside: str) -> Abbreviation | None:
    """ "ABBR (long form words)": the word before the brackets is the short form."""
    words = _WORD.findall(text[: match.start()])
    if not words or len(inside.split()) < 2:
        return None
    short = words[-1]
    if not is_short_form(short):
        return None
    long_words = inside.split()[: min(len(short) + 5, len(short) * 2)]
    long = _best_long_form(short, " ".join(long_words))
    # The long form must be the whole bracket (no trailing words it does not spell).
    if long is None or long != " ".join(long_words) or len(long_words) != len(inside.split()):
        return None
    return Abbreviation(short=short, long=long, start=match.start() - len(short) - 1)


def _is_plural(candidate: str) -> bool:
    """ "(ICBs)": a plural of a short form."""
    return len(candidate) > 2 and candidate.endswith("s") and candidate[:-1].isupper()


def _initials_long_form(short: str, words: list[str]) -> str | None:
    """The last words whose initials (joining words aside) are the short form's letters: "National
    Neuromodulation Registry (NNR)". Tried first, as the reading that needs no letter from inside a word."""
    letters = [c.lower() for c in short if c.isalpha()]
    if len(letters) != len(short):
        return None
    wanted = len(letters)
    for start in range(len(words) - 1, -1, -1):
        tail = words[start:]
        initials = [w[0].lower() for w in tail if w.lower() not in _JOINING_WORDS]
        if len(initials) > wanted:
            return None
        if initials == letters and tail[0].lower() not in _JOINING_WORDS:
            return " ".join(tail)
    return None


def _best_long_form(short: str, long: str) -> str | None:
    """The shortest tail of ``long`` that spells ``short`` (Schwartz and Hearst), or None.

    Reading right to left, each letter or digit of the short form is found in
    the long form; the first must start a word. The long form must have at
    least as many characters as the short form has letters, must not contain the
    short form itself, and must start with a letter or digit.
    """
    s_index = len(short) - 1
    l_index = len(long) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (
            long[l_index].lower() != char or (s_index == 0 and l_index > 0 and long[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = long.rfind(" ", 0, l_index + 1) + 1
    result = long[start:].strip()
    if not result or not result[0].isalnum() or len(result) <= len(short):
        return None
    if re.search(rf"\b{re.escape(short)}\b", result):
        return None
    return result


def could_be_short_form(word: str) -> bool:
    """Whether a query word, in any case ("tmr"), is shaped like a short form a text could define."""
    return bool(_SHORT.fullmatch(word)) and any(c.isalpha() for c in word)


def expansions(texts: Iterable[str], words: Iterable[str]) -> list[Abbreviation]:
    """The abbreviations ``texts`` define whose short form is one of ``words`` (any case), each long form once."""
    wanted = {word.lower() for word in words}
    found: dict[tuple[str, str], Abbreviation] = {}
    for text in texts:
        for abbreviation in defined_abbreviations(text):
            if abbreviation.short.lower() in wanted:
                found.setdefault((abbreviation.short.lower(), abbreviation.long.lower()), abbreviation)
    return list(found.values())
