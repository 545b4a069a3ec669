"""A copy of the seed sources in a tmp folder, re-captured at will, for the curation tests.

``Corpus.recapture`` replaces one document by a new capture of the same page:
a new file name (as ``add_source`` would give it) with the text changed by a
function, the manifest entry keeping its URL. ``Corpus.load`` runs the real
pipeline (ingest, fixtures, ``load_fixtures``) and returns the load's outcome.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

from sources import actions
from sources.ingest import generate_fixtures, write_fixtures

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
DOCUMENTS = Path(__file__).resolve().parents[1] / "data" / "documents"


class Corpus:
    def __init__(self, base: Path):
        self.base = base
        self.sources = base / "sources"
        shutil.copytree(SEEDS, self.sources)
        self.loads = 0

    @property
    def manifest(self) -> Path:
        return self.sources / "manifest.toml"

    def add(
        self,
        document: Path,
        file: str,
        url: str,
        organisation: str = "",
        procedure: str = "",
        retrieved: str = "2026-11-21",
    ) -> None:
        if document != self.sources / file:
            shutil.copy(document, self.sources / file)
        with self.manifest.open("a", encoding="utf-8") as manifest:
            manifest.write(f'\n[[source]]\nfile = "{file}"\nurl = "{url}"\nretrieved = {retrieved}\n')
            if organisation:
                manifest.write(f'organisation = "{organisation}"\n')
            if procedure:
                manifest.write(f'procedure = "{procedure}"\n')

    def recapture(self, file: str, new_file: str, change: Callable[[str], str]) -> None:
        text = (self.sources / file).read_text(encoding="utf-8")
        (self.sources / file).unlink()
        (self.sources / new_file).write_text(change(text), encoding="utf-8")
        manifest = self.manifest.read_text(encoding="utf-8")
        self.manifest.write_text(
            manifest.replace(f'file = "{file}"', f'file = "{new_file}"'), encoding="utf-8"
        )

    def capture_beside(self, file: str, new_file: str, change: Callable[[str], str], retrieved: str) -> None:
        """A later capture of ``file``'s page added beside it, as ``add_source`` adds one (the old one kept)."""
        text = (self.sources / file).read_text(encoding="utf-8")
        (self.sources / new_file).write_text(change(text), encoding="utf-8")
        (entry,) = (
            e for e in tomllib.loads(self.manifest.read_text(encoding="utf-8"))["source"] if e["file"] == file
        )
        self.add(
            self.sources / new_file,
            new_file,
            entry["url"],
            entry.get("organisation", ""),
            entry.get("procedure", ""),
            retrieved=retrieved,
        )

    def load(self) -> dict:
        self.loads += 1
        out = self.base / f"fixtures-{self.loads}"
        return actions.load_fixtures(paths=write_fixtures(generate_fixtures(self.manifest), out))


def insert_blank_lines(before: str, count: int = 2) -> Callable[[str], str]:
    """Insert ``count`` blank lines above the first line containing ``before``."""

    def change(text: str) -> str:
        lines = text.splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if before in line)
        return "".join(lines[:at] + ["\n"] * count + lines[at:])

    return change


def replace_words(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new)

    return change
