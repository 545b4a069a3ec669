from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("procedures/", views.procedure_list, name="procedure-list"),
    path("procedures/<slug:slug>/", views.procedure_detail, name="procedure-detail"),
]
