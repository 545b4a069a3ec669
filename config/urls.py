from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from apicore.docs import DocsView, SchemaView
from apicore.errors import not_found
from web.health import healthz

# The REST API (docs/adr/0006-api-conventions.md): each app's api package under one version
# prefix. First, so API requests (the 304s above all) are resolved without trying the pages.
api_patterns = [
    path("v1/", include("guidance.api.urls")),
    path("v1/", include("policies.api.urls")),
    path("v1/schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(), name="api-docs"),
    # Anything else under /api/ is a 404 problem document (RFC 9457, docs/adr/0015), DEBUG or not.
    re_path(r"", not_found),
]

urlpatterns = [
    path("api/", include(api_patterns)),
    path("", include("web.urls")),
    path("", include("guidance.urls")),
    path("", include("sources.urls")),
    path("policies/", include("policies.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler500 = "apicore.errors.server_error"
