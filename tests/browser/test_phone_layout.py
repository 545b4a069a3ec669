"""The clinician's question at desktop and phone widths, and pages that fit a phone (issue 14, items 1 and 5).

"May I offer targeted muscle reinnervation here, and what must I do?": the
answer is on the first screen, the duties are a list that reads at any width,
tables stack into labelled rows, the timeline gives way to its dated list, and
the filters sit behind a disclosure that opens without JavaScript.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.test_pages_audit import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TMR_TITLE = "Targeted muscle reinnervation for managing limb amputation pain"
TMR = "/procedures/targeted-muscle-reinnervation-for-managing-limb-amputation-pain/"
HEIGHTS = {1366: 768, 390: 844}


def bottom(locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["y"] + box["height"]


@pytest.mark.parametrize("width", [1366, 390])
def test_clinician_may_i_offer_tmr_and_what_must_i_do(page, site, axe, screenshot, width):
    page.set_viewport_size({"width": width, "height": HEIGHTS[width]})
    page.goto(site + "/procedures/")
    page.get_by_role("link", name=TMR_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TMR_TITLE)

    # The answer, on the first screen: the indication, its level in words, and that it is a draft.
    first = page.locator(".answer .card").first
    expect(first.get_by_role("heading", level=3)).to_have_text(
        "To treat intractable pain that develops after limb amputation"
    )
    expect(first.locator(".answer__level .tag").first).to_have_text("Special arrangements")
    expect(first.locator(".answer__level .tag--draft")).to_have_text("Draft")
    assert bottom(first.locator(".answer__level")) <= HEIGHTS[width], "the level is below the first screen"
    expect(first.locator(".answer__facts")).to_contain_text("Guidance number")
    expect(first.get_by_role("link", name="004_c1ab1ff160fe8b1f.txt line 43")).to_be_visible()
    expect(page.locator(".answer .card").nth(1).locator(".answer__level .tag").first).to_have_text(
        "Research only"
    )
    expect(page.locator(".lede .tag")).to_have_text("Publication overdue")
    notice = page.locator("#overdue")
    expect(notice).to_contain_text("Final guidance may have been published since")
    expect(notice.get_by_role("link", name="NICE's page for this consultation")).to_have_attribute(
        "href", "https://www.nice.org.uk/consultations/2574/1/interventional-procedures-consultation-document"
    )
    screenshot(page, f"clinician-tmr-answer-{width}")

    # What must I do: duties as list items with a printed box, readable at this width.
    page.get_by_role("link", name="Before you offer it").click()
    duties = page.locator("#before ~ .register-checklist .register-checklist__item")
    expect(duties.first).to_contain_text("Inform the clinical governance leads")
    assert duties.count() >= 5
    expect(page.locator("main input[type=checkbox]")).to_have_count(0)
    for index in range(duties.count()):
        box = duties.nth(index).bounding_box()
        assert box["x"] >= 0, f"duty {index} starts off screen at {width}px"
        assert box["x"] + box["width"] <= width, f"duty {index} is cut at {width}px"
    font = duties.first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert font >= 16, font
    audit_tool = page.get_by_role("link", name="NICE's interventional procedures outcomes audit tool")
    expect(audit_tool.first).to_have_attribute(
        "href",
        "https://www.nice.org.uk/about/what-we-do/our-programmes/nice-guidance/nice-interventional-procedures-guidance",
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe(page, f"procedure page at {width}px")
    screenshot(page, f"clinician-tmr-duties-{width}")


def test_no_page_scrolls_sideways_at_390px(page, site, axe, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    for name, path in PAGES.items():
        assert page.goto(site + path).status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide at 390px"
        screenshot(page, f"{name}-390")
    for path in ("/procedures/", "/consultations/", TMR):
        page.goto(site + path)
        axe(page, f"{path} at 390px")


def test_tables_stack_into_labelled_rows_on_a_phone(page, site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + "/procedures/")
    cell = page.locator("table.table--stack tbody tr").first.locator("td").nth(2)
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"Stage"'
    assert cell.evaluate("el => getComputedStyle(el).display") == "block"
    expect(page.locator("table.table--stack thead")).to_have_count(1)
    # The header row stays for screen readers but takes no room on screen.
    assert page.locator("table.table--stack thead").bounding_box()["height"] <= 1
    page.set_viewport_size({"width": 1366, "height": 768})
    assert cell.evaluate("el => getComputedStyle(el, '::before').content") in ("none", "normal")
    assert cell.evaluate("el => getComputedStyle(el).display") == "table-cell"


def test_the_timeline_gives_way_to_its_dated_list_on_a_phone_and_stays_legible(page, site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site + TMR)
    expect(page.locator("#timeline ~ .timeline svg")).to_be_hidden()
    expect(page.locator(".timeline__narrow")).to_have_text("The dates are listed below.")
    expect(page.locator("#timeline ~ ul li", has_text="Target date for publication").first).to_be_visible()
    page.goto(site + "/consultations/")
    expect(page.locator(".timeline svg")).to_be_hidden()
    expect(page.locator(".timeline__narrow")).to_have_text("The same dates are in the tables below.")
    # Wherever the picture shows, its smallest labels (13 user units) draw at 12 px or more.
    for width in (720, 768, 1024, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site + TMR)
        svg = page.locator("#timeline ~ .timeline svg")
        expect(svg).to_be_visible()
        scale = svg.evaluate("el => el.getBoundingClientRect().width / el.viewBox.baseVal.width")
        assert 13 * scale >= 12, f"timeline labels draw at {13 * scale:.1f}px at {width}px"


@pytest.mark.parametrize("path", ["/procedures/", "/governance/"])
def test_filters_open_without_javascript(browser, site, screenshot, path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site + path)
        details = page.locator("details.filters-details")
        expect(details.locator("summary")).to_contain_text("Filters")
        expect(details.locator("summary")).to_contain_text("none applied")
        search = details.locator("input[name=q]")
        expect(search).to_be_hidden()
        details.locator("summary").click()
        expect(search).to_be_visible()
        screenshot(page, f"filters-open-nojs{path.replace('/', '-').rstrip('-')}")
        search.fill("lumbar")
        details.get_by_role("button", name="Apply filters").click()
        assert "q=lumbar" in page.url
        expect(page.locator("details.filters-details summary")).to_contain_text("lumbar")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
