"""The eligibility checker on the policy page, and its record at the permalink (issue 14, item 4).

Over HTTP with Django's test client and the seed policy (LLR ICB hip resurfacing: undated, the only
version held, ALL of two criteria and an ANY group of six, one exclusion).
"""

import html as htmllib
import re

import pytest

from sources.clock import london_today

POLICY = "llr-icb-hip-resurfacing"
PAGE = f"/policies/{POLICY}/"
FILE = "003_a052b6b105bb832e.txt"
ASSESSED = "assessed-musculoskeletal-services-end-stage-osteoarthritis"
CONSERVATIVE = "fully-engaged-conservative-measures-period"
FEMALE = "exclusion-procedure-contraindicated-females"
ANY_GROUP = [
    "intense-severe-persistent-pain-moderate",
    "significant-instability-hip-joint-significant",
    "radiological-features-severe-disease-moderate",
    "radiological-features-moderate-disease-significant",
    "severe-persistent-pain-causing-severe",
    "risk-destruction-joint-severity-delaying",
]
CONSERVATIVE_WORDS = "The patient has fully engaged with conservative measures"


def body(response, status: int = 200) -> str:
    assert response.status_code == status, response.status_code
    return response.content.decode()


def date(day: str, month: str, year: str) -> dict[str, str]:
    return {"referral_day": day, "referral_month": month, "referral_year": year}


def facts(default: str = "yes", **overrides: str) -> dict[str, str]:
    data = {f"fact-{key}": default for key in [ASSESSED, CONSERVATIVE, *ANY_GROUP]}
    data[f"fact-{FEMALE}"] = "no"
    data.update({f"fact-{key}": value for key, value in overrides.items()})
    return data


def result_panel(html: str) -> str:
    """The result panel, ``<div ... id="check-result" ...>`` up to its closing tag (it nests divs)."""
    start = html.index('id="check-result"')
    start = html.rindex("<div", 0, start)
    depth, position = 0, start
    for match in re.finditer(r"<div\b|</div>", html[start:]):
        depth += 1 if match.group() == "<div" else -1
        if depth == 0:
            position = start + match.end()
            break
    return html[start:position]


def permalink(panel: str) -> str:
    href = re.search(r'<p class="record-permalink">Permalink: <a href="([^"]+)"', panel).group(1)
    return htmllib.unescape(href)


@pytest.mark.django_db
def test_checker_groups_say_what_they_need(client, loaded_data):
    html = body(client.get(PAGE))
    form = html[html.index('id="check-form"') :]
    assert '<p class="question-group"><span class="criteria__op">All of these</span>' in form
    # The ANY group is introduced once, before its first question, with its lead-in.
    assert form.count('<span class="criteria__op">Any one of these is enough</span>The patient:') == 1
    assert form.count("Part of “The patient:”: any one of these is enough.") == 6
    # The tree says the same.
    tree = html[html.index('<ul class="criteria">') : html.index('id="check-form"')]
    assert '<span class="criteria__op">All of these</span>' in tree
    assert '<span class="criteria__op">Any one of these is enough</span>The patient:' in tree
    assert "ALL of" not in html
    assert "ANY of" not in html


@pytest.mark.django_db
def test_checker_questions_ask_and_quote_the_policy_words_unchanged(client, loaded_data):
    html = body(client.get(PAGE))
    assert (
        '<legend><span class="question__prompt">Does this apply to the patient?</span>\n'
        '    <span class="question__words">“The procedure is contraindicated in females.”</span></legend>'
    ) in html
    assert html.count('<span class="question__prompt">Is this true of the patient?</span>') == 8
    assert f'<span class="question__words">“{CONSERVATIVE_WORDS} for a period of at least six months' in html
    assert "Exclusion: The procedure" not in html
    # Each question links its words to their line.
    assert f'The policy’s words, <a href="/sources/{FILE}/#L11">line 11</a>.' in html


