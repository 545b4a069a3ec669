"""Turning parsed ICB policies into Django fixture records (plain dicts).

Each ``icb_policy`` source becomes one ``PolicyVersion`` of a ``Policy``
(identified by the body's short name and the policy subject), with its
criteria tree flattened into ``CriterionNode`` rows in tree order, and its
definitions, exclusions, thresholds and durations. Group nodes get path ids
("root", "root.2"); leaves keep the parser's stable keys, which are what
facts are given under when a policy is evaluated.

A policy whose criteria the parser could not read (``criteria`` null) is a
version with no nodes and its ``criteria_problem``; everything else it states
is kept. The issuing body is the one the text names; a page that names none
(a referral-support or formulary site) takes the manifest's ``organisation``,
and the parse itself never invents one.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.text import slugify

from sources.fixtures import FixtureBuildError, IngestedSource, document_record, record
from sources.natural_keys import stable_pk
from sources.parsing.dates import PartialDate
from sources.rendering import render_text

# The table behind CriterionNode.definitions (Django's auto-created through model).
USES_MODEL = "policies.criterionnode_definitions"


def _decimal(value) -> str | None:
    """A number as fixture text: "40", "8.5" (never "4E+1")."""
    if value is None:
        return None
    number = Decimal(str(value))
    return str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")


def body_slug(short_name: str) -> str:
    return slugify(short_name)


def policy_slug(short_name: str, title: str) -> str:
    return slugify(f"{short_name} {title}")


def build_policy_records(sources: list[IngestedSource], procedure_slugs: set[str]) -> list[dict]:
    """Records for every ICB policy source; ``procedure_slugs`` are the procedures the guidance records define."""
    policies = sorted((s for s in sources if s.kind == "icb_policy"), key=lambda s: s.entry.file)
    bodies: dict[str, dict] = {}
    policy_rows: dict[str, dict] = {}
    documents, versions, children = [], [], []
    for source in policies:
        parsed, file = source.parsed, source.entry.file
        short_name = parsed.get("organisation") or source.entry.organisation
        title = parsed.get("title") or source.entry.title
        if not short_name:
            raise FixtureBuildError(
                f"{file}: the policy names no commissioning body and the manifest gives no organisation"
            )
        if not title:
            raise FixtureBuildError(f"{file}: the policy prints no subject and the manifest gives no title")
        slug = body_slug(short_name)
        bodies.setdefault(
            slug,
            record(
                "policies.commissioningbody",
                (slug,),
                {"slug": slug, "short_name": short_name, "name": source.entry.organisation or ""},
            ),
        )
        if source.entry.organisation and not bodies[slug]["fields"]["name"]:
            bodies[slug]["fields"]["name"] = source.entry.organisation
        if source.entry.procedure and source.entry.procedure not in procedure_slugs:
            # Caught here, naming the manifest entry, rather than as a foreign-key error at load time.
            raise FixtureBuildError(
                f"{file}: the manifest links this policy to procedure {source.entry.procedure!r}, which no NICE source defines"
            )
        p_slug = policy_slug(short_name, title)
        procedure_pk = (
            stable_pk("guidance.procedure", source.entry.procedure) if source.entry.procedure else None
        )
        policy_rows.setdefault(
            p_slug,
            record(
                "policies.policy",
                (p_slug,),
                {"slug": p_slug, "body": bodies[slug]["pk"], "title": title, "procedure": procedure_pk},
            ),
        )
        document = document_record(source)
        documents.append(document)
        version = _version_record(source, policy_rows[p_slug]["pk"], document["pk"])
        versions.append(version)
        children.extend(_tree_records(source, version["pk"]))
    return (
        [bodies[k] for k in sorted(bodies)]
        + [policy_rows[k] for k in sorted(policy_rows)]
        + documents
        + versions
        + children
    )


def _not_structured(sources: list[IngestedSource]) -> list[tuple[str, dict]]:
    """(file, criteria_problem) of every policy whose criteria are not structured, in file order."""
    return [
        (source.entry.file, source.parsed["policy"]["criteria_problem"])
        for source in sorted(sources, key=lambda s: s.entry.file)
        if source.kind == "icb_policy" and source.parsed["policy"].get("criteria") is None
    ]


def structure_summary(sources: list[IngestedSource]) -> list[str]:
    """What ``ingest`` says of ICB policies: how many have structured criteria, and why the others do not."""
    total = sum(1 for source in sources if source.kind == "icb_policy")
    if not total:
        return []
    not_structured = _not_structured(sources)
    structured = total - len(not_structured)
    lines = [
        f"ICB policies: {structured} with structured criteria, {len(not_structured)} not structured"
        + (":" if not_structured else ".")
    ]
    lines.extend(f"  {file}:{problem['line']}: {problem['message']}" for file, problem in not_structured)
    return lines


def strict_refusals(sources: list[IngestedSource]) -> list[str]:
    """What ``ingest --strict`` refuses: every policy whose criteria are not structured."""
    return [f"{file}:{problem['line']}: {problem['message']}" for file, problem in _not_structured(sources)]


def _date_fields(prefix: str, value: dict | None) -> dict:
    if not value or "value" not in value:
        return {f"{prefix}_value": "", f"{prefix}_precision": ""}
    return {f"{prefix}_value": value["value"], f"{prefix}_precision": value["precision"]}


def _first_day(value: dict | None) -> str | None:
    if not value or "value" not in value:
        return None
    return PartialDate(value["value"], value["precision"]).first_day.isoformat()


def _version_record(source: IngestedSource, policy_pk: int, document_pk: int) -> dict:
    parsed, policy = source.parsed, source.parsed["policy"]
    dates = parsed.get("dates") or {}
    effective = dates.get("effective")
    effective_from = _first_day(effective)
    ages = policy.get("age_limits") or {}
    description = policy.get("description") or ""
    problem = policy.get("criteria_problem") or {}
    return record(
        "policies.policyversion",
        (source.entry.file,),
        {
            "policy": policy_pk,
            "document": document_pk,
            "reference": policy.get("reference") or "",
            "category": policy.get("category") or "",
            "funding_status": policy.get("funding_status") or "",
            "description": description,
            "description_html": render_text(description),
            **_date_fields("effective", effective),
            "effective_from": effective_from,
            **_date_fields("review", dates.get("review")),
            "review_line": (parsed.get("date_lines") or {}).get("review"),
            "review_from": _first_day(dates.get("review")),
            "age_min": _decimal(ages.get("min")),
            "age_max": _decimal(ages.get("max")),
            "age_line": ages.get("line"),
            "age_words": (ages.get("words") or "")[:300],
            "criteria_problem": problem.get("message") or "",
            "criteria_problem_line": problem.get("line"),
        },
    )


def _tree_records(source: IngestedSource, version_pk: int) -> list[dict]:
    policy, file = source.parsed["policy"], source.entry.file
    definition_rows = []
    definition_pks: dict[str, int] = {}
    for order, definition in enumerate(policy.get("definitions") or []):
        row = record(
            "policies.definition",
            (file, "definition", definition["term"]),
            {
                "version": version_pk,
                "term": definition["term"],
                "marker": definition.get("marker") or "",
                "text": definition.get("text") or "",
                "text_html": render_text(definition.get("text") or ""),
                "items": definition.get("items") or [],
                "criteria": definition.get("criteria"),
                "line": definition["line"],
                "order": order,
            },
        )
        definition_pks[definition["term"]] = row["pk"]
        definition_rows.append(row)

    node_rows: list[dict] = []
    uses: list[dict] = []
    leaf_pks: dict[str, int] = {}

    def visit(node: dict, path: str, parent_pk: int | None, depth: int) -> None:
        is_leaf = "leaf" in node
        key = node["key"] if is_leaf else path
        text = node["leaf"] if is_leaf else (node.get("text") or "")
        used = [definition_pks[t] for t in node.get("definitions") or [] if t in definition_pks]
        row = record(
            "policies.criterionnode",
            (file, "node", key),
            {
                "version": version_pk,
                "parent": parent_pk,
                "kind": "leaf" if is_leaf else node["op"],
                "k": node.get("k") if not is_leaf else None,
                "key": key,
                "text": text,
                "text_html": render_text(text),
                "number": node.get("number") or "",
                "path": path,
                "depth": depth,
                "order": len(node_rows),
                "line": node.get("line") or 1,
                "connector": "" if is_leaf else node.get("connector") or "",
                "connector_line": None if is_leaf else node.get("connector_line"),
            },
        )
        node_rows.append(row)
        # The node's definitions as rows of the through table: loaddata would otherwise run a
        # query per node to "set" its definitions (a join the planner can misjudge at scale).
        for definition_pk in sorted(used):
            uses.append(
                {
                    "model": USES_MODEL,
                    "pk": stable_pk(USES_MODEL, row["pk"], definition_pk),
                    "fields": {"criterionnode": row["pk"], "definition": definition_pk},
                }
            )
        if is_leaf:
            leaf_pks[key] = row["pk"]
            return
        for index, child in enumerate(node["children"]):
            visit(child, f"{path}.{index}", row["pk"], depth + 1)

    if policy.get("criteria") is not None:
        visit(policy["criteria"], "root", None, 0)

    rows = definition_rows + node_rows + uses
    for order, exclusion in enumerate(policy.get("exclusion_details") or []):
        rows.append(
            record(
                "policies.exclusion",
                (file, "exclusion", exclusion["key"]),
                {
                    "version": version_pk,
                    "key": exclusion["key"],
                    "text": exclusion["text"],
                    "text_html": render_text(exclusion["text"]),
                    "line": exclusion["line"],
                    "order": order,
                },
            )
        )
    for order, threshold in enumerate(policy.get("thresholds") or []):
        rows.append(
            record(
                "policies.threshold",
                (file, "threshold", order),
                {
                    "version": version_pk,
                    "node": leaf_pks.get(threshold.get("leaf")),
                    "measure": threshold["measure"],
                    "comparator": threshold["comparator"],
                    "value": _decimal(threshold["value"]),
                    "unit": threshold.get("unit") or "",
                    "text": threshold.get("text") or "",
                    "line": threshold["line"],
                    "order": order,
                },
            )
        )
    for order, duration in enumerate(policy.get("durations") or []):
        rows.append(
            record(
                "policies.duration",
                (file, "duration", order),
                {
                    "version": version_pk,
                    "node": leaf_pks.get(duration.get("leaf")),
                    "comparator": duration["comparator"],
                    "value": _decimal(duration["value"]),
                    "unit": duration["unit"],
                    "context": duration.get("context") or "",
                    "text": duration.get("text") or "",
                    "line": duration["line"],
                    "order": order,
                },
            )
        )
    return rows
