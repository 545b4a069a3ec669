"""What policies plug into the pipeline (``sources.registry``); imported by ``sources`` at start-up."""

from __future__ import annotations

from guidance.pipeline import GUIDANCE_FIXTURE
from policies import actions, selectors, versions
from policies.fixture_records import build_policy_records, strict_refusals, structure_summary
from policies.models import CriterionNode, Definition, Duration, Exclusion, PolicyVersion, Threshold
from policies.parsing import DOCUMENT_TYPE
from policies.search import refresh_policy_search_vectors
from policies.source_facts import document_fact_lines, document_feeds
from sources import registry
from sources.fixtures import IngestedSource
from sources.models import ChangeKind
from sources.parsing import registry as parsers
from sources.registry import Part

POLICIES_FIXTURE = "policies.json"


def _version_titles():
    for slug, filename, short_name, title, reference in PolicyVersion.objects.values_list(
        "policy__slug", "document__filename", "policy__body__short_name", "policy__title", "reference"
    ):
        name = f"{short_name}: {title}"
        yield slug, filename, f"{name} ({reference})" if reference else name


def _version_parts() -> list[Part]:
    policy = ChangeKind.POLICY
    keys = {"key": "version__policy__slug", "version": "version__document__filename"}
    return [
        Part(
            policy,
            "policy, body and linked procedure",
            PolicyVersion,
            "policy__slug",
            version="document__filename",
            related=(
                "policy__title",
                "policy__body__slug",
                "policy__body__short_name",
                "policy__body__name",
                "policy__procedure__slug",
            ),
        ),
        Part(policy, "version details", PolicyVersion, "policy__slug", version="document__filename"),
        Part(
            policy,
            "criteria",
            CriterionNode,
            keys["key"],
            version=keys["version"],
            related=("parent__key", "definitions__term"),
        ),
        Part(policy, "definitions", Definition, keys["key"], version=keys["version"]),
        Part(policy, "exclusions", Exclusion, keys["key"], version=keys["version"]),
        Part(policy, "thresholds", Threshold, keys["key"], version=keys["version"], related=("node__key",)),
        Part(policy, "durations", Duration, keys["key"], version=keys["version"], related=("node__key",)),
    ]


def _version_notes() -> dict[tuple[str, str], str]:
    """What each newer version of a policy changed against the one before it (``policies.versions``)."""
    by_policy: dict[str, list[versions.PolicyVersionData]] = {}
    for version in selectors.versioned_policies():
        by_policy.setdefault(version.policy.slug, []).append(versions.version_from_row(version))
    return {
        (slug, diff.newer.file): diff.summary
        for slug, found in by_policy.items()
        for diff in versions.consecutive_diffs(found)
    }


def _build(sources: list[IngestedSource], built: dict[str, list[dict]]) -> list[dict]:
    procedure_slugs = {
        r["fields"]["slug"] for r in built[GUIDANCE_FIXTURE] if r["model"] == "guidance.procedure"
    }
    return build_policy_records(sources, procedure_slugs)


parsers.register(DOCUMENT_TYPE)
registry.register_ingest_summary(structure_summary)
registry.register_strict_check(strict_refusals)
registry.register_fixture_builder(registry.FixtureBuilder(POLICIES_FIXTURE, _build))
registry.register_change_source(
    registry.ChangeSource(
        ChangeKind.POLICY, "policy version", _version_parts, titles=_version_titles, notes=_version_notes
    )
)
registry.register_load_hooks(
    registry.LoadHooks(delete=actions.delete_all_policies, after_load=refresh_policy_search_vectors)
)
for label, fields in {
    "policies.criterionnode": {"text": "text_html"},
    "policies.exclusion": {"text": "text_html"},
    "policies.definition": {"text": "text_html"},
}.items():
    registry.register_correctable(label, fields)
registry.register_fact_lines(document_fact_lines)
registry.register_feeds(document_feeds)