@pytest.mark.django_db
def test_checker_without_a_date_shows_the_error_summary_first_in_plain_words(client, loaded_data):
    html = body(client.post(PAGE, {**facts(), **date("", "", "")}))
    main = html[html.index('<main id="main"') :]
    summary = main[: main.index("</div>") + 6]
    # First in main, focused on load without script, linking to the day box.
    assert main.index('class="error-summary"') < main.index("<h1>")
    assert 'id="error-summary"' in summary
    assert 'tabindex="-1" autofocus' in summary
    assert '<li><a href="#id_referral_day">Enter the referral date</a></li>' in summary
    assert "This field is required" not in html
    assert 'id="id_referral_day"' in html
    # The message sits once beside the boxes, which are marked invalid; the answers are kept.
    assert html.count('<span class="visually-hidden">Error:</span> Enter the referral date</p>') == 1
    assert len(re.findall(r'<input[^>]*aria-invalid="true"', html)) == 3
    assert f'id="fact-{ASSESSED}-yes" name="fact-{ASSESSED}" value="yes" checked' in html
    assert 'id="check-result"' not in html


@pytest.mark.django_db
def test_checker_with_31_february_says_it_is_not_a_real_date(client, loaded_data):
    html = body(client.post(PAGE, {**facts(), **date("31", "02", "2026")}))
    assert '<li><a href="#id_referral_day">Referral date must be a real date</a></li>' in html
    assert re.search(r'<input[^>]*name="referral_day"[^>]*aria-invalid="true"', html)
    assert not re.search(r'<input[^>]*name="referral_month"[^>]*aria-invalid', html)
    html = body(client.post(PAGE, {**facts(), **date("21", "", "2026")}))
    assert '<li><a href="#id_referral_month">Referral date must include a month</a></li>' in html
    html = body(client.post(PAGE, {**facts(), **date("21", "11", "26")}))
    assert '<li><a href="#id_referral_year">Year must include 4 numbers</a></li>' in html


@pytest.mark.django_db
def test_undetermined_result_lists_each_missing_criterion_once(client, loaded_data):
    panel = result_panel(
        body(client.post(PAGE, {**facts(**{CONSERVATIVE: "unknown"}), **date("21", "11", "2026")}))
    )
    assert '<h3>Result: <span class="tag tag--undetermined">Undetermined</span></h3>' in panel
    missing = panel[panel.index("<h4>Still missing</h4>") :]
    missing = missing[: missing.index("</ul>")]
    assert missing.count(CONSERVATIVE_WORDS) == 1
    assert "needs Yes" in missing
    assert f'<a class="source" href="/sources/{FILE}/#L21">line 21</a>' in missing
    # Once in the result's lists (decided, missing), and once more in the answers given.
    lists = panel[: panel.index("<h4>Every answer given</h4>")]
    assert lists.count(CONSERVATIVE_WORDS) == 1


@pytest.mark.django_db
def test_result_is_a_record_of_policy_version_dates_answers_and_lines(client, loaded_data):
    panel = result_panel(body(client.post(PAGE, {**facts(), **date("21", "11", "2026")})))
    record = panel[panel.index("<h4>The record</h4>") :]
    today = london_today()
    assert (
        "<dt>Policy</dt><dd>Hip Resurfacing, NHS Leicester, Leicestershire and Rutland Integrated Care Board</dd>"
        in record
    )
    assert "<dt>Reference</dt><dd>ARP 55</dd>" in record
    assert f'<dt>Version</dt><dd><a href="/sources/{FILE}/">{FILE}</a></dd>' in record
    assert (
        "<dt>Effective date</dt><dd>No effective date printed: this is the only version held</dd>" in record
    )
    assert "<dt>Referral date</dt><dd>21 November 2026</dd>" in record
    assert f"<dt>Date checked</dt><dd>{today.day} {today:%B %Y}</dd>" in record
    answers = record[record.index("<h4>Every answer given</h4>") :]
    answers = answers[: answers.index("</ol>")]
    assert answers.count("<li>") == 9
    assert answers.count("<strong>Yes</strong>") == 8
    assert answers.count("<strong>No</strong>") == 1
    assert (
        '<li><span class="record-answers__prompt">Does this apply to the patient?</span> '
        "“The procedure is contraindicated in females.” <strong>No</strong> "
        f'<a class="source" href="/sources/{FILE}/#L11">line 11</a></li>'
    ) in answers
    decided = panel[panel.index("<h4>Decided by</h4>") :]
    assert f'<a class="source" href="/sources/{FILE}/#L17">line 17</a>' in decided[: decided.index("</ul>")]


