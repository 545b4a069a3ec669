"""Guidance API routes, mounted at /api/v1/ (namespace ``guidance-api``). Natural keys only."""

from django.urls import path

from guidance.api import views

app_name = "guidance-api"

urlpatterns = [
    path("procedures/", views.ProcedureList.as_view(), name="procedure-list"),
    path("procedures/<slug:slug>/", views.ProcedureDetail.as_view(), name="procedure-detail"),
    path("procedures/<slug:slug>/changes", views.ProcedureChanges.as_view(), name="procedure-changes"),
    # The same with a trailing slash, for clients that add one; left out of the schema (schema=None).
    path("procedures/<slug:slug>/changes/", views.ProcedureChanges.as_view(schema=None)),
    path("recommendations/", views.RecommendationList.as_view(), name="recommendation-list"),
    path("duties/", views.DutyList.as_view(), name="duty-list"),
    path("consultations/", views.ConsultationList.as_view(), name="consultation-list"),
    path("key-dates/", views.KeyDateList.as_view(), name="key-date-list"),
    path("registries/", views.RegistryList.as_view(), name="registry-list"),
    path("changes/", views.ChangeList.as_view(), name="change-list"),
    # The spelling, without the slash; left out of the schema (schema=None).
    path("changes", views.ChangeList.as_view(schema=None)),
]
