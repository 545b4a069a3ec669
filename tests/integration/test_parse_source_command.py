"""parse_source as a user runs it: a real process, real stdout, stderr and exit code."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(settings.BASE_DIR)


def parse_source(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "parse_source", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_parse_source_prints_json_and_exits_zero(seed_path):
    result = parse_source(seed_path("004"))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["document_kind"] == "ip_consultation"
    assert [r["number"] for r in document["recommendations"]] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
    assert document["dates"]["closing_date"] == {"value": "2025-02-21", "precision": "day"}
    assert result.stderr == ""


def test_parse_source_refuses_a_404_page_with_one_line_and_exit_2(tmp_path):
    page = tmp_path / "not-found.txt"
    page.write_text("Page not found\n\nThe page you requested could not be found.\n\nSkip to content\n")
    result = parse_source(page)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{page}:")


def test_parse_source_refuses_a_binary_file(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = parse_source(binary)
    assert (result.returncode, result.stdout) == (2, "")
    assert "NUL byte" in result.stderr


def test_parse_source_refuses_a_missing_file(tmp_path):
    result = parse_source(tmp_path / "missing.txt")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{tmp_path / 'missing.txt'}:1: a readable file")


def test_parse_source_in_process_compact_json_and_refusal(seed_path, capsys):
    """The same command called in this process (as a script would through call_command)."""
    from django.core.management import call_command

    call_command("parse_source", str(seed_path("003")), "--compact")
    out, err = capsys.readouterr()
    assert err == ""
    (line,) = out.splitlines()
    assert json.loads(line)["policy"]["reference"] == "ARP 55"
    with pytest.raises(SystemExit) as exited:
        call_command("parse_source", str(REPO / "tests" / "no-such-file.txt"))
    out, err = capsys.readouterr()
    assert (exited.value.code, out) == (2, "")
    assert err.startswith(f"{REPO / 'tests' / 'no-such-file.txt'}:1: a readable file, found ")
