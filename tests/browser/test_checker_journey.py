"""The commissioner's question, "does this patient meet the hip resurfacing criteria?", with JavaScript off.

At desktop (1366 px) and phone (390 px) widths: a check without a date shows the error
summary first, focused, its link moving to the day box; a check with a date and answers
gives the result as a record; its permalink, opened in a fresh browser context, gives the
same record; axe finds nothing; nothing scrolls sideways at 390 px.
"""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLICY = "/policies/llr-icb-hip-resurfacing/"
CONSERVATIVE = "fully-engaged-conservative-measures-period"
FEMALE = "exclusion-procedure-contraindicated-females"
WIDTHS = {"desktop": 1366, "phone": 390}


def no_script_page(browser, width: int):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


def audit(browser, axe, page, width: int, label: str) -> None:
    """axe on exactly what the no-script page shows, run in a context with script on.

    axe is a script whose run waits on timers, which never fire with JavaScript off; so the same
    HTML, as served to the no-script page, is served again at its URL to a page that can run axe.
    """
    html, url = page.content(), page.url.split("#")[0]
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    try:
        audited = context.new_page()
        audited.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
        audited.goto(url)
        axe(audited, label)
    finally:
        context.close()


def no_sideways_scroll(page, width: int) -> None:
    if width <= 390:
        # Measured through the DevTools protocol, which works with the page's own scripts off.
        assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_commissioner_checks_a_patient_without_javascript(browser, site, axe, screenshot, width):
    name = [key for key, value in WIDTHS.items() if value == width][0]
    context, page = no_script_page(browser, width)
    try:
        page.goto(site + POLICY)
        # The checker says what each group needs, and asks questions in the policy's words.
        form = page.locator("#check-form")
        expect(form.locator(".question-group").first).to_contain_text("All of these")
        expect(form.get_by_text("Any one of these is enough").first).to_be_visible()
        exclusion = page.get_by_role("group", name="Does this apply to the patient?")
        expect(exclusion).to_contain_text("“The procedure is contraindicated in females.”")

        # Submit without a date: the error summary is at the top, focused, and its link moves to the day box.
        for box in ("Day", "Month", "Year"):
            page.get_by_label(box, exact=True).fill("")
        page.get_by_role("button", name="Check eligibility").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_be_in_viewport()
        expect(summary).to_contain_text("Enter the referral date")
        assert "This field is required" not in page.content()
        assert page.evaluate("document.querySelector('#error-summary').getBoundingClientRect().top") < 400
        no_sideways_scroll(page, width)
        audit(browser, axe, page, width, f"checker error, {width}px, no script")
        screenshot(page, f"checker-no-js-error-{name}")
        summary.get_by_role("link", name="Enter the referral date").click()
        expect(page.get_by_label("Day", exact=True)).to_be_focused()

        # Fill the date and the answers: the result, as a record.
        page.get_by_label("Day", exact=True).fill("21")
        page.get_by_label("Month", exact=True).fill("11")
        page.get_by_label("Year", exact=True).fill("2026")
        for radio in page.locator("#check-form input[type=radio][value=yes]").all():
            radio.check()
        page.locator(f"#fact-{CONSERVATIVE}-unknown").check()
        page.locator(f"#fact-{FEMALE}-no").check()
        page.get_by_role("button", name="Check eligibility").click()
        result = page.locator("#check-result")
        expect(result.get_by_role("heading", level=3)).to_have_text("Result: Undetermined")
        expect(result.locator(".record-list")).to_contain_text("ARP 55")
        expect(result.locator(".record-list")).to_contain_text(
            "No effective date printed: this is the only version held"
        )
        expect(result.locator(".record-answers li")).to_have_count(9)
        missing = result.locator("h4:text('Still missing') + p + ul li")
        expect(missing).to_have_count(1)
        expect(missing).to_contain_text("The patient has fully engaged with conservative measures")
        record_text = result.inner_text()
        no_sideways_scroll(page, width)
        audit(browser, axe, page, width, f"checker result, {width}px, no script")
        screenshot(page, f"checker-no-js-result-{name}")
        link = result.get_by_role("link", name="open this record on its own page to print or keep")
        href = link.get_attribute("href")
        assert href.startswith("/policies/llr-icb-hip-resurfacing/check?referral_date=2026-11-21&")
    finally:
        context.close()

    # The permalink in a fresh browser context (no cookies, no history): the same record.
    fresh, page = no_script_page(browser, width)
    try:
        page.goto(site + href)
        expect(page.get_by_role("heading", level=1)).to_have_text("Eligibility check record: Hip Resurfacing")
        assert page.locator("#check-result").inner_text() == record_text
        expect(page.locator("main form")).to_have_count(0)
        no_sideways_scroll(page, width)
        audit(browser, axe, page, width, f"check record, {width}px, no script")
        screenshot(page, f"checker-no-js-record-{name}")
        # The printed record: no navigation or footer, the result and the disclaimer kept.
        page.emulate_media(media="print")
        expect(page.locator(".site-header nav")).to_be_hidden()
        expect(page.locator("#check-result")).to_be_visible()
        expect(
            page.get_by_text("NICE guidance does not decide local funding; the ICB’s policy does.")
        ).to_be_visible()
        screenshot(page, f"checker-no-js-record-print-{name}")
    finally:
        fresh.close()