@pytest.mark.django_db
def test_permalink_in_a_fresh_client_reproduces_the_posted_result_exactly(
    client, loaded_data, django_user_model
):
    from django.test import Client

    for answers in (
        facts(),
        facts(**{CONSERVATIVE: "unknown"}),
        facts(**{CONSERVATIVE: "no"}),
        facts(**{FEMALE: "unknown"}),
    ):
        posted = result_panel(body(client.post(PAGE, {**answers, **date("21", "11", "2026")})))
        link = permalink(posted)
        assert link.startswith(f"/policies/{POLICY}/check?referral_date=2026-11-21&")
        assert f"fact-{CONSERVATIVE}={answers[f'fact-{CONSERVATIVE}']}" in link
        record_page = body(Client().get(link))
        assert result_panel(record_page) == posted
        assert "<h1>Eligibility check record: Hip Resurfacing</h1>" in record_page
        assert "<form" not in record_page[record_page.index('<main id="main"') :]


@pytest.mark.django_db
def test_permalink_keeps_its_date_checked_and_refuses_a_broken_link(client, loaded_data):
    link = f"/policies/{POLICY}/check?referral_date=2026-11-21&fact-{ASSESSED}=yes&checked=2026-11-01"
    assert "<dt>Date checked</dt><dd>1 November 2026</dd>" in body(client.get(link))
    future = f"/policies/{POLICY}/check?referral_date=2026-11-21&checked=2999-01-01"
    today = london_today()
    assert f"<dt>Date checked</dt><dd>{today.day} {today:%B %Y}</dd>" in body(client.get(future))
    broken = body(client.get(f"/policies/{POLICY}/check?fact-{ASSESSED}=yes"), status=400)
    assert "This link does not hold a complete check" in broken
    assert "Enter the referral date" in broken
    assert client.get("/policies/no-such-policy/check?referral_date=2026-11-21").status_code == 404
    assert client.post(link).status_code == 405


@pytest.mark.django_db
def test_undated_policy_checked_for_2019_is_not_called_in_force(client, loaded_data):
    html = body(client.post(PAGE, {**facts(), **date("1", "3", "2019")}))
    panel = result_panel(html)
    assert (
        "<p>The policy prints no effective date, so it cannot be told whether this version applied on the "
        "referral date, 1 March 2019. The answer uses this version, the only one held.</p>"
    ) in panel
    assert "in force" not in panel
    assert "in force" not in result_panel(body(client.get(permalink(panel))))


@pytest.mark.django_db
def test_policy_page_states_no_ifr_route_the_text_does_not_state_and_footer_links(client, loaded_data):
    html = body(client.get(PAGE))
    assert (
        "<dt>Individual funding request</dt><dd>This policy does not state an individual funding request (IFR) route.</dd>"
        in html
    )
    assert (
        "NICE’s explanation" not in html
    )  # the policy mentions neither special arrangements nor the audit tool
    not_met = result_panel(
        body(client.post(PAGE, {**facts(**{CONSERVATIVE: "no"}), **date("21", "11", "2026")}))
    )
    assert "This policy does not state an individual funding request route: ask NHS Leicester" in not_met
    assert "may still be possible" not in not_met
    footer = html[html.index("<footer") :]
    assert '<a href="/api/docs/">API documentation</a>' in footer
    assert "NICE guidance does not decide local funding" in footer


@pytest.mark.django_db
@pytest.mark.parametrize("copies", [1, 20], ids=["1-policy", "20-policies"])
def test_checker_and_record_run_a_fixed_number_of_queries(
    client, corpus_data, django_assert_max_num_queries, copies
):
    corpus_data(copies)
    data = {**facts(**{CONSERVATIVE: "unknown"}), **date("21", "11", "2026")}
    with django_assert_max_num_queries(9, info="eligibility check (POST)"):
        panel = result_panel(body(client.post(PAGE, data)))
    # A GET also reads the data version the response cache keys on (as the policy page's budget of 10).
    with django_assert_max_num_queries(10, info="record at the permalink (GET)"):
        assert result_panel(body(client.get(permalink(panel)))) == panel
