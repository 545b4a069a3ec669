from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("procedures/", views.procedure_list, name="procedure-list"),
    path("procedures/<slug:slug>/", views.procedure_detail, name="procedure-detail"),
    path("governance/", views.governance, name="governance"),
    path("governance/register.csv", views.governance_csv, name="governance-csv"),
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/key-dates.ics", views.key_dates_ics, name="key-dates-ics"),
]
