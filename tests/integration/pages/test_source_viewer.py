"""The source viewer: every line anchored and escaped, facts marked with links back, and the plain text."""

import re

import pytest
from django.conf import settings

from policies.models import CriterionNode, NodeKind
from sources import actions

TMR = "004_c1ab1ff160fe8b1f.txt"
POLICY = "003_a052b6b105bb832e.txt"
TMR_PAGE = "/procedures/targeted-muscle-reinnervation-for-managing-limb-amputation-pain/"


def line_items(html: str) -> dict[int, str]:
    return {int(n): body for n, body in re.findall(r'<li id="L(\d+)"[^>]*>(.*?)</li>', html)}


@pytest.mark.django_db
def test_every_line_has_an_anchor_and_the_facts_read_from_it(client, loaded_data):
    response = client.get(f"/sources/{TMR}/")
    assert response.status_code == 200
    html = response.content.decode()
    text = (settings.SOURCES_DIR / TMR).read_text(encoding="utf-8")
    items = line_items(html)
    assert sorted(items) == list(range(1, len(text.splitlines()) + 1))
    assert '<a class="source-lines__number" href="#L43" aria-label="Line 43">43</a>' in items[43]
    assert f'<a href="{TMR_PAGE}#printed">Recommendation 1.1: special</a>' in items[43]
    assert (
        f'<a href="{TMR_PAGE}">Procedure: Targeted muscle reinnervation for managing limb amputation pain</a>'
        in html
    )
    assert (
        "https://www.nice.org.uk/consultations/2574/1/interventional-procedures-consultation-document" in html
    )
    assert '<time datetime="2026-11-21">21 November 2026</time>' in html


@pytest.mark.django_db
def test_a_policy_source_marks_its_criteria_and_links_to_the_policy(client, loaded_data):
    html = client.get(f"/sources/{POLICY}/").content.decode()
    assert '<a href="/policies/llr-icb-hip-resurfacing/">Policy: LLR ICB: Hip Resurfacing</a>' in html
    criteria = re.findall(r'<a href="/policies/llr-icb-hip-resurfacing/#criterion-[^"]+">Criterion</a>', html)
    leaves = CriterionNode.objects.filter(version__document__filename=POLICY, kind=NodeKind.LEAF).count()
    assert len(criteria) == leaves > 0


@pytest.mark.django_db
def test_the_plain_text_is_the_captured_text_byte_for_byte(client, loaded_data):
    response = client.get(f"/sources/{POLICY}/text")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == (settings.SOURCES_DIR / POLICY).read_bytes()


@pytest.mark.django_db
def test_an_unknown_source_is_a_404(client, loaded_data):
    assert client.get("/sources/no-such-file.txt/").status_code == 404
    assert client.get("/sources/no-such-file.txt/text").status_code == 404


@pytest.mark.django_db
def test_markup_in_a_source_is_shown_as_text(client, db, hostile_fixture_files):
    actions.load_fixtures(paths=hostile_fixture_files)
    html = client.get("/sources/999_hostile.txt/").content.decode()
    assert "<script>alert" not in html
    assert "hostile widget &lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; implantation" in html
    assert "<img src=x" not in html


@pytest.mark.django_db
def test_the_viewer_runs_a_fixed_number_of_queries(client, loaded_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        client.get(f"/sources/{TMR}/")
    with django_assert_max_num_queries(16):
        client.get(f"/sources/{POLICY}/")
