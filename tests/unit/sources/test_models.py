import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from sources.models import source_line_url


def _reversed(filename: str) -> str:
    return reverse("sources:source-detail", kwargs={"filename": filename})


@pytest.mark.parametrize(
    "filename",
    ["004_c1ab1ff160fe8b1f.txt", "a b%c?d#e&é+;=~:@x.txt", "x", "FILENAME-MARK", "..", "%2F"],
)
def test_source_line_url_is_what_reverse_gives(filename):
    assert source_line_url(filename) == _reversed(filename)
    assert source_line_url(filename, 43) == f"{_reversed(filename)}#L43"


def test_source_line_url_follows_the_script_prefix():
    set_script_prefix("/lookup/")
    try:
        assert source_line_url("x.txt", 2) == "/lookup/sources/x.txt/#L2"
    finally:
        set_script_prefix("/")
    assert source_line_url("x.txt", 2) == "/sources/x.txt/#L2"


@pytest.mark.parametrize("filename", ["a/b.txt", ""])
def test_source_line_url_refuses_what_the_viewer_cannot_take(filename):
    with pytest.raises(NoReverseMatch):
        source_line_url(filename)
