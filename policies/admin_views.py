"""Structuring a policy's criteria in the admin, and the review queue (thin views, staff only, CSRF).

Both live inside the admin site (``admin_site.admin_view``: its login, staff
only, CSRF). The structuring form has one row per source line (include it?
in which group?) and one row per group (its path and operator): a group's path
is "" for the root, "1", "2" for groups under it, "1.1" under group 1. The
form is turned into a tree (``tree_from_form``, pure) and saved by
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

GROUP_ROWS = 4
PERMISSION = "policies.change_policyversion"


def tree_from_form(data) -> dict[str, Any]:
    """The tree a structuring form describes; ``CurationError`` when it describes none."""
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
    for key in data:
        if not key.startswith("include_"):
            continue
        line = int(key.removeprefix("include_"))
        group_path = data.get(f"group_{line}", "").strip()
        if group_path not in groups:
            raise curation.CurationError(f"line {line}: no group '{group_path}' is defined")
        entries[group_path].append((line, {"line": line}))
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
    return groups[""]


def _initial(version: PolicyVersion) -> tuple[dict[int, str], list[dict[str, Any]]]:
    """The parser's tree (or the curated one) as form rows: line -> group path, and the groups."""
    nodes = list(version.nodes.order_by("order"))
    leaf_groups: dict[int, str] = {}
    groups = [{"path": "", "op": "all", "k": "", "text": ""}]
    for node in nodes:
        group_path = node.path.removeprefix("root").removeprefix(".")
        if node.kind == "leaf":
            leaf_groups[node.line] = node.path.rpartition(".")[0].removeprefix("root").removeprefix(".")
        elif not group_path:
            groups[0] = {"path": "", "op": node.kind, "k": node.k or "", "text": node.text}
        elif len(groups) < GROUP_ROWS:
            groups.append({"path": group_path, "op": node.kind, "k": node.k or "", "text": node.text})
    while len(groups) < GROUP_ROWS:
        groups.append({"path": "", "op": "", "k": "", "text": ""})
    return leaf_groups, groups


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
                actions.structure_criteria(
                    version=version,
                    tree=tree_from_form(request.POST),
                    editor=request.user,
                    reason=request.POST.get("reason", ""),
                )
            except curation.CurationError as problem:
                error = str(problem)
            else:
                return redirect("admin:policies_policyversion_structure", pk=version.pk)
        start_empty = request.GET.get("start") == "empty" or not version.criteria_structured
        leaf_groups, groups = ({}, _initial(version)[1][:1]) if start_empty else _initial(version)
        if start_empty:
            groups = [{"path": "", "op": "all", "k": "", "text": ""}] + [
                {"path": "", "op": "", "k": "", "text": ""} for _ in range(GROUP_ROWS - 1)
            ]
        lines = [
            {"number": n, "text": text, "included": n in leaf_groups, "group": leaf_groups.get(n, "")}
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
            "groups": [{"index": i, **group} for i, group in enumerate(groups)],
            "operators": curation.OPERATORS,
            "error": error,
            "curated": curated.first(),
        }
        return TemplateResponse(request, "admin/policies/structure_criteria.html", context)
