"""Latency percentiles and SQL queries per page and endpoint, at several corpus sizes, against a budget.

    .venv/bin/python bench/bench_latency.py [--copies 1 100 1000 10000] [--requests 30] [--versions 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_latency.py

Each size is N renamed copies of the seeds (4 procedures and 1 policy per
copy, each copy's policy with ``--versions`` versions) loaded into a fresh
database (a throwaway SQLite file by default; with DATABASE_URL, that
database's data is replaced, so point it at a scratch database). The seeds
and two copies go through the real pipeline, the other copies are made from
their records (``bench.corpus.scaled_records``) and written with bulk inserts
(``bench.bulk_load``), so 10,000 copies load in minutes. Requests go through
Django's full stack in-process (middleware, views, templates, serialisers),
without a network, so the figures are the application's own cost. The cache
is cleared before every request, so each one does the full work. ``sql ms`` is the time
its queries took in one request (the rest of each request is Python: views,
templates, serialisers). Each URL is
printed against the budget (p95 at most ``--budget`` ms); the exit status is 1
when any is over it, ``--explain`` prints the plan of every query of each
URL over budget (PostgreSQL: ``EXPLAIN ANALYZE``).
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
parser.add_argument("--copies", type=int, nargs="+", default=[1, 100, 1000, 10000])
parser.add_argument("--requests", type=int, default=30)
parser.add_argument("--versions", type=int, default=3, help="versions of each copy's policy")
parser.add_argument("--budget", type=float, default=50.0, help="p95 budget per URL, in ms")
parser.add_argument("--explain", action="store_true", help="print the query plans of URLs over budget")
parser.add_argument(
    "--loaded",
    action="store_true",
    help="measure the data the database holds (loaded by an earlier run), instead of loading --copies",
)
ARGS = parser.parse_args()
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-latency-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

# Loaded as a server process loads it (config.wsgi: django.setup(), then the collector's freeze,
# ADR 0018), so the requests measured are a worker's.
import config.wsgi  # noqa: E402, F401

# isort: split
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.bulk_load import load_records  # noqa: E402
from bench.corpus import scaled_records  # noqa: E402
from sources import data_version  # noqa: E402


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def load(workdir: Path, copies: int, versions: int) -> int:
    """A fresh database holding ``copies`` copies of the seeds; the number of procedures."""
    started = time.perf_counter()
    records = scaled_records(workdir / f"sources-{copies}", copies, versions)
    built = time.perf_counter()
    call_command("flush", interactive=False, verbosity=0)  # a fresh database for each size
    load_records(records)
    print(
        f"# {copies} copies: {len(records)} records built in {built - started:.1f} s, "
        f"loaded in {time.perf_counter() - built:.1f} s",
        flush=True,
    )
    return copies * 4


def explain(captured: list[dict]) -> None:
    """The plan of each query a request ran, slowest first (PostgreSQL: with actual timings)."""
    prefix = "EXPLAIN (ANALYZE, BUFFERS)" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    for query in sorted(captured, key=lambda q: -float(q["time"])):
        print(f"-- {query['time']} s\n{query['sql']}")
        if not query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
            continue  # the API's snapshot transaction (BEGIN, SET TRANSACTION, COMMIT): nothing to plan
        with connection.cursor() as cursor:
            cursor.execute(f"{prefix} {query['sql']}")
            print("\n".join(" ".join(map(str, row)) for row in cursor.fetchall()), end="\n\n")


def main(args: argparse.Namespace) -> int:
    workdir = WORKDIR
    call_command("migrate", verbosity=0)
    client = Client()
    over = 0
    print(f"database: {connection.vendor}; python {sys.version.split()[0]}; {args.requests} requests per URL")
    print(
        f"{'procedures':>10}  {'url':<58} {'queries':>7} {'sql ms':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        f"  budget p95 <= {args.budget:g} ms"
    )
    for copies in [None] if args.loaded else args.copies:
        if copies is None:
            from guidance.models import Procedure

            procedures = Procedure.objects.count()
        else:
            procedures = load(workdir, copies, args.versions)
        evaluate = (f"/api/v1/policies/{POLICY}/evaluate", {"facts": {}})
        for url in [*PAGES, *API, evaluate]:
            cache.clear()
            method, path, body = ("post", url[0], url[1]) if isinstance(url, tuple) else ("get", url, None)
            call = (
                (lambda path=path, body=body: client.post(path, body, content_type="application/json"))
                if body is not None
                else (lambda path=path: client.get(path))
            )
            # Each process remembers the data version for 2 s (apicore.conditional.DATA_VERSION_TTL):
            # forget it, so every count includes its read whatever the previous URL took.
            data_version.forget()
            reset_queries()  # each request starts by clearing the log: count from an empty one
            with CaptureQueriesContext(connection) as captured:
                response = call()
            ran = list(captured.captured_queries)  # now: later requests clear the log it reads
            queries = len(ran)
            sql_ms = sum(float(query["time"]) for query in ran) * 1000  # the database's share, roughly
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
            p95 = percentile(samples, 0.95)
            verdict = "ok" if p95 <= args.budget else "OVER"
            over += verdict == "OVER"
            print(
                f"{procedures:>10}  {label:<58} {queries:>7} {sql_ms:>7.1f} "
                f"{statistics.median(samples):>8.1f} {p95:>8.1f} {percentile(samples, 0.99):>8.1f}  {verdict}",
                flush=True,
            )
            if verdict == "OVER" and args.explain:
                explain(ran)
    print(f"{over} URL(s) over the budget" if over else "every URL within the budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(ARGS))
