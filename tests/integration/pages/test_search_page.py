"""The search page: titles, recommendations, sections, policy text and defined abbreviations, each
result with the sentence that matched (words marked, text escaped) and its level or policy status.

Runs on SQLite and on PostgreSQL (the suite's PostgreSQL pass): the expected results hold on both.
"""

import re

import pytest

from tests.integration.pages.conftest import POLICY, TMR

SECTION_SENTENCE = (
    "<mark>Targeted muscle reinnervation</mark> (<mark>TMR</mark>) is a procedure that redirects nerves "
    "severed by amputation to new muscle targets."
)


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def results(html: str, heading: str) -> list[str]:
    """The result titles listed under a heading ("Procedures", "Commissioning policies")."""
    part = html.split(f"<h2>{heading}", 1)[1].split("<h2>", 1)[0]
    return re.findall(r'class="search-result__title"><a href="([^"]+)"', part)


@pytest.mark.django_db
def test_search_tmr_finds_the_procedure_whose_document_defines_it(client, loaded_data):
    html = html_of(client.get("/search/", {"q": "TMR"}))
    assert results(html, "Procedures") == [f"/procedures/{TMR}/"]
    # Why it matched: the defining sentence, both forms marked, from section 2.5 of the consultation, linked.
    assert SECTION_SENTENCE in html
    assert 'Section 2.5, <a href="/sources/004_c1ab1ff160fe8b1f.txt/#L107">line 107</a>:' in html
    assert "‘Targeted muscle reinnervation’ (TMR, as a document defines it)" in html
    # Its levels, in words, marked draft (they come from a consultation document).
    result = html.split('class="search-result"', 2)[1]
    assert (
        '<span class="tag tag--special">Special arrangements</span> <span class="tag tag--draft">Draft</span>'
        in result
    )
    assert (
        '<span class="tag tag--research_only">Research only</span> <span class="tag tag--draft">Draft</span>'
        in result
    )
    assert "To treat intractable pain that develops after limb amputation" in result


@pytest.mark.django_db
def test_search_lower_case_abbreviation_finds_the_same(client, loaded_data):
    html = html_of(client.get("/search/", {"q": "tmr"}))
    assert results(html, "Procedures") == [f"/procedures/{TMR}/"]
    assert SECTION_SENTENCE in html


@pytest.mark.django_db
def test_search_recommendation_words_show_the_recommendation_sentence_and_its_line(client, loaded_data):
    html = html_of(client.get("/search/", {"q": "reinnervation"}))
    assert results(html, "Procedures") == [f"/procedures/{TMR}/"]
    assert (
        'Recommendation 1.1, <a href="/sources/004_c1ab1ff160fe8b1f.txt/#L43">line 43</a>:</span> '
        "Targeted muscle <mark>reinnervation</mark> can be used in the NHS while more evidence is generated"
    ) in html


@pytest.mark.django_db
def test_search_policy_criteria_shows_the_criterion_and_the_policy_status(client, loaded_data):
    html = html_of(client.get("/search/", {"q": "instability"}))
    assert results(html, "Procedures") == []
    assert results(html, "Commissioning policies") == [f"/policies/{POLICY}/"]
    assert "Has significant <mark>instability</mark> of the hip joint" in html
    assert 'href="/sources/003_a052b6b105bb832e.txt/#L29">line 29</a>' in html
    assert "LLR ICB · ARP 55" in html
    assert re.search(r'<span class="tag tag--(in-date|review-due)">(In date|Review due)</span>', html)


@pytest.mark.django_db
def test_search_an_abbreviation_no_document_defines_finds_nothing(client, loaded_data):
    html = html_of(client.get("/search/", {"q": "ZQX"}))
    assert results(html, "Procedures") == []
    assert results(html, "Commissioning policies") == []
    assert "Also searched for" not in html


@pytest.fixture
def hostile_data(db, hostile_fixture_files):
    from sources import actions

    actions.load_fixtures(paths=hostile_fixture_files)


@pytest.mark.django_db
def test_search_snippet_of_a_document_with_script_stays_escaped(client, hostile_data):
    html = html_of(client.get("/search/", {"q": "hostile widget"}))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html
    assert "<mark>hostile</mark> <mark>widget</mark> &lt;script&gt;" in html.lower()


@pytest.mark.django_db
def test_search_page_runs_a_fixed_number_of_queries(client, loaded_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(17):
        html_of(client.get("/search/", {"q": "TMR"}))
