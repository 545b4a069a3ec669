"""The API's one request parser: JSON, bounded in size and in depth, refused with a problem document.

A body is read at most ``API_MAX_BODY_BYTES`` (+1) bytes; larger is a 413. JSON
nested deeper than ``API_MAX_JSON_DEPTH`` is a 400 before ``json.loads`` sees
it (Python's parser recurses, and 10,000 brackets would exhaust the stack).
"""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework import exceptions, parsers, status


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = "The request body is too large."


def too_large() -> RequestTooLarge:
    return RequestTooLarge(f"The request body is larger than {settings.API_MAX_BODY_BYTES} bytes.")


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text`` (brackets inside strings do not count)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise too_large()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(f"JSON parse error - the body is not {encoding} text.") from error
        if json_depth(text) > settings.API_MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                f"JSON parse error - nested more than {settings.API_MAX_JSON_DEPTH} levels deep."
            )
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except ValueError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from error


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")
