from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="guidance:procedure-list", permanent=False), name="home"),
    path("", include("guidance.urls")),
    path("admin/", admin.site.urls),
]
