"""Remove web-page furniture from a captured ICB policy page.

ICB policies are captured from the organisations' web pages, so the policy
text comes wrapped in the site's furniture. Two kinds are removed here,
before any policy structure is read:

- **The page footer**: a blog-style theme ends every post with a share bar,
  a comment form and teasers of other posts ("Share This Post", "Leave a
  Reply", "More To Explore", "Related posts"...). Everything from the first
  such footer heading to the end of the page is dropped: the bulletins and
  language pickers that follow it are not policy, and the comment form's
  "Required fields are marked *" must not pass for a defined-term marker.
- **Furniture lines anywhere**: "Skip to content", "Back to top", share and
  print buttons, language pickers ("en_GBEnglish"), cookie banners,
  newsletter sign-ups, image alt text ("Graphic with blue background...")
  and the page's own dates ("Page last reviewed: 3 March 2025", "Page
  updated", and the "Next review due" that follows them on NHS pages): those
  date the web page, not the policy, and must never become its review date.

The rules match generic furniture phrases only, never a document's words.
Lines keep their source numbers, so everything found later cites the file.
"""

from __future__ import annotations

import re

from sources.parsing.text import SourceLine

# Headings that open a blog theme's post footer.
FOOTER_HEADING = re.compile(
    r"^(?:share this (?:post|page|article|story)|leave a (?:reply|comment)|more to explore"
    r"|related (?:posts|articles|news|stories)|you may also like|post navigation"
    r"|comments are closed)\s*:?$",
    re.IGNORECASE,
)

# Whole lines that are furniture wherever they stand.
FURNITURE_LINE = re.compile(
    r"^(?:skip to (?:main )?content|back to top|return to top|go to top|print(?: this page)?|share"
    r"|tweet|email this page|share (?:on|via) \w+|facebook|twitter|linkedin|whatsapp|x \(twitter\)"
    r"|select (?:a )?language|translate(?: this page)?|close|menu|search|accept(?: all)?(?: cookies)?"
    r"|reject(?: all)?(?: cookies)?|(?:manage|cookie) (?:cookies|settings|preferences)"
    r"|post comment|your email address will not be published\b.*|required fields are marked\b.*"
    r"|save my name, email, and website\b.*)\s*\.?$",
    re.IGNORECASE,
)

# "en_GBEnglish", "cy_GBCymraeg": a language picker's locale code glued to its label.
LANGUAGE_PICKER = re.compile(r"^[a-z]{2}_[A-Z]{2}\s*\w+$")

COOKIE_BANNER = re.compile(
    r"\bcookies?\b.*\b(?:we use|accept|consent|settings|preferences|reject)\b"
    r"|\b(?:we use|accept|consent to)\b.*\bcookies?\b",
    re.IGNORECASE,
)

NEWSLETTER = re.compile(
    r"^(?:sign up|subscribe)\b.*\b(?:newsletter|bulletin|updates)\b"
    r"|\bis our (?:\w+ )?(?:newsletter|bulletin)\b",
    re.IGNORECASE,
)

# Alt text of an image that lost its image: "Graphic with blue background...".
IMAGE_ALT_TEXT = re.compile(
    r"^(?:an? )?(?:graphic|image|photo|photograph|picture|illustration|icon|logo|banner)"
    r"\s+(?:with|of|showing|featuring|depicting)\b",
    re.IGNORECASE,
)

# The web page's own dates, not the policy's.
PAGE_DATE = re.compile(r"^page (?:last )?(?:reviewed|updated|modified|published)\b", re.IGNORECASE)
PAGE_NEXT_REVIEW = re.compile(r"^next review due\b", re.IGNORECASE)


def is_footer_heading(text: str) -> bool:
    return bool(FOOTER_HEADING.match(text))


def is_furniture(text: str) -> bool:
    """A line that is site furniture wherever it appears."""
    return bool(
        FURNITURE_LINE.match(text)
        or LANGUAGE_PICKER.match(text)
        or COOKIE_BANNER.search(text)
        or NEWSLETTER.search(text)
        or IMAGE_ALT_TEXT.match(text)
        or PAGE_DATE.match(text)
    )


def drop_cruft(lines: list[SourceLine]) -> list[SourceLine]:
    """The lines of the policy itself: footer cut off, furniture lines removed.

    Blank lines are kept (later stages use them as paragraph breaks).
    """
    kept: list[SourceLine] = []
    after_page_date = False
    for line in lines:
        if line.is_blank:
            kept.append(line)
            continue
        if is_footer_heading(line.text):
            break
        if is_furniture(line.text):
            after_page_date = bool(PAGE_DATE.match(line.text))
            continue
        # NHS pages print "Page last reviewed" then "Next review due": both date the page.
        if after_page_date and PAGE_NEXT_REVIEW.match(line.text):
            after_page_date = False
            continue
        after_page_date = False
        kept.append(line)
    return kept
