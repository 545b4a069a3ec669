"""Every "line N" a page prints is a link to the source viewer at that line, and the line is there."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.integration.pages.conftest import HTML_PAGES, POLICY

LINE_MENTION = re.compile(r"\blines?\s+(\d+)", re.IGNORECASE)
VIEWER_HREF = re.compile(r"^/sources/(?P<file>[^/]+)/#L(?P<line>\d+)$")


class LineMentions(HTMLParser):
    """Each text mention of a line number, with the href of the link it sits in (None outside a link)."""

    def __init__(self):
        super().__init__()
        self.links: list[str | None] = []
        self.skipping = 0
        self.mentions: list[tuple[int, str | None, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
        elif tag in {"script", "style", "svg"}:
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            self.links.pop()
        elif tag in {"script", "style", "svg"}:
            self.skipping -= 1

    def handle_data(self, data):
        if self.skipping:
            return
        for match in LINE_MENTION.finditer(data):
            href = next((h for h in reversed(self.links) if h), None)
            self.mentions.append((int(match.group(1)), href, data.strip()[:80]))


def mentions(html: str) -> list[tuple[int, str | None, str]]:
    parser = LineMentions()
    parser.feed(html)
    return parser.mentions


def checked_policy_page(client) -> str:
    """The policy page after a check: the result panel prints source lines too."""
    response = client.post(f"/policies/{POLICY}/", {"referral_date": "2026-11-01"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_every_line_mention_on_every_page_links_to_that_line_in_the_viewer(client, loaded_data):
    pages = {url: client.get(url).content.decode() for url in HTML_PAGES}
    pages["POST policy check"] = checked_policy_page(client)
    unlinked, wrong_line, targets = [], [], set()
    for url, html in pages.items():
        for number, href, text in mentions(html):
            match = VIEWER_HREF.match(urlsplit(href).path + "#" + urlsplit(href).fragment) if href else None
            if match is None:
                unlinked.append((url, text, href))
            elif int(match["line"]) != number:
                wrong_line.append((url, text, href))
            else:
                targets.add((match["file"], number))
    assert unlinked == []
    assert wrong_line == []
    # The seeds' pages print well over a hundred source lines; each target line exists and is anchored.
    assert len(targets) > 60
    viewers = {file: client.get(f"/sources/{file}/").content.decode() for file, _ in targets}
    missing = [(file, n) for file, n in sorted(targets) if f'<li id="L{n}"' not in viewers[file]]
    assert missing == []


def test_a_line_mention_outside_a_link_is_caught():
    assert mentions('<p>see <span>line 4</span></p><a href="/sources/a.txt/#L5">line 5</a>') == [
        (4, None, "line 4"),
        (5, "/sources/a.txt/#L5", "line 5"),
    ]


def test_the_viewer_highlights_the_line_a_link_targets():
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert ".source-lines li:target{" in css
