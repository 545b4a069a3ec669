"""Structuring a policy's criteria in the admin, and the review queue (thin views, staff only, CSRF).

Both live inside the admin site (``admin_site.admin_view``: its login, staff
only, CSRF). The structuring form has one row per source line (use it? as a
criterion, a definition or an exclusion? in which group? which words?), one
row per group (its path and operator) and one row per measure (a threshold,
duration or age bound on a line, with the words it is read from). A group's
path is "" for the root, "1", "2" for groups under it, "1.1" under group 1. A
line's words are blank for the whole line, or the words of it to use; several
criteria (or exclusions) of one line are separated by " | "; for a
definition they are the term it defines. The form is turned into a tree and
marks (``reading_from_form``, pure) and saved by
``policies.actions.structure_criteria``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from policies import actions, curation
from policies.models import CuratedTree, CurationStatus, PolicyVersion
from policies.review_queue import review_queue
from policies.versions import number_text

GROUP_ROWS = 4
SPARE_MEASURE_ROWS = 3
ROLES = ("criterion", "definition", "exclusion")
PART_SEPARATOR = "|"
PERMISSION = "policies.change_policyversion"
# A measure row's fields and the form names they are posted under (``mline_0``, ``mkind_0``...).
MEASURE_FIELDS = {
    "line": "mline",
    "kind": "mkind",
    "name": "mname",
    "comparator": "mcomp",
    "value": "mvalue",
    "unit": "munit",
    "words": "mwords",
}


def _parts(words: str) -> list[str]:
    return [part.strip() for part in words.split(PART_SEPARATOR) if part.strip()]


def reading_from_form(data) -> tuple[dict[str, Any], dict[str, list]]:
    """The tree and marks a structuring form describes; ``CurationError`` when it describes none."""
    groups: dict[str, dict[str, Any]] = {}
    for index in range(GROUP_ROWS):
        op = data.get(f"gop_{index}", "")
        if not op:
            continue
        group_path = "" if index == 0 else data.get(f"gpath_{index}", "").strip()
        if index and not group_path:
            continue
        group: dict[str, Any] = {"op": op, "children": [], "text": data.get(f"gtext_{index}", "")}
        if op == "at_least":
            try:
                group["k"] = int(data.get(f"gk_{index}", ""))
            except ValueError:
                raise curation.CurationError(f"group '{group_path or 'root'}': k must be a number") from None
        groups[group_path] = group
    if "" not in groups:
        raise curation.CurationError("choose the root group's operator")
    entries: dict[str, list[tuple[int, dict]]] = {key: [] for key in groups}
    marks: dict[str, list] = {"definitions": [], "exclusions": [], "measures": []}
    for line in _included_lines(data):
        role = data.get(f"role_{line}", "criterion") or "criterion"
        words = data.get(f"words_{line}", "").strip()
        if role == "definition":
            marks["definitions"].append({"line": line, "term": words})
            continue
        if role == "exclusion":
            marks["exclusions"].extend({"line": line, "part": part} for part in _parts(words) or [""])
            continue
        if role != "criterion":
            raise curation.CurationError(f"line {line}: a line is one of {', '.join(ROLES)}")
        group_path = data.get(f"group_{line}", "").strip()
        if group_path not in groups:
            raise curation.CurationError(f"line {line}: no group '{group_path}' is defined")
        entries[group_path].extend((line, {"line": line, "part": part}) for part in _parts(words) or [""])
    for group_path in sorted(groups, key=len, reverse=True):
        if not group_path:
            continue
        parent = group_path.rpartition(".")[0]
        if parent not in groups:
            raise curation.CurationError(f"group '{group_path}': its parent group '{parent}' is not defined")
        if entries[group_path]:
            entries[parent].append((min(line for line, _ in entries[group_path]), groups[group_path]))
    for group_path, group in groups.items():
        group["children"] = [node for _, node in sorted(entries[group_path], key=lambda entry: entry[0])]
    for index, row in enumerate(_posted_measures(data)):
        if not row["kind"]:
            continue
        try:
            line = int(row["line"])
        except ValueError:
            raise curation.CurationError(f"measure {index + 1}: give its line number") from None
        marks["measures"].append({**row, "line": line})
    return groups[""], marks


def _line_rows(version: PolicyVersion, *, start_empty: bool) -> dict[int, dict[str, Any]]:
    """The current reading (parser's or editor's) as line rows: line -> role, group path, words."""
    rows: dict[int, dict[str, Any]] = {}
    lines = version.document.text.splitlines()
    if not start_empty:
        for node in version.nodes.filter(kind="leaf").order_by("order"):
            row = rows.setdefault(node.line, {"role": "criterion", "parts": []})
            row["group"] = node.path.rpartition(".")[0].removeprefix("root").removeprefix(".")
            row["parts"].append(node.text)
    for exclusion in version.exclusions.order_by("order"):
        row = rows.setdefault(exclusion.line, {"role": "exclusion", "parts": [], "group": ""})
        # A line has one role on the form: an exclusion the parser read beside a criterion on the
        # same line is not offered as a part of that criterion.
        if row["role"] == "exclusion":
            row["parts"].append(exclusion.text)
    for definition in version.definitions.order_by("order"):
        rows.setdefault(definition.line, {"role": "definition", "parts": [definition.term], "group": ""})
    for number, row in rows.items():
        whole = curation.leaf_words(lines[number - 1]) if 0 < number <= len(lines) else ""
        parts = row.pop("parts")
        # The whole line needs no words; words the line does not print (the parser joined or
        # cleaned them) cannot be kept as a part, so the row falls back to the whole line.
        if row["role"] == "definition":
            row["words"] = parts[0]
        elif parts == [whole] or not all(part.casefold() in whole.casefold() for part in parts):
            row["words"] = ""
        else:
            row["words"] = f" {PART_SEPARATOR} ".join(parts)
    return rows


def _group_rows(version: PolicyVersion, *, start_empty: bool) -> list[dict[str, Any]]:
    groups = [{"path": "", "op": "all", "k": "", "text": ""}]
    if not start_empty:
        for node in version.nodes.exclude(kind="leaf").order_by("order"):
            group_path = node.path.removeprefix("root").removeprefix(".")
            if not group_path:
                groups[0] = {"path": "", "op": node.kind, "k": node.k or "", "text": node.text}
            elif len(groups) < GROUP_ROWS:
                groups.append({"path": group_path, "op": node.kind, "k": node.k or "", "text": node.text})
    groups += [{"path": "", "op": "", "k": "", "text": ""} for _ in range(GROUP_ROWS - len(groups))]
    return [{"index": i, **group} for i, group in enumerate(groups)]


def _measure_rows(version: PolicyVersion) -> list[dict[str, Any]]:
    rows = [
        {
            "line": t.line,
            "kind": "threshold",
            "name": t.measure,
            "comparator": t.comparator,
            "value": number_text(t.value),
            "unit": t.unit,
            "words": t.text,
        }
        for t in version.thresholds.order_by("order")
    ]
    rows += [
        {
            "line": d.line,
            "kind": "duration",
            "name": d.context,
            "comparator": d.comparator,
            "value": number_text(d.value),
            "unit": d.unit,
            "words": d.text,
        }
        for d in version.durations.order_by("order")
    ]
    for kind in ("age_min", "age_max"):
        value = getattr(version, kind)
        if value is not None:
            rows.append(
                {
                    "line": version.age_line or "",
                    "kind": kind,
                    "name": "",
                    "comparator": "",
                    "value": number_text(value),
                    "unit": "years",
                    "words": version.age_words,
                }
            )
    rows += [dict.fromkeys(MEASURE_FIELDS, "") for _ in range(SPARE_MEASURE_ROWS)]
    return [{"index": i, **row} for i, row in enumerate(rows)]


def _included_lines(data) -> list[int]:
    """The source lines a structuring form ticks (``include_<line>``), in order."""
    included = (key.removeprefix("include_") for key in data if key.startswith("include_"))
    return sorted(int(number) for number in included if number.isdigit())


def _posted_measures(data) -> list[dict[str, str]]:
    """The measure rows of a structuring form, as posted (every field a string)."""
    rows = []
    while f"{MEASURE_FIELDS['line']}_{len(rows)}" in data:
        rows.append({field: data.get(f"{name}_{len(rows)}", "") for field, name in MEASURE_FIELDS.items()})
    return rows


def _posted_rows(data) -> tuple[dict[int, dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """A structuring form's rows as the editor posted them (line rows, group rows, measure rows)."""
    rows = {
        line: {
            "role": data.get(f"role_{line}", "criterion"),
            "group": data.get(f"group_{line}", ""),
            "words": data.get(f"words_{line}", ""),
        }
        for line in _included_lines(data)
    }
    groups = [
        {
            "index": i,
            "path": data.get(f"gpath_{i}", ""),
            "op": data.get(f"gop_{i}", ""),
            "k": data.get(f"gk_{i}", ""),
            "text": data.get(f"gtext_{i}", ""),
        }
        for i in range(GROUP_ROWS)
    ]
    measures = [{"index": i, **row} for i, row in enumerate(_posted_measures(data))]
    return rows, groups, measures


