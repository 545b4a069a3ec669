from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from config.health import healthz

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="guidance:procedure-list", permanent=False), name="home"),
    path("", include("guidance.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
