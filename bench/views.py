"""The baseline the throughput benchmark compares the API with (bench/bench_throughput.py).

Mounted only by ``bench.urls`` (``bench.settings``): a plain Django view that
returns the bytes of that file, through the same middleware as every other
view, so the ratio measures what the API itself costs over the framework.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@lru_cache(maxsize=1)
def _baseline_bytes() -> bytes:
    return Path(settings.BENCH_BASELINE_FILE).read_bytes()


@never_cache  # measured every time: the response cache must not serve the baseline
def baseline(request):
    return HttpResponse(_baseline_bytes(), content_type="application/json")
