"""Policy API routes, mounted at /api/v1/ (namespace ``policies-api``). Natural keys only."""

from django.urls import path

from policies.api import views

app_name = "policies-api"

urlpatterns = [
    path("bodies/", views.BodyList.as_view(), name="body-list"),
    path("policies/", views.PolicyList.as_view(), name="policy-list"),
    path("policies/<slug:slug>/", views.PolicyDetail.as_view(), name="policy-detail"),
    path("policies/<slug:slug>/evaluate", views.PolicyEvaluate.as_view(), name="policy-evaluate"),
    path("policies/<slug:slug>/fhir", views.PolicyFhir.as_view(), name="policy-fhir"),
    path("policies/<slug:slug>/changes", views.PolicyChanges.as_view(), name="policy-changes"),
    # The same with a trailing slash, for clients that add one; left out of the schema (schema=None).
    path("policies/<slug:slug>/evaluate/", views.PolicyEvaluate.as_view(schema=None)),
    path("policies/<slug:slug>/fhir/", views.PolicyFhir.as_view(schema=None)),
    path("policies/<slug:slug>/changes/", views.PolicyChanges.as_view(schema=None)),
]
