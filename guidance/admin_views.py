"""Setting a decision the parser did not read, in the admin (a thin view, staff only, CSRF).

Inside the admin site (``admin_site.admin_view``: its login, staff only,
CSRF). The page lists the lines of the document that speaks for a procedure
(the one whose level was not read, else the one its decisions come from); the
editor chooses one paragraph, its level, optionally its indication (words of
that line) and a reason, saved by ``guidance.actions.set_decision``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from guidance import actions
from guidance.models import CuratedDecision, DecisionLevel, GuidanceDocument, Procedure
from sources.models import DocumentKind

PERMISSION = "guidance.change_indication"


def deciding_document(procedure: Procedure, chosen: str | None = None) -> GuidanceDocument | None:
    """The document an editor decides on: ``chosen`` (a pk) among the procedure's, else the one that speaks."""
    documents = GuidanceDocument.objects.filter(procedure=procedure).exclude(kind=DocumentKind.IP_IN_PROGRESS)
    if chosen and chosen.isdigit():
        return documents.filter(pk=int(chosen)).first()
    if procedure.level_not_read_file:
        found = documents.filter(filename=procedure.level_not_read_file).first()
        if found:
            return found
    deciding = procedure.indications.select_related("document").order_by("order").first()
    if deciding is not None:
        return deciding.document
    return documents.order_by("-retrieved_on", "-filename").first()


class DecisionViews:
    def __init__(self, admin_site):
        self.admin_site = admin_site

    def urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide),
                name="guidance_procedure_decide",
            ),
        ]

    def decide(self, request, pk):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        procedure = get_object_or_404(Procedure, pk=pk)
        document = deciding_document(procedure, request.GET.get("document"))
        error = None
        if request.method == "POST" and document is not None:
            try:
                line = int(request.POST.get("line", ""))
            except ValueError:
                error = "choose the paragraph that decides"
            else:
                try:
                    actions.set_decision(
                        document=document,
                        line=line,
                        level=request.POST.get("level", ""),
                        indication=request.POST.get("indication", ""),
                        editor=request.user,
                        reason=request.POST.get("reason", ""),
                    )
                except actions.DecisionError as problem:
                    error = str(problem)
                else:
                    return redirect(f"{request.path}?document={document.pk}")
        decided = {i.line: i for i in document.indications.all()} if document else {}
        lines = [
            {"number": n, "text": text, "decision": decided.get(n)}
            for n, text in enumerate(document.text.splitlines() if document else [], start=1)
            if text.strip()
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Set a decision of {procedure}",
            "procedure": procedure,
            "document": document,
            "lines": lines,
            "levels": DecisionLevel.choices,
            "chosen": request.POST.get("line") or procedure.level_not_read_line,
            "error": error,
            "curated": CuratedDecision.objects.filter(procedure_slug=procedure.slug).select_related("editor"),
        }
        return TemplateResponse(request, "admin/guidance/set_decision.html", context)
