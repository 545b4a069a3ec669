"""The one path by which document text becomes HTML: markdown, then a bleach allow-list.

It runs once, when fixtures are generated from the sources (and when an editor
saves a correction), never per request. Templates mark only these outputs safe.
Tags outside the allow-list are escaped, not stripped, so a ``<script>`` in a
source document is shown as text and never runs.
"""

import bleach
import markdown

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "em", "strong", "code", "blockquote", "a"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_MARKDOWN_EXTENSIONS: list[str] = []


def render_text(text: str) -> str:
    """Sanitised HTML for a piece of document text ("" for empty text)."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=_MARKDOWN_EXTENSIONS, output_format="html")
    return bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=False,
        strip_comments=True,
    )
