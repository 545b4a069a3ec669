"""Source texts for the parser tests: the seed documents and our own small documents."""

from pathlib import Path

import pytest

from sources.parsing.source import read_source_text

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "fixtures" / "sources"  # the seeds, byte for byte as captured
NICE_DOCUMENTS = REPO / "tests" / "data" / "documents" / "nice"


def _read(path: Path) -> str:
    return read_source_text(path.read_bytes(), path.name)


@pytest.fixture
def seed_text():
    """The text of a seed by its number prefix: ``seed_text("004")``."""

    def read(prefix: str) -> str:
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        return _read(path)

    return read


@pytest.fixture
def nice_document():
    """The text of one of our test documents: ``nice_document("final_2007_do_not_use_not_efficacious")``."""

    def read(name: str) -> str:
        return _read(NICE_DOCUMENTS / f"{name}.txt")

    return read
