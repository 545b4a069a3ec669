"""A commissioning policy's criteria as a FHIR R4 Questionnaire. Pure: plain data in, plain dicts out.

Input
=====
``criteria`` is the tree ``policies.builders.criteria_tree`` gives::

    NODE = {"id": str, "kind": "all" | "any" | "at_least", "k": int | None,
            "text": str, "number": str | None, "children": [NODE, ...]}
         | {"id": str, "key": str, "kind": "leaf", "text": str, "number": str | None,
            "definitions": [term, ...]}

``definitions`` are ``{"term", "text", "items": [str, ...]}``, ``exclusions``
``{"key", "text"}``; dates are ``{"value": "2025-06", "precision": "month"}``
or None.

Mapping (https://hl7.org/fhir/R4/questionnaire.html)
=====================================================
- One top-level ``item`` per leaf criterion, in tree order: ``type``
  "boolean", ``linkId`` the leaf key (the same key the evaluate endpoint takes
  facts under), ``text`` the criterion's words, ``prefix`` its printed number.
- Structure through ``enableWhen``, only where it is exact. In an ALL group
  (or "at least n of n"), a criterion is enabled once every earlier sibling
  *leaf* of that group is answered true, and the conditions of enclosing ALL
  groups accumulate (``enableBehavior`` "all", operator "=", answerBoolean
  true). Hiding it is safe: a false earlier sibling makes the group false
  whatever the later criteria say. Earlier siblings that are groups add no
  condition (an "A or B" cannot join an AND list), and ANY / at-least-k
  groups add none either, so a question is never hidden while its answer could
  still matter. The AND/OR shape is spelt out in ``description``.
- A definition a criterion uses ("*Significant functional impairment is
  defined as...") is a nested ``display`` item with the standard
  ``questionnaire-itemControl`` extension, code "help": FHIR's way of showing
  help text beside a question. Nested items are not top-level items.
- Exclusions are not questions a form should gate on: they are listed in
  ``description`` (the evaluate endpoint takes them as facts).
- ``status`` is "active": a policy past its review date stays in force until a
  new version replaces it (the API reports ``review_due`` separately).
- Dates keep their precision: FHIR ``dateTime`` accepts "2026", "2025-06" and
  "2025-06-01" alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

ITEM_CONTROL_URL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
# FHIR R4 resource ids: https://hl7.org/fhir/R4/datatypes.html#id
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def questionnaire(
    *,
    slug: str,
    url: str,
    title: str,
    publisher: str,
    version: str,
    description: str,
    criteria: Mapping[str, Any],
    definitions: Sequence[Mapping[str, Any]] = (),
    exclusions: Sequence[Mapping[str, Any]] = (),
    effective: Mapping[str, str] | None = None,
    review: Mapping[str, str] | None = None,
    source_url: str | None = None,
    curated_on: str | None = None,
) -> dict[str, Any]:
    """The Questionnaire resource (a JSON-ready dict) for one policy version. See the module docstring.

    ``curated_on`` (YYYY-MM-DD): the criteria were structured by an editor that day, and the
    description says so.

    Raises ``ValueError`` when two items would share a linkId.
    """
    by_term = {definition["term"]: definition for definition in definitions}
    items = [_item(leaf, conditions, by_term) for leaf, conditions in _leaves(criteria, ())]
    _check_link_ids(items)

    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": _resource_id(slug),
        "url": url,
        "version": version,
        "name": _computable_name(slug),
        "title": title,
        "status": "active",
        "subjectType": ["Patient"],
    }
    if effective:
        resource["date"] = effective["value"]
    resource["publisher"] = publisher
    resource["description"] = _description(description, criteria, exclusions, review, source_url, curated_on)
    resource["jurisdiction"] = [{"coding": [{"system": "urn:iso:std:iso:3166", "code": "GB"}]}]
    if effective:
        resource["effectivePeriod"] = {"start": effective["value"]}
    resource["item"] = items
    return resource


def _leaves(
    node: Mapping[str, Any], conditions: tuple[str, ...]
) -> Iterator[tuple[Mapping[str, Any], tuple[str, ...]]]:
    """Every leaf in tree order with the leaf keys that must be answered true to enable it."""
    if node["kind"] == "leaf":
        yield node, conditions
        return
    children = node["children"]
    conjunctive = node["kind"] == "all" or (node["kind"] == "at_least" and node.get("k") == len(children))
    earlier: list[str] = []
    for child in children:
        yield from _leaves(child, conditions + tuple(earlier) if conjunctive else conditions)
        if conjunctive and child["kind"] == "leaf":
            earlier.append(child["key"])


def _item(
    leaf: Mapping[str, Any], conditions: tuple[str, ...], by_term: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": leaf["key"]}
    if leaf.get("number"):
        item["prefix"] = leaf["number"]
    item["text"] = leaf["text"]
    item["type"] = "boolean"
    if conditions:
        item["enableWhen"] = [{"question": key, "operator": "=", "answerBoolean": True} for key in conditions]
        item["enableBehavior"] = "all"
    help_items = [
        _help_item(f"{leaf['key']}.help.{position}", by_term[term])
        for position, term in enumerate(leaf.get("definitions") or (), start=1)
        if term in by_term
    ]
    if help_items:
        item["item"] = help_items
    return item


def _help_item(link_id: str, definition: Mapping[str, Any]) -> dict[str, Any]:
    lines = [definition.get("text") or definition["term"]]
    lines += [f"- {entry}" for entry in definition.get("items") or ()]
    return {
        "linkId": link_id,
        "text": "\n".join(lines),
        "type": "display",
        "extension": [
            {
                "url": ITEM_CONTROL_URL,
                "valueCodeableConcept": {
                    "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}],
                    "text": "Help-Button",
                },
            }
        ],
    }


def _check_link_ids(items: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for link_id in _link_ids(items):
        if link_id in seen:
            raise ValueError(f"two Questionnaire items share the linkId {link_id!r}")
        seen.add(link_id)


def _link_ids(items: list[dict[str, Any]]) -> Iterator[str]:
    for item in items:
        yield item["linkId"]
        yield from _link_ids(item.get("item", []))


def _resource_id(slug: str) -> str:
    """The slug when it is a valid FHIR id; otherwise its allowed characters, cut to 64."""
    if FHIR_ID.fullmatch(slug):
        return slug
    cleaned = re.sub(r"[^A-Za-z0-9\-.]", "-", slug)[:64].strip("-") or "policy"
    return cleaned


def _computable_name(slug: str) -> str:
    """A machine-usable name (FHIR constraint que-0: ``[A-Z]([A-Za-z0-9_]){0,254}``): "llr-icb-x" -> "LlrIcbX"."""
    words = re.findall(r"[A-Za-z0-9]+", slug)
    name = "".join(word[:1].upper() + word[1:] for word in words)
    if not name or not name[0].isalpha():
        name = "Policy" + name
    return name[:255]


def _outline(node: Mapping[str, Any], depth: int = 0) -> list[str]:
    indent = "  " * depth
    if node["kind"] == "leaf":
        return [f"{indent}- {node['key']}"]
    heading = {"all": "All of", "any": "Any of"}.get(node["kind"], f"At least {node.get('k')} of")
    lines = [f"{indent}- {heading}:"]
    for child in node["children"]:
        lines += _outline(child, depth + 1)
    return lines


def _description(
    text: str,
    criteria: Mapping[str, Any],
    exclusions: Sequence[Mapping[str, Any]],
    review: Mapping[str, str] | None,
    source_url: str | None,
    curated_on: str | None = None,
) -> str:
    """Markdown: the policy's description, how the criteria combine, its exclusions, review date and source."""
    parts = [text.strip()] if text.strip() else []
    parts.append("Funding criteria (questions by linkId):\n\n" + "\n".join(_outline(criteria)))
    if curated_on:
        parts.append(
            f"These criteria were structured by an editor on {curated_on} from the source's lines; "
            "they were not read from the source by the parser."
        )
    if exclusions:
        parts.append(
            "Exclusions (any one answered true means not funded):\n\n"
            + "\n".join(f"- {e['text']} ({e['key']})" for e in exclusions)
        )
    if review:
        parts.append(f"Review date: {review['value']}.")
    if source_url:
        parts.append(f"Source: {source_url}")
    return "\n\n".join(parts)
