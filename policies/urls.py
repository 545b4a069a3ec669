from django.urls import path

from policies import views

app_name = "policies"

urlpatterns = [
    path("", views.policy_list, name="policy-list"),
    path("<slug:slug>/", views.policy_detail, name="policy-detail"),
    path("<slug:slug>/check", views.check_record, name="check-record"),
]
