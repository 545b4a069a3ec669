"""Names from the seed data and small helpers for JSON calls, shared by the API tests."""

import json

UPPER = "intramedullary-distraction-for-upper-limb-lengthening"
LOWER = "intramedullary-distraction-for-lower-limb-lengthening"
LUMBAR = "neurostimulation-of-lumbar-muscles-for-refractory-non-specific-chronic-low-back-pain"
TMR = "targeted-muscle-reinnervation-for-managing-limb-amputation-pain"
POLICY = "llr-icb-hip-resurfacing"

ASSESSED = "assessed-musculoskeletal-services-end-stage-osteoarthritis"
CONSERVATIVE = "fully-engaged-conservative-measures-period"
PAIN = "intense-severe-persistent-pain-moderate"
FEMALE = "exclusion-procedure-contraindicated-females"


PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance", "code"}


def problem(response, status):
    """The RFC 9457 problem document of an error answer, checked for what every one has:
    its media type, the members, ``status`` equal to the response's."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert PROBLEM_MEMBERS <= set(body) <= PROBLEM_MEMBERS | {"errors"}, body
    assert body["status"] == status
    return body


def get_json(client, url, status=200, **headers):
    response = client.get(url, **headers)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    return problem(response, status) if status >= 400 else response.json()


def evaluate(client, facts, slug=POLICY, **body):
    return client.post(
        f"/api/v1/policies/{slug}/evaluate",
        json.dumps({"facts": facts, **body}),
        content_type="application/json",
    )


def results(client, url):
    """Every result of a list, following ``next`` links."""
    items = []
    while url:
        page = get_json(client, url)
        items += page["results"]
        url = page["next"]
    return items


KNEE_POLICY_TEXT = """LLR Policy for Knee Washout

Policy for Knee Washout

Category

Threshold Criteria

Effective date: 1 January 2027

Eligibility

LLR ICB will only fund this procedure if ALL of the following criteria are met:

The patient has mechanical locking of the knee

AND

The patient has a BMI <40

ARP 77 Review Date: 2029
"""


def load_seeds_with_knee_policy(tmp_path):
    """The seeds plus a policy whose only version takes effect on 1 January 2027, through the real pipeline."""
    import shutil
    from pathlib import Path

    from django.conf import settings

    from sources import actions
    from sources.ingest import generate_fixtures, write_fixtures

    sources = tmp_path / "sources"
    shutil.copytree(Path(settings.SOURCES_DIR), sources)
    (sources / "005_knee.txt").write_text(KNEE_POLICY_TEXT)
    with open(sources / "manifest.toml", "a") as manifest:
        manifest.write(
            '\n[[source]]\nfile = "005_knee.txt"\nurl = "https://example.org/knee"\nretrieved = 2026-11-21\n'
        )
    actions.load_fixtures(
        paths=write_fixtures(generate_fixtures(sources / "manifest.toml"), tmp_path / "fixtures")
    )
