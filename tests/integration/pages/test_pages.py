"""Every page with the seed data, over HTTP through Django's test client."""

import csv
import io
import re

import pytest

from sources.clock import london_today

TMR = "targeted-muscle-reinnervation-for-managing-limb-amputation-pain"
UPPER = "intramedullary-distraction-for-upper-limb-lengthening"
LOWER = "intramedullary-distraction-for-lower-limb-lengthening"
LUMBAR = "neurostimulation-of-lumbar-muscles-for-refractory-non-specific-chronic-low-back-pain"
POLICY = "llr-icb-hip-resurfacing"
ASSESSED = "assessed-musculoskeletal-services-end-stage-osteoarthritis"
CONSERVATIVE = "fully-engaged-conservative-measures-period"
FEMALE = "exclusion-procedure-contraindicated-females"
LEAVES = [
    ASSESSED,
    CONSERVATIVE,
    "intense-severe-persistent-pain-moderate",
    "significant-instability-hip-joint-significant",
    "radiological-features-severe-disease-moderate",
    "radiological-features-moderate-disease-significant",
    "severe-persistent-pain-causing-severe",
    "risk-destruction-joint-severity-delaying",
]


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def answers(default: str = "unknown", **overrides: str) -> dict[str, str]:
    data = {"referral_date": "2026-11-21"}
    data.update({f"fact-{key}": default for key in LEAVES})
    data.update({f"fact-{key.replace('_', '-')}": value for key, value in overrides.items()})
    return data


@pytest.mark.django_db
def test_every_page_has_one_h1_landmarks_a_skip_link_and_no_inline_script_or_style(
    client, loaded_data, html_pages
):
    for url in html_pages:
        response = client.get(url)
        html = html_of(response)
        assert len(re.findall(r"<h1[\s>]", html)) == 1, url
        for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
            assert landmark in html, (url, landmark)
        assert 'href="#main"' in html, url
        assert '<html lang="en-GB">' in html, url
        # The CSP forbids inline script and style attributes: none may appear.
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"\sstyle=", html), url
        assert "script-src 'self'" in response["Content-Security-Policy"], url


@pytest.mark.django_db
def test_home_shows_counts_watch_list_and_recent_changes(client, loaded_data):
    html = html_of(client.get("/"))
    assert 'action="/search/"' in html
    assert '<span class="stat__number">4</span> procedures' in html
    assert '<span class="stat__number">3</span> with special arrangements' in html
    # TMR's target publication (June 2025) has passed without final guidance.
    assert f'href="/procedures/{TMR}/"' in html
    assert "Publication overdue" in html
    assert "publication expected June 2025, now past" in html
    assert "What changed recently" in html
    assert "New procedure." in html


@pytest.mark.django_db
def test_search_finds_procedures_and_policies(client, loaded_data):
    html = html_of(client.get("/search/?q=reinnervation"))
    assert f'href="/procedures/{TMR}/"' in html
    assert "No commissioning policy matches" in html
    html = html_of(client.get("/search/?q=hip"))
    assert f'href="/policies/{POLICY}/"' in html


@pytest.mark.django_db
def test_procedure_list_filters_and_sorts_by_query_string(client, loaded_data):
    html = html_of(client.get("/procedures/?level=research_only"))
    assert f'href="/procedures/{TMR}/"' in html
    assert f'href="/procedures/{UPPER}/"' not in html
    html = html_of(client.get("/procedures/?registry=national-neuromodulation-registry"))
    assert f'href="/procedures/{LUMBAR}/"' in html
    assert f'href="/procedures/{TMR}/"' not in html
    html = html_of(client.get("/procedures/?special=no"))
    assert f'href="/procedures/{LOWER}/"' in html
    assert "1 procedure." in html
    html = html_of(client.get("/procedures/?sort=-title"))
    assert html.index(TMR) < html.index(UPPER) < html.index(LOWER)
    assert 'aria-sort="descending"' in html


@pytest.mark.django_db
def test_procedure_list_bad_filter_is_an_error_message_not_a_500(client, loaded_data):
    html = html_of(client.get("/procedures/?level=miracle&stage=published&page=zzz"))
    assert "There is a problem" in html
    assert "Select a valid choice" in html
    # The valid filter still applies.
    assert f'href="/procedures/{UPPER}/"' in html
    assert f'href="/procedures/{TMR}/"' not in html


@pytest.mark.django_db
def test_procedure_page_tmr_shows_two_indications_with_different_levels(client, loaded_data):
    html = html_of(client.get(f"/procedures/{TMR}/"))
    assert "To treat intractable pain that develops after limb amputation" in html
    assert "To prevent intractable pain from developing after limb amputation" in html
    assert (
        '<span class="tag tag--special">Special arrangements</span> <span class="tag tag--draft">Draft</span>'
        in html
    )
    assert (
        '<span class="tag tag--research_only">Research only</span> <span class="tag tag--draft">Draft</span>'
        in html
    )
    assert "Can be used, but only with extra governance, consent and audit arrangements" in html
    assert "Consultation closed 21 February 2025; publication expected June 2025, now past" in html


