"""The product's URLs plus the throughput benchmark's baseline view (``bench.views``)."""

from django.urls import path

from bench.views import baseline
from config.urls import handler500  # noqa: F401 (handler500 is read from here)
from config.urls import urlpatterns as product_urlpatterns

urlpatterns = [*product_urlpatterns, path("bench/baseline", baseline)]
