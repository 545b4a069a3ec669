from django.http import Http404
from django.shortcuts import render

from guidance import selectors
from guidance.clock import london_today
from guidance.models import Procedure


def procedure_list(request):
    today = london_today()
    procedures = [(p, selectors.procedure_stage(p, today)) for p in selectors.procedure_list()]
    return render(request, "guidance/procedure_list.html", {"procedures": procedures, "today": today})


def procedure_detail(request, slug):
    try:
        procedure = selectors.procedure_detail(slug)
    except Procedure.DoesNotExist:
        raise Http404("No procedure with that name") from None
    stage = selectors.procedure_stage(procedure, london_today())
    return render(request, "guidance/procedure_detail.html", {"procedure": procedure, "stage": stage})
