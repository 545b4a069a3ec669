from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("sources/<str:filename>/", views.source_detail, name="source-detail"),
    path("sources/<str:filename>/text", views.source_text, name="source-text"),
]
