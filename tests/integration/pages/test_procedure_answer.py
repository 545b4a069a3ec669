"""The procedure page answers first, and every page says a procedure's stage in the same words (issue 14).

Through the test client with the seeds: TMR (a consultation whose target
publication, June 2025, has passed), IPG722 (final guidance whose numbering
goes 1.4 then 1.6) and the lower limb procedure (in NICE's work programme,
with no recommendations yet).
"""

import re
from html.parser import HTMLParser

import pytest

from guidance.presenters import NICE_IP_GUIDANCE_URL
from tests.integration.pages.conftest import LOWER, LUMBAR, TMR, UPPER

pytestmark = pytest.mark.django_db

OVERDUE_TAG = '<span class="tag tag--overdue">Publication overdue</span>'
CONSULTATION_URL = (
    "https://www.nice.org.uk/consultations/2574/1/interventional-procedures-consultation-document"
)


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)).strip()


def answer_block(html: str) -> str:
    return main_of(html).split('<section class="answer"', 1)[1].split("</section>", 1)[0]


def cards(block: str) -> list[str]:
    return [text_of(part) for part in re.split(r'<div class="card[^"]*">', block)[1:]]


def test_the_answer_comes_before_anything_else_on_the_page(client, loaded_data):
    main = main_of(html_of(client, f"/procedures/{TMR}/"))
    first_h2 = re.search(r"<h2[^>]*>(.*?)</h2>", main).group(1)
    assert first_h2 == "What NICE recommends"
    assert main.index('<section class="answer"') < main.index('<nav aria-label="On this page">')
    assert main.index('<section class="answer"') < main.index('id="timeline"')


def test_each_indication_says_level_draft_number_date_and_source_line(client, loaded_data):
    block = answer_block(html_of(client, f"/procedures/{TMR}/"))
    treat, prevent = cards(block)
    assert treat.startswith(
        "To treat intractable pain that develops after limb amputation Special arrangements Draft"
    )
    assert (
        "Final or draft Draft: from a consultation document, so it may change before final guidance" in treat
    )
    assert "Guidance number None yet: NICE numbers guidance when it publishes it" in treat
    assert "Consultation document dated January 2025 ( 004_c1ab1ff160fe8b1f.txt line 141 )" in treat
    assert "Source Recommendation 1.1, 004_c1ab1ff160fe8b1f.txt line 43" in treat
    assert prevent.startswith(
        "To prevent intractable pain from developing after limb amputation Research only Draft"
    )
    assert "Source Recommendation 1.4, 004_c1ab1ff160fe8b1f.txt line 58" in prevent
    assert 'href="/sources/004_c1ab1ff160fe8b1f.txt/#L43"' in block
    assert 'href="/sources/004_c1ab1ff160fe8b1f.txt/#L58"' in block


def test_final_guidance_gives_its_number_from_the_published_address(client, loaded_data):
    block = answer_block(html_of(client, f"/procedures/{UPPER}/"))
    (only,) = cards(block)
    assert only.startswith("For every use of the procedure Special arrangements Can be used, but only with")
    assert "Final or draft Final guidance" in only
    assert "Guidance number IPG722" in only
    # The chapter captured prints no publication date: said, not made up.
    assert "Published Not printed in the captured text (captured 21 November 2026)" in only
    assert "Source Recommendation 1.1, 000_163057d334ff0038.txt line 5" in only
    assert "Draft" not in only
    assert f'<a href="{NICE_IP_GUIDANCE_URL}">What special arrangements mean, on NICE\'s website</a>' in block
    lumbar = cards(answer_block(html_of(client, f"/procedures/{LUMBAR}/")))
    assert ["Guidance number IPG739" in card for card in lumbar] == [True]


def test_a_target_publication_past_says_final_guidance_may_exist_and_links_nice(client, loaded_data):
    block = answer_block(html_of(client, f"/procedures/{TMR}/"))
    notice = block.split('<div class="notice notice--overdue" id="overdue">', 1)[1]
    assert text_of(notice).startswith(
        "Final guidance may have been published since. NICE's target date for publication, June 2025, has passed"
    )
    # TMR has no work-programme page or guidance number in the manifest: its consultation's page.
    assert f'Check <a href="{CONSULTATION_URL}">NICE&#x27;s page for this consultation</a>' in notice


def test_no_overdue_notice_where_nothing_is_overdue(client, loaded_data):
    for slug in (UPPER, LUMBAR, LOWER):
        assert 'id="overdue"' not in html_of(client, f"/procedures/{slug}/"), slug


def tmr_rows(html: str) -> list[str]:
    """The rows, list items or cards of a page that link to TMR."""
    main = main_of(html)
    return [
        chunk
        for chunk in re.split(r"<tr>|<li>|<li |<div class=\"card", main)
        if f'href="/procedures/{TMR}/"' in chunk
    ]


STAGE_TAG = re.compile(
    r'<span class="tag tag--(?:overdue|consultation_open|consultation_closed|in_development|published)">[^<]+</span>'
)


@pytest.mark.parametrize("url", ["/", "/procedures/", "/consultations/", f"/procedures/{TMR}/"])
def test_the_stage_tag_is_the_same_on_every_page(client, loaded_data, url):
    html = html_of(client, url)
    if url.startswith("/procedures/t"):
        chunks = [main_of(html).split('<p class="lede">', 1)[1].split("</p>")[0]]
    else:
        chunks = tmr_rows(html)
    tags = [tag for chunk in chunks for tag in STAGE_TAG.findall(chunk)]
    assert tags == [OVERDUE_TAG], (url, tags)


