"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

No browser is downloaded (no ``playwright install``): Chromium comes from the
system (``apt-get install chromium``; ``.ci/run`` does it). axe-core comes from
the npm registry (``npm ci`` through ``make browser-deps``, pinned in
package-lock.json) and is injected into each page from disk, so the audit needs
no network.

On a machine without Chromium or axe-core (no Node.js), or with
``SKIP_BROWSER_TESTS=1``, the browser tests are deselected and the run ends
with one loud line saying so and how to enable them: a newcomer's first
``make test`` runs everything else. ``REQUIRE_BROWSER_TESTS=1`` (``.ci/run``
and ``make test-browser`` set it) turns that into a failure of every browser
test, so CI never passes without them.
"""

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test's thread; Django's ORM refuses
# to run next to one unless told it is safe (it is: the test and the server share nothing async).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
# Default rules (which include best practices) plus every WCAG 2.x A/AA tag, 2.2 included.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

INSTALL_HINT = "to run them: apt-get install -y chromium nodejs npm, then make test (or make test-browser)"
UNSET_HINT = "to run them: unset SKIP_BROWSER_TESTS (make test-browser runs only them)"


def _why_unavailable() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if os.environ.get("SKIP_BROWSER_TESTS") == "1":
        return "SKIP_BROWSER_TESTS=1"
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM}"
    if not AXE_SCRIPT.exists():
        return f"axe-core not installed ({AXE_SCRIPT.relative_to(REPO)}; make browser-deps runs npm ci)"
    return None


def _hint(reason: str) -> str:
    return UNSET_HINT if reason.startswith("SKIP_BROWSER_TESTS") else INSTALL_HINT


def _required() -> bool:
    return os.environ.get("REQUIRE_BROWSER_TESTS") == "1"


_SKIPPED = pytest.StashKey[tuple[int, str]]()  # (how many, why), for the summary line


def pytest_collection_modifyitems(config, items):
    """Without Chromium or axe-core, leave the browser tests out, unless they are required."""
    reason = _why_unavailable()
    if reason is None or _required():
        return
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    if browser_tests:
        items[:] = [item for item in items if not item.get_closest_marker("browser")]
        config.hook.pytest_deselected(items=browser_tests)
        config.stash[_SKIPPED] = (len(browser_tests), reason)


def pytest_terminal_summary(terminalreporter, config):
    if _SKIPPED in config.stash:
        count, reason = config.stash[_SKIPPED]
        terminalreporter.write_line(
            f"!!! BROWSER TESTS SKIPPED ({count}): {reason}; {_hint(reason)} !!!", yellow=True, bold=True
        )


@pytest.fixture(scope="session", autouse=True)
def _browser_tests_can_run():
    """Reached only when the browser tests are required: fail each one that cannot run, saying why."""
    reason = _why_unavailable()
    if reason is not None:
        pytest.fail(f"REQUIRE_BROWSER_TESTS=1 but {reason}; {_hint(reason)}", pytrace=False)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's URL, with the committed seed fixtures loaded through the real loader."""
    from django.conf import settings

    from sources import actions
    from sources.registry import fixture_files

    actions.load_fixtures(paths=[Path(settings.FIXTURES_DIR) / name for name in fixture_files()])
    return live_server.url


@pytest.fixture
def page(browser):
    """A fresh page that fails the test on any dialog, script error or CSP violation."""
    context = browser.new_context(
        viewport={"width": 1024, "height": 900}, locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    problems: list[str] = []

    def on_dialog(dialog):
        problems.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.problems = problems
    yield page
    context.close()
    assert not problems, problems


@pytest.fixture
def axe():
    """Run axe-core on a page (default rules + WCAG 2.0-2.2 A/AA) and fail on any violation."""
    source = AXE_SCRIPT.read_text(encoding="utf-8")

    def check(page, label: str) -> None:
        # Evaluated through the DevTools protocol, which the page's CSP does not govern:
        # the CSP stays exactly as served while axe runs.
        page.evaluate(source)
        violations = page.evaluate(
            """async (tags) => {
                const byDefault = await axe.run(document);
                const byTags = await axe.run(document, {runOnly: {type: "tag", values: tags}});
                const seen = new Set();
                return [...byDefault.violations, ...byTags.violations].filter(v => !seen.has(v.id) && seen.add(v.id))
                    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
            }""",
            AXE_TAGS,
        )
        assert not violations, f"axe on {label}:\n{json.dumps(violations, indent=1)}"

    return check


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
