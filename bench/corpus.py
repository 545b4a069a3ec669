"""A synthetic corpus of source documents, N times the seeds, for query-count tests and benchmarks.

Each copy of the seeds renames its procedures and its policy ("... variant 17")
so copies become distinct procedures and policies with the same realistic
shapes: duties, registries, timelines, consultation sections, criteria trees.
The documents go through the real pipeline (parse, fixtures, load), so what
is measured is what users get.

    python bench/corpus.py OUT_DIR COPIES    # writes OUT_DIR/*.txt and OUT_DIR/manifest.toml
"""

from __future__ import annotations

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


def write_corpus(directory: Path, copies: int) -> Path:
    """Write ``copies`` renamed copies of every seed and a manifest; return the manifest's path.

    Copy 0 is the seeds themselves, unchanged. Each copy adds four procedures
    and one policy.
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


if __name__ == "__main__":
    if len(sys.argv) != 3 or not re.fullmatch(r"\d+", sys.argv[2]):
        sys.exit("usage: python bench/corpus.py OUT_DIR COPIES")
    print(write_corpus(Path(sys.argv[1]), int(sys.argv[2])))