def test_published_procedures_carry_the_published_tag_in_the_list(client, loaded_data):
    main = main_of(html_of(client, "/procedures/"))
    row = next(chunk for chunk in main.split("<tr>") if f'href="/procedures/{UPPER}/"' in chunk)
    assert '<span class="tag tag--published">Published</span>' in row


def test_duties_are_list_items_with_printed_boxes_not_inputs(client, loaded_data):
    html = html_of(client, f"/procedures/{UPPER}/")
    assert '<input type="checkbox"' not in html
    assert 'type="checkbox"' not in main_of(html)
    before = main_of(html).split('<h2 id="before">', 1)[1].split("<h2", 1)[0]
    items = re.findall(r'<li class="register-checklist__item">(.*?)</li>', before, re.S)
    assert len(items) == 7
    assert all('<span class="register-checklist__box" aria-hidden="true">☐</span>' in item for item in items)
    assert text_of(items[0]).startswith(
        "☐ Inform the clinical governance leads in their healthcare organisation."
    )
    # The audit tool is linked where it is mentioned, to NICE's own page.
    assert (
        f'into <a href="{NICE_IP_GUIDANCE_URL}">NICE\'s interventional procedures outcomes audit tool</a>'
        in before
    )


def test_a_gap_in_the_numbering_is_shown_where_it_falls(client, loaded_data):
    printed = main_of(html_of(client, f"/procedures/{UPPER}/")).split('<h2 id="printed">', 1)[1]
    numbers = re.findall(r'<span class="rec__number"[^>]*>(.*?)</span>', printed)
    assert numbers[:6] == ["1.1", "1.2", "1.3", "1.4", "…", "1.6"]
    gap = printed.split('<div class="rec rec--gap">', 1)[1].split('<div class="rec"', 1)[0]
    assert text_of(gap) == "… 1.5 not printed in the captured text (numbering kept as printed)."
    # Consecutive numbers (IPG739 goes 1.1 to 1.5) show no gap.
    assert "rec--gap" not in html_of(client, f"/procedures/{LUMBAR}/")


class Outline(HTMLParser):
    """Headings in order, each with the text that follows it before the next heading."""

    def __init__(self):
        super().__init__()
        self.headings: list[list] = []  # [level, heading text, text after it]
        self.in_heading = False

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append([int(tag[1]), "", ""])
            self.in_heading = True

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag):
            self.in_heading = False

    def handle_data(self, data):
        if self.headings:
            self.headings[-1][1 if self.in_heading else 2] += data.strip()

    def empty(self) -> list[str]:
        """Headings with nothing under them: no text before the next heading of the same or a higher level."""
        empty = []
        for index, (level, text, after) in enumerate(self.headings):
            following = self.headings[index + 1 :]
            sub = []
            for other in following:
                if other[0] <= level:
                    break
                sub.append(other)
            if not after and not any(other[1] or other[2] for other in sub):
                empty.append(text)
        return empty


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(main_of(html))
    return parser


@pytest.mark.parametrize("slug", [TMR, UPPER, LOWER, LUMBAR])
def test_no_heading_stands_over_nothing(client, loaded_data, slug):
    assert outline(html_of(client, f"/procedures/{slug}/")).empty() == []


def test_a_procedure_without_recommendations_has_no_printed_heading(client, loaded_data):
    html = html_of(client, f"/procedures/{LOWER}/")
    assert "Recommendations as printed" not in html
    assert 'href="#printed"' not in html
    assert "NICE has not made a recommendation on this procedure yet." in answer_block(html)


def test_the_outline_check_catches_an_empty_heading():
    parser = Outline()
    parser.feed("<h2>Full</h2><p>text</p><h2>Empty</h2><h2>Parent</h2><h3>Child</h3><p>x</p>")
    assert parser.empty() == ["Empty"]


def test_filters_are_behind_a_disclosure_that_says_what_is_applied(client, loaded_data):
    html = main_of(html_of(client, "/procedures/?level=special&sort=-title"))
    summary = html.split('<details class="filters-details">', 1)[1].split("</summary>", 1)[0]
    assert text_of(summary) == "Filters Recommendation level: Special arrangements; Sort by: Title, Z to A"
    assert '<form class="filters"' in html.split("<details", 1)[1].split("</details>", 1)[0]
    assert text_of(main_of(html_of(client, "/procedures/")).split("</summary>")[0].split("<summary>")[1]) == (
        "Filters none applied"
    )
    # An error is shown with the filters open, so the field it links to is visible.
    assert '<details class="filters-details" open>' in html_of(client, "/procedures/?level=miracle")
    governance = main_of(html_of(client, "/governance/?kind=audit"))
    summary = governance.split('<details class="filters-details">', 1)[1].split("</summary>", 1)[0]
    assert text_of(summary) == "Filters Kind of duty: Audit outcomes (outcomes audit tool)"


def test_tables_label_each_cell_with_its_column_for_phones(client, loaded_data):
    for url, labels in (
        ("/procedures/", ["Procedure", "Recommendations", "Stage"]),
        ("/consultations/", ["Procedure", "Consultation", "Target publication", "Where it stands"]),
        (f"/procedures/{TMR}/", ["Document", "File", "Retrieved", "Original"]),
    ):
        main = main_of(html_of(client, url))
        assert 'class="table table--stack"' in main, url
        first_row = main.split("<tbody>", 1)[1].split("</tr>", 1)[0]
        assert re.findall(r'<td data-label="([^"]+)"', first_row) == labels, url
        headers = re.findall(r'<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]+)', main.split("</thead>")[0])
        assert headers == labels, url
