"""Ingest time against corpus size: parse + build fixtures, then load into a fresh database.

    .venv/bin/python bench/bench_ingest.py [DOCUMENTS ...]     # default: 100 500 1000

Each size is a synthetic corpus of renamed seed copies (bench/corpus.py, five
documents per copy). Loading goes into a throwaway SQLite database unless
DATABASE_URL points elsewhere. Prints seconds and seconds per document, so
linear growth shows as a flat per-document figure.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# A script, not a module to import: the throwaway database is chosen before django.setup(),
# which reads the settings once.
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench.corpus import write_corpus  # noqa: E402
from sources import actions  # noqa: E402
from sources.ingest import generate_fixtures, write_fixtures  # noqa: E402


def main(sizes: list[int]) -> None:
    workdir = WORKDIR
    call_command("migrate", verbosity=0)
    print(f"database: {django.db.connection.vendor}; python {sys.version.split()[0]}")
    print(f"{'documents':>9} {'parse+build s':>14} {'ms/doc':>8} {'load s':>8} {'ms/doc':>8}")
    for documents in sizes:
        copies = max(1, documents // 5)
        manifest = write_corpus(workdir / f"sources-{documents}", copies)
        started = time.perf_counter()
        fixtures = generate_fixtures(manifest)
        built = time.perf_counter() - started
        paths = write_fixtures(fixtures, workdir / f"fixtures-{documents}")
        started = time.perf_counter()
        actions.load_fixtures(paths=paths)
        loaded = time.perf_counter() - started
        n = copies * 5
        print(f"{n:>9} {built:>14.2f} {built / n * 1000:>8.2f} {loaded:>8.2f} {loaded / n * 1000:>8.2f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100, 500, 1000])
