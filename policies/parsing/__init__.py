"""Pure parser for ICB threshold-criteria policies (no Django import).

``parse_icb_policy(text, filename)`` returns a ``sources.parsing.contract.ParsedDocument``
of kind ``icb_policy`` whose ``policy`` is a ``policies.parsing.model.Policy``,
or raises ``sources.parsing.errors.ParseError``. ``DOCUMENT_TYPE`` is how
``sources.parsing`` registers it (``policies.pipeline`` does so). Modules, in reading order:

- ``detect``: the markers that tell a policy page from other documents;
- ``cleanup``: drops web-page furniture (footers, share bars, cookie banners);
- ``layout``: list markers, connectors and headings of one line;
- ``metadata``: header/trailer fields, dates, organisation, title;
- ``criteria``: the AND/OR tree; ``definitions``: defined terms; ``scope``:
  exclusions and the IFR route; ``measures``: thresholds, durations, ages;
- ``keys``: stable leaf and exclusion keys; ``model``: the dataclasses;
- ``parser``: reads a page top to bottom and puts the parts together.

Conventions, each documented where it is applied: leaf and exclusion keys
(``keys``); AND/OR precedence, "AND/OR" as an inclusive or, refusal of a
list with no stated connector (``criteria``); definitions without stated
connectors keep ``items`` and a null ``criteria`` (``definitions``); Snellen
acuity, strict duration comparators and age bounds (``measures``); the
``ifr`` and ``age_limits`` shapes (``model``).
"""

from policies.parsing.detect import policy_score
from policies.parsing.parser import parse_icb_policy
from sources.parsing.contract import DocumentKind
from sources.parsing.registry import DocumentType

DOCUMENT_TYPE = DocumentType(
    DocumentKind.ICB_POLICY, "ICB policy", policy_score, parse_icb_policy, priority=2
)

__all__ = ["DOCUMENT_TYPE", "parse_icb_policy"]
