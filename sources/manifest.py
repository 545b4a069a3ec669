"""The sources manifest (``fixtures/sources/manifest.toml``): what a text cannot say about itself.

One ``[[source]]`` table per file::

    [[source]]
    file = "000_163057d334ff0038.txt"   # in the sources folder (required)
    url = "https://www.nice.org.uk/..."  # where it was published (required)
    retrieved = 2026-11-21               # when the copy was taken (required, a TOML date)
    procedure = "slug"                   # groups NICE documents of one procedure, or links
                                         #   a policy to the procedure it commissions (optional)
    title = "..."                        # only for a text that prints no title (optional)
    organisation = "..."                 # full name of the issuing body when the text
                                         #   prints only an abbreviation, or names none
                                         #   (a referral-support site's policy) (optional)

Pure: no Django import. Problems raise ``ManifestError`` naming the entry.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KNOWN_KEYS = {"file", "url", "retrieved", "procedure", "title", "organisation"}


class ManifestError(Exception):
    pass


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    url: str
    retrieved: dt.date
    procedure: str | None = None
    title: str | None = None
    organisation: str | None = None


def read_manifest(path: Path) -> list[ManifestEntry]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ManifestError(f"{path}: a readable TOML manifest, found: {error}") from None
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        raise ManifestError(f"{path}: at least one [[source]] table")
    entries = [_entry(path, index, table) for index, table in enumerate(tables, start=1)]
    seen: set[str] = set()
    for entry in entries:
        if entry.file in seen:
            raise ManifestError(f"{path}: [[source]] for {entry.file} appears twice")
        seen.add(entry.file)
    return entries


def _entry(path: Path, index: int, table: dict) -> ManifestEntry:
    where = f"{path}: [[source]] number {index}"
    unknown = set(table) - KNOWN_KEYS
    if unknown:
        raise ManifestError(f"{where}: keys among {sorted(KNOWN_KEYS)}, found {sorted(unknown)}")
    for key in ("file", "url", "retrieved"):
        if key not in table:
            raise ManifestError(f"{where}: a '{key}' key")
    file, url, retrieved = table["file"], table["url"], table["retrieved"]
    if not isinstance(file, str) or "/" in file or file.startswith("."):
        raise ManifestError(f"{where}: 'file' as a plain file name, found {file!r}")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        raise ManifestError(f"{where}: 'url' as an http(s) address, found {url!r}")
    if not isinstance(retrieved, dt.date) or isinstance(retrieved, dt.datetime):
        raise ManifestError(f"{where}: 'retrieved' as a TOML date (2025-01-31), found {retrieved!r}")
    procedure = table.get("procedure")
    if procedure is not None and (not isinstance(procedure, str) or not SLUG.match(procedure)):
        raise ManifestError(f"{where}: 'procedure' as a lower-case slug, found {procedure!r}")
    for key in ("title", "organisation"):
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ManifestError(f"{where}: '{key}' as non-empty text, found {value!r}")
    return ManifestEntry(
        file=file,
        url=url,
        retrieved=retrieved,
        procedure=procedure,
        title=table.get("title"),
        organisation=table.get("organisation"),
    )