@pytest.mark.django_db
def test_procedure_page_shows_duties_by_audience_timeline_sections_and_sources(client, loaded_data):
    html = html_of(client.get(f"/procedures/{TMR}/"))
    assert html.index("<h3>Clinicians</h3>") < html.index("<h3>Healthcare organisations</h3>")
    assert "Outcomes audit tool:" in html
    assert '<span class="rec__number">1.6</span>' in html
    assert "patient selection" in html
    assert 'role="img" aria-labelledby="procedure-timeline-title procedure-timeline-desc"' in html
    assert 'class="tl-today"' in html
    assert "Target date for publication</strong>: June 2025 (printed to the month)" in html
    assert "The condition" in html
    assert "2.1" in html
    assert (
        'href="https://www.nice.org.uk/consultations/2574/1/interventional-procedures-consultation-document"'
        in html
    )
    assert "21 November 2026" in html  # retrieval date


@pytest.mark.django_db
def test_procedure_page_registry_and_service_requirements(client, loaded_data):
    html = html_of(client.get(f"/procedures/{LUMBAR}/"))
    assert "<strong>National Neuromodulation Registry</strong>" in html
    assert "Multidisciplinary team selects patients" in html
    html = html_of(client.get(f"/procedures/{UPPER}/"))
    assert "Specialist centres only" in html
    assert "Surgeons with specific training" in html
    # Numbers as printed: 1.4 then 1.6, the gap kept.
    assert html.index('<span class="rec__number">1.4</span>') < html.index(
        '<span class="rec__number">1.6</span>'
    )
    assert '<span class="rec__number">1.5</span>' not in html


@pytest.mark.django_db
def test_unknown_procedure_and_policy_are_404(client, loaded_data):
    assert client.get("/procedures/no-such-procedure/").status_code == 404
    assert client.get("/policies/no-such-policy/").status_code == 404
    assert client.post("/policies/no-such-policy/", answers()).status_code == 404


@pytest.mark.django_db
def test_pages_refuse_writes(client, loaded_data):
    for url in (
        "/",
        "/procedures/",
        "/governance/",
        "/governance/register.csv",
        "/consultations/key-dates.ics",
    ):
        assert client.post(url).status_code == 405, url


@pytest.mark.django_db
def test_governance_register_lists_every_special_arrangements_duty_as_a_printable_checklist(
    client, loaded_data
):
    html = html_of(client.get("/governance/"))
    for slug in (UPPER, LUMBAR, TMR):
        assert f'href="/procedures/{slug}/"' in html
    assert f'href="/procedures/{LOWER}/"' not in html
    assert html.count('class="register-checklist__item"') == 21
    assert "Inform the clinical governance leads in their healthcare organisation." in html
    assert "National Neuromodulation Registry" in html
    assert "NICE's interventional procedures outcomes audit tool is named in the audit duty" in html


@pytest.mark.django_db
def test_governance_register_filters(client, loaded_data):
    html = html_of(client.get("/governance/?audience=organisations"))
    assert html.count('class="register-checklist__item"') == 6
    html = html_of(client.get("/governance/?kind=registry_entry"))
    assert html.count('class="register-checklist__item"') == 1
    assert f'href="/procedures/{LUMBAR}/"' in html
    assert 'href="/governance/register.csv?kind=registry_entry"' in html
    html = html_of(client.get("/governance/?audience=nobody"))
    assert "There is a problem" in html
    assert html.count('class="register-checklist__item"') == 21


@pytest.mark.django_db
def test_governance_csv_has_one_row_per_duty_with_its_source(client, loaded_data):
    response = client.get("/governance/register.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="governance-register.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Procedure",
        "Indication",
        "Level",
        "Audience",
        "Duty",
        "Kinds",
        "Registry",
        "Source file",
        "Line",
        "Source URL",
        "Guidance number",
        "Recommendation number",
        "Final or draft",
        "Viewer URL",
    ]
    assert len(rows) == 22
    registry_rows = [row for row in rows[1:] if row[6]]
    assert registry_rows == [
        [
            "Neurostimulation of lumbar muscles for refractory non-specific chronic low back pain",
            "All indications",
            "Special arrangements",
            "Clinicians",
            "Enter details about everyone having neurostimulation of lumbar muscles for refractory non-specific "
            "chronic low back pain onto the National Neuromodulation Registry and review local clinical outcomes.",
            "Enter patients on a registry",
            "National Neuromodulation Registry",
            "002_68f4bc4672f85270.txt",
            "21",
            "https://www.nice.org.uk/guidance/ipg739/chapter/1-recommendations",
            "IPG739",
            "1.2",
            "final",
            "http://testserver/sources/002_68f4bc4672f85270.txt/#L21",
        ]
    ]
    tmr = [row for row in rows if row[0].startswith("Targeted")]
    assert {row[2] for row in tmr} == {"Special arrangements (draft)"}
    assert {row[1] for row in tmr} == {"To treat intractable pain that develops after limb amputation"}


