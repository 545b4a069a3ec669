"""The site's own pages, across both domains: the home page and search (thin views)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from guidance import selectors as guidance_selectors
from policies import selectors as policy_selectors
from sources import selectors as source_selectors
from sources.clock import london_today
from web.forms import SearchForm

HOME_LIST_SIZE = 10
SEARCH_LIST_SIZE = 20


@require_safe
def home(request):
    today = london_today()
    watch = list(guidance_selectors.procedures_to_watch(today=today)[: HOME_LIST_SIZE + 1])
    context = {
        "search_form": SearchForm(),
        "counts": guidance_selectors.counts(),
        "policy_counts": policy_selectors.policy_counts(),
        "changes": source_selectors.recent_changes(limit=HOME_LIST_SIZE),
        "watch": [(p, guidance_selectors.procedure_stage(p, today)) for p in watch[:HOME_LIST_SIZE]],
        "watch_more": len(watch) > HOME_LIST_SIZE,
        "today": today,
    }
    return render(request, "web/home.html", context)


@require_safe
def search(request):
    today = london_today()
    form = SearchForm(request.GET)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    procedures, policies = [], []
    if q:
        procedures = list(guidance_selectors.procedures(today=today, q=q)[: SEARCH_LIST_SIZE + 1])
        policies = list(policy_selectors.policies(today=today, q=q)[: SEARCH_LIST_SIZE + 1])
    context = {
        "form": form,
        "q": q,
        "procedures": [
            (p, guidance_selectors.procedure_stage(p, today)) for p in procedures[:SEARCH_LIST_SIZE]
        ],
        "procedures_more": len(procedures) > SEARCH_LIST_SIZE,
        "policies": policies[:SEARCH_LIST_SIZE],
        "policies_more": len(policies) > SEARCH_LIST_SIZE,
    }
    return render(request, "web/search.html", context)
