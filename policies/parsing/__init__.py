"""Pure parser for ICB threshold-criteria policies (no Django import).

``parse_icb_policy(text, filename)`` returns a ``guidance.parsing.ParsedDocument``
of kind ``icb_policy`` whose ``policy`` is a ``policies.parsing.model.Policy``,
or raises ``guidance.parsing.ParseError``. Modules, in reading order:

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

from policies.parsing.parser import parse_icb_policy

__all__ = ["parse_icb_policy"]
