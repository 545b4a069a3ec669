"""Every XSS payload of the corpus reaches the pages as text: no element, attribute or URL it could run from."""

import re

import pytest

from sources import actions
from tests.xss_corpus import PAYLOADS, POLICY, PROCEDURE

PAGES = [
    "/",
    "/search/?q=probe",
    "/procedures/?q=probe",
    f"/procedures/{PROCEDURE}/",
    "/governance/",
    "/policies/",
    f"/policies/{POLICY}/",
]
TAG = re.compile(r"<[a-z][^>]*>", re.IGNORECASE)  # real tags only: escaped text starts "&lt;"
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
# The site's own favicon link is the empty data URL "data:,"; nothing else may use a script-capable scheme.
DANGEROUS_URL = re.compile(
    r"""(?:href|src|action|formaction|data)\s*=\s*["']?\s*(?:javascript:|vbscript:|data:(?!,["']))""",
    re.IGNORECASE,
)


def test_corpus_has_at_least_100_payloads():
    assert len(PAYLOADS) >= 100


@pytest.mark.django_db
def test_every_payload_is_inert_on_every_page(client, xss_fixture_files):
    actions.load_fixtures(paths=xss_fixture_files)
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert [tag for tag in SCRIPT_TAG.findall(html) if 'src="/static/' not in tag] == [], url
        tags = TAG.findall(html)
        assert [tag for tag in tags if EVENT_HANDLER.search(tag)] == [], url
        assert [tag for tag in tags if DANGEROUS_URL.search(tag)] == [], url


@pytest.mark.django_db
def test_payloads_are_shown_as_text(client, xss_fixture_files):
    actions.load_fixtures(paths=xss_fixture_files)
    html = client.get(f"/procedures/{PROCEDURE}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.django_db
def test_csv_carries_payloads_as_data_never_as_a_page(client, xss_fixture_files):
    actions.load_fixtures(paths=xss_fixture_files)
    response = client.get("/governance/register.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
