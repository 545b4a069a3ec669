"""Schema documentation shared by the endpoints (drf-spectacular)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from apicore.errors import PROBLEM_MEDIA_TYPE, ProblemSerializer

VALIDATOR_HEADERS = [
    OpenApiParameter(
        "ETag",
        str,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="Identifies this representation of the data; send it back as If-None-Match.",
    ),
    OpenApiParameter(
        "Last-Modified",
        str,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="When the data (or, for answers depending on it, the date) last changed.",
    ),
]
RETRY_AFTER_HEADER = OpenApiParameter(
    "Retry-After",
    int,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before trying again.",
)

ERROR_DESCRIPTIONS = {
    400: "Invalid input: a query parameter or body field has a value the API does not accept (named in `errors`).",
    403: "Refused: the API is read-only for anonymous clients.",
    404: "Not found: no such resource, or a page beyond the last.",
    415: "The body must be JSON (Content-Type: application/json).",
    422: "Well formed, but not answerable: no version of the policy was in force on `as_of` (evaluate: or a "
    "fact key that version does not have, named in `errors`).",
    429: "Too many requests from this address; see Retry-After.",
}


def refuse_unknown_request_fields(result, generator, request, public):
    """drf-spectacular post-processing hook: request bodies document ``additionalProperties: false``,
    as the API refuses fields it does not know (responses stay open: clients ignore new fields)."""
    schemas = result.get("components", {}).get("schemas", {})
    for path in result.get("paths", {}).values():
        for operation in path.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                reference = media.get("schema", {}).get("$ref", "")
                name = reference.rsplit("/", 1)[-1]
                if name in schemas:
                    schemas[name]["additionalProperties"] = False
    return result


def responses(ok, *error_codes: int, ok_description: str = "OK", conditional: bool = True) -> dict:
    """The ``responses`` of ``extend_schema``: the answer, 304 for conditional GETs, and errors, each
    an RFC 9457 problem document served as ``application/problem+json`` only (apicore.errors)."""
    documented = {200: OpenApiResponse(ok, description=ok_description)}
    if conditional:
        documented[304] = OpenApiResponse(
            description="Not modified: the client sent `If-None-Match` with this answer's ETag, or "
            "`If-Modified-Since` no earlier than its Last-Modified (standard HTTP conditional request headers)."
        )
    for code in error_codes:
        documented[(code, PROBLEM_MEDIA_TYPE)] = OpenApiResponse(
            ProblemSerializer, description=ERROR_DESCRIPTIONS[code]
        )
    return documented
