"""Throughput under gunicorn, measured with wrk, and a 64-connection load test.

    .venv/bin/python bench/bench_throughput.py [--seconds 10] [--load-seconds 60] [--copies 1]

Needs wrk (Debian package) and a PostgreSQL server (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/ipg_bench; the database is created if
missing and its data replaced). Starts gunicorn with production settings on
127.0.0.1:8765, loads N copies of the seeds, then runs, in the same run:

1. ``/api/v1/procedures/`` against ``/bench/baseline``, a plain Django view
   returning the same bytes through the same middleware: ratio >= 0.7;
2. the same API URL with ``If-None-Match`` (a 304) against the baseline: >= 0.9;
3. wrk with 64 connections for ``--load-seconds`` on the API list and on a
   procedure page: errors, timeouts, non-2xx answers and latency percentiles.

Traffic goes to 127.0.0.1 only; every wrk run is bounded in time.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOST = "127.0.0.1:8765"
API = "/api/v1/procedures/"
PAGE = "/procedures/targeted-muscle-reinnervation-for-managing-limb-amputation-pain/"


def run(args, env, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, capture_output=True, **kwargs)


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    exists = subprocess.run(
        [
            "psql",
            url.rsplit("/", 1)[0] + "/postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(
            ["psql", url.rsplit("/", 1)[0] + "/postgres", "-c", f'CREATE DATABASE "{name}"'],
            check=True,
            capture_output=True,
        )


def wrk(path: str, seconds: int, connections: int, header: str | None = None) -> dict:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if header:
        args += ["-H", header]
    output = subprocess.run(
        [*args, f"http://{HOST}{path}"], capture_output=True, text=True, timeout=seconds + 30
    ).stdout
    result = {"raw": output}
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    result["rps"] = float(match.group(1)) if match else 0.0
    for label in ("50%", "75%", "90%", "99%"):
        found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)", output, re.MULTILINE)
        if found:
            value, unit = float(found.group(1)), found.group(2)
            result[label] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["socket_errors"] = tuple(map(int, errors.groups())) if errors else (0, 0, 0, 0)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx_3xx"] = int(non2xx.group(1)) if non2xx else 0
    total = re.search(r"(\d+) requests in", output)
    result["requests"] = int(total.group(1)) if total else 0
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")

    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ipg_bench")
    ensure_database(database_url)
    workdir = Path(tempfile.mkdtemp(prefix="bench-throughput-"))
    baseline_file = workdir / "baseline.json"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "BENCH_BASELINE_FILE": str(baseline_file),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "GUNICORN_BIND": HOST,
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/15"),
    }
    sys.path.insert(0, str(ROOT))
    from bench.corpus import write_corpus

    manifest = write_corpus(workdir / "sources", args.copies)
    run([PY, "manage.py", "migrate", "--noinput"], env)
    run(
        [
            PY,
            "manage.py",
            "ingest",
            "--load",
            "--manifest",
            str(manifest),
            "--fixtures-dir",
            str(workdir / "fixtures"),
        ],
        env,
    )
    run([PY, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env)
    baseline_file.write_bytes(b"{}")
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "config.wsgi", "-c", "config/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://{HOST}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        with urllib.request.urlopen(f"http://{HOST}{API}") as response:
            body, etag = response.read(), response.headers["ETag"]
        baseline_file.write_bytes(body)  # the baseline view reads it on its first request
        print(
            f"gunicorn {os.cpu_count() * 2 + 1} workers on PostgreSQL; {args.copies * 4} procedures; "
            f"{API} is {len(body)} bytes; wrk -t2 -c{args.connections} -d{args.seconds}s"
        )
        wrk("/bench/baseline", 2, args.connections)  # warm every worker
        wrk(API, 2, args.connections)
        baseline = wrk("/bench/baseline", args.seconds, args.connections)
        api = wrk(API, args.seconds, args.connections)
        not_modified = wrk(API, args.seconds, args.connections, header=f"If-None-Match: {etag}")
        print(f"{'baseline (plain view, same bytes)':<40} {baseline['rps']:>10.0f} req/s")
        print(
            f"{'GET ' + API:<40} {api['rps']:>10.0f} req/s   ratio {api['rps'] / baseline['rps']:.2f} (need >= 0.7)"
        )
        print(
            f"{'GET ' + API + ' -> 304':<40} {not_modified['rps']:>10.0f} req/s   ratio {not_modified['rps'] / baseline['rps']:.2f} (need >= 0.9)"
        )
        if args.load_seconds:
            print(f"load: wrk -t2 -c64 -d{args.load_seconds}s --timeout 5s")
            for path in (API, PAGE):
                load = wrk(path, args.load_seconds, 64)
                connect, read, write, timeout = load["socket_errors"]
                print(
                    f"  {path:<78} {load['requests']:>7} requests {load['rps']:>7.0f} req/s  "
                    f"p50 {load.get('50%', 0):.1f} ms  p90 {load.get('90%', 0):.1f} ms  p99 {load.get('99%', 0):.1f} ms  "
                    f"errors connect/read/write/timeout {connect}/{read}/{write}/{timeout}  non-2xx {load['non_2xx_3xx']}"
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
