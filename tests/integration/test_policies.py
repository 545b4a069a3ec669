"""Policies from the committed fixtures: version selection, review status and evaluate_policy."""

import datetime as dt
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from policies import builders, selectors
from policies.models import CriterionNode, Policy
from sources import actions
from sources.ingest import generate_fixtures, write_fixtures

SLUG = "llr-icb-hip-resurfacing"
ASSESSED = "assessed-musculoskeletal-services-end-stage-osteoarthritis"
CONSERVATIVE = "fully-engaged-conservative-measures-period"
PAIN = "intense-severe-persistent-pain-moderate"
FEMALE = "exclusion-procedure-contraindicated-females"


def evaluate(*facts: str, as_json: bool = True, as_of: str | None = None):
    out, err = StringIO(), StringIO()
    args = ["evaluate_policy", SLUG] + [f"--fact={fact}" for fact in facts]
    if as_of:
        args.append(f"--as-of={as_of}")
    if as_json:
        args.append("--json")
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, (json.loads(out.getvalue()) if as_json and code == 0 else out.getvalue()), err.getvalue()


def all_leaf_facts(value: str = "true") -> list[str]:
    return [
        f"{key}={value}" for key in CriterionNode.objects.filter(kind="leaf").values_list("key", flat=True)
    ]


@pytest.mark.django_db
def test_policy_loaded_with_reference_category_and_year_review(loaded_data):
    policy = Policy.objects.get(slug=SLUG)
    (version,) = policy.versions.all()
    assert (policy.body.short_name, policy.title) == ("LLR ICB", "Hip Resurfacing")
    assert policy.body.name == "NHS Leicester, Leicestershire and Rutland Integrated Care Board"
    assert (version.reference, version.category) == ("ARP 55", "Threshold Criteria")
    assert (version.review_value, version.review_precision, version.review_line) == ("2026", "year", 47)
    assert version.review_due(dt.date(2026, 11, 21)) is True
    assert version.review_due(dt.date(2025, 12, 31)) is False


@pytest.mark.django_db
def test_policy_tree_round_trips_from_rows(loaded_data):
    version = selectors.version_in_force(Policy.objects.get(slug=SLUG), dt.date(2026, 11, 21))
    tree = builders.criteria_tree(version.nodes.all())
    assert (tree["id"], tree["kind"]) == ("root", "all")
    assert [c.get("key") for c in tree["children"][:2]] == [ASSESSED, CONSERVATIVE]
    assert (tree["children"][2]["id"], tree["children"][2]["kind"]) == ("root.2", "any")
    assert len(tree["children"][2]["children"]) == 6
    assert builders.engine_tree(tree)["children"][0] == {
        "leaf": version.nodes.get(key=ASSESSED).text,
        "key": ASSESSED,
        "number": None,
        "line": 17,
    }
    assert [
        d.term
        for d in version.nodes.get(key="significant-instability-hip-joint-significant").definitions.all()
    ] == ["Significant functional impairment"]


@pytest.mark.django_db
def test_evaluate_policy_all_criteria_met(loaded_data):
    code, answer, err = evaluate(*all_leaf_facts())
    assert (code, err) == (0, "")
    assert answer["result"] == "met"
    assert answer["unanswered_exclusions"] == [FEMALE]
    assert answer["source"]["file"] == "003_a052b6b105bb832e.txt"


@pytest.mark.django_db
def test_evaluate_policy_conservative_measures_false_is_not_met(loaded_data):
    code, answer, _ = evaluate(f"{ASSESSED}=true", f"{CONSERVATIVE}=false", f"{PAIN}=true")
    assert answer["result"] == "not_met"
    assert answer["deciding_facts"] == [CONSERVATIVE]


@pytest.mark.django_db
def test_evaluate_policy_conservative_measures_missing_is_undetermined(loaded_data):
    code, answer, _ = evaluate(f"{ASSESSED}=true", f"{PAIN}=true", f"{FEMALE}=false")
    assert answer["result"] == "undetermined"
    assert answer["missing_facts"] == [CONSERVATIVE]
    assert answer["missing_for_met"] == [CONSERVATIVE]


@pytest.mark.django_db
def test_evaluate_policy_female_patient_is_not_met_naming_the_exclusion(loaded_data):
    code, answer, _ = evaluate(*all_leaf_facts(), f"{FEMALE}=true")
    assert answer["result"] == "not_met"
    assert answer["applied_exclusions"] == [FEMALE]
    assert answer["criteria_result"] == "met"


@pytest.mark.django_db
def test_evaluate_policy_text_output_explains(loaded_data):
    code, text, _ = evaluate(f"{ASSESSED}=true", f"{PAIN}=true", as_json=False)
    assert code == 0
    assert "Result: UNDETERMINED" in text
    assert f"  - {CONSERVATIVE}: The patient has fully engaged with conservative measures" in text


@pytest.mark.django_db
def test_evaluate_policy_refuses_an_unknown_fact(loaded_data):
    code, _, err = evaluate("smoker=true")
    assert code == 2
    assert "smoker" in err


@pytest.mark.django_db
def test_evaluate_policy_refuses_a_bad_fact_value(loaded_data):
    code, _, err = evaluate(f"{ASSESSED}=maybe")
    assert code == 2
    assert "expected KEY=true or KEY=false" in err


@pytest.mark.django_db
def test_evaluate_policy_refuses_an_unknown_policy(loaded_data):
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("evaluate_policy", "no-such-policy", stdout=out, stderr=err)
    assert exit_.value.code == 2
    assert SLUG in err.getvalue()


NEW_VERSION = """LLR Policy for Hip Resurfacing

Policy for Hip Resurfacing

Category

Threshold Criteria

Effective date: 1 January 2027

Eligibility

LLR ICB will only fund this procedure if ALL of the following criteria are met:

The patient has been assessed by Musculoskeletal Services and diagnosed as suffering from end-stage osteoarthritis

AND

The patient has a BMI <40

ARP 55 Review Date: 2029
"""


@pytest.mark.django_db(transaction=True)
def test_as_of_selects_the_version_in_force_on_the_referral_date(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(Path(settings.SOURCES_DIR), sources)
    (sources / "005_hip_2027.txt").write_text(NEW_VERSION)
    with open(sources / "manifest.toml", "a") as manifest:
        manifest.write(
            '\n[[source]]\nfile = "005_hip_2027.txt"\nurl = "https://example.org/hip-2027"\nretrieved = 2026-11-21\n'
        )
    written = write_fixtures(generate_fixtures(sources / "manifest.toml"), tmp_path / "fixtures")
    actions.load_fixtures(paths=written)
    policy = Policy.objects.get(slug=SLUG)

    before = selectors.version_in_force(policy, dt.date(2026, 12, 31))
    after = selectors.version_in_force(policy, dt.date(2027, 1, 1))

    assert before.document.filename == "003_a052b6b105bb832e.txt"
    assert (after.document.filename, after.review_value) == ("005_hip_2027.txt", "2029")
    code, answer, _ = evaluate(f"{ASSESSED}=true", as_of="2027-03-01")
    assert answer["source"]["file"] == "005_hip_2027.txt"
    assert answer["result"] == "undetermined"
