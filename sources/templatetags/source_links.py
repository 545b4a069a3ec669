"""``{% source_url filename line %}``: where a reader checks a fact, the source viewer at its line.

Every "line N" a page prints is wrapped in a link built here, so the one URL
shape (``/sources/<file>/#L<n>``) is decided in one place.
"""

from django import template

from sources.models import source_line_url

register = template.Library()


@register.simple_tag
def source_url(filename: str, line: int | None = None) -> str:
    """The viewer for ``filename``, at ``line`` when it is known (``#L43``)."""
    return source_line_url(filename, line)
