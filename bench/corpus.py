"""A synthetic corpus of source documents, N times the seeds, for query-count tests and benchmarks.

Each copy of the seeds renames its procedures and its policy ("... variant 17")
so copies become distinct procedures and policies with the same realistic
shapes: duties, registries, timelines, consultation sections, criteria trees.
With ``versions`` above 1, each copy's policy also gets older versions (the
same page with an earlier effective date), as a policy revised over the years.
The documents go through the real pipeline (parse, fixtures, load), so what
is measured is what users get.

At national scale (10,000 copies: 40,000 procedures, 10,000 policies) parsing
every copy would take most of an hour, so ``scaled_records`` parses the seeds
and two copies only, and makes the rest by renaming copy 1's fixture records
as copy 1's text was renamed (checking first that this reproduces what the
pipeline itself makes of copy 2); ``bench.bulk_load`` then writes them with
bulk inserts.

    python bench/corpus.py OUT_DIR COPIES [VERSIONS]   # writes OUT_DIR/*.txt and OUT_DIR/manifest.toml
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"

# The names each seed prints, and the words that make a copy distinct.
RENAMES = {
    "000": [("upper limb lengthening", "upper limb lengthening variant {n}")],
    "001": [
        ("IM distraction systems", "IM distraction systems variant {n}"),
        ("ID number 358", "ID number {id}"),
    ],
    "002": [
        (
            "refractory non-specific chronic low back pain",
            "refractory non-specific chronic low back pain variant {n}",
        )
    ],
    "003": [("Hip Resurfacing", "Hip Resurfacing Variant {n}")],
    "004": [
        (
            "Targeted muscle reinnervation for managing limb amputation pain",
            "Targeted muscle reinnervation for managing limb amputation pain variant {n}",
        ),
    ],
}


def _renamed(text: str, prefix: str, n: int) -> str:
    for old, new in RENAMES[prefix]:
        text = text.replace(old, new.format(n=n, id=10000 + n))
    return text


POLICY_SEED = "003"
# Older versions of a copy's policy state an effective date (the seed states none: it is the
# current page); version k (1, 2, ...) took effect in April ten years minus 2k before the review.
REVIEW_LINE = "ARP 55 Review Date: 2026"


def _older_version(text: str, k: int) -> str:
    return text.replace(REVIEW_LINE, f"Effective date: 1 April {2026 - 2 * k}\n{REVIEW_LINE}")


def write_corpus(directory: Path, copies: int, versions: int = 1) -> Path:
    """Write ``copies`` renamed copies of every seed and a manifest; return the manifest's path.

    Copy 0 is the seeds themselves, unchanged. Each copy adds four procedures
    and one policy; each copy but the seeds' gives its policy ``versions``
    versions in all.
    """
    directory.mkdir(parents=True, exist_ok=True)
    seed_manifest = tomllib.loads((SOURCES / "manifest.toml").read_text(encoding="utf-8"))["source"]
    lines: list[str] = []
    for n in range(copies):
        for entry in seed_manifest:
            prefix = entry["file"][:3]
            text = (SOURCES / entry["file"]).read_text(encoding="utf-8")
            name = entry["file"] if n == 0 else f"{prefix}_copy{n:05d}.txt"
            (directory / name).write_text(text if n == 0 else _renamed(text, prefix, n), encoding="utf-8")
            if n and prefix == POLICY_SEED:
                for k in range(1, versions):
                    older = f"{prefix}_copy{n:05d}_v{k}.txt"
                    (directory / older).write_text(
                        _older_version(_renamed(text, prefix, n), k), encoding="utf-8"
                    )
                    lines += ["[[source]]", f'file = "{older}"', f'url = "{entry["url"]}"']
                    lines += [
                        f"retrieved = {entry['retrieved']}",
                        f'organisation = "{entry["organisation"]}"',
                        "",
                    ]
            lines += [
                "[[source]]",
                f'file = "{name}"',
                f'url = "{entry["url"]}"',
                f"retrieved = {entry['retrieved']}",
            ]
            if "procedure" in entry:
                slug = entry["procedure"] if n == 0 else f"{entry['procedure']}-variant-{n}"
                lines.append(f'procedure = "{slug}"')
            if "title" in entry:
                title = entry["title"] if n == 0 else f"{entry['title']} variant {n}"
                lines.append(f'title = "{title}"')
            if "organisation" in entry:
                lines.append(f'organisation = "{entry["organisation"]}"')
            lines.append("")
    manifest = directory / "manifest.toml"
    manifest.write_text("\n".join(lines), encoding="utf-8")
    return manifest


# --- National scale: copies made from copy 1's records ---------------------------------------


# What renaming copy 1 into copy n changes (see RENAMES and write_corpus): each a whole name.
RENAMED = [("variant 1", "variant {n}"), ("Variant 1", "Variant {n}"), ("variant-1", "variant-{n}")]
RENAMED += [("copy00001", "copy{n:05d}"), ("10001", "{id}")]


def _renamer(text: str):
    """A function renaming ``text`` (copy 1's) into copy n's, by plain replacement.

    Raises ``AssertionError`` if a name is ever followed or preceded by a digit in ``text``
    ("variant 12"), where a plain replacement would change what it must not.
    """
    for old, _new in RENAMED:
        whole = re.compile(rf"(?<!\d){re.escape(old)}(?!\d)")
        assert len(whole.findall(text)) == text.count(old), f"{old!r} is not always a whole name"

    def rename(n: int) -> str:
        renamed = text
        for old, new in RENAMED:
            renamed = renamed.replace(old, new.format(n=n, id=10000 + n))
        return renamed

    return rename


def _key_fields() -> dict[str, set[str]]:
    """Model label -> the names of its fields that hold primary keys (foreign keys, many-to-many)."""
    from django.apps import apps

    return {
        model._meta.label_lower: {
            field.name for field in model._meta.get_fields() if field.concrete and field.is_relation
        }
        for model in apps.get_models(include_auto_created=True)
    }


def _copy_records(
    template: list[dict], rename, n: int, own_pks: set[int], keys: dict[str, set[str]]
) -> list[dict]:
    """Copy 1's own records renamed into copy ``n``; new keys for its own rows, shared rows kept.

    ``rename`` (``_renamer``) runs once over the JSON text of every record's other fields (the
    names it changes are plain ASCII, printed alike in JSON), which keeps 10,000 copies to seconds.
    """

    def new_pk(pk):
        if isinstance(pk, list):
            return [new_pk(item) for item in pk]
        if pk not in own_pks:
            return pk
        return int.from_bytes(hashlib.sha256(f"bench\x1f{pk}\x1f{n}".encode()).digest()[:6], "big") or 1

    renamed = json.loads(rename(n))
    copied = []
    for rec, fields in zip(template, renamed, strict=True):
        for name in keys[rec["model"]] & rec["fields"].keys():
            fields[name] = new_pk(rec["fields"][name])
        if "sha256" in fields:
            fields["sha256"] = hashlib.sha256(f"{rec['fields']['sha256']}{n}".encode()).hexdigest()
        copied.append({"model": rec["model"], "pk": new_pk(rec["pk"]), "fields": fields})
    return copied


def _pipeline_records(directory: Path, copies: int, versions: int) -> list[dict]:
    from sources.ingest import generate_fixtures

    fixtures = generate_fixtures(write_corpus(directory, copies, versions))
    return [rec for name in sorted(fixtures) for rec in json.loads(fixtures[name])]


def _without_keys(records: list[dict], keys: dict[str, set[str]]) -> list[str]:
    return sorted(
        json.dumps(
            [
                r["model"],
                {k: v for k, v in r["fields"].items() if k not in keys[r["model"]] and k != "sha256"},
            ],
            sort_keys=True,
        )
        for r in records
    )


def scaled_records(directory: Path, copies: int, versions: int = 1) -> list[dict]:
    """Fixture records for ``copies`` copies of the seeds, as the pipeline would make them.

    The seeds and copies 1 and 2 go through the real pipeline; copies 3 and up
    are copy 1's records renamed. Raises ``AssertionError`` if renaming copy 1
    does not give what the pipeline makes of copy 2 (keys aside), so a parser
    change that would make the renamed copies unfaithful stops the bench.
    """
    if copies <= 3:
        return _pipeline_records(directory / "pipeline", copies, versions)
    keys = _key_fields()
    one = _pipeline_records(directory / "one", 1, versions)
    two = _pipeline_records(directory / "two", 2, versions)
    three = _pipeline_records(directory / "three", 3, versions)
    seed_pks = {rec["pk"] for rec in one}
    copy1 = [rec for rec in two if rec["pk"] not in seed_pks]
    two_pks = {rec["pk"] for rec in two}
    copy2 = [rec for rec in three if rec["pk"] not in two_pks]
    own = {rec["pk"] for rec in copy1}
    others = [{k: v for k, v in rec["fields"].items() if k not in keys[rec["model"]]} for rec in copy1]
    rename = _renamer(json.dumps(others, ensure_ascii=False))
    assert _without_keys(_copy_records(copy1, rename, 2, own, keys), keys) == _without_keys(copy2, keys), (
        "renaming copy 1's records no longer reproduces the pipeline's copy 2"
    )
    records = list(two)
    for n in range(2, copies):
        records.extend(_copy_records(copy1, rename, n, own, keys))
    return records


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or not all(re.fullmatch(r"\d+", arg) for arg in sys.argv[2:]):
        sys.exit("usage: python bench/corpus.py OUT_DIR COPIES [VERSIONS]")
    print(write_corpus(Path(sys.argv[1]), *map(int, sys.argv[2:])))
