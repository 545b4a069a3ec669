"""Settings for the throughput benchmark only: production settings plus the baseline view's URL.

``bench/bench_throughput.py`` runs gunicorn with ``DJANGO_SETTINGS_MODULE=bench.settings``,
so the baseline is never routed in the product's own URLconf.
"""

import os

from config.settings import *  # noqa: F403 (the product's settings, unchanged but for the two below)

ROOT_URLCONF = "bench.urls"
BENCH_BASELINE_FILE = os.environ["BENCH_BASELINE_FILE"]
