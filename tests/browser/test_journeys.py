"""What people do on the site, in a real browser: search, read, tick, download, check a patient."""

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TMR_TITLE = "Targeted muscle reinnervation for managing limb amputation pain"
POLICY = "/policies/llr-icb-hip-resurfacing/"
CONSERVATIVE = "fully-engaged-conservative-measures-period"
FEMALE = "exclusion-procedure-contraindicated-females"


def test_search_from_home_then_open_the_procedure_with_two_indications(page, site, axe):
    page.goto(site + "/")
    page.get_by_label("Search procedures and policies").fill("reinnervation")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search results for ‘reinnervation’")
    page.get_by_role("link", name=TMR_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TMR_TITLE)
    recommends = page.locator("#recommends ~ .card")
    expect(recommends).to_have_count(2)
    expect(recommends.nth(0)).to_contain_text("To treat intractable pain that develops after limb amputation")
    expect(recommends.nth(0).locator(".tag").first).to_have_text("Special arrangements")
    expect(recommends.nth(1)).to_contain_text(
        "To prevent intractable pain from developing after limb amputation"
    )
    expect(recommends.nth(1).locator(".tag").first).to_have_text("Research only")
    expect(page.locator(".lede")).to_contain_text("publication expected June 2025, now past")
    axe(page, "procedure page after search")


def test_keyboard_only_skip_link_and_navigation(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab lands inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_governance_checklist_is_a_printable_list_with_drafts_apart(page, site):
    page.goto(site + "/governance/")
    # No fake inputs: each duty is a list item with a box to tick on paper.
    expect(page.locator("main input[type=checkbox]")).to_have_count(0)
    expect(page.locator(".register-checklist__item")).to_have_count(21)
    drafts = page.locator("section", has=page.get_by_role("heading", name="Targeted muscle reinnervation"))
    expect(drafts.locator(".tag--draft").first).to_have_text("Draft")
    expect(page.get_by_role("status")).to_contain_text("14 duties in force")


def test_governance_csv_download(page, site):
    page.goto(site + "/governance/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the register (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "governance-register.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[0][:5] == ["Procedure", "Indication", "Level", "Audience", "Duty"]
    assert rows[0][10:] == ["Guidance number", "Recommendation number", "Final or draft", "Viewer URL"]
    assert [
        "Intramedullary distraction for upper limb lengthening",
        "All indications",
        "Special arrangements",
        "Clinicians",
        "Inform the clinical governance leads in their healthcare organisation.",
        "Inform clinical governance leads",
        "",
        "000_163057d334ff0038.txt",
        "13",
        "https://www.nice.org.uk/guidance/ipg722/chapter/1-recommendations",
        "IPG722",
        "1.2",
        "final",
        f"{site}/sources/000_163057d334ff0038.txt/#L13",
    ] in rows


def test_key_dates_ics_download(page, site):
    page.goto(site + "/consultations/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download key dates (iCalendar, .ics)").click()
    download = download_info.value
    assert download.suggested_filename == "key-dates.ics"
    body = Path(download.path()).read_bytes().decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    events = {
        str(event["summary"]): (event.decoded("dtstart"), event.decoded("dtend"))
        for event in Calendar.from_ical(body).walk("VEVENT")
    }
    assert events[f"Consultation closes: {TMR_TITLE}"] == (dt.date(2025, 2, 21), dt.date(2025, 2, 22))


def answer(page, key: str, value: str) -> None:
    page.locator(f"#fact-{key}-{value}").check()


def test_eligibility_checker_reaches_met_not_met_and_undetermined(page, site, axe, screenshot):
    page.goto(site + POLICY)
    leaves = page.locator("fieldset.fieldset--question").filter(has_text="Is this true of the patient?")
    keys = [
        name.removeprefix("fact-")
        for name in leaves.locator("input[value=yes]").evaluate_all("els => els.map(e => e.name)")
    ]
    assert CONSERVATIVE in keys
    assert len(keys) == 8

    # Met: every criterion yes, the exclusion no.
    for key in keys:
        answer(page, key, "yes")
    answer(page, FEMALE, "no")
    page.get_by_role("button", name="Check eligibility").click()
    result = page.locator("#check-result")
    expect(result.get_by_role("heading", level=3)).to_have_text("Result: Met")
    expect(result).not_to_contain_text("Exclusions not confirmed")
    screenshot(page, "policy-checker-met")
    axe(page, "checker: met")

    # Not met: conservative measures no (the other answers are kept by the form).
    answer(page, CONSERVATIVE, "no")
    page.get_by_role("button", name="Check eligibility").click()
    expect(result.get_by_role("heading", level=3)).to_have_text("Result: Not met")
    expect(
        result.locator(".record-facts li", has_text="fully engaged with conservative measures")
    ).to_contain_text("answered No")
    expect(page.locator(f"#criterion-{CONSERVATIVE} .tag--not_met")).to_have_text("Not met")

    # Undetermined: conservative measures unknown, and the checker names it as missing.
    answer(page, CONSERVATIVE, "unknown")
    page.get_by_role("button", name="Check eligibility").click()
    expect(result.get_by_role("heading", level=3)).to_have_text("Result: Undetermined")
    missing = result.locator("h4:text('Still missing') + p + ul")
    expect(missing).to_contain_text("The patient has fully engaged with conservative measures")
    screenshot(page, "policy-checker-undetermined")
    axe(page, "checker: undetermined")

    # Met, exclusion left unknown: said clearly.
    answer(page, CONSERVATIVE, "yes")
    answer(page, FEMALE, "unknown")
    page.get_by_role("button", name="Check eligibility").click()
    expect(result.get_by_role("heading", level=3)).to_have_text("Result: Met")
    expect(result).to_contain_text("Met, but exclusions not confirmed.")
    expect(result.locator("h4", has_text="Exclusions not confirmed")).to_be_visible()


def test_eligibility_checker_by_keyboard_alone(page, site):
    page.goto(site + POLICY)
    page.locator(f"#fact-{CONSERVATIVE}-unknown").focus()
    page.keyboard.press("ArrowLeft")  # radio groups move by arrow keys: Unknown -> No
    expect(page.locator(f"#fact-{CONSERVATIVE}-no")).to_be_checked()
    page.get_by_role("button", name="Check eligibility").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#check-result h3")).to_have_text("Result: Not met")
    assert re.search(r"#check-result$", page.url)


def test_definition_linked_from_the_leaf_that_uses_it(page, site):
    page.goto(site + POLICY)
    page.get_by_role("link", name="significant functional impairment*").first.click()
    assert page.url.endswith("#definition-1")
    expect(page.locator("#definition-1")).to_contain_text("Significant functional impairment")
