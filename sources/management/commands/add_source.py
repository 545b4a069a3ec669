"""``python manage.py add_source PATH --url URL --retrieved YYYY-MM-DD``: add one document to the sources.

Prints what the parsers read (kind, title, decisions or the criteria's status,
warnings with their lines). If the document parses, it is added to
``SOURCES_DIR`` (as ``NNN_<sha256 prefix>.txt`` with its ``[[source]]`` entry),
the fixtures are regenerated into ``FIXTURES_DIR`` and loaded, and the changes
the load recorded are printed. ``--dry-run`` stops after what was read.

A document that cannot be added (it does not parse, is already held, names
a procedure no NICE source defines, ...) changes nothing: exit 2 with
``FILE:LINE: what was expected`` on stderr. The work is
``sources.actions.add_source``, which the admin's upload runs too.
"""

import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources import actions


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--retrieved: a date as YYYY-MM-DD, found {value!r}") from None


class Command(BaseCommand):
    help = "Parse a document and, if it parses, add it to the sources, regenerate the fixtures and load them."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the captured text (.txt, UTF-8)")
        parser.add_argument("--url", required=True, help="where it was published")
        parser.add_argument("--retrieved", required=True, type=iso_date, help="when the copy was taken")
        parser.add_argument(
            "--procedure", help="slug of the procedure it belongs to (or a policy commissions)"
        )
        parser.add_argument("--title", help="a title, only for a text that prints none")
        parser.add_argument("--organisation", help="the issuing body's full name")
        parser.add_argument("--dry-run", action="store_true", help="only show what would be read")

    def handle(self, *args, path, url, retrieved, procedure, title, organisation, dry_run, **options):
        name = str(path)
        try:
            data = path.read_bytes()
        except OSError as error:
            self._refuse(f"{name}:1: a readable file, found {error.strerror or error}")
        try:
            preview = actions.preview_source(data=data, name=name)
            self._show(preview)
            if dry_run:
                self.stdout.write("Dry run: nothing was written.")
                return
            added = actions.add_source(
                data=data,
                name=name,
                url=url,
                retrieved=retrieved,
                procedure=procedure,
                title=title,
                organisation=organisation,
            )
        except actions.SourceRefused as error:
            self._refuse(str(error))
        self.stdout.write(f"Added {added.filename}.")
        self.stdout.write(
            f"Loaded {added.counts['procedures']} procedures from {added.counts['documents']} documents."
        )
        self.stdout.write(f"Changes: {len(added.changes)}")
        for change in added.changes:
            version = f" ({change.version})" if change.version else ""
            self.stdout.write(f"  {change.action} {change.kind} {change.key}{version}: {change.summary}")
        for line in added.summary:
            self.stdout.write(line)

    def _show(self, preview: actions.SourcePreview) -> None:
        self.stdout.write(f"Read {preview.name}: {preview.kind_label} ({preview.kind})")
        self.stdout.write(f"Title: {preview.title or '(none printed)'}")
        if preview.is_policy:
            problem = preview.criteria_problem
            if problem:
                self.stdout.write(f"Criteria not structured (line {problem['line']}): {problem['message']}")
            else:
                self.stdout.write(f"Criteria structured: {preview.criteria_count} criteria")
        else:
            self.stdout.write(f"Decisions: {len(preview.decisions)}")
            for decision in preview.decisions:
                number = decision["number"] or "(number lost)"
                indication = f", {decision['indication']}" if decision["indication"] else ""
                self.stdout.write(f"  line {decision['line']}: {number} {decision['level']}{indication}")
        self.stdout.write(f"Warnings: {len(preview.warnings)}")
        for warning in preview.warnings:
            self.stdout.write(f"  line {warning['line']}: {warning['message']}")

    def _refuse(self, message: str):
        self.stderr.write(message)
        sys.exit(2)
