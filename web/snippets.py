"""Why a search result matched: the sentence of a document that best matches the query, words marked.

Pure: plain text in, ``Snippet`` values (a list of text segments, some marked)
out; no Django import. The page escapes each segment and wraps the marked ones
in ``<mark>`` (``web.presenters.snippet_html``): no markup is ever built from
document text here.

A query is what a person typed: its words (websearch operators such as
``or``, a leading ``-`` and quotes aside) are matched case-insensitively at the
start of a word, by a crude stem ("lengthening" marks "lengthen" and
"lengthened"), which is what PostgreSQL's English stemming finds; an
abbreviation's long form (``sources.abbreviations``) is matched as a phrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SNIPPET_MAX_CHARS = 320
# Words a search engine ignores; marking every "the" would hide the words that matter.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "to",
        "was",
        "were",
        "with",
        "not",
        "no",
    ]
)
_QUERY_WORD = re.compile(r"-?[\w][\w'-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
_SUFFIXES = ("ings", "ing", "ed", "es", "s")


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool = False


@dataclass(frozen=True)
class SnippetSource:
    """A text a result can be explained by, with where it was read."""

    text: str
    where: str  # "Recommendation 1.1", "Section 2.5", "Criterion"
    filename: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Snippet:
    segments: tuple[Segment, ...]
    where: str
    filename: str
    line: int | None

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    @property
    def marked(self) -> tuple[str, ...]:
        return tuple(segment.text for segment in self.segments if segment.marked)


def query_words(q: str) -> tuple[str, ...]:
    """The words of a query that a match is about: lower case, each once, operators and stop words left out."""
    words: list[str] = []
    for word in _QUERY_WORD.findall(q.replace('"', " ")):
        if word.startswith("-"):
            continue  # "hip -knee": knee is what the person does not want
        word = word.lower().strip("'-")
        if word and word not in _STOPWORDS and word not in words:
            words.append(word)
    return tuple(words)


def stem(word: str) -> str:
    """A crude English stem: a common suffix off, when four letters or more remain."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def match_pattern(words: Sequence[str], phrases: Sequence[str] = ()) -> re.Pattern | None:
    """One pattern marking each word (from its stem, at a word start) and each phrase (whole words)."""
    parts = [
        r"\s+".join(re.escape(w) for w in phrase.split()) + r"\b" for phrase in phrases if phrase.strip()
    ]
    parts += [re.escape(stem(word)) + r"\w*" for word in words]
    if not parts:
        return None
    # Longest alternatives first, so a phrase wins over one of its words.
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """The sentences of a text, whitespace collapsed."""
    flat = " ".join(text.split())
    return [s for s in _SENTENCE_END.split(flat) if s]


def mark(text: str, pattern: re.Pattern) -> tuple[Segment, ...]:
    """``text`` cut into segments, the parts ``pattern`` matches marked."""
    segments: list[Segment] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            segments.append(Segment(text[position : match.start()]))
        segments.append(Segment(match.group(0), marked=True))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text[position:]))
    return tuple(segments)


def _shorten(sentence: str, pattern: re.Pattern) -> str:
    """A long sentence cut to a window around its first match, with ellipses where it was cut."""
    if len(sentence) <= SNIPPET_MAX_CHARS:
        return sentence
    first = pattern.search(sentence)
    centre = first.start() if first else 0
    start = max(0, centre - SNIPPET_MAX_CHARS // 3)
    end = min(len(sentence), start + SNIPPET_MAX_CHARS)
    # Cut at spaces, so no word is split.
    if start > 0:
        start = sentence.find(" ", start) + 1 or start
    if end < len(sentence):
        end = sentence.rfind(" ", start, end) if sentence.rfind(" ", start, end) > start else end
    return ("… " if start > 0 else "") + sentence[start:end].strip() + (" …" if end < len(sentence) else "")


def best_snippet(
    sources: Iterable[SnippetSource], words: Sequence[str], phrases: Sequence[str] = ()
) -> Snippet | None:
    """The sentence matching the most distinct query words and phrases; the earliest source wins a tie.

    None when no sentence matches (PostgreSQL's stemming can find a word this
    crude stem does not): the result is then shown without a snippet.
    """
    pattern = match_pattern(words, phrases)
    if pattern is None:
        return None
    best: tuple[int, SnippetSource, str] | None = None
    for source in sources:
        for sentence in sentences(source.text):
            found = {m.group(0).lower() for m in pattern.finditer(sentence)}
            score = len({_matched_key(f, words, phrases) for f in found})
            if score and (best is None or score > best[0]):
                best = (score, source, sentence)
    if best is None:
        return None
    _, source, sentence = best
    return Snippet(
        segments=mark(_shorten(sentence, pattern), pattern),
        where=source.where,
        filename=source.filename,
        line=source.line,
    )


def _matched_key(found: str, words: Sequence[str], phrases: Sequence[str]) -> str:
    """Which query word or phrase a matched piece of text stands for (so "pain" and "pains" count once)."""
    flat = " ".join(found.split())
    for phrase in phrases:
        if flat == " ".join(phrase.lower().split()):
            return "phrase:" + flat
    for word in words:
        if flat.startswith(stem(word)):
            return "word:" + word
    return flat
