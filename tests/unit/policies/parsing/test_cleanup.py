"""policies.parsing.cleanup: web-page furniture around a captured policy."""

import pytest

from policies.parsing.cleanup import drop_cruft, is_footer_heading, is_furniture
from sources.parsing.text import source_lines


def kept_texts(text: str) -> list[str]:
    return [line.text for line in drop_cruft(source_lines(text)) if line.text]


def test_drop_cruft_cuts_from_footer_heading_to_end():
    text = (
        "Policy for X\nThe patient has pain\nShare This Post\nLeave a Reply\n"
        "Five for Friday: 26 September 2024\n"
    )
    assert kept_texts(text) == ["Policy for X", "The patient has pain"]


@pytest.mark.parametrize(
    "heading",
    [
        "Share This Post",
        "Leave a Reply",
        "More To Explore",
        "Related posts",
        "You may also like",
        "Share this page:",
    ],
)
def test_is_footer_heading_true_for_blog_footer(heading):
    assert is_footer_heading(heading) is True


def test_is_footer_heading_false_for_sentence_mentioning_sharing():
    assert is_footer_heading("Share this post with your GP before referral") is False


@pytest.mark.parametrize(
    "line",
    [
        "Skip to content",
        "Back to top",
        "en_GBEnglish",
        "We use cookies to make this website work. Accept all cookies",
        "Graphic with blue background with a white image of a megaphone.",
        "Image of a knee joint",
        "Page last reviewed: 3 March 2025",
        "Page updated: 4 March 2025",
        "Sign up to our newsletter for updates",
        "Five for Friday is our stakeholder bulletin, to keep you informed about your local NHS.",
        "Required fields are marked *",
    ],
)
def test_is_furniture_true_for_site_furniture(line):
    assert is_furniture(line) is True


@pytest.mark.parametrize(
    "line",
    [
        "Imaging shows severe disease of the hip",
        "The patient has fully engaged with conservative measures",
        "Next review date: 30 April 2026",
        "Graphic symptoms were recorded in the notes",
    ],
)
def test_is_furniture_false_for_policy_text(line):
    assert is_furniture(line) is False


def test_drop_cruft_drops_next_review_due_after_page_date():
    text = "Policy for X\nPage last reviewed: 3 March 2025\nNext review due: 3 March 2028\n"
    assert kept_texts(text) == ["Policy for X"]


def test_drop_cruft_keeps_next_review_due_without_page_date():
    assert kept_texts("Policy for X\nNext review due: 3 March 2028\n") == [
        "Policy for X",
        "Next review due: 3 March 2028",
    ]


def test_drop_cruft_keeps_source_line_numbers_and_blanks():
    lines = drop_cruft(source_lines("Skip to content\n\nPolicy for X\n"))
    assert [(line.number, line.text) for line in lines] == [(2, ""), (3, "Policy for X")]
