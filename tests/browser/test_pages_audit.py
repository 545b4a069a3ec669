"""Every page in a real browser: axe-core finds no violation, it reflows on a phone, and a screenshot is kept."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TMR = "targeted-muscle-reinnervation-for-managing-limb-amputation-pain"
PAGES = {
    "home": "/",
    "search": "/search/?q=reinnervation",
    "procedures": "/procedures/",
    "procedures-filter-error": "/procedures/?level=miracle",
    "procedure-tmr": f"/procedures/{TMR}/",
    "procedure-upper-limb": "/procedures/intramedullary-distraction-for-upper-limb-lengthening/",
    "procedure-lower-limb": "/procedures/intramedullary-distraction-for-lower-limb-lengthening/",
    "procedure-lumbar": "/procedures/neurostimulation-of-lumbar-muscles-for-refractory-non-specific-chronic-low-back-pain/",
    "governance": "/governance/",
    "consultations": "/consultations/",
    "policies": "/policies/",
    "policy-hip-resurfacing": "/policies/llr-icb-hip-resurfacing/",
    "search-tmr": "/search/?q=TMR",
    "api-docs": "/api/docs/",
}


def test_every_page_passes_axe_and_is_screenshotted(page, site, axe, screenshot):
    for name, path in PAGES.items():
        response = page.goto(site + path)
        assert response.status == 200, path
        expect(page.locator("h1")).to_have_count(1)
        axe(page, path)
        screenshot(page, name)
    assert page.goto(site + "/procedures/no-such-procedure/").status == 404
    axe(page, "page not found")


def test_checker_error_state_passes_axe(page, site, axe, screenshot):
    page.goto(site + PAGES["policy-hip-resurfacing"])
    page.get_by_label("Day").fill("")
    page.get_by_role("button", name="Check eligibility").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Referral date must include a day")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Day")).to_be_focused()
    axe(page, "checker with an error")
    screenshot(page, "policy-checker-error")


def test_pages_reflow_on_a_narrow_screen_without_sideways_scrolling(page, site, axe):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in PAGES.values():
        page.goto(site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    axe(page, "policy page at 320px")


def test_print_stylesheet_hides_navigation_and_controls(page, site, screenshot):
    page.goto(site + "/governance/")
    page.emulate_media(media="print")
    for selector in (".site-header nav", ".filters", ".site-footer", ".button", "[data-checklist-progress]"):
        expect(page.locator(selector).first).to_be_hidden()
    # A checklist to tick by hand: boxes printed as glyphs, with the date, filters and disclaimer.
    expect(page.locator(".register-checklist__box").first).to_be_visible()
    expect(page.locator(".register-meta")).to_contain_text("Register as of")
    expect(page.locator(".register-meta")).to_contain_text("does not decide local funding")
    screenshot(page, "governance-print")


@pytest.mark.parametrize("width", [1366, 390])
def test_search_governance_and_api_docs_pass_axe_and_fit_the_width(page, site, axe, screenshot, width):
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in (
        ("search-tmr", "/search/?q=TMR"),
        ("governance", "/governance/"),
        ("api-docs", "/api/docs/"),
    ):
        assert page.goto(site + path).status == 200, path
        axe(page, f"{path} at {width}px")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (
            f"{path} overflows at {width}px"
        )
        screenshot(page, f"{name}-{width}")
    page.goto(site + "/search/?q=TMR")
    expect(page.locator(".search-result mark").first).to_have_text("Targeted muscle reinnervation")


@pytest.fixture
def hostile_site(live_server, transactional_db, hostile_fixture_files):
    from sources import actions

    actions.load_fixtures(paths=hostile_fixture_files)
    return live_server.url


def test_script_in_a_source_is_shown_as_text_and_never_runs(page, hostile_site):
    # The page fixture fails the test on any dialog (alert) or script error.
    page.goto(hostile_site + "/procedures/hostile-widget-implantation/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hostile widget <script>alert('xss')</script> implantation"
    )
    expect(page.locator("#printed")).to_be_visible()
    expect(
        page.get_by_text("Inform the clinical governance leads <img src=x onerror=alert(1)>").first
    ).to_be_visible()
    assert page.locator("main script, main img").count() == 0
    page.goto(hostile_site + "/governance/")
    # Linked twice (the overview matrix and the procedure's card), as text both times.
    expect(
        page.get_by_role("link", name="Hostile widget <script>alert('xss')</script> implantation")
    ).to_have_count(2)
    expect(
        page.get_by_role("link", name="Hostile widget <script>alert('xss')</script> implantation").first
    ).to_be_visible()
    assert page.problems == []
