"""``python manage.py evaluate_policy SLUG --fact KEY=true|false ... [--as-of DATE] [--json]``.

Prints whether the facts meet the policy in force on the date (default: today
in Europe/London), and why. Exit 0 with an answer (met, not met or
undetermined); exit 2 for a policy, date or fact it cannot use, and for a
version whose criteria are not structured ("criteria not structured: read the
source (FILE, line N): why").
"""

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand

from policies import builders, selectors
from policies.models import NodeKind, Policy
from sources.clock import london_today

TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}
RESULT_WORDS = {"met": "MET", "not_met": "NOT MET", "undetermined": "UNDETERMINED"}


def parse_fact(text: str) -> tuple[str, bool]:
    key, sep, value = text.partition("=")
    value = value.strip().lower()
    if not sep or not key.strip() or value not in TRUE_WORDS | FALSE_WORDS:
        raise ValueError(f"--fact {text!r}: expected KEY=true or KEY=false")
    return key.strip(), value in TRUE_WORDS


class Command(BaseCommand):
    help = "Check facts against a commissioning policy's criteria and explain the answer."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the policy, e.g. llr-icb-hip-resurfacing")
        parser.add_argument("--fact", action="append", default=[], metavar="KEY=true|false")
        parser.add_argument("--as-of", dest="as_of", help="referral date YYYY-MM-DD (default: today, UK)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def fail(self, message: str):
        self.stderr.write(message)
        sys.exit(2)

    def handle(self, *args, slug, fact, as_of, as_json, **options):
        try:
            facts = dict(parse_fact(item) for item in fact)
            when = dt.date.fromisoformat(as_of) if as_of else london_today()
        except ValueError as error:
            self.fail(str(error))
        try:
            check = selectors.check_policy(slug, facts, when)
        except Policy.DoesNotExist:
            self.fail(
                f"no policy {slug!r}; known: {', '.join(Policy.objects.values_list('slug', flat=True)) or 'none'}"
            )
        except (selectors.PolicyNotInForce, selectors.CriteriaNotStructured, ValueError) as error:
            self.fail(str(error))
        report = builders.evaluation_report(check.version, check.evaluation)
        if as_json:
            self.stdout.write(json.dumps(self.as_data(check, report), indent=2))
        else:
            self.stdout.write(self.as_text(check, report))

    def as_data(self, check, report) -> dict:
        version = check.version
        return {
            "policy": version.policy.slug,
            "reference": version.reference or None,
            "source": {"file": version.document.filename, "url": version.document.source_url},
            "as_of": check.as_of.isoformat(),
            **report.evaluation.to_dict(),
        }

    def as_text(self, check, report) -> str:
        version = check.version
        lines = [
            f"{version.policy} {version.reference and '(' + version.reference + ')'}".strip(),
            f"Version in force on {check.as_of.isoformat()}: {version.document.filename}",
            f"Result: {RESULT_WORDS[report.result]}",
        ]

        def listing(title, reasons):
            if reasons:
                lines.append(f"{title}:")
                lines.extend(f"  - {reason.key}: {reason.text}" for reason in reasons)

        listing("Exclusions that apply", report.applied_exclusions)
        listing("Decided by", report.deciding_facts)
        listing("Still missing (smallest set that could decide it)", report.missing_facts)
        listing("Needed for it to be met", report.missing_for_met)
        listing("Exclusions not confirmed", report.unanswered_exclusions)
        lines.append("Criteria:")
        for node in report.nodes:
            if node.kind == NodeKind.LEAF:
                label, key = node.text, f" [{node.id}]"
            else:
                label = (
                    f"At least {node.k} of" if node.kind == NodeKind.AT_LEAST else NodeKind(node.kind).label
                )
                key = ""
            lines.append(f"{'  ' * (node.depth + 1)}{RESULT_WORDS[node.result]:<12} {label}{key}")
        return "\n".join(lines)
