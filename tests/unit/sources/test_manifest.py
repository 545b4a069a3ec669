import datetime as dt
from pathlib import Path

import pytest

from sources.manifest import ManifestError, read_manifest

SOURCES = Path(__file__).resolve().parents[3] / "fixtures" / "sources"


def test_read_manifest_of_the_project_lists_the_five_seeds():
    entries = read_manifest(SOURCES / "manifest.toml")
    assert [e.file[:3] for e in entries] == ["000", "001", "002", "003", "004"]
    in_progress = entries[1]
    assert in_progress.title == "Intramedullary distraction for lower limb lengthening"
    assert in_progress.retrieved == dt.date(2026, 11, 21)
    assert entries[0].title is None


def write(tmp_path, text):
    path = tmp_path / "manifest.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_read_manifest_requires_url(tmp_path):
    path = write(tmp_path, '[[source]]\nfile = "a.txt"\nretrieved = 2025-01-01\n')
    with pytest.raises(ManifestError, match="a 'url' key"):
        read_manifest(path)


def test_read_manifest_refuses_unknown_keys(tmp_path):
    path = write(
        tmp_path, '[[source]]\nfile = "a.txt"\nurl = "https://x"\nretrieved = 2025-01-01\nlevel = "special"\n'
    )
    with pytest.raises(ManifestError, match="found \\['level'\\]"):
        read_manifest(path)


def test_read_manifest_refuses_a_string_date(tmp_path):
    path = write(tmp_path, '[[source]]\nfile = "a.txt"\nurl = "https://x"\nretrieved = "yesterday"\n')
    with pytest.raises(ManifestError, match="TOML date"):
        read_manifest(path)


def test_read_manifest_refuses_bad_toml(tmp_path):
    with pytest.raises(ManifestError, match="readable TOML"):
        read_manifest(write(tmp_path, "[[source]\n"))


ENTRY = 'file = "a.txt"\nurl = "https://example.org/a"\nretrieved = 2025-01-01\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title = 'no sources'\n", "at least one \\[\\[source\\]\\] table"),
        (f"[[source]]\n{ENTRY}[[source]]\n{ENTRY}", "a.txt appears twice"),
        (
            '[[source]]\nfile = "../a.txt"\nurl = "https://x"\nretrieved = 2025-01-01\n',
            "'file' as a plain file name",
        ),
        (
            '[[source]]\nfile = "a.txt"\nurl = "ftp://x"\nretrieved = 2025-01-01\n',
            "'url' as an http\\(s\\) address",
        ),
        (f"[[source]]\n{ENTRY}procedure = 'Not A Slug'\n", "'procedure' as a lower-case slug"),
        (f"[[source]]\n{ENTRY}title = '  '\n", "'title' as non-empty text"),
        (f"[[source]]\n{ENTRY}organisation = 3\n", "'organisation' as non-empty text"),
    ],
)
def test_read_manifest_names_the_entry_and_what_it_expected(tmp_path, text, message):
    with pytest.raises(ManifestError, match=message):
        read_manifest(write(tmp_path, text))
