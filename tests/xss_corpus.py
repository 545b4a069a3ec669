"""Source documents carrying the XSS payloads of tests/data/xss/payloads.txt in every text field.

Used by the pages and browser tests: the documents go through the real
pipeline (parse, render, fixtures, load), so what is checked is what users get.
"""

from __future__ import annotations

import shutil
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "xss"
PAYLOADS = [line for line in (DATA / "payloads.txt").read_text(encoding="utf-8").splitlines() if line]
PROCEDURE = "xss-probe-procedure"
POLICY = "xss-icb-probe-surgery"


def guidance_document() -> str:
    lines = ["1 Recommendations", ""]
    lines += [
        "1.1 Evidence on the safety and efficacy of xss probe procedure is limited in quantity and quality. "
        "Therefore, this procedure should only be used with special arrangements for clinical governance, "
        "consent, and audit or research.",
        "",
        "1.2 Clinicians wanting to do xss probe procedure should:",
    ]
    lines += [
        f"- Inform the clinical governance leads about item {n} {payload}."
        for n, payload in enumerate(PAYLOADS)
    ]
    lines.append("")
    lines += [f"1.{n + 3} Further note {n}: {payload}" for n, payload in enumerate(PAYLOADS)]
    return "\n".join(lines) + "\n"


def policy_document() -> str:
    lines = [
        "XSS ICB Policy for Probe Surgery",
        "",
        "Category",
        "",
        "Threshold Criteria",
        "",
        f"Probe surgery is contraindicated in people with {PAYLOADS[0]}.",
        "",
        "Eligibility",
        "",
        "XSS ICB will only fund this procedure if ANY of the following criteria are met:",
        "",
    ]
    lines += [f"– The patient has finding {n} {payload}" for n, payload in enumerate(PAYLOADS)]
    lines += ["", "XSS 1 Review Date: 2030", ""]
    return "\n".join(lines)


def write_sources(sources_dir: Path, seeds_dir: Path) -> Path:
    """The seeds plus the two XSS documents, with a manifest; returns the manifest's path."""
    shutil.copytree(seeds_dir, sources_dir)
    (sources_dir / "990_xss_guidance.txt").write_text(guidance_document(), encoding="utf-8")
    (sources_dir / "991_xss_policy.txt").write_text(policy_document(), encoding="utf-8")
    with (sources_dir / "manifest.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(
            '\n[[source]]\nfile = "990_xss_guidance.txt"\nurl = "https://example.org/xss-guidance"\n'
            f'retrieved = 2026-11-21\nprocedure = "{PROCEDURE}"\n'
            '\n[[source]]\nfile = "991_xss_policy.txt"\nurl = "https://example.org/xss-policy"\nretrieved = 2026-11-21\n'
        )
    return sources_dir / "manifest.toml"
