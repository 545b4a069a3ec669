"""Ingest-time facts on duty rows: the outcomes audit tool and the registries a duty names. No database."""

import datetime as dt

import pytest

from guidance.fixture_records import build_guidance_records, duty_registry_names, mentions_audit_tool
from sources.fixtures import IngestedSource
from sources.manifest import ManifestEntry

NNR = "National Neuromodulation Registry"
UK_REGISTRY = "UK Limb Lengthening Registry"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Audit and review clinical outcomes using NICE's interventional procedures outcomes audit tool.",
            True,
        ),
        ("Use the interventional procedure outcome audit tool (for local discretion).", True),
        ("Enter details onto the OUTCOMES   AUDIT\nTOOL.", True),
        ("Audit and review clinical outcomes of all patients.", False),
        ("Use the audit tool.", False),
    ],
)
def test_mentions_audit_tool_in_any_of_nices_wordings(text, expected):
    assert mentions_audit_tool(text) is expected


MENTIONS = [
    {"name": NNR, "number": "1.2", "line": 21},
    {"name": UK_REGISTRY, "number": "1.2", "line": 12},
    {"name": NNR, "number": "1.3", "line": 30},
]


def test_duty_registry_names_on_the_duty_line():
    duty = {"text": "Enter everyone onto the National Neuromodulation Registry.", "line": 21}
    assert duty_registry_names(duty, ["registry_entry"], {"number": "1.2"}, MENTIONS) == [NNR]


def test_duty_registry_names_of_a_registry_duty_fall_back_to_its_recommendation_in_name_order():
    duty = {"text": "Enter details of everyone onto the registry.", "line": 14}
    assert duty_registry_names(duty, ["registry_entry"], {"number": "1.2"}, MENTIONS) == [NNR, UK_REGISTRY]


@pytest.mark.parametrize(
    ("kinds", "duty_list"),
    [(["audit"], {"number": "1.2"}), (["registry_entry"], {"number": None}), (["registry_entry"], {})],
    ids=["not-a-registry-duty", "list-without-number", "list-number-absent"],
)
def test_duty_registry_names_none_without_a_mention_on_its_line(kinds, duty_list):
    assert duty_registry_names({"text": "Audit outcomes.", "line": 14}, kinds, duty_list, MENTIONS) == []


def test_build_guidance_records_store_both_facts_on_each_duty():
    parsed = {
        "document_kind": "ipg_recommendations",
        "title": "Lumbar neurostimulation",
        "recommendations": [],
        "duty_lists": [
            {
                "number": "1.2",
                "audience": "clinicians",
                "lead_in": "Clinicians should:",
                "line": 9,
                "duties": [
                    {"text": "Audit outcomes in NICE's outcomes audit tool.", "kinds": ["audit"], "line": 19},
                    {"text": "Enter everyone onto the registry.", "kinds": ["registry_entry"], "line": 20},
                ],
            }
        ],
        "registry_mentions": [{"name": NNR, "number": "1.2", "line": 21}],
    }
    source = IngestedSource(
        entry=ManifestEntry(
            file="002_lumbar.txt", url="https://nice.example/ipg739", retrieved=dt.date(2026, 11, 21)
        ),
        parsed=parsed,
        sha256="0" * 64,
        line_count=40,
    )
    duties = [r["fields"] for r in build_guidance_records([source]) if r["model"] == "guidance.duty"]
    assert [(d["text"], d["mentions_audit_tool"], d["registry_names"]) for d in duties] == [
        ("Audit outcomes in NICE's outcomes audit tool.", True, []),
        ("Enter everyone onto the registry.", False, [NNR]),
    ]