@pytest.mark.django_db
def test_consultations_page_lists_closed_consultations_and_draws_them(client, loaded_data):
    html = html_of(client.get("/consultations/"))
    assert "No consultation is open today." in html
    assert "No consultation is scheduled to start." in html
    closed = html[html.index("<h2>Closed</h2>") :]
    # Most recent first: TMR closed in 2025, the lower limb consultation in 2021.
    assert closed.index(TMR) < closed.index(LOWER)
    assert "21 October 2021 to 18 November 2021" in html
    assert "Closes 21 February 2025" in html
    assert 'aria-labelledby="consultations-timeline-title consultations-timeline-desc"' in html
    assert 'href="/consultations/key-dates.ics"' in html


@pytest.mark.django_db
def test_key_dates_ics_is_valid_icalendar(client, loaded_data):
    response = client.get("/consultations/key-dates.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == 3
    assert "DTSTART;VALUE=DATE:20250221" in unfolded
    assert (
        "SUMMARY:Consultation closes: Targeted muscle reinnervation for managing limb amputation pain"
        in unfolded
    )
    assert "SUMMARY:Target publication (month: June 2025): Targeted muscle reinnervation" in unfolded
    assert "DTSTART;VALUE=DATE:20250601" in unfolded
    assert "DTSTART;VALUE=DATE:20211118" in unfolded
    assert all(
        line.startswith("DTSTAMP:20261121T000000Z")
        for line in unfolded.split("\r\n")
        if line.startswith("DTSTAMP")
    )
    # UIDs are the same on every download.
    assert client.get("/consultations/key-dates.ics").content.decode() == body
    uids = [line for line in unfolded.split("\r\n") if line.startswith("UID:")]
    assert len(set(uids)) == 3


@pytest.mark.django_db
def test_policy_list_by_body_with_review_status(client, loaded_data):
    html = html_of(client.get("/policies/"))
    assert "LLR ICB" in html
    assert f'href="/policies/{POLICY}/"' in html
    assert '<span class="tag tag--review-due">Review due</span>' in html
    assert "ARP 55" in html
    html = html_of(client.get("/policies/?review=in_date"))
    assert "No policy matches these filters." in html


@pytest.mark.django_db
def test_policy_page_draws_the_criteria_tree_definitions_exclusions_and_notices(client, loaded_data):
    html = html_of(client.get(f"/policies/{POLICY}/"))
    assert '<span class="criteria__op">All of these</span>' in html
    assert '<span class="criteria__op">Any one of these is enough</span>' in html
    assert '<a href="#definition-1">significant functional impairment*</a>' in html
    assert '<dt id="definition-1">' in html
    assert (
        'href="#criterion-significant-instability-hip-joint-significant"' in html
    )  # definition back to its users
    assert "<mark>at least six months</mark>" in html
    assert '<span class="tag">≥ 6 months</span>' in html
    assert 'class="warning-callout"' in html
    assert "The procedure is contraindicated in females." in html
    assert "a criterion that ends mid-sentence" in html
    assert '<span class="tag tag--review-due">Review due</span>' in html
    assert html.count('type="radio"') == 3 * 9
    assert html.count('value="unknown" checked') == 9
    today = london_today()
    assert f'name="referral_day" value="{today.day}"' in html
    assert f'name="referral_month" value="{today.month}"' in html
    assert f'name="referral_year" value="{today.year}"' in html


@pytest.mark.django_db
def test_checker_met_with_every_leaf_yes_and_exclusion_no(client, loaded_data):
    data = answers("yes")
    data[f"fact-{FEMALE}"] = "no"
    html = html_of(client.post(f"/policies/{POLICY}/", data))
    assert '<h3>Result: <span class="tag tag--met">Met</span></h3>' in html
    assert "The criteria are met and no exclusion applies." in html
    assert "Exclusions not confirmed" not in html
    assert "Decided by" in html


@pytest.mark.django_db
def test_checker_met_with_exclusion_unanswered_says_so(client, loaded_data):
    html = html_of(client.post(f"/policies/{POLICY}/", answers("yes")))
    assert '<span class="tag tag--met">Met</span>' in html
    assert "Met, but exclusions not confirmed." in html
    assert "<h4>Exclusions not confirmed</h4>" in html


@pytest.mark.django_db
def test_checker_not_met_when_conservative_measures_no(client, loaded_data):
    data = answers("yes", **{CONSERVATIVE: "no"})
    data[f"fact-{FEMALE}"] = "no"
    html = html_of(client.post(f"/policies/{POLICY}/", data))
    assert '<h3>Result: <span class="tag tag--not_met">Not met</span></h3>' in html
    decided = html[html.index("<h4>Decided by</h4>") :]
    decided = decided[: decided.index("</ul>")]
    assert "The patient has fully engaged with conservative measures" in decided
    assert "answered No" in decided
    assert 'href="/sources/003_a052b6b105bb832e.txt/#L21">line 21</a>' in decided


@pytest.mark.django_db
def test_checker_undetermined_names_the_missing_leaf(client, loaded_data):
    data = answers("yes", **{CONSERVATIVE: "unknown"})
    data[f"fact-{FEMALE}"] = "no"
    html = html_of(client.post(f"/policies/{POLICY}/", data))
    assert '<h3>Result: <span class="tag tag--undetermined">Undetermined</span></h3>' in html
    missing = html[html.index("<h4>Still missing</h4>") :]
    assert "The patient has fully engaged with conservative measures" in missing[:1000]
    # The answers are kept in the form.
    assert f'id="fact-{CONSERVATIVE}-unknown" name="fact-{CONSERVATIVE}" value="unknown" checked' in html
    assert f'id="fact-{ASSESSED}-yes" name="fact-{ASSESSED}" value="yes" checked' in html


@pytest.mark.django_db
def test_checker_exclusion_yes_is_not_met(client, loaded_data):
    data = answers("yes")
    data[f"fact-{FEMALE}"] = "yes"
    html = html_of(client.post(f"/policies/{POLICY}/", data))
    assert '<span class="tag tag--not_met">Not met</span>' in html
    assert "An exclusion applies" in html


@pytest.mark.django_db
def test_checker_bad_input_is_an_error_message(client, loaded_data):
    data = answers()
    data[f"fact-{ASSESSED}"] = "maybe"
    html = html_of(client.post(f"/policies/{POLICY}/", data))
    assert "There is a problem" in html
    assert "Answer every question with Yes, No or Unknown." in html
    html = html_of(client.post(f"/policies/{POLICY}/", {**answers("yes"), "referral_date": "not a date"}))
    assert '<a href="#id_referral_day">Referral date must be a real date</a>' in html
    assert "Enter a valid date." not in html
    # The answers given are kept, so nobody has to enter them again.
    assert f'id="fact-{ASSESSED}-yes" name="fact-{ASSESSED}" value="yes" checked' in html
    html = html_of(client.post(f"/policies/{POLICY}/", {**answers(), "fact-no-such-criterion": "yes"}))
    assert "The answers do not match the criteria in force on that date." in html


@pytest.mark.django_db
def test_every_page_renders_before_any_data_is_loaded(client, html_pages):
    for url in html_pages:
        is_detail = re.fullmatch(r"/(procedures|policies)/[\w-]+/", url)
        assert client.get(url).status_code == (404 if is_detail else 200), url
    assert "No procedure matches these filters." in html_of(client.get("/procedures/"))
    assert "Nothing has changed since the data was first loaded." in html_of(client.get("/"))


@pytest.mark.django_db
def test_error_pages_use_the_site_layout(client, loaded_data):
    html = client.get("/procedures/no-such-procedure/").content.decode()
    assert "<h1>Page not found</h1>" in html
    assert '<main id="main"' in html
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(f"/policies/{POLICY}/", answers())
    assert response.status_code == 403
    assert "<h1>The form could not be sent</h1>" in response.content.decode()


@pytest.mark.django_db
def test_procedure_page_in_development_shows_its_work_programme_entry(client, loaded_data):
    html = html_of(client.get(f"/procedures/{LOWER}/"))
    assert "<dt>Status</dt><dd>In progress</dd>" in html
    assert "<dt>ID number</dt><dd>358</dd>" in html
    assert "IM distraction systems are used for managing fractures." in html
    assert "NICE has not made a recommendation on this procedure yet." in html
    assert "Consultation closed 18 November 2021" in html


@pytest.mark.django_db
def test_policy_list_filters_fold_away_and_its_table_stacks_on_a_phone(client, loaded_data):
    html = client.get("/policies/?body=llr-icb").content.decode()
    assert '<details class="filters-details">' in html
    assert "LLR ICB" in html.split("filters-details__applied")[1].split("</summary>")[0]
    assert '<table class="table table--stack">' in html
    assert '<td data-label="Review status">' in html
    unfiltered = client.get("/policies/").content.decode()
    assert "none applied" in unfiltered
