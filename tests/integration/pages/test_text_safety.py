"""Markup in a source document reaches pages as text: the real pipeline, a hostile document, every page."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from sources import actions

HOSTILE = "hostile-widget-implantation"


@pytest.fixture
def hostile_data(db, hostile_fixture_files):
    actions.load_fixtures(paths=hostile_fixture_files)


@pytest.mark.django_db
def test_script_in_a_source_is_shown_as_text_never_as_markup(client, hostile_data):
    urls = [
        f"/procedures/{HOSTILE}/",
        "/procedures/",
        "/search/?q=hostile",
        "/governance/",
        "/",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert "Hostile widget" in html, url
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert "&lt;script&gt;alert(" in html, url
    detail = client.get(f"/procedures/{HOSTILE}/").content.decode()
    # Rendered at ingest by sources.rendering (escaped by bleach) and in the title by the template.
    assert "Inform the clinical governance leads &lt;img src=x onerror=alert(1)&gt;" in detail
    assert (
        "<h1>Hostile widget &lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt; implantation</h1>" in detail
    )


@pytest.mark.django_db
def test_script_in_a_source_stays_text_in_the_csv(client, hostile_data):
    body = client.get("/governance/register.csv?q=hostile").content.decode()
    assert (
        "Inform the clinical governance leads <img src=x onerror=alert(1)> in their healthcare organisation."
        in body
    )


def test_templates_mark_only_ingest_rendered_html_safe():
    """Only ``*_html`` fields (rendered and sanitised once, at ingest) may skip auto-escaping."""
    templates = Path(settings.BASE_DIR) / "templates"
    for template in templates.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "autoescape off" not in text, template
        for variable in re.findall(r"\{\{\s*([\w.]+)\s*\|\s*safe", text):
            assert variable.endswith("_html"), f"{template.name}: {variable}|safe"
        assert "|safeseq" not in text, template
