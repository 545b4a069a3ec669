"""``python manage.py parse_source FILE``: one document as JSON (parse-contract.md), or a refusal.

Exit 0 with the JSON on stdout; or exit 2 with one line ``FILE:LINE: what was
expected`` on stderr and nothing on stdout.
"""

import json
import sys

from django.core.management.base import BaseCommand

from sources.parsing.errors import ParseError
from sources.parsing.source import parse_source


class Command(BaseCommand):
    help = "Parse one source document and print it as JSON (see README, 'parse_source')."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a source document (.txt)")
        parser.add_argument("--compact", action="store_true", help="one line of JSON instead of indented")

    def handle(self, *args, file, compact, **options):
        try:
            document = parse_source(file)
        except ParseError as error:
            self.stderr.write(str(error).replace("\n", " "))
            sys.exit(2)
        indent = None if compact else 2
        self.stdout.write(json.dumps(document.to_dict(), indent=indent, ensure_ascii=False))
