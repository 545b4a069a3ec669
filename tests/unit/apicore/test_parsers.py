"""apicore.parsers.json_depth: how deeply JSON nests, strings and escapes aside. Pure."""

import pytest

from apicore.parsers import json_depth


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("{}", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('{"a": "[[[[[[["}', 1),  # brackets in a string do not nest
        ('{"a": "\\"[[[", "b": [[]]}', 3),  # nor after an escaped quote
        ("[[]][[[]]]", 3),
    ],
)
def test_json_depth(text, depth):
    assert json_depth(text) == depth
