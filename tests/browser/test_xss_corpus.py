"""The XSS corpus in a real browser: no dialog, no script error, no CSP report, nothing set on window."""

import pytest

from sources import actions
from tests.xss_corpus import POLICY, PROCEDURE

PAGES = [
    "/",
    "/search/?q=probe",
    f"/procedures/{PROCEDURE}/",
    "/governance/",
    "/policies/",
    f"/policies/{POLICY}/",
]


@pytest.mark.browser
def test_no_payload_executes_in_chromium(page, live_server, transactional_db, xss_fixture_files):
    actions.load_fixtures(paths=xss_fixture_files)
    for path in PAGES:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        # Payloads that run set window.__xss or open a dialog (the page fixture fails on dialogs and errors).
        assert page.evaluate("() => window.__xss") is None, path
        # Hover and focus everything a payload might have hooked.
        page.mouse.move(10, 10)
        page.keyboard.press("Tab")
        assert page.evaluate("() => window.__xss") is None, path
    assert page.problems == []
