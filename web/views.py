"""The site's own pages, across both domains: the home page and search (thin views)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from guidance import selectors as guidance_selectors
from policies import selectors as policy_selectors
from sources import selectors as source_selectors
from sources.clock import london_today
from web import presenters
from web import selectors as web_selectors
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
    context = {"form": form, "q": q}
    if q:
        results = web_selectors.search(q, limit=SEARCH_LIST_SIZE)
        shaping = {"today": today, "words": results.words, "phrases": results.phrases}
        context.update(
            abbreviations=results.abbreviations,
            procedures=presenters.procedure_results(results.procedures, **shaping),
            procedures_more=results.procedures_more,
            policies=presenters.policy_results(results.policies, **shaping),
            policies_more=results.policies_more,
        )
    return render(request, "web/search.html", context)
