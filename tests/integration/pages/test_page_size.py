"""Each page, with the seed data, weighs under 60 KB: its HTML plus the stylesheet (and script) it loads."""

import re
from pathlib import Path

import pytest
from django.conf import settings

BUDGET = 60 * 1024
STATIC = Path(settings.BASE_DIR) / "static"


@pytest.mark.django_db
def test_every_page_with_its_assets_is_under_60_kb(client, loaded_data, html_pages):
    for url in [*html_pages, "/procedures/?level=bogus"]:
        html = client.get(url).content
        assets = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)
        assert b"css/site.css" in assets, url
        size = len(html) + sum((STATIC / asset.decode()).stat().st_size for asset in assets)
        assert size < BUDGET, f"{url}: {size} bytes"


@pytest.mark.django_db
def test_checker_result_page_is_under_60_kb(client, loaded_data):
    html = client.post("/policies/llr-icb-hip-resurfacing/", {"referral_date": "2026-11-21"}).content
    assert len(html) + (STATIC / "css/site.css").stat().st_size < BUDGET