class CurationViews:
    def __init__(self, admin_site):
        self.admin_site = admin_site

    def urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("review/", wrap(self.review), name="policies_review_queue"),
            path("<int:pk>/structure/", wrap(self.structure), name="policies_policyversion_structure"),
        ]

    def review(self, request):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        context = {**self.admin_site.each_context(request), "title": "Review queue", "items": review_queue()}
        return TemplateResponse(request, "admin/policies/review_queue.html", context)

    def structure(self, request, pk):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        version = get_object_or_404(PolicyVersion.objects.select_related("document", "policy"), pk=pk)
        error = None
        if request.method == "POST":
            try:
                tree, marks = reading_from_form(request.POST)
                actions.structure_criteria(
                    version=version,
                    tree=tree,
                    marks=marks,
                    editor=request.user,
                    reason=request.POST.get("reason", ""),
                )
            except curation.CurationError as problem:
                error = str(problem)
            else:
                return redirect("admin:policies_policyversion_structure", pk=version.pk)
        start_empty = request.GET.get("start") == "empty" or not version.criteria_structured
        if error is None:
            rows = _line_rows(version, start_empty=start_empty)
            groups, measures = _group_rows(version, start_empty=start_empty), _measure_rows(version)
        else:  # shown again as the editor filled it in, with the reason it could not be saved
            rows, groups, measures = _posted_rows(request.POST)
        lines = [
            {
                "number": n,
                "text": text,
                "included": n in rows,
                **rows.get(n, {"role": "", "group": "", "words": ""}),
            }
            for n, text in enumerate(version.document.text.splitlines(), start=1)
            if text.strip()
        ]
        curated = CuratedTree.objects.filter(
            policy_slug=version.policy.slug, anchor=version.document.source_url
        ).exclude(status=CurationStatus.REPLACED)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Structure the criteria of {version}",
            "version": version,
            "lines": lines,
            "groups": groups,
            "measures": measures,
            "operators": curation.OPERATORS,
            "roles": ROLES,
            "measure_kinds": curation.MEASURE_KINDS,
            "comparators": curation.COMPARATORS,
            "error": error,
            "curated": curated.first(),
        }
        return TemplateResponse(request, "admin/policies/structure_criteria.html", context)
