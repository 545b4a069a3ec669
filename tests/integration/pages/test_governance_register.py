"""The governance register: final guidance apart from consultation drafts, the overview matrix,
a printable checklist (no fake inputs), the printout's date, filters and disclaimer, and the CSV."""

import csv
import io
import re

import pytest

from tests.integration.pages.conftest import LUMBAR, TMR, UPPER


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.django_db
def test_register_counts_only_final_duties_and_shows_drafts_apart(client, loaded_data):
    html = html_of(client.get("/governance/"))
    assert (
        "2 procedures with special arrangements in final guidance, 14 duties in force; 1 with draft "
        "recommendations from a consultation (7 draft duties, not counted as in force)."
    ) in html
    final, drafts = html.split('<h2 id="draft-recommendations">', 1)
    assert f'href="/procedures/{UPPER}/"' in final
    assert f'href="/procedures/{LUMBAR}/"' in final
    assert f'href="/procedures/{TMR}/"' not in final
    assert f'href="/procedures/{TMR}/"' in drafts
    assert "Clinicians: 5 draft duties" in drafts


@pytest.mark.django_db
def test_register_checklist_is_printable_boxes_not_inputs(client, loaded_data):
    html = html_of(client.get("/governance/"))
    assert 'type="checkbox"' not in html
    assert html.count('<span class="register-checklist__box" aria-hidden="true">☐</span>') == 21
    assert "checklist.js" not in html


@pytest.mark.django_db
def test_register_overview_matrix_links_each_yes_to_its_line(client, loaded_data):
    html = html_of(client.get("/governance/"))
    matrix = html.split('id="matrix-final"', 1)[1].split("</table>", 1)[0]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', matrix)
    assert headers[:6] == [
        "Procedure",
        "Inform governance leads",
        "Written patient information",
        "Audit outcomes",
        "NICE audit tool",
        "Registry",
    ]
    lumbar_row = next(row for row in matrix.split("<tr>") if LUMBAR in row)
    cells = re.findall(r"<td>(.*?)</td>", lumbar_row)
    assert cells[4] == 'Yes <a class="source" href="/sources/002_68f4bc4672f85270.txt/#L21">line 21</a>'
    upper_row = next(row for row in matrix.split("<tr>") if UPPER in row)
    assert re.findall(r"<td>(.*?)</td>", upper_row)[4] == '<span class="source">No</span>'


@pytest.mark.django_db
def test_register_prints_its_date_filters_and_disclaimer(client, loaded_data):
    from sources.clock import london_today

    html = html_of(client.get("/governance/?audience=clinicians&kind=audit"))
    assert f"Register as of <strong>{london_today():%-d %B %Y}</strong>" in html
    assert (
        "Filters applied: Who the duty is for: <strong>Clinicians</strong>; "
        "Kind of duty: <strong>Audit outcomes (outcomes audit tool)</strong>."
    ) in html
    assert "it does not decide local funding" in html
    assert "No filters applied" in html_of(client.get("/governance/"))


@pytest.mark.django_db
def test_register_every_line_printed_is_a_link(client, loaded_data):
    html = html_of(client.get("/governance/"))
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    unlinked = re.findall(r"(?<!>)line \d+", re.sub(r"<a [^>]*>[^<]*line \d+</a>", "", main))
    assert unlinked == []


@pytest.mark.django_db
def test_register_csv_has_guidance_number_recommendation_status_and_viewer_url(client, loaded_data):
    rows = list(csv.DictReader(io.StringIO(client.get("/governance/register.csv").content.decode())))
    assert len(rows) == 21
    registry = next(row for row in rows if row["Registry"])
    assert {
        k: registry[k] for k in ("Guidance number", "Recommendation number", "Level", "Final or draft")
    } == {
        "Guidance number": "IPG739",
        "Recommendation number": "1.2",
        "Level": "Special arrangements",
        "Final or draft": "final",
    }
    assert registry["Source URL"] == "https://www.nice.org.uk/guidance/ipg739/chapter/1-recommendations"
    assert registry["Viewer URL"] == "http://testserver/sources/002_68f4bc4672f85270.txt/#L21"
    drafts = [row for row in rows if row["Final or draft"] == "draft"]
    assert len(drafts) == 7
    assert {row["Procedure"] for row in drafts} == {
        "Targeted muscle reinnervation for managing limb amputation pain"
    }
    assert {row["Guidance number"] for row in drafts} == {""}
    assert {row["Final or draft"] for row in rows} == {"final", "draft"}
