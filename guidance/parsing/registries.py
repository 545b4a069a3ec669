"""Registries named in NICE recommendations.

Input: one recommendation's text or list item. A named registry is a run of
capitalised words (with "of", "for", "and", "&" between them) ending in
"Registry", "Register" or "database":

- "onto the National Neuromodulation Registry" -> "National Neuromodulation Registry"
- "an appropriate registry (for example, the British Society of Urogynaecology
  database)" -> "British Society of Urogynaecology database"
- "National Bariatric Surgery Registry" (named under a standard recommendation too)

- "onto the European Registry for Cryosurgical Ablation of the Prostate (EuCAP)
  register" -> "European Registry for Cryosurgical Ablation of the Prostate
  (EuCAP) register": a long name with its abbreviation in brackets and a
  trailing "register" is one name ("of the", "for" inside it), not the
  "European Registry" it starts with.

A generic "register", "registry data" or "an appropriate register" names
nothing. A lower-case "registry"/"database" needs two capitalised words
before it ("UK TAVI registry"), so "a UK registry" stays generic; and the first
word of a sentence alone does not make a name ("Use registry data").
"""

from __future__ import annotations

import re

_REGISTRY_WORD = re.compile(r"\b(?:Registry|Register|registry|register|database|Database)\b")
_WORD = re.compile(r"\S+")
_CONNECTORS = {"of", "for", "and", "&"}
_OPENING_MARKS = "(\"'‘“["
_NAME_WORD = re.compile(r"^(?:[A-Z][\w-]*|[A-Z0-9]{2,}[\w-]*)$")


# "European Registry for Cryosurgical Ablation of the Prostate (EuCAP) register"
_ABBREVIATED_NAME = re.compile(
    r"(?P<name>[A-Z][\w-]*(?:\s+(?:(?:of|for|and|&|the|on|in)\s+)*[A-Z][\w-]*)*)"
    r"\s+\((?P<abbreviation>[A-Z][A-Za-z0-9]{1,12})\)\s+(?P<word>regist(?:ry|er)|database)\b"
)
_ARTICLE = re.compile(r"^(?:The|the)\s+")


def named_registries(text: str) -> list[tuple[int, str]]:
    """The registries ``text`` names, each with its offset in ``text``, in order."""
    found = []
    spans: list[tuple[int, int]] = []
    for match in _ABBREVIATED_NAME.finditer(text):
        name = match.group()
        article = _ARTICLE.match(name)
        start = match.start() + (article.end() if article else 0)
        if _REGISTRY_WORD.search(match.group("name")) or len(match.group("name").split()) >= 2:
            found.append((start, text[start : match.end()]))
            spans.append((match.start(), match.end()))
    for match in _REGISTRY_WORD.finditer(text):
        if any(start <= match.start() < end for start, end in spans):
            continue
        name_words = _name_words_before(text[: match.start()])
        if not _is_a_name(name_words, match.group(), text[: match.start()]):
            continue
        name = " ".join([*name_words, match.group()])
        found.append((match.start() - len(" ".join(name_words)) - 1, name))
    return sorted(found)


def _name_words_before(prefix: str) -> list[str]:
    """The capitalised words (and connectors between them) just before the registry word."""
    words = _WORD.findall(prefix)
    taken: list[str] = []
    for word in reversed(words):
        bare = word.lstrip(_OPENING_MARKS)
        if _NAME_WORD.match(bare) or (bare in _CONNECTORS and taken):
            taken.append(bare)
            if bare != word:  # "(British Society ...": the name starts after the bracket
                break
            continue
        break
    taken.reverse()
    while taken and taken[0] in _CONNECTORS:
        taken.pop(0)
    return taken


def _is_a_name(name_words: list[str], registry_word: str, prefix: str) -> bool:
    capitalised = [word for word in name_words if word not in _CONNECTORS]
    if not capitalised:
        return False
    before_name = prefix[: len(prefix.rstrip()) - len(" ".join(name_words))].rstrip().rstrip(_OPENING_MARKS)
    at_sentence_start = not before_name or before_name[-1] in ".!?:"
    if at_sentence_start:
        # The sentence's first word is capitalised anyway: it cannot be the whole name.
        capitalised = capitalised[1:]
    if registry_word[0].isupper():
        return bool(capitalised)
    return len(capitalised) >= 2
