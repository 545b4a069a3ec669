"""``python manage.py load_fixtures``: replace the database's guidance and policy data with the fixtures.

All or nothing: one bad record and the database is left as it was.
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from sources import actions, corrections
from sources.registry import fixture_files


class Command(BaseCommand):
    help = "Load the generated fixtures (FIXTURES_DIR, default fixtures/*.json) into the database in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="fixture files (default: the generated ones)")

    def handle(self, *args, paths, **options):
        paths = paths or [Path(settings.FIXTURES_DIR) / name for name in fixture_files()]
        try:
            counts = actions.load_fixtures(paths=paths)
        except Exception as error:  # any failure: report it; the transaction has rolled back
            self.stderr.write(f"Nothing was loaded: {error}")
            sys.exit(1)
        self.stdout.write(f"Loaded {counts['procedures']} procedures from {counts['documents']} documents.")
        for line in corrections.report(counts):
            self.stdout.write(line)
