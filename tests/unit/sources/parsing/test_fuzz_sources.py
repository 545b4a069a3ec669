"""Fuzzing the whole entry point (bytes -> kind detection -> every kind's parser) with damaged seeds.

Whatever the input, the only exception allowed is ``ParseError``, its message
is ``FILE:LINE: ...`` with a line inside the file, and a parsed document
serialises to JSON.
"""

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.parsing.errors import ParseError
from sources.parsing.source import parse_text, read_source_text

SOURCES = Path(__file__).resolve().parents[4] / "fixtures" / "sources"
SEEDS = [path.read_text(encoding="utf-8") for path in sorted(SOURCES.glob("*.txt"))]


@st.composite
def damaged_seed(draw) -> str:
    """A seed with lines dropped, repeated, swapped, truncated or replaced by noise."""
    lines = draw(st.sampled_from(SEEDS)).splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if not lines:
            break
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "swap", "truncate", "noise", "cut_here"]))
        if action == "drop":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "truncate":
            lines[index] = lines[index][: draw(st.integers(min_value=0, max_value=max(0, len(lines[index]))))]
        elif action == "noise":
            lines[index] = draw(st.text(max_size=40))
        else:
            lines = lines[:index]
    return "\n".join(lines)


def check(text: str) -> None:
    try:
        document = parse_text(text, "F.txt")
    except ParseError as error:
        match = re.fullmatch(r"F\.txt:([0-9]+): \S.*", str(error), flags=re.DOTALL)
        assert match, str(error)
        assert 1 <= int(match.group(1)) <= max(1, len(text.splitlines()))
        return
    json.dumps(document.to_dict())


@given(damaged_seed())
@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
def test_damaged_seeds_parse_or_are_refused_cleanly(text):
    check(text)


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None, derandomize=True)
def test_arbitrary_bytes_are_decoded_or_refused_cleanly(data):
    try:
        text = read_source_text(data, "F.txt")
    except ParseError as error:
        assert re.fullmatch(r"F\.txt:[0-9]+: \S.*", str(error), flags=re.DOTALL)
        return
    check(text)
