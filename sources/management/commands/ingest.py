"""``python manage.py ingest``: parse every source in the manifest and write the fixtures.

- ``ingest``: (re)write the fixtures (``FIXTURES_DIR``, default ``fixtures/*.json``) from the
  sources (``SOURCES_DIR``, default ``fixtures/sources``).
- ``ingest --check``: write nothing; exit 1 naming what differs when the
  committed fixtures are not what the sources give.
- ``ingest --load``: also load the new fixtures into the database, atomically.
- ``ingest --strict``: as with any of the above, then exit 1 when a document
  was loaded without being fully read (a policy whose criteria are not
  structured), naming each: for a repository that wants every policy evaluable.
Each prints, after its own message, what the apps say about the sources (e.g.
NICE documents loaded with their level not read from the text, how many
policies have structured criteria and why the others do not).
A source that cannot be read stops everything before anything is written: exit
2 with ``FILE:LINE: what was expected``.
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from sources import actions, corrections
from sources.fixtures import FixtureBuildError
from sources.ingest import differences, generate_checked, write_fixtures
from sources.manifest import ManifestError
from sources.parsing.errors import ParseError
from sources.registry import fixture_files


class Command(BaseCommand):
    help = "Parse the sources listed in the manifest and write (or check) the generated fixtures."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only compare with the fixtures on disk")
        parser.add_argument("--load", action="store_true", help="also load the fixtures into the database")
        parser.add_argument(
            "--manifest",
            type=Path,
            default=None,
            help="manifest to read (default: SOURCES_DIR/manifest.toml)",
        )
        parser.add_argument(
            "--fixtures-dir", type=Path, default=None, help="where fixtures go (default: FIXTURES_DIR)"
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="exit 1 when a document is not fully read (e.g. a policy's criteria not structured)",
        )

    def handle(self, *args, check, load, manifest, fixtures_dir, strict, **options):
        manifest = manifest or Path(settings.SOURCES_DIR) / "manifest.toml"
        fixtures_dir = fixtures_dir or Path(settings.FIXTURES_DIR)
        try:
            fixtures, summary, refused = generate_checked(manifest, base_dir=Path(settings.BASE_DIR))
        except (ParseError, ManifestError, FixtureBuildError) as error:
            self.stderr.write(str(error))
            sys.exit(2)
        if check:
            problems = differences(fixtures, fixtures_dir)
            for problem in problems:
                self.stderr.write(problem)
            if problems:
                self.stderr.write(
                    "The committed fixtures are not what the sources give: run 'make fixtures'."
                )
                sys.exit(1)
            self.stdout.write(f"Fixtures match the sources ({', '.join(fixture_files())}).")
            self._summary(summary)
            self._strict(strict, refused)
            return
        written = write_fixtures(fixtures, fixtures_dir)
        self.stdout.write(f"Wrote {', '.join(str(p) for p in written)}.")
        if load:
            counts = actions.load_fixtures(paths=written)
            self.stdout.write(
                f"Loaded {counts['procedures']} procedures from {counts['documents']} documents."
            )
            for line in corrections.report(counts):
                self.stdout.write(line)
        self._summary(summary)
        self._strict(strict, refused)

    def _summary(self, lines: list[str]) -> None:
        for line in lines:
            self.stdout.write(line)

    def _strict(self, strict: bool, refused: list[str]) -> None:
        if strict and refused:
            for line in refused:
                self.stderr.write(line)
            self.stderr.write(f"--strict: {len(refused)} document(s) not fully read.")
            sys.exit(1)
