"""``python manage.py evaluate_policy SLUG --fact KEY=true|false ... [--as-of DATE] [--json]``.

Prints whether the facts meet the policy in force on the date (default: today
in Europe/London), and why. Exit 0 with an answer (met, not met or
undetermined); exit 2 for a policy, date or fact it cannot use.
"""

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand

from policies import selectors
from policies.models import Policy
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
        except (selectors.PolicyNotInForce, ValueError) as error:
            self.fail(str(error))
        if as_json:
            self.stdout.write(json.dumps(self.as_data(check), indent=2))
        else:
            self.stdout.write(self.as_text(check))

    def as_data(self, check) -> dict:
        version = check.version
        return {
            "policy": version.policy.slug,
            "reference": version.reference or None,
            "source": {"file": version.document.filename, "url": version.document.source_url},
            "as_of": check.as_of.isoformat(),
            **check.evaluation.to_dict(),
        }

    def as_text(self, check) -> str:
        version, evaluation = check.version, check.evaluation
        texts = {node.key: node.text for node in version.nodes.all()}
        texts.update({e.key: e.text for e in version.exclusions.all()})
        lines = [
            f"{version.policy} {version.reference and '(' + version.reference + ')'}".strip(),
            f"Version in force on {check.as_of.isoformat()}: {version.document.filename}",
            f"Result: {RESULT_WORDS[evaluation.result]}",
        ]

        def listing(title, keys):
            if keys:
                lines.append(f"{title}:")
                lines.extend(f"  - {key}: {texts.get(key, '')}" for key in keys)

        listing("Exclusions that apply", evaluation.applied_exclusions)
        listing("Decided by", evaluation.deciding_facts)
        listing("Still missing (smallest set that could decide it)", evaluation.missing_facts)
        listing("Needed for it to be met", evaluation.missing_for_met)
        listing("Exclusions not confirmed", evaluation.unanswered_exclusions)
        lines.append("Criteria:")
        for node in version.nodes.all():
            outcome = evaluation.nodes[node.key].result
            if node.kind == "leaf":
                label = node.text
            else:
                label = f"At least {node.k} of" if node.kind == "at_least" else node.get_kind_display()
            key = f" [{node.key}]" if node.kind == "leaf" else ""
            lines.append(f"{'  ' * (node.depth + 1)}{RESULT_WORDS[outcome]:<12} {label}{key}")
        return "\n".join(lines)
