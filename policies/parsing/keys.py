"""Stable, readable keys for criteria leaves and exclusions.

The key rule: lower-case the text, keep its words (letters, digits and inner
hyphens: "end-stage" stays one word), drop filler words (articles,
prepositions, pronouns, auxiliaries, "patient" and stock verbs such as
"diagnosed"/"suffering" that open most criteria), and join the first
``KEY_WORDS`` remaining words with "-":

    "The patient has been assessed by Musculoskeletal Services and diagnosed
    as suffering from end-stage osteoarthritis ..."
    -> "assessed-musculoskeletal-services-end-stage-osteoarthritis"

Keys must be unique within a policy. When a key is taken, more words of the
same text are used until it is unique; identical texts get "-2", "-3" in
document order. Exclusion keys are the same rule with an "exclusion-" prefix;
leaves and exclusions share one namespace (facts about a patient are keyed by
either), so an exclusion key never repeats a leaf key.
The key depends only on the text and the texts before it, so parsing the same
document again gives the same keys.
"""

from __future__ import annotations

import re
import unicodedata

KEY_WORDS = 5

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

FILLER_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "their",
        "them",
        "they",
        "its",
        "it",
        "his",
        "her",
        "he",
        "she",
        "your",
        "our",
        "we",
        "you",
        "i",
        "of",
        "to",
        "for",
        "from",
        "with",
        "by",
        "at",
        "as",
        "in",
        "on",
        "into",
        "onto",
        "upon",
        "than",
        "then",
        "via",
        "per",
        "and",
        "or",
        "nor",
        "but",
        "if",
        "so",
        "such",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "having",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "may",
        "might",
        "must",
        "who",
        "whom",
        "which",
        "whose",
        "what",
        "when",
        "where",
        "while",
        "there",
        "patient",
        "patients",
        "patient's",
        "diagnosed",
        "suffering",
    ]
)


def slug_words(text: str) -> list[str]:
    """The significant words of ``text``, lower-case ASCII, in order."""
    # En and em dashes join like hyphens ("Class 3–6" -> "3-6"), not glue digits together.
    text = re.sub(r"\s*[–—]\s*", "-", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _WORD.findall(ascii_text.lower().replace("'", ""))
    return [word for word in words if word not in FILLER_WORDS]


class KeyMaker:
    """Hands out unique keys within one policy (one instance per parse)."""

    def __init__(self, prefix: str = "", fallback: str = "criterion", taken: set[str] | None = None):
        self.prefix = prefix
        self.fallback = fallback
        self.taken: set[str] = taken if taken is not None else set()

    def key_for(self, text: str) -> str:
        words = slug_words(text) or [self.fallback]
        for count in range(min(KEY_WORDS, len(words)), len(words) + 1):
            candidate = self.prefix + "-".join(words[:count])
            if candidate not in self.taken:
                return self._take(candidate)
        base = self.prefix + "-".join(words)
        suffix = 2
        while f"{base}-{suffix}" in self.taken:
            suffix += 1
        return self._take(f"{base}-{suffix}")

    def _take(self, key: str) -> str:
        self.taken.add(key)
        return key
