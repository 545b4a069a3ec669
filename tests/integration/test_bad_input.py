"""Damaged and hostile documents: each refused with FILE:LINE, and nothing is lost.

The corpus is tests/data/bad/ (one file per kind of damage) plus a huge file
made at test time rather than committed.
"""

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from sources.parsing.errors import ParseError
from sources.parsing.source import MAX_SOURCE_BYTES, parse_source

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
BAD_FILES = sorted(BAD.glob("*.txt"))


@pytest.fixture
def huge_file(tmp_path) -> Path:
    path = tmp_path / "huge_guidance.txt"
    paragraph = "1.1 Evidence on the safety and efficacy of a procedure is adequate to support its use.\n"
    path.write_text("1 Recommendations\n\n" + paragraph * (MAX_SOURCE_BYTES // len(paragraph) + 10))
    return path


def test_bad_corpus_has_at_least_25_documents():
    assert len(BAD_FILES) >= 25


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.name)
def test_parse_source_refuses_each_damaged_document_with_file_and_line(path):
    with pytest.raises(ParseError) as refused:
        parse_source(path)
    message = str(refused.value)
    assert re.fullmatch(rf"{re.escape(str(path))}:[1-9][0-9]*: \S.*", message), message
    assert "\n" not in message


def test_parse_source_refuses_a_huge_file_before_reading_it_all(huge_file):
    with pytest.raises(ParseError, match=r":1: a source document of at most \d+ bytes, found \d+ bytes"):
        parse_source(huge_file)


def dump() -> str:
    out = StringIO()
    call_command("dumpdata", "guidance", "policies", "--indent=1", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_ingest_refuses_every_damaged_document_and_the_database_is_unchanged(
    loaded_data, tmp_path, huge_file
):
    before = dump()
    fixtures_before = {p.name: p.read_bytes() for p in Path(settings.FIXTURES_DIR).glob("*.json")}
    for bad in [*BAD_FILES, huge_file]:
        sources = tmp_path / f"sources-{bad.stem}"
        shutil.copytree(Path(settings.SOURCES_DIR), sources)
        shutil.copy(bad, sources / bad.name)
        with open(sources / "manifest.toml", "a") as manifest:
            manifest.write(
                f'\n[[source]]\nfile = "{bad.name}"\nurl = "https://example.org/{bad.stem}"\nretrieved = 2026-11-21\n'
            )
        out, err = StringIO(), StringIO()
        with pytest.raises(SystemExit) as exit_:
            call_command(
                "ingest",
                "--load",
                "--manifest",
                str(sources / "manifest.toml"),
                "--fixtures-dir",
                str(tmp_path / "out"),
                stdout=out,
                stderr=err,
            )
        assert exit_.value.code == 2, bad.name
        assert re.fullmatch(rf"{re.escape(str(sources / bad.name))}:[1-9][0-9]*: \S.*\n", err.getvalue()), (
            err.getvalue()
        )
        assert out.getvalue() == ""
    assert dump() == before
    assert not (tmp_path / "out").exists()
    assert {p.name: p.read_bytes() for p in Path(settings.FIXTURES_DIR).glob("*.json")} == fixtures_before
