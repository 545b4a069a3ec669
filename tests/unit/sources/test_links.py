import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from sources.links import PATH_SEGMENT, SLUG, reversed_with


@pytest.mark.parametrize(
    ("viewname", "kwarg", "value", "accepts"),
    [
        ("guidance:procedure-detail", "slug", "targeted-muscle-reinnervation", SLUG),
        ("policies:policy-detail", "slug", "llr_icb-hip-2", SLUG),
        ("policies:check-record", "slug", "reversed-once-mark", SLUG),
        ("sources:source-detail", "filename", "004_c1ab1ff160fe8b1f.txt", PATH_SEGMENT),
        ("sources:source-detail", "filename", "a b%c?d#e&é+;=~:@x.txt", PATH_SEGMENT),
        ("sources:source-text", "filename", "..", PATH_SEGMENT),
    ],
)
def test_reversed_with_is_what_reverse_gives(viewname, kwarg, value, accepts):
    assert reversed_with(viewname, kwarg, value, accepts=accepts) == reverse(viewname, kwargs={kwarg: value})


def test_reversed_with_follows_the_script_prefix():
    set_script_prefix("/lookup/")
    try:
        assert reversed_with("policies:policy-detail", "slug", "x", accepts=SLUG) == "/lookup/policies/x/"
    finally:
        set_script_prefix("/")
    assert reversed_with("policies:policy-detail", "slug", "x", accepts=SLUG) == reverse(
        "policies:policy-detail", kwargs={"slug": "x"}
    )


@pytest.mark.parametrize(
    ("viewname", "kwarg", "value", "accepts"),
    [
        ("guidance:procedure-detail", "slug", "not a slug", SLUG),
        ("guidance:procedure-detail", "slug", "", SLUG),
        ("sources:source-detail", "filename", "a/b.txt", PATH_SEGMENT),
        ("sources:source-detail", "filename", "", PATH_SEGMENT),
    ],
)
def test_reversed_with_refuses_what_the_converter_refuses(viewname, kwarg, value, accepts):
    with pytest.raises(NoReverseMatch):
        reversed_with(viewname, kwarg, value, accepts=accepts)
