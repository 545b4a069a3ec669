"""Latency percentiles and SQL queries per page and endpoint, at several corpus sizes.

    .venv/bin/python bench/bench_latency.py [--copies 1 100 1000] [--requests 50]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_latency.py

Each size is N renamed copies of the seeds (4 procedures and 1 policy per
copy) pushed through the real pipeline into a fresh database (a throwaway
SQLite file by default; with DATABASE_URL, that database is flushed first, so
point it at a scratch database). Requests go through Django's full stack
in-process (middleware, views, templates, serialisers), without a network,
so the figures are the application's own cost. The cache is cleared before
each URL's run and bypassed, so every request does the full work.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TMR = "targeted-muscle-reinnervation-for-managing-limb-amputation-pain"
POLICY = "llr-icb-hip-resurfacing"
PAGES = [
    "/",
    "/procedures/",
    "/procedures/?level=special",
    f"/procedures/{TMR}/",
    "/governance/",
    "/consultations/",
    "/policies/",
    f"/policies/{POLICY}/",
]
API = [
    "/api/v1/procedures/",
    "/api/v1/procedures/?level=special",
    f"/api/v1/procedures/{TMR}/",
    "/api/v1/duties/?level=special",
    "/api/v1/key-dates/",
    "/api/v1/policies/",
    f"/api/v1/policies/{POLICY}/",
    f"/api/v1/policies/{POLICY}/fhir",
    "/api/v1/changes?since=2000-01-01",
]


# A script, not a module to import: the arguments are read and the throwaway database chosen
# before django.setup(), which reads the settings once.
parser = argparse.ArgumentParser()
parser.add_argument("--copies", type=int, nargs="+", default=[1, 100, 1000])
parser.add_argument("--requests", type=int, default=50)
ARGS = parser.parse_args()
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-latency-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.corpus import write_corpus  # noqa: E402
from sources import actions  # noqa: E402
from sources.ingest import generate_fixtures, write_fixtures  # noqa: E402


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main(args: argparse.Namespace) -> None:
    workdir = WORKDIR
    call_command("migrate", verbosity=0)
    client = Client()
    print(f"database: {connection.vendor}; python {sys.version.split()[0]}; {args.requests} requests per URL")
    print(f"{'procedures':>10}  {'url':<58} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for copies in args.copies:
        manifest = write_corpus(workdir / f"sources-{copies}", copies)
        actions.load_fixtures(
            paths=write_fixtures(generate_fixtures(manifest), workdir / f"fixtures-{copies}")
        )
        procedures = copies * 4
        evaluate = (f"/api/v1/policies/{POLICY}/evaluate", {"facts": {}})
        for url in [*PAGES, *API, evaluate]:
            cache.clear()
            method, path, body = ("post", url[0], url[1]) if isinstance(url, tuple) else ("get", url, None)
            call = (
                (lambda path=path, body=body: client.post(path, body, content_type="application/json"))
                if body is not None
                else (lambda path=path: client.get(path))
            )
            reset_queries()  # each request starts by clearing the log: count from an empty one
            with CaptureQueriesContext(connection) as captured:
                response = call()
            queries = len(captured.captured_queries)  # now: later requests clear the log it reads
            if response.status_code != 200:
                print(f"{procedures:>10}  {path:<58} HTTP {response.status_code}")
                continue
            samples = []
            for _ in range(args.requests):
                cache.clear()
                started = time.perf_counter()
                call()
                samples.append((time.perf_counter() - started) * 1000)
            label = f"POST {path}" if body is not None else path
            print(
                f"{procedures:>10}  {label:<58} {queries:>7} "
                f"{statistics.median(samples):>8.1f} {percentile(samples, 0.95):>8.1f} {percentile(samples, 0.99):>8.1f}"
            )


if __name__ == "__main__":
    main(ARGS)
