"""What the domain apps plug into the pipeline, registered from their ``pipeline`` module.

``sources.apps.SourcesConfig.ready`` imports the ``pipeline`` module of every
installed app (like the admin's ``admin`` modules), in ``INSTALLED_APPS``
order; each registers here what only it knows:

- a ``FixtureBuilder`` per fixture file: records built from the ingested sources;
- a ``ChangeSource`` per kind of record the change feed follows;
- ``LoadHooks``: how to clear its source-derived rows before a load, what to
  refresh after one, what to count in the load's summary;
- the fields editors may correct (``correctable``);
- what it read from which line of a document (``register_fact_lines``), for the source viewer;
- what ``ingest`` should say about the sources it read (``register_ingest_summary``), e.g. the
  documents loaded with a value the text does not give;
- what ``ingest --strict`` refuses (``register_strict_check``): documents loaded but not fully
  read, e.g. a policy whose criteria are not structured.

Parsers register with ``sources.parsing.registry`` (pure, no Django).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from sources.fixtures import IngestedSource


@dataclass(frozen=True)
class FixtureBuilder:
    fixture_file: str  # "guidance.json"
    # (every ingested source, the records of the builders registered before) -> this file's records
    build: Callable[[list[IngestedSource], dict[str, list[dict]]], list[dict]]


@dataclass(frozen=True)
class Part:
    """One part of a record the change feed follows: rows of ``model`` grouped by the lookups naming their record."""

    kind: str
    label: str
    model: type[models.Model]
    key: str  # lookup giving the record's key
    version: str | None = None  # lookup giving a policy version's filename
    related: tuple[str, ...] = ()  # lookups of related natural keys hashed with the row


@dataclass(frozen=True)
class ChangeSource:
    """Records of one kind the change feed follows, or (``titles`` None) more parts of a kind."""

    kind: str  # a ``sources.models.ChangeKind`` value
    name: str  # how a change names it: "procedure", "policy version"
    parts: Callable[[], list[Part]]
    titles: Callable[[], Iterable[tuple[str, str, str]]] | None = (
        None  # (key, version, title) of every record
    )
    # (key, version) -> what that record's version changed against the one before it, in words
    # ("Changed on 3 March 2026: BMI threshold 40 → 35"), for records that are a newer version (ADR 0014).
    notes: Callable[[], dict[tuple[str, str], str]] | None = None


@dataclass(frozen=True)
class FactLine:
    """A fact read from one line of a source, for the source viewer to mark and link back from."""

    line: int
    label: str  # "Recommendation 1.2", "Criterion", "Review date"
    url: str  # the page (and anchor) that shows the fact


@dataclass(frozen=True)
class LoadHooks:
    delete: Callable[[], None]  # remove every source-derived row of the app (before a load)
    after_load: Callable[[], None] | None = None  # e.g. refresh search vectors
    counts: Callable[[], dict[str, int]] | None = None  # for the load's summary


fixture_builders: dict[str, FixtureBuilder] = {}
change_sources: list[ChangeSource] = []
load_hooks: list[LoadHooks] = []
# document -> the facts an app read from it (a selector of that app; a fixed number of queries)
fact_line_providers: list[Callable[[Any], list[FactLine]]] = []
# document -> [(what it feeds: "Procedure: ...", that page's URL)]
feed_providers: list[Callable[[Any], list[tuple[str, str]]]] = []
# model label -> {correctable field: the *_html twin rendered from it, or None}
correctable: dict[str, dict[str, str | None]] = {}
# every ingested source -> lines ``ingest`` prints after its own message (none: nothing to say)
summary_providers: list[Callable[[list[IngestedSource]], list[str]]] = []
# every ingested source -> one line per document ``ingest --strict`` refuses ("FILE:LINE: why")
strict_checks: list[Callable[[list[IngestedSource]], list[str]]] = []


def register_fixture_builder(builder: FixtureBuilder) -> None:
    fixture_builders[builder.fixture_file] = builder


def register_change_source(source: ChangeSource) -> None:
    if source not in change_sources:
        change_sources.append(source)


def register_load_hooks(hooks: LoadHooks) -> None:
    if hooks not in load_hooks:
        load_hooks.append(hooks)


def register_correctable(model_label: str, fields: dict[str, str | None]) -> None:
    correctable[model_label] = dict(fields)


def register_fact_lines(provider: Callable[[Any], list[FactLine]]) -> None:
    if provider not in fact_line_providers:
        fact_line_providers.append(provider)


def register_feeds(provider: Callable[[Any], list[tuple[str, str]]]) -> None:
    if provider not in feed_providers:
        feed_providers.append(provider)


def register_ingest_summary(provider: Callable[[list[IngestedSource]], list[str]]) -> None:
    if provider not in summary_providers:
        summary_providers.append(provider)


def register_strict_check(check: Callable[[list[IngestedSource]], list[str]]) -> None:
    if check not in strict_checks:
        strict_checks.append(check)


def fixture_files() -> tuple[str, ...]:
    return tuple(fixture_builders)
