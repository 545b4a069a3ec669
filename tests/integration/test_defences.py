"""Defences against the attacks of issue 15: admin brute force, throttle evasion, cache poisoning, a hung database."""

import socket
import sqlite3
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from apicore.throttling import EvaluateAnonThrottle
from tests.integration.api.helpers import POLICY

LOGIN = f"/{settings.ADMIN_URL}login/"
PASSWORD = "a-long-and-correct-password"


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": f"/{settings.ADMIN_URL}"},
        REMOTE_ADDR=address,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Dozens of logins: a cheap hasher keeps the test fast; what is checked is the lockout, not the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


@pytest.mark.django_db
def test_the_eleventh_wrong_password_is_refused_and_so_is_the_right_one_while_locked(client, editor):
    wrong = [log_in(client, "editor", f"guess-{n}").status_code for n in range(10)]
    assert wrong[:9] == [200] * 9  # the login form again, with its error
    assert log_in(client, "editor", "guess-10").status_code == 429
    locked = log_in(client, "editor", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_locked_out(client, editor):
    for n in range(10):
        log_in(client, f"someone-{n}", "guess")
    assert log_in(client, "editor", PASSWORD).status_code == 429
    # The same account from another address is not locked by that address's failures.
    assert log_in(client, "editor", PASSWORD, address="198.51.100.20").status_code == 302


@pytest.mark.django_db
def test_an_editor_session_lasts_a_working_day_and_ends_with_the_browser(client, editor):
    assert log_in(client, "editor", PASSWORD).status_code == 302
    assert client.session.get_expiry_age() == 8 * 60 * 60
    assert client.session.get_expire_at_browser_close() is True
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""  # a browser-session cookie


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_escape_the_throttle(client, loaded_data, monkeypatch):
    monkeypatch.setattr(EvaluateAnonThrottle, "THROTTLE_RATES", {"evaluate_anon": "5/minute"})
    statuses = [
        client.post(
            f"/api/v1/policies/{POLICY}/evaluate",
            '{"facts": {}}',
            content_type="application/json",
            HTTP_X_FORWARDED_FOR=f"10.0.{n}.1",
        ).status_code
        for n in range(8)
    ]
    assert statuses == [200] * 5 + [429] * 3


@pytest.mark.django_db
@pytest.mark.parametrize(("proto", "scheme"), [("https", "https"), ("http", "http")])
def test_cached_answers_are_never_shared_between_http_and_https(client, loaded_data, settings, proto, scheme):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    other = "http" if proto == "https" else "https"
    first = client.get("/api/v1/procedures/", HTTP_X_FORWARDED_PROTO=other)
    second = client.get("/api/v1/procedures/", HTTP_X_FORWARDED_PROTO=proto)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "miss")
    assert second.json()["results"][0]["url"].startswith(f"{scheme}://testserver")
    again = client.get("/api/v1/procedures/", HTTP_X_FORWARDED_PROTO=proto)
    assert (again["X-Cache"], again.content) == ("hit", second.content)


def test_a_sqlite_database_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    script = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])"
    )
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PATH": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000"]
    # WAL is a property of the file: another reader sees it too.
    assert sqlite3.connect(tmp_path / "db.sqlite3").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.fixture
def silent_database_port():
    """A TCP port that accepts connections and never says a word, like a hung database server."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for peer in accepted:
        peer.close()
    server.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_503_when_the_database_never_answers(silent_database_port, tmp_path):
    port = _free_port()
    env = {
        "DATABASE_URL": f"postgres://nobody@127.0.0.1:{silent_database_port}/none",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PATH": "",
    }
    server = subprocess.Popen(
        # gunicorn, as production runs it (runserver would query the database before serving).
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                    break
            except OSError:
                threading.Event().wait(0.1)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30)
        assert refused.value.code == 503
        assert refused.value.read() == b'{"status": "error", "database": "timeout"}'
    finally:
        server.terminate()
        server.wait(timeout=10)
