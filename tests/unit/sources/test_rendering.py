from sources.rendering import render_text


def test_render_text_wraps_paragraphs():
    assert render_text("Audit and review clinical outcomes.") == "<p>Audit and review clinical outcomes.</p>"


def test_render_text_escapes_script_so_it_shows_as_text():
    html = render_text('Before <script>alert("x")</script> after')
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_render_text_drops_event_handlers_and_javascript_links():
    html = render_text('<a href="javascript:alert(1)" onclick="x()">link</a> [y](javascript:alert(2))')
    assert "javascript:" not in html
    assert "onclick" not in html


def test_render_text_empty_is_empty():
    assert render_text("") == ""
