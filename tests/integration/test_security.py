"""Security headers on every response, production settings, and the health check."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

URLS = [
    "/procedures/",
    "/procedures/targeted-muscle-reinnervation-for-managing-limb-amputation-pain/",
    "/healthz",
    "/missing/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_security_headers_on_every_response(client, loaded_data, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])  # uuid4().hex when none was sent


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})
    assert "no-cache" in response["Cache-Control"]


PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x" * 60 + "-test-only-not-a-real-secret-0123456789",
    "DJANGO_ALLOWED_HOSTS": "ipg.example.org",
}


def run_production(*args: str, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION_ENV, **(extra_env or {}))
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_under_production_settings():
    result = run_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_fails_loudly_with_a_hint():
    result = run_production("manage.py", "check", extra_env={"DJANGO_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_ENV=production" in result.stderr
    assert "secrets.token_urlsafe" in result.stderr


def test_production_sends_hsts_and_redirects_http():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='ipg.example.org');"
        "r = c.get('/healthz', secure=True); print(r.status_code, r['Strict-Transport-Security']);"
        "r = c.get('/procedures/'); print(r.status_code, r['Location'])"
    )
    result = run_production("-c", script, extra_env={"DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr
    hsts_line, redirect_line = result.stdout.strip().splitlines()[-2:]
    assert hsts_line == "200 max-age=31536000; includeSubDomains; preload"
    assert redirect_line == "301 https://ipg.example.org/procedures/"
