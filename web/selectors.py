"""Reads of the search page, across both domains (``guidance.search``, ``policies.search``).

A query word shaped like an abbreviation ("TMR") is looked up in the texts
that could define it; the long forms they define ("targeted muscle
reinnervation") are searched too, so a document that spells the procedure out
is found by its abbreviation. Nothing is guessed: only an abbreviation a
document defines (``sources.abbreviations``) expands a query.
"""

from __future__ import annotations

from dataclasses import dataclass

from guidance import search as guidance_search
from policies import search as policy_search
from sources.abbreviations import Abbreviation, could_be_short_form, expansions
from web.snippets import query_words


@dataclass(frozen=True)
class SearchResults:
    words: tuple[str, ...]
    abbreviations: tuple[Abbreviation, ...]
    procedures: list
    procedures_more: bool
    policies: list
    policies_more: bool

    @property
    def phrases(self) -> tuple[str, ...]:
        return tuple(abbreviation.long for abbreviation in self.abbreviations)


def search(q: str, *, limit: int) -> SearchResults:
    """Up to ``limit`` procedures and policies matching ``q`` (and whether there are more)."""
    words = query_words(q)
    short_forms = [word for word in words if could_be_short_form(word)]
    texts = guidance_search.texts_defining(short_forms) + policy_search.texts_defining(short_forms)
    abbreviations = tuple(expansions(texts, short_forms))
    phrases = [abbreviation.long for abbreviation in abbreviations]
    procedures = list(guidance_search.search_procedures(q, phrases=phrases)[: limit + 1])
    policies = list(policy_search.search_policies(q, phrases=phrases)[: limit + 1])
    return SearchResults(
        words=words,
        abbreviations=abbreviations,
        procedures=procedures[:limit],
        procedures_more=len(procedures) > limit,
        policies=policies[:limit],
        policies_more=len(policies) > limit,
    )
