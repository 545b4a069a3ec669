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
