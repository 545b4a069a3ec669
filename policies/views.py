"""The policy pages: the list by commissioning body, and a policy with its criteria and eligibility checker.

The checker is a plain POST form (CSRF-protected) answered by the server, so
it works without JavaScript, and a patient's answers stay out of URLs unless
the user opens the result's permalink: ``check_record`` answers the same
check again from a GET query string, storing nothing, as a printable record.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from guidance.register import applied_filters
from policies import builders, presenters, selectors, versions
from policies.forms import EligibilityForm, PolicyFilterForm
from policies.models import Policy
from sources.clock import london_today

PAGE_SIZE = 50


@require_safe
def policy_list(request):
    today = london_today()
    form = PolicyFilterForm(request.GET, bodies=selectors.commissioning_bodies())
    found = selectors.policies(today=today, **form.filters())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (policy, [(version, presenters.review_status(version, today)) for version in policy.versions.all()])
        for policy in page
    ]
    filters_applied = applied_filters(getattr(form, "cleaned_data", {}), form.fields)
    context = {"form": form, "page": page, "rows": rows, "filters_applied": filters_applied}
    return render(request, "policies/policy_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def policy_detail(request, slug):
    today = london_today()
    check = None
    answers: dict[str, str] = {}
    # Every version, once: the one in force is picked from them, and they are compared ("What changed").
    try:
        policy, all_versions = selectors.policy_versions(slug)
    except Policy.DoesNotExist:
        raise Http404("No policy with that name") from None
    if request.method == "POST":
        form = EligibilityForm(request.POST)
        answers = form.submitted_answers()
        if form.is_valid():
            referral_date = form.cleaned_data["referral_date"]
            try:
                referred = selectors.in_force_among(policy, all_versions, referral_date)
                check = selectors.check_version(referred, form.facts, referral_date)
            except selectors.PolicyNotInForce:
                form.add_error("referral_date", "No version of this policy was in force on that date.")
            except selectors.CriteriaNotStructured as error:
                form.add_error(None, f"{error}.")
            except ValueError:
                form.add_error(
                    None, "The answers do not match the criteria in force on that date. Check them again."
                )
    else:
        form = EligibilityForm(initial=EligibilityForm.initial_for(today))

    if check is not None:
        version = check.version
    else:
        try:
            version = selectors.in_force_among(policy, all_versions, today)
        except selectors.PolicyNotInForce:
            raise Http404("No version of this policy is in force today") from None

    facts = form.facts if check else None
    report = builders.evaluation_report(version, check.evaluation) if check else None
    tree = builders.criteria_tree(version.nodes.all())
    leaves, exclusions = presenters.questions(version, tree, answers)
    context = {
        "policy": version.policy,
        "version": version,
        "review": presenters.review_status(version, today),
        "notice": builders.criteria_notice(version),
        "tree": presenters.criteria_view(version, tree, report, facts) if tree is not None else None,
        "definitions": presenters.definition_views(version),
        "form": form,
        "leaf_questions": leaves,
        "exclusion_questions": exclusions,
        "answers": presenters.ANSWERS,
        "check": _record(policy, all_versions, tree, report, form, check, today) if check else None,
        "links": presenters.cross_links(version.document.text),
        "version_changes": versions.history(
            [versions.version_from_row(v) for v in all_versions], selectors.editor_readings(all_versions)
        ),
        "today": today,
    }
    return render(request, "policies/policy_detail.html", context)


@require_safe
def check_record(request, slug):
    """A check as a record, from its permalink: the answers in the query string, checked again, nothing stored."""
    today = london_today()
    try:
        policy, all_versions = selectors.policy_versions(slug)
    except Policy.DoesNotExist:
        raise Http404("No policy with that name") from None
    form = EligibilityForm(request.GET)
    check = None
    if form.is_valid():
        try:
            version = selectors.in_force_among(policy, all_versions, form.cleaned_data["referral_date"])
            check = selectors.check_version(version, form.facts, form.cleaned_data["referral_date"])
        except selectors.PolicyNotInForce:
            form.add_error(None, "No version of this policy was in force on the referral date in this link.")
        except selectors.CriteriaNotStructured as error:
            form.add_error(None, f"{error}.")
        except ValueError:
            form.add_error(None, "The answers in this link do not match the criteria in force on that date.")
    if check is None:
        context = {"policy": policy, "form": form, "check": None}
        return render(request, "policies/check_record.html", context, status=400)
    version = check.version
    tree = builders.criteria_tree(version.nodes.all())
    report = builders.evaluation_report(version, check.evaluation)
    context = {
        "policy": policy,
        "version": version,
        "check": _record(policy, all_versions, tree, report, form, check, today),
        "links": presenters.cross_links(version.document.text),
        "today": today,
    }
    return render(request, "policies/check_record.html", context)


def _record(policy, all_versions, tree, report, form, check, today) -> presenters.CheckView:
    """The check as a record, the same on the policy page (POST) and at its permalink (GET)."""
    leaves, exclusions = presenters.questions(check.version, tree, form.answers)
    asked = [*leaves, *exclusions]
    checked_on = form.checked_on(today)
    query = presenters.record_query(check.as_of, form.answers, checked_on, [q.key for q in asked])
    return presenters.check_view(
        report,
        form.facts,
        check.as_of,
        policy=policy,
        version=presenters.version_record(check.version, len(all_versions), check.as_of),
        questions=asked,
        checked_on=checked_on,
        permalink=f"{reverse('policies:check-record', args=[policy.slug])}?{query}",
    )
