"""Conditional GET: ETag and Last-Modified from the loaded data's version, 304s before any other work."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass

from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe

from sources import data_version as loaded_data_version
from sources.clock import LONDON, london_today

# Bumped with the URL prefix (/api/v2/); part of every ETag, so a new version never
# answers 304 to a representation of the old one.
API_VERSION = "v1"


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: dt.datetime | None


# How long a process trusts the data version it last read: a 304 then runs no query at all.
# After a reload elsewhere, this process may answer with the old validators for this long.
DATA_VERSION_TTL = 2.0


def data_version() -> tuple[str, dt.datetime] | None:
    """The loaded data's version, remembered for ``DATA_VERSION_TTL`` seconds per process."""
    return loaded_data_version.current(ttl=DATA_VERSION_TTL)


def forget_data_version() -> None:
    """Read the version afresh on the next request (tests; loads call ``sources.data_version.forget``)."""
    loaded_data_version.forget()


def validators_for(request, *, depends_on_today: bool) -> Validators:
    """ETag and Last-Modified of the answer to ``request``, without computing the answer."""
    version = data_version()
    digest, modified_at = version if version else ("no-data", None)
    today = london_today() if depends_on_today else None
    # The absolute URL (answers contain absolute links), spelt without build_absolute_uri's host
    # validation: CommonMiddleware has validated the host already, and this runs on every 304.
    url = f"{request.scheme}://{request.META.get('HTTP_HOST', '')}{request.path}?{request.META.get('QUERY_STRING', '')}"
    material = "\x1f".join(
        [API_VERSION, digest, today.isoformat() if today else "", url, request.META.get("HTTP_ACCEPT", "")]
    )
    etag = '"' + hashlib.sha256(material.encode("utf-8")).hexdigest()[:40] + '"'
    if today is not None and modified_at is not None:
        # An answer that depends on the date may change at midnight even if the data does not.
        modified_at = max(modified_at, dt.datetime.combine(today, dt.time(), tzinfo=LONDON))
    return Validators(etag=etag, last_modified=modified_at)


def asks_for_any_representation(request) -> bool:
    """``If-None-Match: *``: "only if no representation exists" (answered once the view knows)."""
    return request.META.get("HTTP_IF_NONE_MATCH", "").strip() == "*"


def is_not_modified(request, validators: Validators) -> bool:
    """RFC 9110 §13.1: If-None-Match when present (weak comparison), else If-Modified-Since."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        if if_none_match == validators.etag:  # what clients send back, without parsing
            return True
        tags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
        return validators.etag in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    if since is None or validators.last_modified is None:
        return False
    return int(validators.last_modified.timestamp()) <= since


@functools.lru_cache(maxsize=64)
def _http_date(timestamp: float) -> str:
    return http_date(timestamp)  # the same few dates over and over: formatted once each


def stamp(response, validators: Validators) -> None:
    """Validators and caching headers: caches may keep an answer but must revalidate it every time."""
    response.headers["ETag"] = validators.etag
    if validators.last_modified is not None:
        response.headers["Last-Modified"] = _http_date(validators.last_modified.timestamp())
    response.headers["Cache-Control"] = "no-cache"
    if response.has_header("Vary"):
        patch_vary_headers(response, ["Accept"])
    else:
        response.headers["Vary"] = "Accept"
